"""A township officer drills the coverage rates down in Chromium: the coverage page,
a rate's number to the list behind it, an organization to its record; every page
visited speaks Chinese only. Screenshots go to /tmp/zugong_twonew_*.png."""

import pytest

from tests.conftest import PASSWORD
from tests.core.browser_walk import ALLOWED_WORDS, VISIBLE_TEXT, WORD
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 - fixtures
from tests.grassroots.rows_twonew import make_rows
from zugong.core.scope import system_scope

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]


def _english(page) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT)  # without the icons' ligature names
    # The login name shown in the header is data, Latin by nature.
    return [w for w in WORD.findall(text) if w not in ALLOWED_WORDS | {"bob"}]


@pytest.mark.django_db(transaction=True)
def test_the_township_officer_drills_the_coverage_down(browser, live_server, gr):  # noqa: F811
    with system_scope("tests"):
        make_rows(gr)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")

    page.goto(f"{live_server.url}/admin/grassroots/entity/coverage/")
    page.wait_for_selector("#zg-coverage-totals")
    assert "组织覆盖率" in page.inner_text("#zg-coverage-totals")
    assert _english(page) == []
    page.screenshot(path="/tmp/zugong_twonew_coverage.png", full_page=True)

    # 合计 row, 单独组建 (the fourth number): one social organization formed separately.
    page.locator("#zg-coverage-totals tbody tr").first.locator("a.zg-number").nth(3).click()
    page.wait_for_selector("#zg-table")
    listing = page.inner_text("#zg-table")
    assert "临桂区义工联合会" in listing
    assert "单独组建党组织，计入组织覆盖和单独组建" in listing
    assert "桂林漓江山水旅游有限公司" not in listing
    assert _english(page) == []
    page.screenshot(path="/tmp/zugong_twonew_list.png", full_page=True)

    page.click("a.zg-entity-link")
    page.wait_for_url("**/change/")
    body = page.inner_text("body")
    assert "临桂区义工联合会" in body
    assert "纳入统计范围" in body
    assert _english(page) == []
    page.screenshot(path="/tmp/zugong_twonew_entity.png", full_page=True)

    for url in (
        "/admin/grassroots/entity/",
        "/admin/grassroots/entity/four-sync/",
        "/admin/grassroots/instructor/overdue/",
        "/admin/grassroots/dutyitem/overdue/",
        "/admin/grassroots/unitreport/missing/",
        "/admin/grassroots/entity/import/",
        "/admin/grassroots/coveragereport/",
    ):
        page.goto(f"{live_server.url}{url}")
        assert _english(page) == [], url
