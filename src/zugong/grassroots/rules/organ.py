"""Organ party building (机关党建): how organ party organizations are set up, party-work
staff, the annual members' meeting and pioneer posts (next-modules R1, R1b)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.rules import Rule, add_years
from zugong.grassroots.rules.common import Finding, setting

ORGAN_REGULATION = "《中国共产党党和国家机关基层组织工作条例》（2019）"
ORGAN_COMMITTEE_MIN_MEMBERS = Rule(
    100,
    ORGAN_REGULATION + "第五条",
    "next-modules R1 [V]: 100 or more members → a basic-level committee (term generally 5 "
    "years); fewer with the higher organization's approval",
)
ORGAN_GENERAL_BRANCH_MIN_MEMBERS = Rule(
    50,
    ORGAN_REGULATION + "第六条",
    "next-modules R1 [V]: 50 or more and up to 100 members → a general branch (term "
    "generally 3 years); fewer with approval. At 100 the committee line (Art. 5) wins",
)
ORGAN_BRANCH_MIN_FULL = Rule(
    3,
    ORGAN_REGULATION + "第七条",
    "next-modules R1 [V]: 3 or more full members → a branch",
)
ORGAN_BRANCH_COMMITTEE_MIN_FULL = Rule(
    7,
    ORGAN_REGULATION + "第七条",
    "next-modules R1 [V]: 7 or more full members → a branch committee; fewer → one "
    "secretary (and a deputy if needed)",
)
ORGAN_BOUNDARY_INCLUSIVE = Rule(
    True,
    ORGAN_REGULATION + "第五条、第六条",
    "next-modules R1, RULES.md §2.1: Chinese '以上' includes the number, so 100 members "
    "reach the committee line and 50 the general-branch line by default; "
    "ZUGONG_ORGAN_BOUNDARY_INCLUSIVE=False makes them 'more than'",
)
PARTYWORK_STAFF_RATIO = Rule(
    (Decimal("0.01"), Decimal("0.02")),
    ORGAN_REGULATION + "第三十条",
    "next-modules R1 [V]: full-time party-work staff generally 1 %-2 % of the organ's "
    "staff; small units must have someone responsible (so 0 is always a finding); more "
    "than 2 % is not flagged",
)
ANNUAL_MEMBERS_MEETING_MIN = Rule(
    1,
    ORGAN_REGULATION + "第二十六条",
    "next-modules R1 [V]: Art. 26(6), at least one members' and cadres' meeting a year "
    "hearing the unit's main head",
)


def organ_boundary_inclusive() -> bool:
    return bool(setting("ZUGONG_ORGAN_BOUNDARY_INCLUSIVE", ORGAN_BOUNDARY_INCLUSIVE.value))


def _reaches(members: int, line: int) -> bool:
    return members >= line if organ_boundary_inclusive() else members > line


def organ_structure_findings(
    *, kind: str, members: int, full_members: int, has_committee: bool
) -> list[Finding]:
    """What an organ party organization's numbers say about its form. ``members`` counts
    all members (probationary included), ``full_members`` full ones only; ``kind`` is
    core's OrgKind value; ``has_committee`` is whether a branch has a branch committee."""
    committee_line = ORGAN_COMMITTEE_MIN_MEMBERS.value
    branch_line = ORGAN_GENERAL_BRANCH_MIN_MEMBERS.value
    reach = _("达到") if organ_boundary_inclusive() else _("超过")
    values = {"n": members, "f": full_members, "c": committee_line, "g": branch_line, "r": reach}
    findings = []
    if kind in ("branch", "general_branch") and _reaches(members, committee_line):
        findings.append(
            Finding(
                "committee_possible",
                _("党员%(n)d名，%(r)s%(c)d名，应当召开党员大会或代表大会选举产生党的基层委员会")
                % values,
                ORGAN_COMMITTEE_MIN_MEMBERS.source,
            )
        )
    elif kind == "branch" and _reaches(members, branch_line):
        findings.append(
            Finding(
                "general_branch_possible",
                _("党员%(n)d名，%(r)s%(g)d名、不足%(c)d名，可以成立党的总支部委员会") % values,
                ORGAN_GENERAL_BRANCH_MIN_MEMBERS.source,
            )
        )
    if kind == "branch":
        if full_members < ORGAN_BRANCH_MIN_FULL.value:
            findings.append(
                Finding(
                    "branch_too_few_full",
                    _("正式党员%(f)d名，不足%(m)d名，应与邻近单位成立联合党支部")
                    % {**values, "m": ORGAN_BRANCH_MIN_FULL.value},
                    ORGAN_BRANCH_MIN_FULL.source,
                )
            )
        line = ORGAN_BRANCH_COMMITTEE_MIN_FULL.value
        if full_members >= line and not has_committee:
            findings.append(
                Finding(
                    "branch_committee_needed",
                    _("正式党员%(f)d名，达到%(m)d名，应当成立支部委员会") % {**values, "m": line},
                    ORGAN_BRANCH_COMMITTEE_MIN_FULL.source,
                )
            )
        elif full_members < line and has_committee:
            findings.append(
                Finding(
                    "branch_committee_not_needed",
                    _("正式党员%(f)d名，不足%(m)d名，不设支部委员会，设书记1名，必要时设副书记1名")
                    % {**values, "m": line},
                    ORGAN_BRANCH_COMMITTEE_MIN_FULL.source,
                )
            )
    if kind == "general_branch" and not _reaches(members, branch_line):
        findings.append(
            Finding(
                "general_branch_small",
                _("党员%(n)d名，未%(r)s%(g)d名；党总支须经上级党组织批准设立") % values,
                ORGAN_GENERAL_BRANCH_MIN_MEMBERS.source,
            )
        )
    if kind == "grassroots_committee" and not _reaches(members, committee_line):
        findings.append(
            Finding(
                "committee_small",
                _("党员%(n)d名，未%(r)s%(c)d名；基层党委须经上级党组织批准设立") % values,
                ORGAN_COMMITTEE_MIN_MEMBERS.source,
            )
        )
    return findings


def partywork_staff_range(staff: int) -> tuple[int, int]:
    """The party-work staff an organ of ``staff`` should have: from 1 % (rounded up, at
    least 1) to 2 % (rounded down, at least the lower end)."""
    low_ratio, high_ratio = PARTYWORK_STAFF_RATIO.value
    low = max(1, math.ceil(staff * low_ratio))
    high = max(low, math.floor(staff * high_ratio))
    return low, high


def partywork_staff_finding(*, staff: int, partywork_staff: int) -> Finding | None:
    """A finding when an organ has fewer party-work staff than 1 % of its staff, and
    always when it has none (a small unit must still have someone responsible)."""
    if staff <= 0:
        return None
    source = PARTYWORK_STAFF_RATIO.source
    low, high = partywork_staff_range(staff)
    if partywork_staff <= 0:
        return Finding(
            "no_partywork_staff",
            _("机关工作人员%(s)d名，没有专职党务工作人员，也没有明确负责党务工作的人员")
            % {"s": staff},
            source,
        )
    if partywork_staff < low:
        return Finding(
            "partywork_staff_low",
            _("机关工作人员%(s)d名，专职党务工作人员%(p)d名，按1%%至2%%的比例应配备%(l)d至%(h)d名")
            % {"s": staff, "p": partywork_staff, "l": low, "h": high},
            source,
        )
    return None


def members_meeting_missing(meetings_this_year: int) -> bool:
    return meetings_this_year < ANNUAL_MEMBERS_MEETING_MIN.value


# Pioneer posts (党员先锋岗) -------------------------------------------------------------------

PIONEER_PRACTICE = "各地机关党员先锋岗创建办法"
PIONEER_TERM_YEARS = Rule(
    2,
    PIONEER_PRACTICE + "（如每两年评选一次）",
    "next-modules R1b [S]: one organ selects pioneer posts every two years; "
    "ZUGONG_PIONEER_TERM_YEARS overrides. The activity itself is 机关条例 Art. 21",
)
PIONEER_STEPS = Rule(
    (
        ("self_declared", gettext_lazy("个人申报")),
        ("branch_appraised", gettext_lazy("支部党员评议")),
        ("branch_recommended", gettext_lazy("支部推荐")),
        ("committee_approved", gettext_lazy("机关党委审核确定")),
    ),
    PIONEER_PRACTICE + "（个人申报、党员评议、支部推荐、机关党委审核）",
    "next-modules R1b [S]: self-declaration → branch members' appraisal → branch "
    "recommendation → organ committee review",
)


def pioneer_term_years() -> int:
    return int(setting("ZUGONG_PIONEER_TERM_YEARS", PIONEER_TERM_YEARS.value))


def pioneer_term_end(start: dt.date) -> dt.date:
    """The last day of a pioneer post's term: named 1 January 2026 for 2 years, it holds
    through 31 December 2027."""
    return add_years(start, pioneer_term_years()) - dt.timedelta(days=1)


def pioneer_next_step(step: str | None) -> str | None:
    """The step after ``step`` (the first one when None); None after the last."""
    codes = [code for code, _label in PIONEER_STEPS.value]
    if step is None:
        return codes[0]
    index = codes.index(step)
    return codes[index + 1] if index + 1 < len(codes) else None
