"""The retirement month (到龄年月) under the 2025 reform (formats/LRMX.md)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from zugong.cadres.rules.common import month_start, months_between, setting
from zugong.core.rules import Rule, shift_months

RETIREMENT_SOURCE = "《国务院关于渐进式延迟法定退休年龄的办法》（2024）"
RETIREMENT_BASE_AGE = Rule(
    {"1": 60, "2": 55},
    RETIREMENT_SOURCE,
    "formats/LRMX.md: original statutory ages, men 60, women cadres 55 (women workers 50); "
    "no article number on record; ZUGONG_RETIREMENT_BASE_AGES overrides",
)
RETIREMENT_REFORM_START = Rule(
    dt.date(2025, 1, 1), RETIREMENT_SOURCE, "in force from 1 January 2025; no article on record"
)
RETIREMENT_DELAY = Rule(
    {60: (4, 36), 55: (4, 36), 50: (2, 60)},
    RETIREMENT_SOURCE + "附件",
    "formats/LRMX.md: ages 60 and 55 one month per 4, at most 36; age 50 one month per 2, "
    "at most 60",
)


@dataclass(frozen=True)
class Retirement:
    original: dt.date  # first day of the original retirement month
    delay_months: int
    month: dt.date  # first day of the month the person reaches retirement age (到龄年月)
    base_age: int


def retirement_month(birth: dt.date, gender: str, *, base_age: int | None = None) -> Retirement:
    """到龄年月 under the 2025 reform: birth month + base age, delayed by one month for
    every 4 (or 2) months from January 2025 to that month, both ends included."""
    if base_age is None:
        base_age = setting("ZUGONG_RETIREMENT_BASE_AGES", RETIREMENT_BASE_AGE.value).get(gender, 60)
    original = shift_months(month_start(birth), base_age * 12)
    start = RETIREMENT_REFORM_START.value
    delay = 0
    if original >= start:
        n = months_between(start, original) + 1
        per, cap = RETIREMENT_DELAY.value.get(base_age, (4, 36))
        delay = min(cap, math.ceil(n / per))
    return Retirement(
        original=original,
        delay_months=delay,
        month=shift_months(original, delay),
        base_age=base_age,
    )
