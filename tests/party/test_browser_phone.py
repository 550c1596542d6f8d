"""The branch secretary's pages on a phone (390 px wide): nothing scrolls sideways, and
the development board stacks its columns (Playwright driving Debian's Chromium)."""

import datetime as dt
import itertools

import pytest

from tests.conftest import PASSWORD, make_id, scope_of
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 (fixtures)
from zugong.core.scope import system_scope
from zugong.core.services import persons as person_services
from zugong.party.services import development as development_services
from zugong.party.services import meetings as meeting_services

pytestmark = [
    pytest.mark.browser,
    # Django's async-unsafe check trips over Playwright's event loop in the test thread.
    pytest.mark.usefixtures("allow_async_unsafe"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def branch_work(members):
    """A development case and a recorded meeting in the secretary's branch."""
    cast = members
    with system_scope():
        applicant, activist = (
            person_services.person_create(
                actor=None,
                organization=cast.branch_a,
                data={
                    "name": name,
                    "id_number": make_id(dt.date(1998, 3, 8), sequence),
                    "ethnicity": "01",
                    "education": "21",
                    "political_status": "13",
                },
            )
            for name, sequence in (("欧阳志远", 51), ("覃小燕", 53))
        )
    with scope_of(cast.secretary):
        cast.case = development_services.development_start(
            actor=cast.secretary, person=applicant, applied_on=dt.date(2026, 9, 1)
        )
        cast.activist_case = development_services.development_start(
            actor=cast.secretary, person=activist, applied_on=dt.date(2026, 1, 5)
        )
        for code, day in (("talk", dt.date(2026, 1, 20)), ("activist", dt.date(2026, 3, 2))):
            development_services.development_step(
                actor=cast.secretary, case=cast.activist_case, step=code, occurred_on=day
            )
        cast.meeting = meeting_services.meeting_record(
            actor=cast.secretary,
            organization=cast.branch_a,
            kind="branch_general_meeting",
            held_on=dt.date(2026, 11, 10),
            topic="学习贯彻党的二十届四中全会精神，研究部署第四季度支部工作和发展党员工作",
            host="黄秀英",
            absent={cast.person_a.pk: "外出务工"},
        )
    return cast


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.django_db(transaction=True)
def test_the_branch_secretarys_pages_fit_a_phone(browser, live_server, branch_work):  # noqa: F811
    cast = branch_work
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", cast.secretary.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    pages = {
        "board": "/admin/party/developmentcase/board/",
        "step": f"/admin/party/developmentcase/{cast.case.pk}/step/",
        "meeting_add": "/admin/party/meeting/add/",
        "meeting_change": f"/admin/party/meeting/{cast.meeting.pk}/change/",
        "members": "/admin/party/member/",
        "compliance": "/admin/party/meeting/compliance/",
    }
    wide = {}
    for name, url in pages.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.screenshot(path=f"/tmp/phone_{name}.png", full_page=True)
        if overflow(page) > 0:
            wide[name] = overflow(page)
    assert not wide, wide

    # The board's stage columns stack: each below the previous one, at full width.
    page.goto(f"{live_server.url}/admin/party/developmentcase/board/")
    boxes = [c.bounding_box() for c in page.query_selector_all(".zg-board-column")]
    assert len(boxes) == 4
    assert all(b["x"] == boxes[0]["x"] for b in boxes)
    assert all(later["y"] > earlier["y"] for earlier, later in itertools.pairwise(boxes))
    assert boxes[0]["width"] > PHONE["width"] * 0.8

    # The meeting's attendance tab fits as well.
    page.goto(f"{live_server.url}/admin/party/meeting/{cast.meeting.pk}/change/")
    page.get_by_text("出席情况", exact=True).first.click()
    page.wait_for_selector(".field-absence_reason >> text=外出务工")
    page.screenshot(path="/tmp/phone_meeting_attendance.png", full_page=True)
    assert overflow(page) <= 0

    # The step form shows the chosen step's own fields, and switches with the choice.
    page.goto(f"{live_server.url}/admin/party/developmentcase/{cast.activist_case.pk}/step/")
    assert page.input_value("select[name=step]") == "contacts"  # the next step due
    assert page.is_visible("input[name=persons]")
    assert not page.is_visible("input[name=should_attend]")
    page.select_option("select[name=step]", "assessment")
    assert not page.is_visible("input[name=persons]")
    assert page.is_visible("input[name=occurred_on]")
    assert overflow(page) <= 0
    page.screenshot(path="/tmp/phone_step_activist.png", full_page=True)

    # The step form's date field has the calendar of the other forms, without script errors.
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/party/developmentcase/{cast.activist_case.pk}/step/")
    page.wait_for_selector(
        ".field-occurred_on .datetimeshortcuts, #zg-field-occurred_on .datetimeshortcuts"
    )
    page.screenshot(path="/tmp/phone_step_calendar.png", full_page=True)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_the_board_keeps_its_columns_side_by_side_on_a_desktop(
    browser,  # noqa: F811
    live_server,
    branch_work,
):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", branch_work.secretary.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/party/developmentcase/board/")
    boxes = [c.bounding_box() for c in page.query_selector_all(".zg-board-column")]
    assert len({b["y"] for b in boxes}) == 1
    assert overflow(page) <= 0
