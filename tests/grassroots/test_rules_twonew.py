"""Two-new rules: the credit code, who counts, coverage and its rates, instructors' visits,
the four synchronisations (RULES.md §11; next-modules R6–R8)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zugong.core.errors import ApplicationError
from zugong.grassroots import rules

D = dt.date
ALPHABET = rules.CREDIT_CODE_ALPHABET.value


def make_code(first17: str) -> str:
    return first17 + rules.credit_code_check_char(first17)


first17s = st.builds(
    lambda a, region, b: a + region + b,
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
)


# Credit code (GB 32100—2015) ----------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example commonly quoted with the standard
        "91110108551385082Q",  # a Beijing company's published code
        "91440300708461136T",  # a Shenzhen company's published code
    ],
)
def test_published_codes_are_valid(code):
    assert rules.credit_code_problem(code) is None


def test_the_quoted_example_check_character_is_3():
    """91350100M000100Y4: weighted sum 1640 ≡ 28 (mod 31), check 31 - 28 = 3 → "3"."""
    assert rules.credit_code_check_char("91350100M000100Y4") == "3"


def test_weights_are_powers_of_3_mod_31():
    assert rules.CREDIT_CODE_WEIGHTS.value == tuple(pow(3, i, 31) for i in range(17))


def test_a_check_of_31_is_written_0():
    # This prefix's weighted sum is ≡ 0 (mod 31), so check = 31 - 0 = 31, written "0".
    prefix = "91110000100000002"
    assert rules.credit_code_check_char(prefix) == "0"
    total = sum(
        ALPHABET.index(c) * w for c, w in zip(prefix, rules.CREDIT_CODE_WEIGHTS.value, strict=True)
    )
    assert total % 31 == 0


def test_wrong_length_is_refused():
    assert rules.credit_code_problem("91350100M000100Y4") == "统一社会信用代码应为18位，实为17位"
    assert "18位" in rules.credit_code_problem("91350100M000100Y433")


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "a"])
def test_letters_outside_the_alphabet_are_named(bad):
    code = "91350100M000100Y4" + bad
    assert rules.credit_code_problem(code) == f"统一社会信用代码含有不允许的字符“{bad}”"


def test_region_code_must_be_digits():
    code = make_code("9135A100M000100Y4")
    assert "行政区划码" in rules.credit_code_problem(code)


def test_wrong_check_character_says_which_is_expected():
    assert rules.credit_code_problem("91350100M000100Y44") == "统一社会信用代码校验位应为3，实为4"


@given(first17s)
def test_round_trip_codes_made_with_the_check_char_are_valid(first17):
    assert rules.credit_code_problem(make_code(first17)) is None


@given(first17s, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_detected(first17, position, char):
    code = make_code(first17)
    if code[position] == char or (2 <= position < 8 and not char.isdigit()):
        return
    changed = code[:position] + char + code[position + 1 :]
    assert rules.credit_code_problem(changed) is not None


# Which units count --------------------------------------------------------------------


def enterprise(**kw):
    data = {
        "kind": "enterprise",
        "operating_status": "normal",
        "fixed_place": True,
        "employees": 10,
        "real_operation": True,
    }
    return rules.counting_verdict(**{**data, **kw})


def test_three_haves_enterprise_with_exactly_10_employees_counts():
    verdict = enterprise()
    assert verdict.counted
    assert verdict.reasons == ("有固定经营场所", "从业人员10人，达到10人", "实体运营")


def test_nine_employees_do_not_count():
    verdict = enterprise(employees=9)
    assert not verdict.counted
    assert verdict.reasons == ("从业人员9人，不足10人",)


def test_every_missing_have_is_listed():
    verdict = enterprise(fixed_place=False, employees=3, real_operation=False)
    assert verdict.reasons == ("无固定经营场所", "从业人员3人，不足10人", "未实体运营")


@pytest.mark.parametrize("status", ["shell", "dormant", "closed"])
def test_shell_dormant_and_closed_units_are_removed_whatever_their_size(status):
    verdict = enterprise(operating_status=status, employees=500)
    assert not verdict.counted
    assert "不计入统计范围" in verdict.reasons[0]


def test_social_organizations_count_from_30_staff_without_a_place_check():
    social = {"kind": "social_org", "operating_status": "normal", "real_operation": True}
    assert rules.counting_verdict(**social, fixed_place=False, employees=30).counted
    verdict = rules.counting_verdict(**social, fixed_place=True, employees=29)
    assert verdict == rules.Verdict(False, ("工作人员29人，不足30人",))


def test_the_employee_line_is_a_setting(settings):
    settings.ZUGONG_TWONEW_MIN_EMPLOYEES = 20
    assert not enterprise(employees=19).counted
    assert enterprise(employees=20).counted
    settings.ZUGONG_TWONEW_SOCIAL_MIN_STAFF = 10
    social = {"kind": "social_org", "operating_status": "normal", "real_operation": True}
    assert rules.counting_verdict(**social, fixed_place=False, employees=10).counted


def test_unknown_kind_and_status_are_refused():
    with pytest.raises(ApplicationError) as error:
        enterprise(kind="cooperative")
    assert error.value.field == "kind"
    with pytest.raises(ApplicationError) as error:
        enterprise(operating_status="zombie")
    assert error.value.field == "operating_status"


# Coverage and rates -------------------------------------------------------------------


def kind(coverage="none", counted=True, instructor=False, liaison=False):
    return rules.coverage_kind(
        counted=counted, coverage=coverage, has_instructor=instructor, has_liaison=liaison
    )


def test_separate_organization_enters_every_numerator():
    k = kind("separate")
    assert (k.separate, k.organized, k.work_covered) == (True, True, True)
    assert "单独组建" in k.why


def test_joint_organization_is_organized_but_not_separate():
    k = kind("joint")
    assert (k.separate, k.organized, k.work_covered) == (False, True, True)


@pytest.mark.parametrize(("instructor", "liaison"), [(True, False), (False, True)])
def test_an_instructor_or_liaison_gives_work_coverage_only(instructor, liaison):
    k = kind("none", instructor=instructor, liaison=liaison)
    assert (k.separate, k.organized, k.work_covered) == (False, False, True)
    assert "工作覆盖" in k.why


def test_nothing_at_all_is_not_covered():
    assert not kind("none").work_covered


def test_a_unit_outside_the_count_enters_no_numerator():
    k = kind("separate", counted=False)
    assert (k.counted, k.separate, k.organized, k.work_covered) == (False,) * 4


def test_unknown_coverage_is_refused():
    with pytest.raises(ApplicationError):
        kind("partial")


def test_rates_over_counted_units_rounded_half_up():
    kinds = [kind("separate"), kind("joint"), kind("none", instructor=True)]
    kinds += [kind("none"), kind("none"), kind("none")]
    kinds += [kind("separate", counted=False)]  # not in the denominator
    rates = rules.coverage_rates(kinds)
    assert (rates.counted, rates.separate, rates.organized, rates.work_covered) == (6, 1, 2, 3)
    assert rates.separate_rate == Decimal("16.67")  # 1/6 = 16.666…
    assert rates.org_coverage_rate == Decimal("33.33")
    assert rates.work_coverage_rate == Decimal("50.00")


def test_rates_without_counted_units_are_none():
    rates = rules.coverage_rates([kind("separate", counted=False)])
    assert rates.counted == 0
    assert rates.org_coverage_rate is rates.separate_rate is rates.work_coverage_rate is None


@given(st.lists(st.tuples(st.sampled_from(rules.COVERAGES), st.booleans(), st.booleans())))
def test_separate_le_organized_le_work_covered(units):
    rates = rules.coverage_rates([kind(c, instructor=i, liaison=li) for c, i, li in units])
    assert rates.separate <= rates.organized <= rates.work_covered <= rates.counted


def test_three_full_members_may_form_their_own_organization():
    assert not rules.separate_organization_possible(2)
    assert rules.separate_organization_possible(3)
    assert rules.suggested_coverage(3) == "separate"
    assert rules.suggested_coverage(2) == "joint_or_instructor"


# Instructors' visits ------------------------------------------------------------------


def test_half_monthly_visit_due_15_days_after_the_last():
    """黔南: at least one visit every half month."""
    last = D(2026, 3, 1)
    assert (
        rules.visit_overdue(last_visit=last, assigned_on=D(2026, 1, 1), today=D(2026, 3, 16)) == 0
    )
    assert (
        rules.visit_overdue(last_visit=last, assigned_on=D(2026, 1, 1), today=D(2026, 3, 17)) == 1
    )


def test_without_a_visit_the_clock_starts_at_the_assignment():
    assigned = D(2026, 11, 1)
    assert rules.visit_overdue(last_visit=None, assigned_on=assigned, today=D(2026, 11, 24)) == 8


def test_a_visit_before_the_assignment_does_not_count():
    assert (
        rules.visit_overdue(
            last_visit=D(2026, 1, 1), assigned_on=D(2026, 11, 1), today=D(2026, 11, 20)
        )
        == 4
    )


def test_visit_frequency_by_argument_or_setting(settings):
    args = {"last_visit": D(2026, 11, 1), "assigned_on": D(2026, 1, 1), "today": D(2026, 11, 24)}
    assert rules.visit_overdue(**args, every_days=30) == 0
    settings.ZUGONG_INSTRUCTOR_VISIT_DAYS = 7
    assert rules.visit_overdue(**args) == 16


# Four synchronisations ----------------------------------------------------------------


def test_four_synchronisations_missing_in_order():
    assert rules.four_sync_missing({"charter", "evaluation"}) == ["登记管理同步", "年检年报同步"]
    assert rules.four_sync_missing({code for code, _ in rules.FOUR_SYNC.value}) == []
    assert len(rules.four_sync_missing(set())) == 4
