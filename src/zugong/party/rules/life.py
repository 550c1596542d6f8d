"""Organizational life: meeting frequencies and periods (RULES.md §2.2)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zugong.core.rules import Rule
from zugong.party.rules.calendar import add_months

ORG_LIFE_SOURCE = "《中国共产党支部工作条例（试行）》（2018）"
# kind → (period, who it applies to). Periods: "month", "quarter", "year".
MEETING_FREQUENCIES = Rule(
    {
        "branch_general_meeting": ("quarter", "branch"),
        "branch_committee_meeting": ("month", "committee"),
        "group_meeting": ("month", "party_group"),
        "party_lecture": ("quarter", "branch"),
        "theme_day": ("month", "branch"),
        "org_life_meeting": ("year", "branch"),
        "member_review": ("year", "branch"),
    },
    ORG_LIFE_SOURCE + "第十一条、第十二条、第十三条、第十六条、第十七条、第十九条",
    "RULES.md §2.2: general meeting quarterly (Art. 11), committee monthly (Art. 12), group "
    "monthly (Art. 13), theme day monthly (Art. 16), org-life meeting yearly (Art. 17) [V]; "
    "member review yearly, given as Art. ~19; party lecture quarterly is common practice [S]; "
    "ZUGONG_MEETING_FREQUENCIES overrides by kind",
)
EXCELLENT_SHARE = Rule(
    (1, 3),
    "共产党员网《民主评议党员》指导",
    "RULES.md §2.2 [V]: 优秀 generally at most one third of the branch's members",
)


def meeting_frequencies() -> dict[str, tuple[str, str]]:
    """The frequencies in force: the rule, with ZUGONG_MEETING_FREQUENCIES overriding kinds."""
    return {**MEETING_FREQUENCIES.value, **getattr(settings, "ZUGONG_MEETING_FREQUENCIES", {})}


def period_key(kind: str, day: dt.date) -> tuple[int, int]:
    if kind == "year":
        return (day.year, 0)
    if kind == "quarter":
        return (day.year, (day.month - 1) // 3 + 1)
    return (day.year, day.month)


def periods(kind: str, start: dt.date, end: dt.date) -> list[tuple[str, tuple[int, int]]]:
    """The (label, key) of each period of a frequency that starts within [start, end]."""
    result = []
    if kind == "year":
        for year in range(start.year, end.year + 1):
            result.append((f"{year}年", (year, 0)))
    elif kind == "quarter":
        month = start.replace(day=1, month=(start.month - 1) // 3 * 3 + 1)
        while month <= end:
            result.append(
                (f"{month.year}年第{(month.month - 1) // 3 + 1}季度", period_key("quarter", month))
            )
            month = add_months(month, 3)
    else:
        month = start.replace(day=1)
        while month <= end:
            result.append((f"{month.year}年{month.month}月", period_key("month", month)))
            month = add_months(month, 1)
    return result


def excellent_cap(members: int) -> int:
    """How many may be graded 优秀 in a branch of ``members`` (≤ one third, rounded down)."""
    numerator, denominator = EXCELLENT_SHARE.value
    return members * numerator // denominator


def period_end(kind: str, key: tuple[int, int]) -> dt.date:
    year, part = key
    if kind == "year":
        return dt.date(year, 12, 31)
    if kind == "quarter":
        return add_months(dt.date(year, (part - 1) * 3 + 1, 1), 3) - dt.timedelta(days=1)
    return add_months(dt.date(year, part, 1), 1) - dt.timedelta(days=1)


# Requests for instructions and reports (请示报告) -----------------------------------------

MAJOR_MATTER_DAYS = Rule(
    15,
    "本系统默认（《中国共产党重大事项请示报告条例》（2019）要求上级党组织及时答复请示）",
    "not a regulation: the 条例 asks for a timely reply without a number of days; a request "
    "unanswered 15 days after submission is listed as overdue; "
    "ZUGONG_MAJOR_MATTER_REPLY_DAYS overrides",
)


def major_matter_reply_days() -> int:
    return getattr(settings, "ZUGONG_MAJOR_MATTER_REPLY_DAYS", MAJOR_MATTER_DAYS.value)
