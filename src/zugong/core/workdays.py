"""Counting working days with China's public holidays and make-up working days.

A day is a working day when the calendar says so; a day the calendar does not list is a
working day from Monday to Friday. The calendar holds the State Council's annual notices
(国务院办公厅《关于××年部分节假日安排的通知》), shipped for the years published and
editable per year by administrators. A year the calendar does not cover counts Monday to
Friday only; ``covered_years`` tells which years are known so screens can say so.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "cn_holidays.csv"
TTL_SECONDS = 60
_cache: dict[str, tuple[float, dict[dt.date, bool]]] = {}


def shipped_rows() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return [
            {
                "day": dt.date.fromisoformat(row["day"]),
                "is_working": row["is_working"] == "1",
                "name": row["name"],
                "source": row["source"],
            }
            for row in csv.DictReader(handle)
        ]


def load_shipped() -> int:
    """Add the shipped days that are missing; days an administrator edited stay."""
    from zugong.core.models import CalendarDay

    existing = set(CalendarDay.objects.values_list("day", flat=True))
    new = [CalendarDay(**row) for row in shipped_rows() if row["day"] not in existing]
    CalendarDay.objects.bulk_create(new)
    clear_cache()
    return len(new)


def clear_cache() -> None:
    _cache.clear()


def exceptions() -> dict[dt.date, bool]:
    hit = _cache.get("days")
    if hit is not None and time.monotonic() - hit[0] < TTL_SECONDS:
        return hit[1]
    from zugong.core.models import CalendarDay

    days = dict(CalendarDay.objects.values_list("day", "is_working"))
    _cache["days"] = (time.monotonic(), days)
    return days


def covered_years() -> set[int]:
    return {day.year for day in exceptions()}


def is_working_day(day: dt.date) -> bool:
    listed = exceptions().get(day)
    return listed if listed is not None else day.weekday() < 5


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end``, both included (a notice period)."""
    count, day = 0, start
    while day <= end:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (the day itself not counted): a reply
    received on ``start`` and due "within 15 working days" is due on this day."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day
