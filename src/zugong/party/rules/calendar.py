"""Calendar arithmetic the party rules share: months counted as calendar months."""

from __future__ import annotations

import datetime as dt

from zugong.core.rules import add_years, shift_months

__all__ = ["add_months", "add_years", "month_start", "months_between", "shift_months"]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole calendar months from ``first``'s month to ``last``'s month."""
    return (last.year - first.year) * 12 + last.month - first.month


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, 1)
