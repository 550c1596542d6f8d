"""How organizations are set up and when their leading bodies are elected (RULES.md §2.1, §2.3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
                _("正式党员只有%(n)d名，不足%(min)d名，应与邻近单位成立联合党支部")
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
    if has_committee is False and full_members >= BRANCH_COMMITTEE_MIN_FULL.value:
        findings.append(
            StructureFinding(
                "committee_needed",
                _("正式党员%(n)d名，达到%(min)d名，应设立支部委员会")
                % {"n": full_members, "min": BRANCH_COMMITTEE_MIN_FULL.value},
                BRANCH_COMMITTEE_MIN_FULL.source,
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
