"""Writing cadre data: each service refuses bad input in Chinese and writes an audit entry."""

import datetime as dt

import pytest

from tests.cadres.conftest import make_cadre
from tests.conftest import _person, scope_of
from zugong.cadres import selectors
from zugong.cadres.models import (
    AnnualAssessment,
    Cadre,
    DossierLoan,
    ResumeEntry,
    SupervisionRecord,
)
from zugong.cadres.services import assessments, pool, records, supervision
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope

D = dt.date


@pytest.fixture(autouse=True)
def as_admin(cadres):
    """Services run as the department's administrator unless a test says otherwise."""
    with scope_of(cadres.admin):
        yield


def test_an_officer_writes_only_within_the_township(cadres):
    with scope_of(cadres.officer_a):
        records.cadre_update(actor=cadres.officer_a, cadre=cadres.cadre_a, data={"health": "良好"})
    with scope_of(cadres.officer_b), pytest.raises(PermissionDenied):
        records.cadre_update(actor=cadres.officer_b, cadre=cadres.cadre_a, data={"health": "x"})
    assert AuditEntry.objects.filter(action="cadres.cadre.saved", actor=cadres.officer_a).exists()


def test_cadre_dates_are_checked_in_chinese(cadres):
    with pytest.raises(ApplicationError) as error:
        records.cadre_update(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={"work_started_on": D(1999, 1, 1), "party_joined_on": D(2030, 1, 1)},
        )
    messages = [d["message"] for d in error.value.details]
    assert any("未满16周岁" in m for m in messages)
    assert any("晚于今天" in m for m in messages)


def test_a_county_organ_may_not_hold_a_rank_above_researcher_two(cadres):
    with pytest.raises(ApplicationError, match="县、乡机关只设二级调研员以下职级"):
        records.rank_set(
            actor=cadres.admin, cadre=cadres.cadre_b, rank="dyy1", started_on=D(2024, 1, 1)
        )
    assert not cadres.cadre_b.ranks.exists()


def test_rank_promotion_needs_the_years_and_goes_one_step(cadres, settings):
    settings.ZUGONG_EXCELLENT_QUOTA_ROUNDING = "ceil"  # a one-person group gets one place
    for year in (2020, 2021):
        assessments.annual_record(
            actor=cadres.admin, cadre=cadres.cadre_a, year=year, grade="excellent"
        )
    with pytest.raises(ApplicationError, match="逐级晋升"):
        records.rank_set(
            actor=cadres.admin, cadre=cadres.cadre_a, rank="zrky2", started_on=D(2022, 1, 1)
        )
    # In June 2021 only the 2020 result is known: 24 - 6 = 18 months → 2021-07-01.
    with pytest.raises(ApplicationError, match="最早2021-07-01"):
        records.rank_set(
            actor=cadres.admin, cadre=cadres.cadre_a, rank="zrky3", started_on=D(2021, 6, 1)
        )
    records.rank_set(
        actor=cadres.admin, cadre=cadres.cadre_a, rank="zrky3", started_on=D(2021, 7, 1)
    )
    assert selectors.current_rank(cadres.cadre_a).rank == "zrky3"
    assert cadres.cadre_a.ranks.get(rank="zrky4").ended_on == D(2021, 7, 1)


def test_a_promotion_inside_a_bar_is_refused_with_the_reason_and_the_end(cadres):
    supervision.supervision_record(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={
            "kind": "admonishment",
            "issue": "履行职责不力",
            "decided_on": D(2026, 6, 10),
        },
    )
    with pytest.raises(ApplicationError) as error:
        records.position_add(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={"title": "镇长", "level": "township_principal", "started_on": D(2026, 11, 1)},
        )
    assert "诫勉" in error.value.message
    assert "影响期至2026年12月10日" in error.value.message
    assert cadres.cadre_a.positions.count() == 1


def test_annual_grades_the_special_cases_and_the_quota(cadres):
    with pytest.raises(ApplicationError, match="之一"):
        assessments.annual_record(actor=cadres.admin, cadre=cadres.cadre_a, year=2025, grade="A")
    with pytest.raises(ApplicationError, match="不能晚于今年"):
        assessments.annual_record(
            actor=cadres.admin, cadre=cadres.cadre_a, year=2030, grade="competent"
        )
    supervision.supervision_record(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={
            "kind": "party_sanction",
            "measure": "party_warning",
            "issue": "违规公款吃喝",
            "decided_on": D(2025, 5, 1),
        },
    )
    with pytest.raises(ApplicationError, match="受警告处分的当年，不得确定为优秀等次"):
        assessments.annual_record(
            actor=cadres.admin, cadre=cadres.cadre_a, year=2025, grade="excellent"
        )
    assert not AnnualAssessment.objects.exists()


def test_more_excellent_than_the_quota_is_refused_and_nothing_written(cadres):
    with system_scope():
        people = [
            make_cadre(
                _person(cadres.town_a, "测试" + "甲乙丙丁"[i], 60 + i, birth=D(1988, 1, 1)),
                cadres.town_a,
            )
            for i in range(4)
        ]
    rows = [{"cadre": c, "grade": "excellent"} for c in people[:2]] + [
        {"cadre": c, "grade": "competent"} for c in people[2:]
    ]
    with pytest.raises(ApplicationError, match="非领导成员优秀2人，名额为1人，超过名额1人"):
        assessments.annual_batch(actor=cadres.admin, unit=cadres.town_a, year=2025, rows=rows)
    assert not AnnualAssessment.objects.exists()
    rows[1]["grade"] = "competent"
    saved = assessments.annual_batch(actor=cadres.admin, unit=cadres.town_a, year=2025, rows=rows)
    assert len(saved) == 4
    assert selectors.excellent_quota_check(cadres.town_a, 2025) == [
        {"is_leader": False, "total": 4, "excellent": 1, "quota": 1, "over": False}
    ]


def test_an_inquiry_is_due_in_fifteen_working_days(cadres):
    record = supervision.supervision_record(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={
            "kind": "inquiry",
            "issue": "反映其亲属经商问题",
            "decided_on": D(2026, 9, 21),
            "letter_received_on": D(2026, 9, 23),
        },
    )
    assert record.reply_due == D(2026, 10, 21)
    assert list(selectors.overdue_inquiries(D(2026, 10, 22))) == [record]


def test_measure_must_belong_to_its_kind(cadres):
    with pytest.raises(ApplicationError, match="不属于党纪处分"):
        supervision.supervision_record(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={
                "kind": "party_sanction",
                "measure": "state_demerit",
                "issue": "x",
                "decided_on": D(2026, 1, 1),
            },
        )


def test_township_officers_may_not_record_supervision(cadres):
    with scope_of(cadres.officer_a), pytest.raises(PermissionDenied):
        supervision.supervision_record(
            actor=cadres.officer_a,
            cadre=cadres.cadre_a,
            data={"kind": "reminder", "issue": "x", "decided_on": D(2026, 1, 1)},
        )


def test_a_clearance_lifts_the_bar_of_the_report_it_clears(cadres):
    record = supervision.supervision_record(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={
            "kind": "org_handling",
            "measure": "org_suspension",
            "issue": "被举报收受礼金",
            "decided_on": D(2026, 8, 1),
        },
    )
    assert not selectors.verdict(cadres.cadre_a).allowed
    with pytest.raises(ApplicationError, match="严重失实、失实或诬告陷害"):
        supervision.clearance_record(
            actor=cadres.admin,
            record=record,
            data={"finding": "unproven", "initiated_by": "department", "form": "meeting"},
        )
    supervision.clearance_record(
        actor=cadres.admin,
        record=record,
        data={
            "finding": "untrue",
            "initiated_by": "applicant",
            "form": "meeting",
            "scope_text": "临桂镇党政班子会议",
            "cleared_on": D(2026, 10, 9),
        },
    )
    record.refresh_from_db()
    assert record.status == SupervisionRecord.Status.CLOSED
    cadre = Cadre.objects.unscoped().get(pk=cadres.cadre_a.pk)
    assert selectors.verdict(cadre).allowed


def test_resume_overlap_is_refused(cadres):
    cadre = cadres.cadre_a
    records.record_save(
        actor=cadres.admin,
        obj=ResumeEntry(cadre=cadre, start=D(2007, 7, 1), end=D(2010, 3, 1), text="临桂镇科员"),
    )
    with pytest.raises(ApplicationError, match="时间重叠"):
        records.record_save(
            actor=cadres.admin,
            obj=ResumeEntry(cadre=cadre, start=D(2009, 1, 1), end=None, text="临桂镇副镇长"),
        )
    assert cadre.resume.count() == 1


def test_young_pool_age_line(cadres):
    with pytest.raises(ApplicationError, match="超过该层次优秀年轻干部年龄界限35岁"):
        pool.young_enter(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={"entered_on": D(2026, 1, 5), "source": "recommendation", "evaluation": "好"},
        )
    entry = pool.young_enter(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={"entered_on": D(2020, 1, 5), "source": "recommendation", "evaluation": "政治过硬"},
    )
    assert entry.status == "active"


def test_dossier_loans_overdue_and_returned(cadres):
    loan = pool.dossier_lend(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={
            "borrower": "李明",
            "borrower_unit": "区纪委监委",
            "purpose": "核查",
            "approved_by": "组织部副部长",
            "lent_on": D(2026, 10, 1),
            "due_on": D(2026, 10, 15),
        },
    )
    assert list(selectors.overdue_loans(D(2026, 11, 1))) == [loan]
    with pytest.raises(ApplicationError, match="已借出未还"):
        pool.dossier_lend(
            actor=cadres.admin,
            cadre=cadres.cadre_a,
            data={
                "borrower": "王",
                "borrower_unit": "x",
                "purpose": "x",
                "approved_by": "x",
                "lent_on": D(2026, 10, 2),
                "due_on": D(2026, 10, 9),
            },
        )
    pool.dossier_return(actor=cadres.admin, loan=loan, returned_on=D(2026, 11, 2))
    assert not DossierLoan.objects.filter(returned_on__isnull=True).exists()


def test_secondment_expiry_warning(cadres):
    record = pool.secondment_start(
        actor=cadres.admin,
        cadre=cadres.cadre_a,
        data={
            "kind": "seasoning",
            "place": "六塘镇",
            "post": "党委副书记",
            "started_on": D(2025, 1, 1),
            "ends_on": D(2026, 12, 10),
        },
    )
    assert list(selectors.expiring_secondments(30, D(2026, 11, 24))) == [record]
    assert not list(selectors.expiring_secondments(10, D(2026, 11, 24)))


def test_team_structure_of_a_township_team(cadres):
    teams = selectors.team_structures()
    team = next(t for t in teams if t["group"] == cadres.team_a)
    assert team["structure"].size == 1
    assert "缺少女干部" in team["structure"].warnings


def test_rank_promotion_needs_a_vacancy_within_the_quota(cadres, settings):
    from zugong.cadres.models import UnitEstablishment

    settings.ZUGONG_EXCELLENT_QUOTA_ROUNDING = "ceil"
    # 临桂镇: 1 post → 主任科员 quota floor(0.6) = 0 … with 2 posts, 1; 韦立新 holds it.
    UnitEstablishment.objects.create(organization=cadres.town_a, posts=2)
    for year in (2020, 2021):
        assessments.annual_record(
            actor=cadres.admin, cadre=cadres.cadre_a, year=year, grade="competent"
        )
    # Moving within the 主任科员 group keeps the count: allowed.
    records.rank_set(
        actor=cadres.admin, cadre=cadres.cadre_a, rank="zrky3", started_on=D(2022, 1, 1)
    )
    with system_scope():
        other = make_cadre(_person(cadres.town_a, "测试戊", 90, birth=D(1990, 1, 1)), cadres.town_a)
    records.rank_set(actor=cadres.admin, cadre=other, rank="ky1", started_on=D(2020, 1, 1))
    with pytest.raises(ApplicationError, match="一至四级主任科员职数已满"):
        records.rank_set(actor=cadres.admin, cadre=other, rank="zrky4", started_on=D(2022, 6, 1))
    report = selectors.rank_quota_report()
    assert report[0]["findings"][3]["held"] == 1
