"""The cockpit in a real browser: the leader (district-wide, read-only) and a township
officer open it, its charts draw (Unfold's bundled Chart.js), and one drill-down lists
the members behind a figure, with the same count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, TODAY
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 - fixtures
from zugong.cockpit import tally

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("allow_async_unsafe")]

# Screenshots are kept for a person to look at: ZUGONG_SCREENS names a folder, else the
# test's own temporary one.
SCREENS = os.environ.get("ZUGONG_SCREENS", "")


def _login(page, url, username):
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")


def _shot(page, tmp_path, name):
    folder = Path(SCREENS) if SCREENS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _figure_total(page, key) -> int:
    return int(page.inner_text(f"#zg-cockpit-{key} .zg-figure").split()[0])


@pytest.mark.django_db(transaction=True)
def test_the_leader_and_a_township_officer_open_the_cockpit_and_a_drill_down(
    browser,  # noqa: F811
    live_server,
    ck,
    tmp_path,
):
    tally.rebuild(TODAY)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, live_server.url, "erin")  # the leader: the home page is the cockpit
    assert page.inner_text("#zg-member-total") == "6"
    page.wait_for_selector("#zg-cockpit canvas.chart")
    _shot(page, tmp_path, "leader_home")

    page.goto(f"{live_server.url}/admin/cockpit/tally/")
    page.wait_for_selector("#zg-section-members")
    text = page.inner_text("#zg-cockpit")
    assert "党员队伍" in text
    assert "截至" in text
    assert "干部监督" in text  # the leader reads supervision records
    assert _figure_total(page, "members") == 6
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas.chart')]"
        ".filter(c => window.Chart && Chart.getChart(c)).length"
    )
    assert drawn >= 4
    _shot(page, tmp_path, "leader_cockpit")

    # The age bands' drill-down: the list holds as many members as the figure says.
    link = page.locator("#zg-cockpit-member_age a[href*='figure=member_age']").first
    expected = int(link.inner_text())
    link.click()
    page.wait_for_selector("#zg-cockpit-members")
    assert int(page.inner_text("#zg-drill-count")) == expected
    assert page.locator("#zg-cockpit-members tbody tr").count() == expected
    _shot(page, tmp_path, "leader_drill_down")

    officer = browser.new_page(viewport={"width": 1400, "height": 900})
    officer.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(officer, live_server.url, "charlie")  # 六塘镇's officer
    assert officer.inner_text("#zg-member-total") == "2"
    assert officer.locator("#zg-cockpit").count() == 0  # a summary: the officer keeps records
    _shot(officer, tmp_path, "officer_home")
    officer.goto(f"{live_server.url}/admin/cockpit/tally/")
    officer.wait_for_selector("#zg-section-members")
    assert _figure_total(officer, "members") == 2
    body = officer.inner_text("#zg-cockpit")
    assert "干部监督" not in body
    assert "临桂镇" not in body
    _shot(officer, tmp_path, "officer_cockpit")
    officer.locator("#zg-cockpit-members a[href*='kind=probationary']").first.click()
    officer.wait_for_url("**/admin/party/member/**")
    listing = officer.inner_text("#result_list")
    assert "韦小红" in listing
    assert "黄秀英" not in listing
    _shot(officer, tmp_path, "officer_drill_down")
    assert errors == []
