"""Steps recorded after their deadline (RULES.md §1.2): kept, because they happened, but
marked late on the record itself and on the board, with the reason the branch gave.

《中国共产党发展党员工作细则》（2014）第七条: the branch sends someone to talk with the applicant
within one month of receiving the application. 第十一条: an activist is assessed once every
six months.
"""

import datetime as dt

import pytest

from tests.conftest import login, scope_of
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.party import pipeline, selectors
from zugong.party.services import development as services

D = dt.date
TALK_RULE = "《中国共产党发展党员工作细则》（2014）第七条"


def test_a_talk_after_the_month_is_late_by_the_days_past_the_deadline():
    """Application received 2023-01-10: the talk is due by 2023-02-10 (第七条)."""
    steps = {"application": [(D(2023, 1, 10), {})]}
    assert pipeline.step_deadline("talk", steps) == D(2023, 2, 10)
    assert pipeline.lateness("talk", D(2023, 2, 10), steps) is None  # the last day is on time
    late = pipeline.lateness("talk", D(2023, 2, 20), steps)
    assert (late.deadline, late.days, late.source) == (D(2023, 2, 10), 10, TALK_RULE)


def test_each_assessment_is_measured_from_the_one_before():
    """Activist 2023-03-01: assessed by 2023-09-01, then six months after that assessment
    (第十一条). A late first assessment moves the next deadline with it."""
    steps = {
        "application": [(D(2022, 11, 1), {})],
        "talk": [(D(2022, 11, 20), {})],
        "activist": [(D(2023, 3, 1), {})],
        "assessment": [(D(2023, 9, 15), {}), (D(2024, 3, 10), {}), (D(2024, 9, 30), {})],
    }
    late = pipeline.late_records(steps)
    assert [(x.code, x.index, x.deadline, x.days) for x in late] == [
        ("assessment", 0, D(2023, 9, 1), 14),
        ("assessment", 2, D(2024, 9, 10), 20),
    ]


def test_deadlines_of_the_later_steps():
    """The branch meeting within a month of the pre-review (local rules), approval within
    three months (six when extended), the oath within a month of approval, the probation
    meeting within a month of the end of probation, its approval within three months."""
    steps = {
        "pre_review": [(D(2024, 7, 1), {})],
        "branch_meeting": [(D(2024, 7, 15), {})],
        "approval": [(D(2024, 8, 30), {})],
    }
    assert pipeline.step_deadline("branch_meeting", steps) == D(2024, 8, 1)
    assert pipeline.step_deadline("approval", steps) == D(2024, 10, 15)
    assert pipeline.step_deadline("approval", steps, {"extended": True}) == D(2025, 1, 15)
    assert pipeline.step_deadline("oath", steps) == D(2024, 9, 30)
    assert pipeline.step_deadline("full_meeting", steps) == D(2025, 8, 15)
    steps["full_meeting"] = [(D(2025, 8, 20), {})]
    assert pipeline.step_deadline("full_approval", steps) == D(2025, 11, 20)
    assert [x.code for x in pipeline.late_records(steps)] == ["full_meeting"]
    assert pipeline.step_deadline("political_review", steps) is None  # no deadline


def _start(cast):
    with scope_of(cast.officer_a):
        return services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2026, 1, 5)
        )


def _talk(cast, case, **details):
    with scope_of(cast.officer_a):
        return services.development_step(
            actor=cast.officer_a,
            case=case,
            step="talk",
            occurred_on=D(2026, 2, 20),
            details=details,
        )


def _late_talk(cast, **details):
    case = _start(cast)
    return case, _talk(cast, case, **details)


def test_a_late_record_needs_a_reason_and_keeps_its_trace(pipeline_cast):
    """Application 2026-01-05, talk recorded 2026-02-20: due by 2026-02-05, 15 days late."""
    cast = pipeline_cast
    case = _start(cast)
    with pytest.raises(ApplicationError) as refused:
        _talk(cast, case)
    assert refused.value.field == "late_reason"
    assert "应于2026-02-05前完成" in refused.value.message
    assert "已超期15天" in refused.value.message
    with scope_of(cast.officer_a):
        assert not case.steps.filter(step="talk").exists()  # nothing half-written
    step = _talk(cast, case, late_reason="申请人外出务工，返乡后补谈")
    assert step.details["late"] == {"deadline": "2026-02-05", "days": 15}
    assert step.details["late_reason"] == "申请人外出务工，返乡后补谈"
    entry = AuditEntry.objects.filter(action="party.development.step").latest("id")
    assert entry.changes["late_days"] == 15


def test_the_reason_may_be_made_optional(pipeline_cast, settings):
    settings.ZUGONG_LATE_STEP_REASON_REQUIRED = False
    _case, step = _late_talk(pipeline_cast)
    assert step.details["late"]["days"] == 15


def test_the_board_and_the_case_page_show_the_late_record(pipeline_cast):
    cast = pipeline_cast
    case, _step = _late_talk(cast, late_reason="申请人外出务工，返乡后补谈")
    with scope_of(cast.officer_a):
        row = selectors.development_board(D(2026, 3, 1))["applicant"][0]
    assert [(x.label, x.days) for x in row["late"]] == [("派人谈话", 15)]
    board = login(cast.officer_a).get("/admin/party/developmentcase/board/").content.decode()
    assert "“派人谈话”超期15天记录（应于2026-02-05前）" in board
    page = login(cast.officer_a).get(f"/admin/party/developmentcase/{case.pk}/change/")
    text = page.content.decode()
    assert "超期15天记录（应于2026-02-05前" in text
    assert "超期说明：申请人外出务工，返乡后补谈" in text
    # Another township's officer sees neither; the three administrators see no business data.
    assert (
        "覃小燕"
        not in login(cast.officer_b).get("/admin/party/developmentcase/board/").content.decode()
    )
    for staff in (cast.sysadmin, cast.secadmin, cast.auditor):
        assert login(staff).get("/admin/party/developmentcase/board/").status_code in (403, 404)


def test_the_step_form_asks_for_the_reason(pipeline_cast):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2026, 1, 5)
        )
    client = login(cast.officer_a)
    url = f"/admin/party/developmentcase/{case.pk}/step/"
    response = client.post(url, {"step": "talk", "occurred_on": "2026-02-20"})
    assert "请填写超期说明" in response.content.decode()
    response = client.post(
        url, {"step": "talk", "occurred_on": "2026-02-20", "late_reason": "申请人住院"}
    )
    assert response.status_code == 302


def test_the_board_api_lists_late_records(pipeline_cast):
    from tests.core.test_api import bearer

    _late_talk(pipeline_cast, late_reason="申请人外出务工，返乡后补谈")
    rows = bearer(pipeline_cast.officer_a).get("/api/v1/party/development/board").json()
    assert rows[0]["late"] == [
        {
            "code": "talk",
            "label": "派人谈话",
            "occurred_on": "2026-02-20",
            "deadline": "2026-02-05",
            "days": 15,
            "source": TALK_RULE,
        }
    ]
    assert bearer(pipeline_cast.officer_b).get("/api/v1/party/development/board").json() == []


def test_the_start_form_offers_only_people_who_may_apply_named_with_their_branch(
    pipeline_cast,
):
    """A member (黄秀英) or someone with a case in progress cannot start a case, so the
    person picker does not offer them; each name carries its organization."""
    cast = pipeline_cast
    client = login(cast.officer_a)

    def offered():
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "party", "model_name": "developmentcase", "field_name": "person"},
        )
        return {r["text"] for r in response.json()["results"]}

    texts = offered()
    assert "覃小燕（临桂镇 / 中共金水社区支部委员会）" in texts
    assert not any(text.startswith("黄秀英") for text in texts)  # already a member
    _start(cast)
    again = offered()
    assert not any(text.startswith("覃小燕") for text in again), again  # a case in progress
    dues = client.get(
        "/admin/autocomplete/",
        {"app_label": "party", "model_name": "duespayment", "field_name": "member"},
    ).json()["results"]
    assert "黄秀英（临桂镇 / 中共金水社区支部委员会）" in {r["text"] for r in dues}
