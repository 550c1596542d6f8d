"""The Ctrl+K palette in a real browser: a township officer finds a person of the
township by initials, not one of the other township, and opens the hit."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("allow_async_unsafe"),
    pytest.mark.urls("tests.core.test_search_pages"),
]
SHOT = "/tmp/zugong_search_palette.png"


def sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")


def palette(page, text):
    page.keyboard.press("Control+k")
    page.wait_for_selector("#search-input-command", state="visible")
    retype(page, text)


def retype(page, text):
    """Type as a user does: the palette searches on key-up (htmx), not on a filled value."""
    page.fill("#search-input-command", "")
    field = page.locator("#search-input-command")
    field.press_sequentially(text, delay=40)
    field.press("End")  # Chinese arrives as inserted text, without a key-up of its own


@pytest.mark.django_db(transaction=True)
def test_palette_finds_in_scope_and_opens_the_hit(browser, live_server, cast):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, live_server.url, "bob")
    palette(page, "hxy")
    page.wait_for_selector("#command-results-list >> text=黄秀英")
    results = page.inner_text("#command-results")
    assert "人员 · 中共金水社区支部委员会" in results
    assert "查看“hxy”的全部结果" in results
    page.screenshot(path=SHOT)
    retype(page, "mcm")  # 莫春梅, of 六塘镇
    page.wait_for_selector("#command-results-list >> text=查看“mcm”的全部结果")
    assert "莫春梅" not in page.inner_text("#command-results")
    retype(page, "黄秀英")
    page.wait_for_selector("#command-results-list >> text=中共金水社区支部委员会")
    with page.expect_navigation():
        page.click("#command-results-list a:has-text('黄秀英')")
    assert page.url.endswith(f"/admin/core/person/{cast.person_a.pk}/change/")


@pytest.mark.django_db(transaction=True)
def test_results_page_from_the_palette(browser, live_server, cast):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(page, live_server.url, "alice")
    palette(page, "临桂")
    page.wait_for_selector("#command-results-list >> text=查看“临桂”的全部结果")
    with page.expect_navigation():
        page.click("#command-results-list a:has-text('的全部结果')")
    page.wait_for_selector("#zg-search")
    assert "中共临桂镇委员会" in page.inner_text("section[data-kind='core.organization']")
    page.screenshot(path="/tmp/zugong_search_results.png", full_page=True)
