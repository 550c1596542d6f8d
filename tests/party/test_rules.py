"""Each rule tested with the regulation's own cases (RULES.md §1.3, §2.1, §4)."""

import datetime as dt

import pytest

from zugong.party import rules


def test_probation_is_one_year_from_the_branch_meeting():
    # RULES.md §1.3: 2020-06-15 → 2021-06-15 (same calendar date one year later).
    assert rules.probation_end(dt.date(2020, 6, 15)) == dt.date(2021, 6, 15)


def test_a_29_february_start_ends_on_the_last_day_of_february():
    assert rules.probation_end(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)


def test_an_extension_moves_the_start_of_party_standing():
    # 党章第七条: an extended probation ends, and standing starts, when the extension ends.
    assert rules.probation_end(dt.date(2020, 6, 15), extension_months=6) == dt.date(2021, 12, 15)


def test_the_day_before_convention_is_a_setting(settings):
    settings.ZUGONG_PROBATION_END_DAY_BEFORE = True
    assert rules.probation_end(dt.date(2020, 6, 15)) == dt.date(2021, 6, 14)


@pytest.mark.parametrize(
    ("full_on", "on", "years"),
    [
        (dt.date(1971, 7, 1), dt.date(2021, 7, 1), 50),
        (dt.date(1971, 7, 2), dt.date(2021, 7, 1), 49),
        (None, dt.date(2021, 7, 1), 0),
        (dt.date(2022, 1, 1), dt.date(2021, 7, 1), 0),
    ],
)
def test_party_standing_counts_from_full_membership(full_on, on, years):
    assert rules.party_standing_years(full_on, on) == years


def test_the_2021_medal_case():
    # RULES.md §4: "Example for 2021: full member on or before 1971-07-01."
    assert rules.medal_latest_full_on(2021) == dt.date(1971, 7, 1)
    assert rules.medal_eligible(full_on=dt.date(1971, 7, 1), living=True, year=2021)
    assert not rules.medal_eligible(full_on=dt.date(1971, 7, 2), living=True, year=2021)
    assert not rules.medal_eligible(
        full_on=dt.date(1960, 1, 1), living=False, year=2021
    )  # not posthumously


def test_branch_thresholds_count_full_members():
    codes = lambda **kw: [f.code for f in rules.branch_structure_findings(**kw)]  # noqa: E731
    assert codes(full_members=2, all_members=6) == [
        "joint_branch_needed"
    ]  # probationary members do not count
    assert codes(full_members=3, all_members=3) == []
    assert codes(full_members=48, all_members=51) == ["branch_too_large"]
    assert codes(full_members=7, all_members=7, has_committee=False) == ["committee_needed"]
    assert codes(full_members=6, all_members=9, has_committee=False) == []


def test_every_rule_names_its_source():
    for rule in (
        rules.PROBATION_YEARS,
        rules.MEDAL_YEARS,
        rules.MEDAL_CUTOFF,
        rules.BRANCH_MIN_FULL_MEMBERS,
        rules.BRANCH_MAX_MEMBERS,
        rules.BRANCH_COMMITTEE_MIN_FULL,
    ):
        assert "《" in rule.source or "中办" in rule.source


def test_general_branch_and_committee_lines_of_the_organ_regulation(settings):
    """《中国共产党党和国家机关基层组织工作条例》（2019）第五条: 100 members or more → a
    basic-level committee; 第六条: 50 or more and up to 100 → a general branch. A branch
    past 50 hears that it may become a general branch, at 100 a committee."""

    def codes(kind, members, category="organ"):
        findings = rules.setup_findings(kind=kind, category=category, all_members=members)
        return [f.code for f in findings]

    assert codes("branch", 50) == []  # the branch limit itself is "generally ≤ 50"
    assert codes("branch", 51) == ["general_branch_possible"]
    assert codes("branch", 99) == ["general_branch_possible"]
    assert codes("branch", 100) == ["committee_possible"]
    assert codes("general_branch", 100) == ["committee_possible"]
    assert codes("general_branch", 49) == ["general_branch_small"]
    assert codes("general_branch", 50) == []
    assert codes("grassroots_committee", 99) == ["committee_small"]
    assert codes("grassroots_committee", 100) == []
    finding = rules.setup_findings(kind="branch", category="organ", all_members=120)[0]
    assert finding.source == "《中国共产党党和国家机关基层组织工作条例》（2019）第五条"
    assert "达到100名" in finding.message
    village = rules.setup_findings(kind="branch", category="village", all_members=120)[0]
    assert village.source.startswith("《中国共产党章程》第三十条")
    # "超过100人": the boundary exclusive by setting.
    settings.ZUGONG_COMMITTEE_BOUNDARY_INCLUSIVE = False
    assert codes("branch", 100) == ["general_branch_possible"]
    assert codes("branch", 101) == ["committee_possible"]
    assert codes("grassroots_committee", 100) == ["committee_small"]
    assert (
        "超过100名"
        in rules.setup_findings(kind="branch", category="organ", all_members=101)[0].message
    )
