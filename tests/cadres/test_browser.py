"""A department officer works a cadre record in a real browser: the tabs, the review,
the qualification check and the printed form; a township officer sees no supervision."""

import datetime as dt

import pytest

from tests.conftest import PASSWORD, TODAY, scope_of
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 - fixtures
from zugong.cadres.services import supervision

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]


def _login(page, url, username):
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")


@pytest.mark.django_db(transaction=True)
def test_cadre_record_review_and_qualification(browser, live_server, cadres, tmp_path):  # noqa: F811
    with scope_of(cadres.admin):
        supervision.supervision_record(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={"kind": "admonishment", "issue": "履职不力", "decided_on": dt.date(2026, 11, 20)},
        )
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/admin/cadres/cadre/{cadres.cadre_a.pk}/change/")
    page.click('a[href="#positions"]')
    page.wait_for_selector("#positions-group", state="visible")
    assert "副镇长" in page.inner_text("#positions-group")
    page.click('a[href="#supervision"]')
    page.wait_for_selector("#supervision-group", state="visible")
    assert "履职不力" in page.inner_text("#supervision-group")
    page.screenshot(path=str(tmp_path / "record.png"))

    page.goto(f"{live_server.url}/admin/cadres/cadre/{cadres.cadre_a.pk}/review/")
    review = page.inner_text("#zg-review")
    assert "不能" in review
    assert "诫勉" in review

    page.goto(
        f"{live_server.url}/admin/cadres/cadre/{cadres.cadre_a.pk}/qualification/"
        f"?target=township_principal&on={TODAY.isoformat()}"
    )
    assert "不符合任职基本资格" in page.inner_text("#zg-qualified")

    response = page.request.get(f"{live_server.url}/admin/cadres/cadre/{cadres.cadre_a.pk}/print/")
    assert response.headers["content-type"] == "application/pdf"

    other = browser.new_page()
    _login(other, live_server.url, "bob")
    other.goto(f"{live_server.url}/admin/cadres/cadre/{cadres.cadre_a.pk}/review/")
    text = other.inner_text("#zg-review")
    assert "不能" in text
    assert "诫勉" not in text
    assert "监督记录" in text
