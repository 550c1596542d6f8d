"""Party dues (RULES.md §3; 中组发〔2008〕3号)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from zugong.core.rules import Rule
from zugong.party.rules.calendar import months_between

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


def backpay_allowed(month: dt.date, paid_on: dt.date) -> bool:
    """A month may be paid late for at most six months after it (Art. 12)."""
    return months_between(month, paid_on) <= DUES_BACKPAY_MONTHS.value


def lapse_flag(consecutive_unpaid_months: int) -> bool:
    return consecutive_unpaid_months >= LAPSE_MONTHS.value
