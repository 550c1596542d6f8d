"""Rules of party membership as data with their sources, and the one function applying each.

Each rule's ``source`` is the regulation and article a user reads; its ``note`` is for
developers: the RULES.md section, the confidence tag and, where RULES.md marks a convention
[S] or [M], the setting that overrides the listed default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from zugong.core.rules import Rule, add_years, shift_months

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


# Party dues (RULES.md §3; 中组发〔2008〕3号) ------------------------------------------------

DUES_SOURCE = "《关于中国共产党党费收缴、使用和管理的规定》（中组发〔2008〕3号）"
# (upper bound of the monthly base in 元, or None for "above"; rate). The rate applies to
# the whole base, not to the part inside the band (Art. 2).
DUES_EMPLOYED_BANDS = Rule(
    [
        (Decimal("3000"), Decimal("0.005")),
        (Decimal("5000"), Decimal("0.01")),
        (Decimal("10000"), Decimal("0.015")),
        (None, Decimal("0.02")),
    ],
    DUES_SOURCE + "第二条",
    "RULES.md §3 [V]: after-tax base ≤ 3000 0.5%, ≤ 5000 1%, ≤ 10000 1.5%, above 2%",
)
DUES_RETIREE_BANDS = Rule(
    [(Decimal("5000"), Decimal("0.005")), (None, Decimal("0.01"))],
    DUES_SOURCE + "第五条",
    "RULES.md §3 [V]: pension ≤ 5000 0.5%, above 1%",
)
DUES_FIXED = Rule(
    Decimal("0.20"),
    DUES_SOURCE + "第六条",
    "RULES.md §3 [V]: students, laid-off, relief and minimum-allowance members 0.2 元 a month",
)
DUES_FARMER_RANGE = Rule(
    (Decimal("0.20"), Decimal("1.00")),
    DUES_SOURCE + "第六条",
    "RULES.md §3 [V]: farmer members 0.2 to 1 元 a month",
)
DUES_BACKPAY_MONTHS = Rule(
    6, DUES_SOURCE + "第十二条", "RULES.md §3 [V]: back-payment generally at most 6 months"
)
DUES_CENTRAL_THRESHOLD = Rule(
    Decimal("1000"),
    DUES_SOURCE + "第十一条",
    "RULES.md §3 [V]: a single voluntary payment of 1000 元 or more goes to the Centre",
)
LAPSE_MONTHS = Rule(
    6,
    "《中国共产党章程》第九条",
    "RULES.md §1.4, §3 [V]: 6 consecutive months of unpaid dues without good reason → lapse",
)


def _band_rate(base: Decimal, bands) -> Decimal:
    for upper, rate in bands:
        if upper is None or base <= upper:
            return rate
    raise ValueError("bands must end with an open band")


def monthly_dues(
    occupation: str, base: Decimal | None, *, farmer_amount: Decimal | None = None
) -> Decimal | None:
    """Dues for one month in 元, two decimals; None when a base is needed and missing.

    Salaried, annual-salary and self-employed members: base × rate of its band (Arts. 1–4);
    retirees: pension × retiree rate (Art. 5); farmers: the amount the branch set, 0.2–1 元;
    students and low-income members: 0.2 元 (Art. 6). Rounding to 分 is not specified by
    the rules: ZUGONG_DUES_ROUNDING (default ROUND_HALF_UP) chooses it.
    """
    rounding = getattr(settings, "ZUGONG_DUES_ROUNDING", ROUND_HALF_UP)
    if occupation in ("student", "low_income"):
        return DUES_FIXED.value
    if occupation == "farmer":
        low, high = DUES_FARMER_RANGE.value
        amount = farmer_amount if farmer_amount is not None else low
        return min(max(amount, low), high).quantize(Decimal("0.01"))
    if base is None:
        return None
    bands = DUES_RETIREE_BANDS.value if occupation == "retired" else DUES_EMPLOYED_BANDS.value
    return (base * _band_rate(base, bands)).quantize(Decimal("0.01"), rounding=rounding)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole calendar months from ``first``'s month to ``last``'s month."""
    return (last.year - first.year) * 12 + last.month - first.month


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, 1)


def backpay_allowed(month: dt.date, paid_on: dt.date) -> bool:
    """A month may be paid late for at most six months after it (Art. 12)."""
    return months_between(month, paid_on) <= DUES_BACKPAY_MONTHS.value


def lapse_flag(consecutive_unpaid_months: int) -> bool:
    return consecutive_unpaid_months >= LAPSE_MONTHS.value


# Organizational life (RULES.md §2.2) ---------------------------------------------------

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
