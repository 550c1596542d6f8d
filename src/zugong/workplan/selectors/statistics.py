"""Monthly and quarterly statistics of the ledger per unit and per leader (月度、季度
统计): tasks in hand, done in the period, done on time, overdue, lights and grades."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from zugong.workplan.models import OPEN_STATUSES, Light, Task, TaskStatus


def period_bounds(year: int, month: int | None = None, quarter: int | None = None):
    """(start, end, label) of a month, a quarter or, with neither, the year."""
    if month:
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, 1), end, _("%(y)d年%(m)d月") % {"y": year, "m": month}
    if quarter:
        start = dt.date(year, 3 * quarter - 2, 1)
        last = 3 * quarter
        end = dt.date(year, last, calendar.monthrange(year, last)[1])
        return start, end, _("%(y)d年第%(q)d季度") % {"y": year, "q": quarter}
    return dt.date(year, 1, 1), dt.date(year, 12, 31), _("%(y)d年") % {"y": year}


def _blank() -> dict:
    return {
        "tasks": 0,
        "due": 0,
        "done": 0,
        "done_on_time": 0,
        "overdue": 0,
        "open": 0,
        "lights": defaultdict(int),
        "grades": defaultdict(int),
    }


def statistics(
    *, start: dt.date, end: dt.date, by: str = "unit", plan: int | None = None
) -> list[dict]:
    """One row per lead unit (``by="unit"``) or responsible leader (``by="leader"``):
    tasks started by the period's end, those due in it, done in it (and on time), still
    overdue at its end, and the lights and grades the tasks have now."""
    rows = Task.objects.filter(starts_on__lte=end)
    if plan:
        rows = rows.filter(point__part__plan_id=plan)
    key = "lead_unit__name" if by == "unit" else "leader_name"
    table: dict[str, dict] = defaultdict(_blank)
    fields = (key, "status", "deadline", "completed_on", "light", "grade")
    for name, status, deadline, completed_on, light, grade in rows.values_list(*fields).iterator():
        row = table[name]
        row["tasks"] += 1
        row["lights"][light] += 1
        row["grades"][grade] += 1
        if start <= deadline <= end:
            row["due"] += 1
        if completed_on and start <= completed_on <= end:
            row["done"] += 1
            row["done_on_time"] += completed_on <= deadline
        unfinished = status in OPEN_STATUSES or (completed_on and completed_on > end)
        if unfinished and status != TaskStatus.SUSPENDED and deadline < end:
            row["overdue"] += 1
        if status in OPEN_STATUSES:
            row["open"] += 1
    result = []
    for name in sorted(table):
        row = table[name]
        row["name"] = name
        row["lights"] = {v: row["lights"].get(v, 0) for v in Light.values}
        row["grades"] = {g: row["grades"].get(g, 0) for g in "ABCD"}
        row["on_time_rate"] = (
            round(row["done_on_time"] * 100 / row["done"], 1) if row["done"] else None
        )
        result.append(row)
    return result


def overdue_q(on: dt.date) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=on)
