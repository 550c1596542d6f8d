"""What every app's rules share: a rule value with its source, and calendar arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule's value with where it comes from.

    ``source`` is what users read: the regulation's name and article only (or, where no
    regulation sets the value, the recognised form 各地… / 本系统…). ``note`` is for the
    people who keep the rules: the RULES.md section, how sure it is ([V]/[S]/[M]), the
    setting that overrides the value. It is never shown on a page or in an answer.
    """

    value: object
    source: str
    note: str = ""


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
