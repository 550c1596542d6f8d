"""Tasks and plans in the current scope: lists with filters, a plan's tree with its
tasks' lights, one task's page, and the lights counted for the cockpit."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from zugong.workplan.models import Light, Plan, Point, Task


def task_list(
    *,
    plan: int | None = None,
    point: int | None = None,
    light: str | None = None,
    status: str | None = None,
    unit: int | None = None,
    q: str = "",
):
    queryset = Task.objects.select_related("lead_unit", "point", "supervisor")
    if plan:
        queryset = queryset.filter(point__part__plan_id=plan)
    if point:
        queryset = queryset.filter(point_id=point)
    if light:
        queryset = queryset.filter(light=light)
    if status:
        queryset = queryset.filter(status=status)
    if unit:
        queryset = queryset.filter(Q(lead_unit_id=unit) | Q(co_unit_rows__organization_id=unit))
    if q:
        queryset = queryset.filter(Q(title__contains=q) | Q(number__startswith=q))
    return queryset.order_by("point__number", "number", "id")


def plan_list():
    return Plan.objects.select_related("owner").order_by("-year", "id")


def light_counts(on: dt.date | None = None) -> dict[str, int]:
    """Tasks by light in the current scope (every light present, 0 where none): the
    lights as the last scan left them (``on`` is the day the caller asks about; the
    scan keeps the lights of that day)."""
    counts = {value: 0 for value in Light.values}
    for row in Task.objects.values("light").annotate(n=Count("id")).order_by():
        counts[row["light"]] = row["n"]
    return counts


def plan_tree(plan: Plan) -> list[dict]:
    """The plan's parts and points, each point with its tasks in scope and their lights."""
    tasks_by_point: dict[int, list[Task]] = {}
    for task in task_list(plan=plan.pk):
        tasks_by_point.setdefault(task.point_id, []).append(task)
    points = Point.objects.filter(part__plan=plan).select_related("part").order_by("number")
    parts: dict[int, dict] = {}
    for point in points:
        entry = parts.setdefault(point.part_id, {"part": point.part, "points": []})
        entry["points"].append({"point": point, "tasks": tasks_by_point.get(point.pk, [])})
    return [parts[k] for k in sorted(parts, key=lambda k: parts[k]["part"].number)]


def task_detail(task: Task) -> dict:
    return {
        "co_units": list(task.co_unit_rows.select_related("organization")),
        "milestones": list(task.milestones.all()),
        "submissions": list(task.submissions.select_related("unit", "written_by", "reviewed_by")),
        "instructions": list(task.instructions.all()),
        "notices": list(task.notices.all()),
    }
