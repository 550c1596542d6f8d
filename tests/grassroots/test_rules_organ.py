"""Organ rules: 《中国共产党党和国家机关基层组织工作条例》（2019） Arts. 5–7, 26, 30, and
pioneer posts (next-modules R1, R1b)."""

import datetime as dt

import pytest

from zugong.core.models import OrgKind
from zugong.grassroots import rules

D = dt.date


def codes(kind, members, full=None, has_committee=False):
    return [
        f.code
        for f in rules.organ_structure_findings(
            kind=kind,
            members=members,
            full_members=members if full is None else full,
            has_committee=has_committee,
        )
    ]


def test_kinds_are_core_org_kinds():
    assert {OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH} == {
        "grassroots_committee",
        "general_branch",
        "branch",
    }


def test_art5_100_members_set_up_a_committee_by_default():
    """Art. 5: 党员100人以上的 — "以上" includes 100."""
    found = rules.organ_structure_findings(
        kind="general_branch", members=100, full_members=95, has_committee=True
    )
    assert [f.code for f in found] == ["committee_possible"]
    assert found[0].source == "《中国共产党党和国家机关基层组织工作条例》（2019）第五条"
    assert "达到100名" in found[0].message
    assert codes("general_branch", 99) == []


def test_art5_exclusive_boundary_by_setting(settings):
    settings.ZUGONG_ORGAN_BOUNDARY_INCLUSIVE = False
    assert codes("general_branch", 100) == []
    assert codes("general_branch", 101) == ["committee_possible"]
    assert codes("grassroots_committee", 100) == ["committee_small"]
    assert (
        "未超过100名"
        in rules.organ_structure_findings(
            kind="grassroots_committee", members=100, full_members=100, has_committee=True
        )[0].message
    )


def test_art5_a_committee_under_100_needs_approval():
    assert codes("grassroots_committee", 99) == ["committee_small"]
    assert codes("grassroots_committee", 100) == []


def test_art6_a_branch_of_50_to_99_may_become_a_general_branch():
    assert codes("branch", 50, has_committee=True) == ["general_branch_possible"]
    assert codes("branch", 49, has_committee=True) == []
    assert codes("branch", 100, has_committee=True) == ["committee_possible"]


def test_art6_a_general_branch_under_50_needs_approval():
    found = rules.organ_structure_findings(
        kind="general_branch", members=49, full_members=49, has_committee=True
    )
    assert [f.code for f in found] == ["general_branch_small"]
    assert found[0].source.endswith("第六条")
    assert codes("general_branch", 50) == []


def test_art7_fewer_than_3_full_members_cannot_form_a_branch():
    """Probationary members do not count towards 3."""
    assert codes("branch", 5, full=2) == ["branch_too_few_full"]
    assert codes("branch", 5, full=3) == []


def test_art7_seven_full_members_need_a_branch_committee():
    assert codes("branch", 9, full=7) == ["branch_committee_needed"]
    assert codes("branch", 9, full=7, has_committee=True) == []
    assert codes("branch", 9, full=6) == []


def test_art7_under_seven_full_members_has_a_secretary_not_a_committee():
    found = rules.organ_structure_findings(
        kind="branch", members=8, full_members=6, has_committee=True
    )
    assert [f.code for f in found] == ["branch_committee_not_needed"]
    assert "设书记1名" in found[0].message


# Party-work staff (Art. 30) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("staff", "partywork", "code"),
    [
        (250, 2, "partywork_staff_low"),  # 0.8 % < 1 %
        (250, 3, None),
        (300, 3, None),  # exactly 1 %
        (300, 9, None),  # above 2 % is not flagged
        (40, 1, None),  # a small unit: someone responsible is enough
        (40, 0, "no_partywork_staff"),  # 0 is always a finding
        (1000, 0, "no_partywork_staff"),
        (0, 0, None),
    ],
)
def test_art30_partywork_staff_at_1_to_2_percent(staff, partywork, code):
    finding = rules.partywork_staff_finding(staff=staff, partywork_staff=partywork)
    assert (finding.code if finding else None) == code
    if finding:
        assert finding.source.endswith("第三十条")


def test_art30_message_gives_the_range():
    finding = rules.partywork_staff_finding(staff=250, partywork_staff=2)
    assert finding.message == ("机关工作人员250名，专职党务工作人员2名，按1%至2%的比例应配备3至5名")


def test_partywork_range_for_small_units():
    assert rules.partywork_staff_range(40) == (1, 1)
    assert rules.partywork_staff_range(150) == (2, 3)


# Members' meeting (Art. 26) -----------------------------------------------------------


def test_art26_at_least_one_members_meeting_a_year():
    assert rules.members_meeting_missing(0)
    assert not rules.members_meeting_missing(1)


# Pioneer posts ------------------------------------------------------------------------


def test_pioneer_posts_are_named_every_two_years():
    assert rules.pioneer_term_end(D(2026, 1, 1)) == D(2027, 12, 31)
    assert rules.pioneer_term_end(D(2024, 2, 29)) == D(2026, 2, 27)


def test_pioneer_term_setting(settings):
    settings.ZUGONG_PIONEER_TERM_YEARS = 1
    assert rules.pioneer_term_end(D(2026, 7, 1)) == D(2027, 6, 30)


def test_pioneer_steps_from_declaration_to_committee():
    steps = rules.PIONEER_STEPS.value
    assert [code for code, _ in steps] == [
        "self_declared",
        "branch_appraised",
        "branch_recommended",
        "committee_approved",
    ]
    assert str(steps[0][1]) == "个人申报"
    assert rules.pioneer_next_step(None) == "self_declared"
    assert rules.pioneer_next_step("branch_recommended") == "committee_approved"
    assert rules.pioneer_next_step("committee_approved") is None
