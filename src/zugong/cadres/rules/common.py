"""What the cadre rules share: months, ages, settings and the regulations they cite."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (12 months = 1 year, counted by month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def setting(name: str, default):
    return getattr(settings, name, default)


SELECTION = "《党政领导干部选拔任用工作条例》（2019）"
