"""Urban rules: co-building contracts, 双报到 and grids (next-modules R10–R12)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zugong.core.errors import ApplicationError
from zugong.core.models import OrgCategory
from zugong.grassroots import rules

D = dt.date
TODAY = D(2026, 11, 24)


# Contract steps -----------------------------------------------------------------------


def test_guilin_four_steps_in_order():
    """象山区: 商约、签约、履约、评约."""
    assert rules.next_step(None) == "商约"
    assert rules.next_step("商约") == "签约"
    assert rules.next_step("履约") == "评约"
    assert rules.next_step("评约") is None


def test_steps_go_one_at_a_time():
    rules.check_step_order(None, "商约")
    rules.check_step_order("签约", "履约")
    with pytest.raises(ApplicationError) as error:
        rules.check_step_order("商约", "履约")
    assert error.value.message == "下一环节应为“签约”，不能进入“履约”"
    assert error.value.field == "step"
    with pytest.raises(ApplicationError):
        rules.check_step_order("履约", "签约")
    with pytest.raises(ApplicationError) as error:
        rules.check_step_order("评约", "评约")
    assert "没有后续环节" in error.value.message


def test_unknown_step_is_refused():
    with pytest.raises(ApplicationError) as error:
        rules.next_step("亮约")
    assert error.value.field == "step"


def test_shaoxing_five_steps_by_setting(settings):
    """越城区: 谈约、签约、亮约、履约、评约."""
    settings.ZUGONG_CONTRACT_STEPS = ("谈约", "签约", "亮约", "履约", "评约")
    assert rules.next_step("签约") == "亮约"
    rules.check_step_order("亮约", "履约")


# Contract health ----------------------------------------------------------------------


def test_contract_health_counts():
    items = [
        rules.ItemState(D(2026, 6, 30), D(2026, 6, 1)),  # fulfilled on time
        rules.ItemState(D(2026, 6, 30), D(2026, 7, 10)),  # fulfilled late
        rules.ItemState(D(2026, 10, 31)),  # overdue
        rules.ItemState(TODAY),  # due today: not overdue yet
        rules.ItemState(D(2026, 12, 31)),  # not due
        rules.ItemState(None),  # no date: never overdue
        rules.ItemState(D(2026, 12, 31), D(2026, 12, 1)),  # "fulfilled" in the future
    ]
    health = rules.contract_health(items, TODAY)
    assert health == rules.Health(total=7, due=4, fulfilled=2, overdue=1, not_due=4, late=1)


dates = st.one_of(st.none(), st.dates(D(2026, 1, 1), D(2027, 12, 31)))


@given(st.lists(st.builds(rules.ItemState, dates, dates)))
def test_every_item_is_fulfilled_overdue_or_not_due(items):
    health = rules.contract_health(items, TODAY)
    assert health.fulfilled + health.overdue + health.not_due == health.total == len(items)
    assert health.late <= health.fulfilled
    assert health.overdue <= health.due


# 双报到 ----------------------------------------------------------------------------------


def test_foshan_half_yearly_re_report():
    last = D(2026, 3, 10)
    assert rules.rereport_date(last) == D(2026, 9, 10)
    assert rules.rereport_due(last, D(2026, 9, 9)) is None
    assert rules.rereport_due(last, D(2026, 9, 10)) == D(2026, 9, 10)
    assert rules.rereport_due(D(2026, 8, 31), TODAY) is None  # due 28 February 2027


def test_re_report_end_of_month_and_setting(settings):
    assert rules.rereport_date(D(2026, 8, 31)) == D(2027, 2, 28)
    settings.ZUGONG_DUAL_REPORT_REREPORT_MONTHS = 3
    assert rules.rereport_due(D(2026, 8, 24), TODAY) == D(2026, 11, 24)
    settings.ZUGONG_DUAL_REPORT_REREPORT_MONTHS = None
    assert rules.rereport_due(D(2020, 1, 1), TODAY) is None


def test_xingtai_50_hours_a_year():
    assert rules.hours_short(Decimal("42.5")) == Decimal("7.5")
    assert rules.hours_short(Decimal(60)) == Decimal(0)
    assert rules.hours_short(Decimal(10), target=Decimal(12)) == Decimal(2)


def test_hours_target_setting(settings):
    settings.ZUGONG_DUAL_REPORT_MIN_HOURS = 40
    assert rules.hours_short(Decimal(30)) == Decimal(10)


def test_unit_report_rate_below_95_percent():
    """邢台桥西: a unit below 95 % loses its assessment eligibility."""
    assert rules.unit_below_floor(reported=18, members=19)  # 94.7 %
    assert not rules.unit_below_floor(reported=19, members=20)  # exactly 95 %
    assert not rules.unit_below_floor(reported=0, members=0)


@pytest.mark.parametrize(
    ("grade", "allowed"),
    [
        ("excellent", False),
        ("qualified", False),
        ("basically_qualified", True),
        ("unqualified", True),
    ],
)
def test_foshan_not_reported_cannot_be_rated_qualified_or_above(grade, allowed):
    assert rules.review_grade_allowed(grade, reported=False) is allowed
    assert rules.review_grade_allowed(grade, reported=True)


def test_grades_match_the_party_member_review():
    from zugong.party.models.meetings import MemberReview

    grade_field = MemberReview._meta.get_field("grade")
    assert {value for value, _ in grade_field.choices} == set(rules.APPRAISAL_GRADES)


def test_review_message_names_the_lowest_refused_grade(settings):
    assert rules.review_grade_message() == (
        "未按要求到社区报到的在职党员，民主评议不能评为“合格”及以上等次"
    )
    settings.ZUGONG_DUAL_REPORT_APPRAISAL_CAP = "qualified"
    assert "“优秀”" in rules.review_grade_message()
    assert not rules.review_grade_allowed("excellent", reported=False)
    assert rules.review_grade_allowed("qualified", reported=False)


def test_the_appraisal_cap_can_be_lifted(settings):
    settings.ZUGONG_DUAL_REPORT_APPRAISAL_CAP = None
    assert rules.review_grade_allowed("excellent", reported=False)


def test_unknown_grade_is_refused():
    with pytest.raises(ApplicationError) as error:
        rules.review_grade_allowed("good", reported=True)
    assert error.value.field == "grade"


def test_organs_institutions_and_state_enterprises_must_report():
    assert set(rules.DUAL_REPORT_KINDS.value) <= set(OrgCategory.values)
    assert rules.must_report(OrgCategory.ORGAN)
    assert rules.must_report("public_institution")
    assert rules.must_report("state_enterprise")
    assert rules.must_report(OrgCategory.SCHOOL)  # a public school is a public institution
    assert not rules.must_report(OrgCategory.NON_PUBLIC_ENTERPRISE)
    assert not rules.must_report("community")


def test_zhongjiang_eight_service_categories():
    labels = [str(label) for _, label in rules.SERVICE_CATEGORIES.value]
    assert labels == [
        "组织建设",
        "法律咨询与援助",
        "助困扶残与就业援助",
        "社区治理",
        "健康医疗",
        "文化体育",
        "安全宣传与治安巡逻",
        "其他",
    ]
    assert len({code for code, _ in rules.SERVICE_CATEGORIES.value}) == 8


# Grids --------------------------------------------------------------------------------


def codes(**kw):
    return [f.code for f in rules.grid_findings(**kw)]


def test_a_grid_without_a_party_unit_or_member_staff():
    """北海: one party branch (or group) per grid."""
    found = rules.grid_findings(
        level="grid", has_party_unit=False, staff_members=0, reported_members=0
    )
    assert [f.code for f in found] == ["no_party_unit", "no_member_staff"]
    assert found[0].message == "网格未建立党支部或党小组"


def test_a_well_covered_grid_has_no_findings():
    assert codes(level="grid", has_party_unit=True, staff_members=1, reported_members=0) == []


def test_micro_grid_needs_a_reported_member_but_not_its_own_party_unit():
    assert codes(level="micro_grid", has_party_unit=False, staff_members=1, reported_members=0) == [
        "micro_no_reported"
    ]
    assert (
        codes(level="micro_grid", has_party_unit=False, staff_members=1, reported_members=2) == []
    )


def test_party_unit_levels_setting(settings):
    settings.ZUGONG_GRID_PARTY_UNIT_LEVELS = ("grid", "micro_grid")
    assert "no_party_unit" in codes(
        level="micro_grid", has_party_unit=False, staff_members=1, reported_members=1
    )


def test_unknown_grid_level_is_refused():
    with pytest.raises(ApplicationError) as error:
        codes(level="block", has_party_unit=True, staff_members=1, reported_members=1)
    assert error.value.field == "level"
