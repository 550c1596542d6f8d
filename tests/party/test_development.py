"""The development pipeline with the cases of 《中国共产党发展党员工作细则》 (RULES.md §1)."""

import datetime as dt

import pytest

from tests.conftest import _person, login, scope_of
from zugong.core.errors import ApplicationError
from zugong.core.scope import system_scope
from zugong.party import pipeline, selectors
from zugong.party.models import Member
from zugong.party.services import development as services

D = dt.date


def test_rule_set_follows_the_application_date():
    assert pipeline.rule_set_for(D(2020, 1, 1)) == "细则2014"
    assert pipeline.rule_set_for(D(2026, 6, 1)) == "细则2026"


@pytest.mark.django_db
def test_working_days():
    assert pipeline.working_days(D(2026, 3, 2), D(2026, 3, 6)) == 5  # Monday to Friday
    assert pipeline.working_days(D(2026, 3, 5), D(2026, 3, 10)) == 4  # over a weekend
    # 2026 劳动节: 1–5 May off, Saturday 9 May worked (国办 notice of 2025-11-04).
    assert pipeline.working_days(D(2026, 4, 30), D(2026, 5, 9)) == 5  # 30 Apr, 6–8 May, Sat 9 May


@pytest.mark.parametrize(
    ("votes", "problem"),
    [
        ({"should_attend": 20, "present": 11, "yes": 11}, None),
        (
            {"should_attend": 20, "present": 10, "yes": 10},
            "未超过应到20人的半数",
        ),  # quorum: more than half
        (
            {"should_attend": 20, "present": 18, "yes": 10},
            "未超过应到会有表决权正式党员20人的半数",
        ),  # of those who should attend
        ({"should_attend": 20, "present": 21, "yes": 15}, "实到21人多于应到"),
        ({"should_attend": 20, "present": 15, "yes": 16}, "赞成票16张多于实到人数15人"),
        ({}, "请填写"),
    ],
)
def test_branch_meeting_votes(votes, problem):
    result = pipeline.votes_problem(votes)
    assert (result is None) if problem is None else (problem in result)


def walk(cast, case, steps):
    for code, day, details in steps:
        services.development_step(
            actor=cast.officer_a, case=case, step=code, occurred_on=day, details=details
        )


def test_from_application_to_full_member(pipeline_cast):
    cast = pipeline_cast
    votes = {"should_attend": 3, "present": 3, "yes": 3}
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2023, 3, 1)
        )
        assert case.rule_set == "细则2014"
        walk(
            cast,
            case,
            [
                ("talk", D(2023, 3, 20), {}),
                ("activist", D(2023, 6, 1), {}),
                ("contacts", D(2023, 6, 1), {"persons": cast.sponsors}),
                ("assessment", D(2023, 12, 1), {}),
                ("candidate", D(2024, 6, 1), {}),
                ("notice", D(2024, 6, 3), {"start": "2024-06-03", "end": "2024-06-07"}),
                ("sponsors", D(2024, 6, 10), {"persons": cast.sponsors}),
                ("political_review", D(2024, 6, 20), {}),
                ("training", D(2024, 6, 25), {"days": 3}),
                ("pre_review", D(2024, 7, 1), {}),
                ("branch_meeting", D(2024, 7, 15), votes),
                ("approval", D(2024, 8, 30), {}),
                ("oath", D(2024, 9, 10), {}),
            ],
        )
        member = Member.objects.get(person=cast.applicant)
        assert (member.kind, member.joined_on) == (
            "probationary",
            D(2024, 7, 15),
        )  # probation from the branch meeting
        with pytest.raises(ApplicationError, match="预备期2025-07-15届满后才能讨论转正"):
            services.development_step(
                actor=cast.officer_a,
                case=case,
                step="full_meeting",
                occurred_on=D(2025, 7, 1),
                details=votes,
            )
        walk(
            cast,
            case,
            [("full_meeting", D(2025, 7, 20), votes), ("full_approval", D(2025, 9, 1), {})],
        )
        member.refresh_from_db()
        case.refresh_from_db()
    assert (member.kind, member.full_on, case.stage) == (
        "full",
        D(2025, 7, 15),
        "full_member",
    )  # 党龄 from probation end


def test_a_candidate_needs_a_year_as_activist(pipeline_cast):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2025, 1, 5)
        )
        walk(cast, case, [("activist", D(2025, 3, 1), {})])
        with pytest.raises(ApplicationError, match="确定为发展对象最早为2026-03-01"):
            services.development_step(
                actor=cast.officer_a, case=case, step="candidate", occurred_on=D(2026, 2, 28)
            )


@pytest.mark.parametrize(
    ("code", "day", "details", "message"),
    [
        ("notice", D(2024, 6, 5), {"start": "2024-06-05", "end": "2024-06-10"}, "不足5个工作日"),
        ("training", D(2024, 6, 5), {"days": 2, "hours": 16}, "不少于3天或24个学时"),
        ("sponsors", D(2024, 6, 5), {"persons": [1]}, "两名正式党员"),
        ("pre_review", D(2024, 6, 5), {}, "预审前须完成"),
        ("branch_meeting", D(2024, 6, 5), {}, "须先记录“上级党委预审”"),
        ("talk", D(2024, 6, 5), {}, "当前处于“发展对象”阶段"),
        ("political_review", D(2024, 5, 1), {}, "早于确定为发展对象日期"),
    ],
)
def test_candidate_steps_refused(pipeline_cast, code, day, details, message):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2023, 3, 1)
        )
        walk(cast, case, [("activist", D(2023, 4, 1), {}), ("candidate", D(2024, 6, 1), {})])
        with pytest.raises(ApplicationError, match=message):
            services.development_step(
                actor=cast.officer_a, case=case, step=code, occurred_on=day, details=details
            )


def accepted_candidate(cast, votes):
    """An applicant of 2023 taken through every step up to the branch meeting of 2024-07-15."""
    case = services.development_start(
        actor=cast.officer_a, person=cast.applicant, applied_on=D(2023, 3, 1)
    )
    walk(
        cast,
        case,
        [
            ("activist", D(2023, 4, 1), {}),
            ("candidate", D(2024, 6, 1), {}),
            ("notice", D(2024, 6, 3), {"start": "2024-06-03", "end": "2024-06-07"}),
            ("sponsors", D(2024, 6, 10), {"persons": cast.sponsors}),
            ("political_review", D(2024, 6, 20), {}),
            ("training", D(2024, 6, 25), {"days": 3}),
            ("pre_review", D(2024, 7, 1), {}),
            ("branch_meeting", D(2024, 7, 15), votes),
        ],
    )
    return case


def test_approval_within_three_months_or_six_when_extended(pipeline_cast):
    cast = pipeline_cast
    votes = {"should_attend": 3, "present": 3, "yes": 2}
    with scope_of(cast.officer_a):
        case = accepted_candidate(cast, votes)
        with pytest.raises(ApplicationError, match="超过期限2024-10-15"):
            services.development_step(
                actor=cast.officer_a, case=case, step="approval", occurred_on=D(2024, 11, 1)
            )
        services.development_step(
            actor=cast.officer_a,
            case=case,
            step="approval",
            occurred_on=D(2024, 11, 1),
            details={"extended": True},
        )


def test_probation_extension_once_six_to_twelve_months(pipeline_cast):
    cast = pipeline_cast
    votes = {"should_attend": 3, "present": 3, "yes": 3}
    with scope_of(cast.officer_a):
        case = accepted_candidate(cast, votes)
        walk(cast, case, [("approval", D(2024, 8, 30), {})])
        with pytest.raises(ApplicationError, match="6至12个月"):
            services.development_step(
                actor=cast.officer_a,
                case=case,
                step="extension",
                occurred_on=D(2025, 7, 20),
                details={"months": 3},
            )
        walk(cast, case, [("extension", D(2025, 7, 20), {"months": 6})])
        with pytest.raises(ApplicationError, match="只能延长一次"):
            services.development_step(
                actor=cast.officer_a,
                case=case,
                step="extension",
                occurred_on=D(2025, 8, 1),
                details={"months": 6},
            )
        with pytest.raises(ApplicationError, match="预备期2026-01-15届满后"):
            services.development_step(
                actor=cast.officer_a,
                case=case,
                step="full_meeting",
                occurred_on=D(2025, 12, 1),
                details=votes,
            )
        walk(
            cast,
            case,
            [("full_meeting", D(2026, 1, 20), votes), ("full_approval", D(2026, 2, 1), {})],
        )
        assert Member.objects.get(person=cast.applicant).full_on == D(2026, 1, 15)


def test_applicants_must_be_eighteen_and_not_members(pipeline_cast):
    cast = pipeline_cast
    with system_scope():
        young = _person(cast.branch_a, "韦小明", 75, birth=D(2010, 1, 1))
    with scope_of(cast.officer_a):
        with pytest.raises(ApplicationError, match="未满18周岁"):
            services.development_start(actor=cast.officer_a, person=young, applied_on=D(2026, 1, 2))
        with pytest.raises(ApplicationError, match="已是党员"):
            services.development_start(
                actor=cast.officer_a, person=cast.person_a, applied_on=D(2026, 1, 2)
            )


def test_the_board_shows_what_is_due_and_stays_in_scope(pipeline_cast):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2026, 1, 5)
        )
        board = selectors.development_board(D(2026, 3, 1))
        row = board["applicant"][0]
        assert row["case"] == case
        assert row["overdue"]
        assert row["due"][0].label == "派人谈话"
        assert row["due"][0].due == D(2026, 2, 5)
    with scope_of(cast.officer_b):
        assert selectors.development_board(D(2026, 3, 1))["applicant"] == []
    assert (
        login(cast.officer_b).get(f"/admin/party/developmentcase/{case.pk}/change/").status_code
        == 404
    )
    assert (
        "覃小燕"
        in login(cast.officer_a).get("/admin/party/developmentcase/board/").content.decode()
    )
    assert (
        "覃小燕"
        not in login(cast.officer_b).get("/admin/party/developmentcase/board/").content.decode()
    )


def test_board_api_is_scoped(pipeline_cast):
    from tests.core.test_api import bearer

    cast = pipeline_cast
    with scope_of(cast.officer_a):
        services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2026, 1, 5)
        )
    assert [
        r["name"] for r in bearer(cast.officer_a).get("/api/v1/party/development/board").json()
    ] == ["覃小燕"]
    assert bearer(cast.officer_b).get("/api/v1/party/development/board").json() == []


def test_recording_a_step_in_the_admin_explains_refusals(pipeline_cast):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2026, 1, 5)
        )
    client = login(cast.officer_a)
    response = client.post(
        f"/admin/party/developmentcase/{case.pk}/step/",
        {"step": "activist", "occurred_on": "2025-12-01"},
    )
    assert "早于递交入党申请书日期2026-01-05" in response.content.decode()
    response = client.post(
        f"/admin/party/developmentcase/{case.pk}/step/",
        {"step": "talk", "occurred_on": "2026-01-20"},
    )
    assert response.status_code == 302


def test_each_step_is_checked_by_the_rules_in_force_on_its_day(pipeline_cast):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2025, 9, 1)
        )
        walk(cast, case, [("activist", D(2026, 1, 5), {})])
        with pytest.raises(ApplicationError, match=r"确定为发展对象最早为.*（2026年修订）"):
            services.development_step(
                actor=cast.officer_a, case=case, step="candidate", occurred_on=D(2026, 6, 1)
            )
        steps = {s.step: s.details.get("rule_set") for s in case.steps.all()}
    assert case.rule_set == "细则2014"
    assert steps["activist"] == "细则2014"


def test_a_stale_political_review_blocks_the_branch_meeting(pipeline_cast):
    cast = pipeline_cast
    with scope_of(cast.officer_a):
        case = services.development_start(
            actor=cast.officer_a, person=cast.applicant, applied_on=D(2022, 3, 1)
        )
        walk(
            cast,
            case,
            [
                ("activist", D(2022, 4, 1), {}),
                ("candidate", D(2023, 6, 1), {}),
                ("notice", D(2023, 6, 5), {"start": "2023-06-05", "end": "2023-06-09"}),
                ("sponsors", D(2023, 6, 10), {"persons": cast.sponsors}),
                ("political_review", D(2023, 6, 20), {}),
                ("training", D(2023, 6, 25), {"days": 3}),
                ("pre_review", D(2024, 6, 30), {}),
            ],
        )
        with pytest.raises(ApplicationError, match="政治审查已超过有效期（2024-06-20前有效）"):
            services.development_step(
                actor=cast.officer_a,
                case=case,
                step="branch_meeting",
                occurred_on=D(2024, 7, 10),
                details={"should_attend": 3, "present": 3, "yes": 3},
            )


def test_study_totals_by_organization(pipeline_cast):
    from zugong.party.services import records

    cast = pipeline_cast
    with scope_of(cast.officer_a):
        for person in (cast.person_a, cast.applicant):
            records.study_record(
                actor=cast.officer_a,
                person=person,
                kind="course",
                title="培训班",
                started_on=D(2026, 4, 1),
                ended_on=D(2026, 4, 2),
                hours="8",
            )
        rows = selectors.study_totals_by_organization(2026)
    assert rows[0]["person__organization__name"] == "中共金水社区支部委员会"
    assert (rows[0]["people"], rows[0]["hours"]) == (2, 16)


def test_a_step_reads_in_chinese():
    import datetime as dt

    from zugong.party.models import DevelopmentStep

    step = DevelopmentStep(step="application", occurred_on=dt.date(2026, 3, 1))
    assert step.step_label == "递交入党申请书"
