"""Membership: probation, party standing, the 50-year medal and status changes (RULES.md §1, §4)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zugong.core.rules import Rule, add_years, shift_months

MIN_AGE = Rule(
    18,
    "《中国共产党章程》第一条；《中国共产党发展党员工作细则》（2014）第五条",
    "RULES.md §1.2 [V]: at least 18 (年满十八岁) on the day of joining",
)
PROBATION_YEARS = Rule(
    1,
    "《中国共产党章程》第七条；《中国共产党发展党员工作细则》（2014）第三十二条",
    "RULES.md §1.2 [V]: probation is one year from the accepting branch meeting",
)
MEDAL_NOTICE = "中办《关于做好“光荣在党50年”纪念章颁发工作的通知》（2021）"
MEDAL_YEARS = Rule(50, MEDAL_NOTICE, "RULES.md §4 [V]: living, 党龄 reaches 50 years")
MEDAL_CUTOFF = Rule((7, 1), MEDAL_NOTICE, "RULES.md §4 [V]: 党龄 counted to 1 July of the year")
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


def probation_end(joined_on: dt.date, *, extension_months: int = 0) -> dt.date:
    """The day probation ends and party standing starts (党章第七条).

    RULES.md §1.3 [S]: "end = start + 1 year (same date)" is the common convention; some
    local forms write the day before. ZUGONG_PROBATION_END_DAY_BEFORE switches to that.
    """
    end = shift_months(add_years(joined_on, PROBATION_YEARS.value), extension_months)
    if getattr(settings, "ZUGONG_PROBATION_END_DAY_BEFORE", False):
        end -= dt.timedelta(days=1)
    return end


def party_standing_years(full_on: dt.date | None, on: dt.date) -> int:
    """Whole years of party standing (党龄) on a day, counted from full membership (§1.3)."""
    if full_on is None or full_on > on:
        return 0
    years = on.year - full_on.year
    if add_years(full_on, years) > on:
        years -= 1
    return years


def medal_cutoff(year: int) -> dt.date:
    month, day = MEDAL_CUTOFF.value
    return dt.date(year, month, day)


def medal_eligible(*, full_on: dt.date | None, living: bool, year: int) -> bool:
    """光荣在党50年: living, and 党龄 reaches 50 years by 1 July of ``year`` (RULES.md §4)."""
    return (
        living
        and full_on is not None
        and party_standing_years(full_on, medal_cutoff(year)) >= MEDAL_YEARS.value
    )


def medal_latest_full_on(year: int) -> dt.date:
    """The latest full-membership date still eligible in ``year`` (for one indexed query)."""
    return add_years(medal_cutoff(year), -MEDAL_YEARS.value)


# Membership status (RULES.md §1.4) -------------------------------------------------------

EDUCATION_RULES = "《中国共产党党员教育管理工作条例》（2019）"
LOST_CONTACT_MONTHS = Rule(
    6,
    EDUCATION_RULES,
    "RULES.md §1.4 [V: secondary reproduction]: out of contact 6 months and unreachable → "
    "membership suspended; article not on record",
)
SUSPENSION_YEARS = Rule(
    2,
    EDUCATION_RULES,
    "RULES.md §1.4 [V: secondary reproduction]: still unreachable 2 years after suspension → "
    "removed as lapsed; article not on record",
)
ABSENCE_MONTHS = Rule(
    6,
    "《中国共产党章程》第九条",
    "RULES.md §1.4 [V]: 6 consecutive months without Party life and without good reason → lapse",
)
TRANSFER_VALID_DAYS = Rule(
    90,
    "本系统默认（各地介绍信有效期不一）",
    "not a regulation: a letter not received 90 days after issue is overdue; "
    "ZUGONG_TRANSFER_VALID_DAYS overrides",
)


def transfer_valid_days() -> int:
    return getattr(settings, "ZUGONG_TRANSFER_VALID_DAYS", TRANSFER_VALID_DAYS.value)


AWAY_TRANSFER_MONTHS = Rule(
    6,
    EDUCATION_RULES,
    "RULES.md §1.4 [V: secondary reproduction]: a member away 6 months or more at a fairly "
    "fixed place must transfer the membership to the organization where they are; article "
    "not on record",
)


def away_transfer_due(since: dt.date) -> dt.date:
    """The day a member who left on ``since`` for a fairly fixed place has been away six
    months, from when the membership must move there (a floating record no longer fits)."""
    return shift_months(since, AWAY_TRANSFER_MONTHS.value)
