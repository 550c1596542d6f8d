"""What every app's rules share: a rule value with its source, and calendar arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    value: object
    source: str


def add_years(day: dt.date, years: int) -> dt.date:
    """Same calendar date ``years`` later; 29 February becomes the month's last day."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(day.year + years, 2, 28)


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
