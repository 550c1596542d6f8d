"""How organizations are set up and when their leading bodies are elected (RULES.md §2.1, §2.3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from zugong.core.rules import Rule, add_years

BRANCH_RULES = "《中国共产党支部工作条例（试行）》（2018）"
BRANCH_MIN_FULL_MEMBERS = Rule(
    3, BRANCH_RULES + "第四条", "RULES.md §2.1 [V]: 3 or more full members set up a branch"
)
BRANCH_MAX_MEMBERS = Rule(
    50, BRANCH_RULES + "第四条", "RULES.md §2.1 [V]: a branch generally has at most 50 members"
)
BRANCH_COMMITTEE_MIN_FULL = Rule(
    7, BRANCH_RULES + "第六章", "RULES.md §2.1 [V]: 7 or more full members set up a committee"
)


@dataclass(frozen=True)
class StructureFinding:
    code: str
    message: str
    source: str


def branch_structure_findings(
    *,
    full_members: int,
    all_members: int,
    has_committee: bool | None = None,
    committee_seats: int = 0,
) -> list[StructureFinding]:
    """What a branch's size says about how it must be organized (§2.1). Counts of 3 and 7
    are full members only; the 50 limit counts all members."""
    findings = []
    if full_members < BRANCH_MIN_FULL_MEMBERS.value:
        findings.append(
            StructureFinding(
                "joint_branch_needed",
                _("正式党员%(n)d名，不足%(min)d名，应与邻近单位成立联合党支部")
                % {"n": full_members, "min": BRANCH_MIN_FULL_MEMBERS.value},
                BRANCH_MIN_FULL_MEMBERS.source,
            )
        )
    if all_members > BRANCH_MAX_MEMBERS.value:
        findings.append(
            StructureFinding(
                "branch_too_large",
                _("党员%(n)d名，超过%(max)d名，一般应分设党支部或成立党总支")
                % {"n": all_members, "max": BRANCH_MAX_MEMBERS.value},
                BRANCH_MAX_MEMBERS.source,
            )
        )
    needs_committee = full_members >= BRANCH_COMMITTEE_MIN_FULL.value
    if has_committee is False and needs_committee:
        findings.append(
            StructureFinding(
                "committee_needed",
                _("正式党员%(n)d名，达到%(min)d名，应设立支部委员会")
                % {"n": full_members, "min": BRANCH_COMMITTEE_MIN_FULL.value},
                BRANCH_COMMITTEE_MIN_FULL.source,
            )
        )
    elif has_committee and needs_committee and committee_seats < COMMITTEE_MIN_SEATS.value:
        # A secretary alone (and a deputy) serves a branch under 7 full members; from 7 on
        # the branch elects a committee of 3 to 5.
        findings.append(
            StructureFinding(
                "committee_too_small",
                _("正式党员%(n)d名，支部委员会现有%(s)d名委员，应由%(min)d至5名委员组成")
                % {"n": full_members, "s": committee_seats, "min": COMMITTEE_MIN_SEATS.value},
                COMMITTEE_MIN_SEATS.source,
            )
        )
    if committee_seats > COMMITTEE_MAX_SEATS.value:
        findings.append(
            StructureFinding(
                "committee_too_large",
                _("支部委员会有%(n)d名委员，一般不超过%(max)d名")
                % {"n": committee_seats, "max": COMMITTEE_MAX_SEATS.value},
                COMMITTEE_MAX_SEATS.source,
            )
        )
    return findings


# General branches and basic-level committees (RULES.md §2.1; next-modules R1) ----------

ORGAN_RULES = "《中国共产党党和国家机关基层组织工作条例》（2019）"
SETUP_SOURCE = "《中国共产党章程》第三十条；各地基层党组织设置规定"
GENERAL_BRANCH_MIN_MEMBERS = Rule(
    {"organ": (50, ORGAN_RULES + "第六条"), "other": (50, SETUP_SOURCE)},
    ORGAN_RULES + "第六条",
    "RULES.md §2.1 [V: secondary]; next-modules R1 [V] for organs (Art. 6: 50 or more and up "
    "to 100 members → general branch, fewer with approval). Outside organs the Constitution "
    "(Art. 30) leaves the numbers to the sector and local rules, which use the same 50",
)
COMMITTEE_MIN_MEMBERS = Rule(
    {"organ": (100, ORGAN_RULES + "第五条"), "other": (100, SETUP_SOURCE)},
    ORGAN_RULES + "第五条",
    "RULES.md §2.1 [V: secondary]; next-modules R1 [V] for organs (Art. 5: 100 or more → a "
    "basic-level committee, term generally 5 years, fewer with approval)",
)
COMMITTEE_BOUNDARY_INCLUSIVE = Rule(
    True,
    ORGAN_RULES + "第五条、第六条",
    "RULES.md §2.1: sources differ between '超过100人' and '100人及以上'; the organ regulation's "
    "'以上' includes the number, so 100 members may set up a committee by default. "
    "ZUGONG_COMMITTEE_BOUNDARY_INCLUSIVE=False makes it 'more than 100'",
)


def committee_boundary_inclusive() -> bool:
    return getattr(
        settings, "ZUGONG_COMMITTEE_BOUNDARY_INCLUSIVE", COMMITTEE_BOUNDARY_INCLUSIVE.value
    )


def _setup_rule(rule: Rule, category: str) -> tuple[int, str]:
    table = rule.value
    return table["organ"] if category == "organ" else table["other"]


def committee_possible(members: int, category: str) -> bool:
    """Whether ``members`` (all members, probationary included) reach the committee line."""
    line, _source = _setup_rule(COMMITTEE_MIN_MEMBERS, category)
    return members >= line if committee_boundary_inclusive() else members > line


def setup_findings(*, kind: str, category: str, all_members: int) -> list[StructureFinding]:
    """What the member count says about the form an organization may take: a branch past 50
    may become a general branch, any organization at the committee line a basic-level
    committee (both with the higher organization's approval); a general branch under 50
    or a committee under the line exists only with that approval."""
    branch_min, branch_source = _setup_rule(GENERAL_BRANCH_MIN_MEMBERS, category)
    committee_min, committee_source = _setup_rule(COMMITTEE_MIN_MEMBERS, category)
    values = {"n": all_members, "g": branch_min, "c": committee_min}
    reach = _("达到") if committee_boundary_inclusive() else _("超过")
    findings = []
    if kind in ("branch", "general_branch") and committee_possible(all_members, category):
        findings.append(
            StructureFinding(
                "committee_possible",
                _("党员%(n)d名，%(r)s%(c)d名，经上级党组织批准可以成立党的基层委员会（任期5年）")
                % {**values, "r": reach},
                committee_source,
            )
        )
    elif kind == "branch" and all_members > BRANCH_MAX_MEMBERS.value:
        findings.append(
            StructureFinding(
                "general_branch_possible",
                _("党员%(n)d名，在%(g)d名以上、不足%(c)d名，可以成立党总支（任期3年）") % values,
                branch_source,
            )
        )
    if kind == "general_branch" and all_members < branch_min:
        findings.append(
            StructureFinding(
                "general_branch_small",
                _("党员%(n)d名，不足%(g)d名；党总支须经上级党组织批准设立") % values,
                branch_source,
            )
        )
    if kind == "grassroots_committee" and not committee_possible(all_members, category):
        findings.append(
            StructureFinding(
                "committee_small",
                _("党员%(n)d名，未%(r)s%(c)d名；基层党委须经上级党组织批准设立")
                % {**values, "r": reach},
                committee_source,
            )
        )
    return findings


# Terms of office (RULES.md §2.3) -------------------------------------------------------

TERM_YEARS = Rule(
    {
        "village_or_community": 5,
        "township_committee": 5,
        "grassroots_committee": 5,
        "general_branch": 3,
        "branch": 3,
    },
    "《关于党的基层组织任期的意见》（2018）；" + BRANCH_RULES + "第二十一条",
    "RULES.md §2.3 [V]: grassroots committees 5 years, general branches and branches "
    "generally 3, village and community organizations 5 (the 意见's part one)",
)
MAX_POSTPONEMENT_YEARS = Rule(
    1,
    "《中国共产党基层组织选举工作条例》（2020）第三条",
    "RULES.md §2.3 [V]: postponing or advancing generally at most 1 year",
)
DUE_SOON_DAYS = Rule(
    90, "本系统提醒口径", "not a regulation: listed as due soon from 90 days before the term ends"
)
COMMITTEE_MAX_SEATS = Rule(
    7, BRANCH_RULES + "第六章", "RULES.md §2.1 [V]: a branch committee generally at most 7"
)
COMMITTEE_MIN_SEATS = Rule(
    3, BRANCH_RULES + "第六章", "RULES.md §2.1 [V]: a branch committee has 3 to 5 members"
)
ELECTING_KINDS = ("township_committee", "grassroots_committee", "general_branch", "branch")


def term_years(kind: str, category: str) -> int:
    """Term of a leading body by organization kind; village and community ones serve 5 years."""
    table = TERM_YEARS.value
    if category in ("village", "community"):
        return table["village_or_community"]
    return table[kind]


def election_due(elected_on: dt.date, years: int) -> dt.date:
    return add_years(elected_on, years)


def latest_postponement(elected_on: dt.date, years: int) -> dt.date:
    return add_years(election_due(elected_on, years), MAX_POSTPONEMENT_YEARS.value)


def election_state(
    *, elected_on: dt.date, years: int, postponed_until: dt.date | None, on: dt.date
) -> tuple[str, dt.date]:
    """("overdue" | "due_soon" | "ok", the date the election is due by).

    Overdue when the term has run out and no approved postponement covers the day (§2.3).
    """
    due = postponed_until or election_due(elected_on, years)
    if on > due:
        return "overdue", due
    if (due - on).days <= DUE_SOON_DAYS.value:
        return "due_soon", due
    return "ok", due
