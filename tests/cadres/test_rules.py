"""The cadre rules with the regulations' own cases (RULES.md §5–§10, LRMX.md)."""

import datetime as dt

import pytest

from zugong.cadres import rules
from zugong.cadres.models import AnnualGrade, Measure, PostLevel, Rank, SupervisionKind

D = dt.date


# ---------------------------------------------------------------- retirement (LRMX.md)


@pytest.mark.parametrize(
    ("birth", "gender", "delay", "month"),
    [
        (D(1965, 1, 15), "1", 1, D(2025, 2, 1)),  # n = 1 → 1 month (LRMX.md)
        (D(1965, 5, 3), "1", 2, D(2025, 7, 1)),  # n = 5 → 2 months (LRMX.md)
        (D(1964, 12, 31), "1", 0, D(2024, 12, 1)),  # original month before 2025: no delay
        (D(1970, 1, 1), "2", 1, D(2025, 2, 1)),  # woman cadre: 1970-01 + 55 = 2025-01, n = 1
        (D(1980, 6, 1), "1", 36, D(2043, 6, 1)),  # far ahead: capped at 36 months
    ],
)
def test_retirement_month_under_the_2025_reform(birth, gender, delay, month):
    result = rules.retirement_month(birth, gender)
    assert (result.delay_months, result.month) == (delay, month)


def test_retirement_month_for_base_age_fifty_delays_one_month_in_two():
    # 1976-03 + 50 = 2026-03: n = 15 → ceil(15/2) = 8 months.
    result = rules.retirement_month(D(1976, 3, 10), "2", base_age=50)
    assert result.original == D(2026, 3, 1)
    assert (result.delay_months, result.month) == (8, D(2026, 11, 1))
    assert rules.retirement_month(D(2000, 1, 1), "2", base_age=50).delay_months == 60


# ---------------------------------------------------------------- annual assessment


@pytest.mark.parametrize(
    ("people", "rounding", "quota"),
    [(13, "round", 3), (12, "round", 2), (13, "floor", 2), (11, "ceil", 3), (10, "round", 2)],
)
def test_excellent_quota_with_its_rounding(settings, people, rounding, quota):
    settings.ZUGONG_EXCELLENT_QUOTA_ROUNDING = rounding
    assert rules.excellent_quota(people) == quota


def test_excellent_quota_percent_is_a_setting(settings):
    settings.ZUGONG_EXCELLENT_QUOTA_PERCENT = 15  # the 2007 rule
    assert rules.excellent_quota(20) == 3


@pytest.mark.parametrize(
    ("grade", "facts", "problem"),
    [
        ("great", rules.YearFacts(), "之一"),
        (AnnualGrade.EXCELLENT, rules.YearFacts(new_recruit=True), "只写评语"),
        (AnnualGrade.COMMENTS_ONLY, rules.YearFacts(new_recruit=True), None),
        (AnnualGrade.COMPETENT, rules.YearFacts(long_leave=True), "半年"),
        (AnnualGrade.UNGRADED, rules.YearFacts(long_leave=True), None),
        (AnnualGrade.COMPETENT, rules.YearFacts(under_investigation=True), "立案审查调查"),
        (AnnualGrade.EXCELLENT, rules.YearFacts(warning_sanction=True), "警告"),
        (AnnualGrade.COMPETENT, rules.YearFacts(warning_sanction=True), None),
        (AnnualGrade.EXCELLENT, rules.YearFacts(admonished=True), "诫勉"),
        (AnnualGrade.COMPETENT, rules.YearFacts(heavier_sanction=True), "记过"),
        (AnnualGrade.UNGRADED, rules.YearFacts(), "没有不定等次的情形"),
        (AnnualGrade.BASIC, rules.YearFacts(), None),
    ],
)
def test_annual_grade_special_cases(grade, facts, problem):
    found = rules.annual_grade_problem(grade, facts)
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_consequences_of_runs_of_grades():
    E, C, B, U = (
        AnnualGrade.EXCELLENT,
        AnnualGrade.COMPETENT,
        AnnualGrade.BASIC,
        AnnualGrade.INCOMPETENT,
    )
    found = rules.assessment_consequences({2021: E, 2022: E, 2023: E, 2024: C, 2025: U, 2026: U})
    codes = [(c.code, c.year) for c in found]
    assert ("merit", 2023) in codes
    assert ("demotion", 2025) in codes
    assert ("dismissal", 2026) in codes
    assert "连续两年不称职" in next(c.text for c in found if c.code == "dismissal")
    # Two excellent years are not three; a gap breaks the run.
    assert not [c for c in rules.assessment_consequences({2022: E, 2023: E}) if c.code == "merit"]
    assert not [
        c for c in rules.assessment_consequences({2021: E, 2022: E, 2024: E}) if c.code == "merit"
    ]
    basic = rules.assessment_consequences({2024: B, 2025: B})
    assert [c.code for c in basic] == ["admonishment", "adjustment"]


# ---------------------------------------------------------------- ranks


def test_rank_ladder_and_county_cap():
    assert rules.next_rank(Rank.PRINCIPAL_CLERK_4) == Rank.PRINCIPAL_CLERK_3
    assert rules.next_rank(Rank.INSPECTOR_1) is None
    assert rules.rank_above_cap(Rank.RESEARCHER_1, county_or_township_organ=True)
    assert "二级调研员以下" in rules.rank_above_cap(
        Rank.RESEARCHER_1, county_or_township_organ=True
    )
    assert rules.rank_above_cap(Rank.RESEARCHER_2, county_or_township_organ=True) is None
    assert rules.rank_above_cap(Rank.RESEARCHER_1, county_or_township_organ=False) is None


def test_rank_eligibility_two_years_with_an_excellent_year_shortened():
    # 四级主任科员 since 2020-01-01; 2020 优秀 → 24 - 6 = 18 months → 2021-07-01.
    result = rules.rank_eligibility(
        rank=Rank.PRINCIPAL_CLERK_4,
        since=D(2020, 1, 1),
        grades={2020: AnnualGrade.EXCELLENT, 2021: AnnualGrade.COMPETENT},
        county_or_township_organ=True,
        today=D(2026, 11, 24),
    )
    assert result.target == Rank.PRINCIPAL_CLERK_3
    assert result.earliest == D(2021, 7, 1)
    assert result.required_months == 18


def test_rank_eligibility_basic_and_ungraded_years_do_not_count():
    result = rules.rank_eligibility(
        rank=Rank.CLERK_1,
        since=D(2022, 3, 1),
        grades={2023: AnnualGrade.BASIC, 2024: AnnualGrade.UNGRADED, 2025: AnnualGrade.COMPETENT},
        county_or_township_organ=True,
        today=D(2026, 11, 24),
    )
    assert result.earliest == D(2026, 3, 1)  # 24 + 12 + 12 months
    assert len(result.notes) == 2


def test_rank_eligibility_year_counting_is_a_setting(settings):
    kwargs = {
        "rank": Rank.CLERK_1,
        "since": D(2022, 3, 1),
        "grades": {2022: AnnualGrade.EXCELLENT},
        "county_or_township_organ": True,
        "today": D(2026, 11, 24),
    }
    assert rules.rank_eligibility(**kwargs).earliest == D(2024, 3, 1)  # 2022 not whole
    settings.ZUGONG_RANK_YEAR_COUNTING = "started"
    assert rules.rank_eligibility(**kwargs).earliest == D(2023, 9, 1)


def test_rank_eligibility_incompetent_blocks_and_county_cap_blocks():
    blocked = rules.rank_eligibility(
        rank=Rank.CLERK_1,
        since=D(2020, 1, 1),
        grades={2021: AnnualGrade.INCOMPETENT},
        county_or_township_organ=True,
        today=D(2026, 11, 24),
    )
    assert blocked.earliest is None
    assert "不称职" in blocked.blocked
    capped = rules.rank_eligibility(
        rank=Rank.RESEARCHER_2,
        since=D(2020, 1, 1),
        grades={},
        county_or_township_organ=True,
        today=D(2026, 11, 24),
    )
    assert capped.earliest is None
    assert "二级调研员" in capped.blocked


def test_rank_quota_findings_at_county_level(settings):
    # 50 posts: 二级调研员 ≤ 1, 三四级调研员 ≤ 5 (三级 ≤ 2), 主任科员 ≤ 30.
    found = rules.rank_quota_findings(
        50, {Rank.RESEARCHER_2: 2, Rank.RESEARCHER_3: 2, Rank.RESEARCHER_4: 2, "zrky4": 30}
    )
    assert [(f["cap"], f["held"], f["over"]) for f in found] == [
        (1, 2, True),
        (5, 4, False),
        (2, 2, False),
        (30, 30, False),
    ]
    settings.ZUGONG_RANK_QUOTAS = {"dyy2": 5, "dyy34": 10, "dyy3_of_34": 40, "zrky": 60}
    assert not rules.rank_quota_findings(50, {Rank.RESEARCHER_2: 2})[0]["over"]


def test_staff_grade_seven_needs_four_years_at_eight():
    result = rules.staff_grade_eligibility(
        grade=8,
        since=D(2021, 1, 1),
        grades={2021: AnnualGrade.EXCELLENT},
        today=D(2026, 11, 24),
    )
    assert result.earliest == D(2024, 7, 1)  # 48 - 6 months
    top = rules.staff_grade_eligibility(
        grade=5, since=D(2021, 1, 1), grades={}, today=D(2026, 1, 1)
    )
    assert top.earliest is None
    assert top.blocked


# ---------------------------------------------------------------- bars and the verdict


def _facts(**kwargs):
    base = {
        "name": "韦立新",
        "birth": D(1985, 4, 2),
        "gender": "1",
        "work_started_on": D(2007, 7, 1),
        "education_codes": ("21",),
    }
    return rules.CadreFacts(**{**base, **kwargs})


def _fact(kind, measure, decided_on, label="", is_open=False):
    return rules.SupervisionFact(kind, measure, decided_on, is_open=is_open, label=label)


@pytest.mark.parametrize(
    ("kind", "measure", "months"),
    [
        (SupervisionKind.ADMONISHMENT, "", 6),
        (SupervisionKind.PARTY_SANCTION, Measure.PARTY_WARNING, 12),
        (SupervisionKind.PARTY_SANCTION, Measure.PARTY_SERIOUS_WARNING, 18),
        (SupervisionKind.PARTY_SANCTION, Measure.PARTY_POST_REMOVAL, 24),
        (SupervisionKind.STATE_SANCTION, Measure.STATE_WARNING, 6),
        (SupervisionKind.STATE_SANCTION, Measure.STATE_DEMERIT, 12),
        (SupervisionKind.STATE_SANCTION, Measure.STATE_MAJOR_DEMERIT, 18),
        (SupervisionKind.STATE_SANCTION, Measure.STATE_DEMOTION, 24),
        (SupervisionKind.ORG_HANDLING, Measure.ORG_POST_ADJUSTMENT, 12),
        (SupervisionKind.ORG_HANDLING, Measure.ORG_DEMOTION, 24),
    ],
)
def test_each_bar_runs_for_its_period(kind, measure, months):
    bar = rules.bar_of(_fact(kind, measure, D(2026, 3, 15)))
    assert bar.until == rules.shift_months(D(2026, 3, 15), months)
    assert bar.source


def test_reminders_and_inquiries_do_not_bar():
    assert rules.bar_of(_fact(SupervisionKind.REMINDER, "", D(2026, 3, 1))) is None
    assert rules.bar_of(_fact(SupervisionKind.INQUIRY, "", D(2026, 3, 1))) is None


def test_several_bars_the_longest_end_wins():
    facts = _facts(
        supervision=(
            _fact(SupervisionKind.ADMONISHMENT, "", D(2026, 6, 1), "诫勉"),
            _fact(SupervisionKind.PARTY_SANCTION, Measure.PARTY_WARNING, D(2026, 2, 1), "党内警告"),
        )
    )
    verdict = rules.promotion_verdict(facts, D(2026, 9, 1))
    assert not verdict.allowed
    assert verdict.until == D(2027, 2, 1)  # the warning's year outlasts the admonishment
    assert "诫勉" in verdict.text
    assert "党内警告" in verdict.text
    assert "2027年02月01日" in verdict.text
    assert rules.promotion_verdict(facts, D(2027, 2, 1)).allowed


def test_an_open_suspension_bars_without_an_end():
    facts = _facts(
        supervision=(
            _fact(
                SupervisionKind.ORG_HANDLING,
                Measure.ORG_SUSPENSION,
                D(2026, 5, 1),
                "停职检查",
                is_open=True,
            ),
        )
    )
    verdict = rules.promotion_verdict(facts, D(2026, 11, 1))
    assert not verdict.allowed
    assert verdict.until is None
    assert "处理未结束" in verdict.text


def test_probation_and_recent_basic_grade_block_promotion():
    facts = _facts(
        posts=((PostLevel.TOWNSHIP_DEPUTY, D(2026, 3, 1), None, True, True),),
        grades={2024: AnnualGrade.BASIC},
    )
    verdict = rules.promotion_verdict(facts, D(2026, 11, 24))
    assert not verdict.allowed
    assert any("试用期未满" in r for r in verdict.reasons)
    assert any("2024年度考核为基本称职" in r for r in verdict.reasons)
    assert verdict.until == D(2028, 1, 1)  # 2024 leaves the three-year window
    assert rules.promotion_verdict(_facts(), D(2026, 11, 24)).allowed


def test_post_qualification_deputy_to_principal_needs_two_years():
    facts = _facts(
        posts=((PostLevel.TOWNSHIP_DEPUTY, D(2025, 1, 1), None, False, True),),
        last_training_on=D(2024, 5, 1),
    )
    checks = rules.post_qualification(
        facts, target=PostLevel.TOWNSHIP_PRINCIPAL, on=D(2026, 11, 24)
    )
    failing = [c.text for c in checks if not c.ok]
    assert failing == ["任乡科级副职22个月（副职提任正职应满两年）"]


def test_post_qualification_for_a_county_post():
    facts = _facts(
        work_started_on=D(2023, 7, 1),
        education_codes=("41",),
        posts=(
            (PostLevel.TOWNSHIP_DEPUTY, D(2018, 1, 1), D(2020, 1, 1), False, True),
            (PostLevel.TOWNSHIP_PRINCIPAL, D(2020, 1, 1), None, False, True),
        ),
        grassroots_months=30,
    )
    checks = {
        c.text: c.ok
        for c in rules.post_qualification(
            facts, target=PostLevel.COUNTY_DEPUTY, on=D(2026, 11, 24), exceptional=True
        )
    }
    assert checks["工龄3年（应满5年）"] is False
    assert checks["基层工作经历2年（应满2年）"] is True
    assert checks["下一级职位任职经历2个（一般应有2个以上）"] is True
    assert checks["任乡科级正职82个月（下级正职提任上级副职应满三年）"] is True
    assert checks["学历低于大学专科"] is False


# ---------------------------------------------------------------- young cadres, teams, records


def _member(age, gender="1", ethnicity="01", political="01", education="21"):
    return rules.TeamMember("某", age, gender, ethnicity, political, education)


def test_team_structure_warns_what_the_team_lacks():
    team = [_member(52), _member(45), _member(41)]
    result = rules.team_structure(team, level="township", is_government=True)
    assert result.women == 0
    assert result.young == 0
    assert "缺少女干部" in result.warnings
    assert "缺少35岁及以下的年轻干部" in result.warnings
    assert "年龄梯次不合理（老中青未形成梯次）" in result.warnings
    assert "政府班子缺少党外干部" in result.warnings
    good = rules.team_structure(
        [_member(52), _member(44, gender="2"), _member(33, political="13")],
        level="township",
        is_government=True,
    )
    assert good.warnings == []
    assert good.average_age == 43.0


def test_young_line_is_a_setting(settings):
    assert rules.young_line("township") == 35
    settings.ZUGONG_YOUNG_AGE_LINES = {"township": 32}
    assert rules.young_line("township") == 32


def test_resume_gaps_and_overlaps():
    periods = [
        (D(2003, 9, 1), D(2007, 7, 1)),
        (D(2007, 7, 1), D(2012, 3, 1)),
        (D(2012, 5, 1), D(2016, 1, 1)),  # two months missing
        (D(2015, 10, 1), None),  # starts before the previous ends
    ]
    problems = rules.resume_problems(periods)
    assert problems == [
        "简历第2段与第3段之间断档：2012.03至2012.05",
        "简历第3段与第4段时间重叠：2015.10早于2016.01",
    ]
    assert rules.resume_problems([*periods[:2], (D(2012, 3, 1), None)]) == []


def test_three_ages_two_histories():
    problems = rules.record_problems(
        birth=D(1990, 5, 1),
        work_started_on=D(2005, 7, 1),  # aged 15
        party_joined_on=D(2007, 6, 1),  # aged 17
        full_time_graduated_on=D(2012, 7, 1),  # after starting work
        periods=[(D(2001, 9, 1), None)],  # aged 11
        today=D(2026, 11, 24),
    )
    assert len(problems) == 4
    assert any("未满16周岁" in p for p in problems)
    assert any("未满18周岁" in p for p in problems)
    assert any("晚于参加工作时间" in p for p in problems)
    assert "简历起始年月早于12周岁" in problems


def test_the_redacted_verdict_keeps_the_answer_and_hides_the_bar():
    facts = _facts(
        supervision=(_fact(SupervisionKind.ADMONISHMENT, "", D(2026, 6, 1), "诫勉"),),
        posts=((PostLevel.TOWNSHIP_DEPUTY, D(2026, 3, 1), None, True, True),),
    )
    full = rules.promotion_verdict(facts, D(2026, 9, 1))
    assert full.bars == 1
    hidden = rules.redacted(full)
    assert not hidden.allowed
    assert "诫勉" not in hidden.text
    assert any("试用期未满" in r for r in hidden.reasons)  # not a supervision matter
    assert hidden.until is None
    assert rules.redacted(rules.promotion_verdict(_facts(), D(2026, 9, 1))).allowed
