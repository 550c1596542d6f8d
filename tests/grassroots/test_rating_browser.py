"""A township officer walks the star rating in Chromium: the list, the draft scores from
the records, self-assessment of a score, submission and the township review; every page
visited speaks Chinese only. Screenshots go to /tmp/zugong_rating_*.png."""

import pytest

from tests.conftest import PASSWORD, TODAY
from tests.core.browser_walk import ALLOWED_WORDS, VISIBLE_TEXT
from tests.core.browser_walk import _english as english_words
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 - fixtures
from zugong.core.scope import system_scope
from zugong.grassroots.models.rating import Rating, RatingStatus
from zugong.grassroots.services import rating_indicators

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]


def _login(page, url, username):
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")


def _english(page) -> list[str]:
    # The walk's own reading: the visible text without icon ligatures, Latin words of
    # three letters or more outside the allowed format names (logins are Latin by nature).
    return english_words(page.evaluate(VISIBLE_TEXT), {*ALLOWED_WORDS, "bob"})


@pytest.mark.django_db(transaction=True)
def test_the_township_officer_walks_the_rating_workflow(browser, live_server, gr, settings):  # noqa: F811
    # One officer takes the village's and the township's steps here (a very small
    # township, by the setting); the separation itself: test_rating_services.
    settings.ZUGONG_STAR_SEPARATE_HANDS = False
    with system_scope("tests"):
        rating_indicators.indicator_set_make(actor=None, year=TODAY.year)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    base = f"{live_server.url}/admin/grassroots/rating/"
    _login(page, live_server.url, "bob")

    page.goto(f"{base}drafts/")
    assert _english(page) == []
    page.fill("input[name=year]", str(TODAY.year))
    page.click(".zg-form button[type=submit]")
    page.wait_for_url(base)
    text = page.inner_text("body")
    assert "中共大岭村委员会" in text
    assert "六塘村" not in text  # township B's
    assert _english(page) == []
    page.screenshot(path="/tmp/zugong_rating_list.png", full_page=True)

    with system_scope("tests"):
        rating = Rating.objects.get(organization=gr.village_a, year=TODAY.year)
        scores = list(rating.scores.select_related("indicator"))
    page.goto(f"{base}{rating.pk}/change/")
    assert "应开组织生活" in page.inner_text("body")
    assert _english(page) == []
    page.screenshot(path="/tmp/zugong_rating_detail.png", full_page=True)

    page.goto(f"{base}{rating.pk}/assess/")
    assert _english(page) == []
    for score in scores:
        page.fill(f"input[name=points_{score.indicator_id}]", str(score.indicator.max_points))
    manual = next(s for s in scores if not s.indicator.evidence)
    page.fill(f"input[name=note_{manual.indicator_id}]", "见村部阵地照片")
    page.screenshot(path="/tmp/zugong_rating_assess.png", full_page=True)
    page.click(".zg-form button[type=submit]")
    page.wait_for_url(f"{base}{rating.pk}/change/")

    page.goto(f"{base}{rating.pk}/submit/")
    page.click(".zg-form button[type=submit]")
    page.wait_for_url(f"{base}{rating.pk}/change/")

    page.goto(f"{base}{rating.pk}/review/")
    assert _english(page) == []
    page.select_option("select[name=decision]", "pass")
    page.fill("textarea[name=comment]", "经审核同意")
    page.click(".zg-form button[type=submit]")
    page.wait_for_url(f"{base}{rating.pk}/change/")
    assert "乡镇（街道）已审核" in page.inner_text("body")
    assert _english(page) == []
    page.screenshot(path="/tmp/zugong_rating_reviewed.png", full_page=True)

    page.goto(f"{base}{rating.pk}/whatif/")
    assert _english(page) == []
    page.goto(f"{base}overview/?year={TODAY.year}")
    assert _english(page) == []
    with system_scope("tests"):
        rating.refresh_from_db()
        assert rating.status == RatingStatus.REVIEWED
        assert rating.score == 100
