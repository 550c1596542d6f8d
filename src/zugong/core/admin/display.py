"""How the back office writes values: times in Beijing time, whatever the browser's
or the process's time zone (the system serves one zone, settings.TIME_ZONE)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format


def beijing_time(value: dt.datetime | None, fmt: str = "Y-m-d H:i:s") -> str:
    """2026-12-02 14:05:00 for an aware (or, taken as UTC, naive) instant."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return date_format(value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)), fmt)
