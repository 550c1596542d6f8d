"""Party dues (RULES.md §3; 中组发〔2008〕3号)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from zugong.core.rules import Rule
from zugong.party.rules.calendar import add_months, month_start, months_between

CENT = Decimal("0.01")
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
# "一般" (generally) makes the six months a convention, not a bar: past it a back-payment
# is accepted with a recorded reason and a warning ("warn"), or refused ("refuse").
DUES_BACKPAY_POLICY = Rule(
    "warn",
    DUES_SOURCE + "第十二条",
    "RULES.md §3 [V] 'generally ≤ 6 months'; setting ZUGONG_DUES_BACKPAY_POLICY: "
    "warn (default: accepted with a recorded reason and a warning) or refuse",
)
BACKPAY_POLICIES = ("warn", "refuse")
# Art. 4: members without a monthly wage (self-employed and others) pay on the average
# monthly net income of the previous calendar quarter; the value is the months averaged.
DUES_INCOME_QUARTER = Rule(
    3,
    DUES_SOURCE + "第四条",
    "RULES.md §3 [V]: base = average monthly net income of the previous quarter, "
    "same bands as Art. 2; computed from the recorded incomes (MemberIncome)",
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


class IncomeMissing(ValueError):
    """The previous quarter's incomes are not all recorded: no base is guessed."""

    def __init__(self, year: int, quarter: int, months: list[dt.date]):
        super().__init__(f"{year} Q{quarter}: {[f'{m:%Y-%m}' for m in months]}")
        self.year, self.quarter, self.months = year, quarter, months


class FarmerDues(NamedTuple):
    due: Decimal
    extra: Decimal


def _band_rate(base: Decimal, bands) -> Decimal:
    for upper, rate in bands:
        if upper is None or base <= upper:
            return rate
    raise ValueError("bands must end with an open band")


def _rounding():
    return getattr(settings, "ZUGONG_DUES_ROUNDING", ROUND_HALF_UP)


def farmer_dues(amount: Decimal) -> FarmerDues:
    """A farmer member's monthly amount split into dues and voluntary extra (Arts. 6, 11).

    The dues are 0.2 to 1 元 a month; what is paid above 1 元 is a voluntary extra
    (自愿多交, unlimited). An amount below 0.2 元 is not a month's dues: ValueError.
    """
    low, high = DUES_FARMER_RANGE.value
    amount = Decimal(amount).quantize(CENT)
    if amount < low:
        raise ValueError(f"farmer dues below {low}")
    due = min(amount, high)
    return FarmerDues(due, amount - due)


def monthly_dues(
    occupation: str, base: Decimal | None, *, farmer_amount: Decimal | None = None
) -> Decimal | None:
    """Dues for one month in 元, two decimals; None when a base is needed and missing.

    Salaried, annual-salary and self-employed members: base × rate of its band (Arts. 1–4;
    the self-employed base is ``self_employed_base``); retirees: pension × retiree rate
    (Art. 5); farmers: the dues part of the amount the branch set (``farmer_dues``: 0.2–1
    元, the rest is voluntary extra); students and low-income members: 0.2 元 (Art. 6).
    Rounding to 分 is not specified by the rules: ZUGONG_DUES_ROUNDING (default
    ROUND_HALF_UP) chooses it.
    """
    if occupation in ("student", "low_income"):
        return DUES_FIXED.value
    if occupation == "farmer":
        low, _high = DUES_FARMER_RANGE.value
        return farmer_dues(farmer_amount if farmer_amount is not None else low).due
    if base is None:
        return None
    bands = DUES_RETIREE_BANDS.value if occupation == "retired" else DUES_EMPLOYED_BANDS.value
    return (base * _band_rate(base, bands)).quantize(CENT, rounding=_rounding())


def previous_quarter(month: dt.date) -> tuple[int, int, dt.date]:
    """The calendar quarter before ``month``'s: (year, quarter 1–4, its first month)."""
    first = add_months(month_start(month).replace(month=(month.month - 1) // 3 * 3 + 1), -3)
    return first.year, (first.month - 1) // 3 + 1, first


def self_employed_base(month: dt.date, incomes) -> Decimal:
    """The dues base for ``month`` of a member without a monthly wage (Art. 4): the average
    monthly net income of the previous calendar quarter, two decimals.

    ``incomes`` are (first month, months covered: 1 or 3, net income of that period)
    triples; a quarter is recorded month by month or as one quarterly total. A month of
    the quarter that no record covers raises IncomeMissing: no base is guessed (a month
    covered twice, which the service refuses to record, raises ValueError).
    """
    year, quarter, first = previous_quarter(month)
    span = DUES_INCOME_QUARTER.value
    months = [add_months(first, i) for i in range(span)]
    covered: dict[dt.date, Decimal] = {}
    total = Decimal(0)
    for start, length, amount in incomes:
        start = month_start(start)
        inside = [add_months(start, i) for i in range(length)]
        if not set(inside) <= set(months):
            continue
        for m in inside:
            if m in covered:
                raise ValueError(f"{m:%Y-%m} is recorded twice")
            covered[m] = amount
        total += Decimal(amount)
    missing = [m for m in months if m not in covered]
    if missing:
        raise IncomeMissing(year, quarter, missing)
    return (total / span).quantize(CENT, rounding=_rounding())


def goes_to_centre(voluntary: Decimal) -> bool:
    """A single voluntary payment (or a month's voluntary extra) of 1000 元 or more goes
    wholly to the Centre (Art. 11)."""
    return voluntary >= DUES_CENTRAL_THRESHOLD.value


def backpay_allowed(month: dt.date, paid_on: dt.date) -> bool:
    """Within the six months after the month in which back-payment is normal (Art. 12)."""
    return months_between(month, paid_on) <= DUES_BACKPAY_MONTHS.value


def backpay_policy() -> str:
    """What a back-payment past six months meets: "warn" (accepted with a recorded reason
    and a warning) or "refuse" (Art. 12 says "generally"). ZUGONG_DUES_BACKPAY_POLICY."""
    policy = getattr(settings, "ZUGONG_DUES_BACKPAY_POLICY", DUES_BACKPAY_POLICY.value)
    if policy not in BACKPAY_POLICIES:
        raise ImproperlyConfigured(
            f"ZUGONG_DUES_BACKPAY_POLICY must be one of {BACKPAY_POLICIES}, not {policy!r}"
        )
    return policy


def lapse_flag(consecutive_unpaid_months: int) -> bool:
    return consecutive_unpaid_months >= LAPSE_MONTHS.value
