"""Village collective economy (村级集体经济): income sources, weak-village tiers, the
year-end forecast, financial disclosure and contracts (RULES.md §13; next-modules R2)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError
from zugong.core.rules import Rule, shift_months
from zugong.grassroots.rules.common import plain, setting

# Income sources ------------------------------------------------------------------------

# (code, label, operating income?) — the codes are those of the ledger's IncomeSource.
SOURCES = (
    ("resource", gettext_lazy("资源发包"), True),
    ("property", gettext_lazy("物业出租"), True),
    ("service", gettext_lazy("居间服务"), True),
    ("shares", gettext_lazy("资产参股"), True),
    ("operating_other", gettext_lazy("其他经营收入"), True),
    ("subsidy", gettext_lazy("补助收入"), False),
    ("other", gettext_lazy("其他收入"), False),
)
OPERATING_PATHS = Rule(
    ("resource", "property", "service", "shares"),
    "《中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见》",
    "next-modules 2.3: the 2023 No. 1 document names resource contracting, property "
    "rental, intermediary services and shareholdings as paths of the new collective "
    "economy; other operating income is the ledger's remainder, subsidies and other income "
    "are non-operating (the 三资 system's classification)",
)


def is_operating(source: str) -> bool:
    for code, _label, operating in SOURCES:
        if code == source:
            return operating
    raise ApplicationError(_("收入来源不正确"), field="source")


def source_label(source: str) -> str:
    return next(str(label) for code, label, _operating in SOURCES if code == source)


# Tiers (薄弱村 and above) --------------------------------------------------------------------

TIER_SOURCE = "各地村级集体经济发展口径（年收入低于5万元为薄弱村，10万元以上为较强村）"
TIER_THRESHOLDS = Rule(
    (50000, 100000),
    TIER_SOURCE,
    "RULES.md §13 [V: secondary] for <5万 weak (a 2019 statistic), [S] for Guangxi's 5万 "
    "target and 10万+ as a stronger tier; (weak line, strong line) in yuan, the line itself "
    "in the upper tier; ZUGONG_COLLECTIVE_TIERS overrides",
)
TIER_MEASURE = Rule(
    "operating",
    TIER_SOURCE,
    "RULES.md §13 [M]: Guangxi targets often use operating income (经营性收入); "
    "ZUGONG_COLLECTIVE_TIER_MEASURE = operating | total",
)


def tier_thresholds() -> tuple[Decimal, Decimal]:
    weak, strong = setting("ZUGONG_COLLECTIVE_TIERS", TIER_THRESHOLDS.value)
    weak, strong = Decimal(str(weak)), Decimal(str(strong))
    if not 0 < weak < strong:
        raise ImproperlyConfigured("ZUGONG_COLLECTIVE_TIERS must be two rising positive amounts")
    return weak, strong


def tier_measure() -> str:
    measure = setting("ZUGONG_COLLECTIVE_TIER_MEASURE", TIER_MEASURE.value)
    if measure not in ("operating", "total"):
        raise ImproperlyConfigured("ZUGONG_COLLECTIVE_TIER_MEASURE must be operating or total")
    return measure


def wan(amount: Decimal) -> str:
    """Yuan as 万 the way reports write it: 50000 → 5万, 45000 → 4.5万."""
    return _("%(n)s万") % {"n": plain(Decimal(str(amount)) / 10000)}


@dataclass(frozen=True)
class Tier:
    code: str  # weak | middle | strong
    label: str
    amount: Decimal  # the measured income
    measure: str  # operating | total


@functools.lru_cache(maxsize=32)
def _tier_labels(weak: Decimal, strong: Decimal, language: str | None) -> dict[str, str]:
    # Made once per line pair and language: a ledger or the draft scores ask for tens
    # of thousands of tiers.
    return {
        "weak": _("薄弱村（<%(w)s元）") % {"w": wan(weak)},
        "middle": _("一般村（%(w)s–%(s)s元）") % {"w": wan(weak), "s": wan(strong)},
        "strong": _("较强村（%(s)s元以上）") % {"s": wan(strong)},
    }


def tier_for(*, operating: Decimal, total: Decimal) -> Tier:
    """The tier of a year's income by the measure in force."""
    weak, strong = tier_thresholds()
    measure = tier_measure()
    amount = operating if measure == "operating" else total
    code = "weak" if amount < weak else "middle" if amount < strong else "strong"
    return Tier(code, _tier_labels(weak, strong, get_language())[code], amount, measure)


# Year-end forecast ---------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    year: int
    received: Decimal
    scheduled_rest: Decimal
    run_rate: Decimal  # average non-contract income of the year's completed months
    run_rate_months: int  # the months still to come that the run rate is applied to
    projected: Decimal
    threshold: Decimal  # the weak-village line
    already_crossed: bool
    crosses: bool
    shortfall: Decimal  # 0 when the projection crosses the line


def forecast_year_end(
    *,
    year: int,
    today: dt.date,
    received: Decimal,
    scheduled_rest: Decimal,
    monthly_history: dict[int, Decimal] | None = None,
) -> Forecast:
    """Operating income projected at the end of ``year``: received so far, plus contract
    receipts still scheduled this year, plus (with ``monthly_history``) a run rate.

    ``monthly_history`` maps month → non-contract operating income received that month
    this year. The run rate is its average over the months completed before ``today``'s
    month (a month without an entry counts 0) and is applied to the months after
    ``today``'s month only: the current month's income is already in ``received`` as far
    as it has come, and is not projected. A past year projects what was received; a year
    not started projects the scheduled receipts only."""
    received, scheduled_rest = Decimal(received), Decimal(scheduled_rest)
    run_rate, months_ahead = Decimal(0), 0
    if year < today.year:
        scheduled_rest = Decimal(0)
    elif year == today.year and monthly_history is not None:
        completed = range(1, today.month)
        if completed:
            total = sum((Decimal(monthly_history.get(m, 0)) for m in completed), Decimal(0))
            run_rate = (total / len(completed)).quantize(Decimal("0.01"))
            months_ahead = 12 - today.month
    projected = received + scheduled_rest + run_rate * months_ahead
    weak, _strong = tier_thresholds()
    return Forecast(
        year=year,
        received=received,
        scheduled_rest=scheduled_rest,
        run_rate=run_rate,
        run_rate_months=months_ahead,
        projected=projected,
        threshold=weak,
        already_crossed=received >= weak,
        crosses=projected >= weak,
        shortfall=max(Decimal(0), weak - projected),
    )


# Financial disclosure (财务公开) --------------------------------------------------------------

DISCLOSURE_RULES = "《农村集体经济组织财务公开规定》"
DISCLOSURE_PERIOD = Rule(
    "quarter",
    DISCLOSURE_RULES,
    "next-modules R2 [S: official summary]: disclosed at least quarterly; "
    "ZUGONG_COLLECTIVE_DISCLOSURE_PERIOD overrides (quarter | month)",
)
BUSY_DISCLOSURE_PERIOD = Rule(
    "month",
    DISCLOSURE_RULES,
    "next-modules R2 [S: official summary]: monthly where transactions are many; "
    "ZUGONG_COLLECTIVE_BUSY_DISCLOSURE_PERIOD overrides (quarter | month)",
)
DISCLOSURE_DUE_DAY = Rule(
    15,
    "各地村务财务公开日（如每季度首月15日为公开日）",
    "next-modules R2 [S: a village-finance template]: a period is disclosed by the 15th "
    "of the month after it ends; ZUGONG_COLLECTIVE_DISCLOSURE_DUE_DAY overrides",
)


class DisclosurePeriod(NamedTuple):
    period: str  # the ledger's code: "Q1"…"Q4" or "01"…"12"
    label: str
    due_on: dt.date


def disclosure_period(busy: bool) -> str:
    if busy:
        return setting("ZUGONG_COLLECTIVE_BUSY_DISCLOSURE_PERIOD", BUSY_DISCLOSURE_PERIOD.value)
    return setting("ZUGONG_COLLECTIVE_DISCLOSURE_PERIOD", DISCLOSURE_PERIOD.value)


def disclosure_periods(year: int, busy: bool, today: dt.date) -> list[DisclosurePeriod]:
    """The periods of ``year`` that have ended before ``today``, each with the day it is
    due to be disclosed (the due day of the following month)."""
    due_day = int(setting("ZUGONG_COLLECTIVE_DISCLOSURE_DUE_DAY", DISCLOSURE_DUE_DAY.value))
    quarterly = disclosure_period(busy) == "quarter"
    step = 3 if quarterly else 1
    result = []
    for first_month in range(1, 13, step):
        start = dt.date(year, first_month, 1)
        following = shift_months(start, step)
        if following - dt.timedelta(days=1) >= today:  # the period's last day
            break
        due = following.replace(
            day=min(due_day, calendar.monthrange(following.year, following.month)[1])
        )
        if quarterly:
            quarter = (first_month - 1) // 3 + 1
            code, label = f"Q{quarter}", _("%(y)d年第%(q)d季度") % {"y": year, "q": quarter}
        else:
            code, label = f"{first_month:02d}", _("%(y)d年%(m)d月") % {"y": year, "m": first_month}
        result.append(DisclosurePeriod(code, label, due))
    return result


def missing_disclosures(
    year: int, busy: bool, disclosed: set[str], today: dt.date
) -> list[DisclosurePeriod]:
    """Ended periods past their due day (before ``today``) whose code is not in
    ``disclosed``; a period ended but not yet due is not missing."""
    return [
        period
        for period in disclosure_periods(year, busy, today)
        if period.due_on < today and period.period not in disclosed
    ]


# Contracts and income entries ----------------------------------------------------------

CONTRACT_EXPIRY_REMIND_DAYS = Rule(
    60,
    "本系统提醒口径（合同到期前提醒）",
    "not a regulation: a contract is listed as expiring from 60 days before its end; "
    "ZUGONG_CONTRACT_EXPIRY_REMIND_DAYS overrides",
)


def expiring(ends_on: dt.date, today: dt.date, *, days: int | None = None) -> bool:
    """Whether a contract ends within the reminder window (today and its end included);
    one already ended is expired, not expiring."""
    window = (
        int(setting("ZUGONG_CONTRACT_EXPIRY_REMIND_DAYS", CONTRACT_EXPIRY_REMIND_DAYS.value))
        if days is None
        else days
    )
    return 0 <= (ends_on - today).days <= window


def expired(ends_on: dt.date, today: dt.date) -> bool:
    return ends_on < today


def check_income(amount: Decimal, month: int, year: int, today: dt.date) -> None:
    """Refuse a monthly income entry with a negative amount, a month outside 1–12 or a
    month that has not begun."""
    if amount < 0:
        raise ApplicationError(_("收入金额不能为负"), field="amount")
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ApplicationError(_("月份应为1至12"), field="month")
    if (year, month) > (today.year, today.month):
        raise ApplicationError(
            _("%(y)d年%(m)d月尚未到来，不能登记收入") % {"y": year, "m": month}, field="month"
        )
