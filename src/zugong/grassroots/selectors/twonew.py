"""Scoped reads of the two-new area: the registry with its filters, instructors' overdue
visits, social organizations missing 党建入章 or a synchronisation, overdue list items
and member units missing the last half-year's report."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q

from zugong.grassroots import rules
from zugong.grassroots.models.twonew import (
    DutyItem,
    Entity,
    EntityKind,
    Instructor,
    JointMemberUnit,
    UnitReport,
)

FILTERS = ("kind", "township_id", "counted", "coverage", "operating_status", "industry")


def entity_list(*, q: str = "", **filters):
    """The registry in scope; ``q`` searches the name and the credit code."""
    queryset = Entity.objects.select_related("township", "party_organization", "instructor__person")
    for name in FILTERS:
        value = filters.get(name)
        if value not in (None, ""):
            queryset = queryset.filter(**{name: value})
    if q:
        queryset = queryset.filter(Q(name__contains=q) | Q(credit_code__icontains=q))
    return queryset.order_by("township__path", "name", "id")


def overdue_visits(today: dt.date) -> list[dict]:
    """Each (instructor, organization guided) whose next visit is overdue, by
    rules.visit_overdue: the instructor's own frequency or the setting's, counted from
    the last visit, or from the appointment when there was none."""
    instructors = Instructor.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), appointed_on__lte=today
    ).select_related("person", "township")
    by_id = {i.pk: i for i in instructors}
    entities = (
        Entity.objects.filter(instructor_id__in=list(by_id))
        .annotate(last_visit=Max("visits__visited_on"))
        .select_related("township")
        .order_by("township__path", "name")
    )
    rows = []
    for entity in entities:
        instructor = by_id[entity.instructor_id]
        every = instructor.visit_every_days or rules.instructor_visit_days()
        days = rules.visit_overdue(
            last_visit=entity.last_visit,
            assigned_on=instructor.appointed_on,
            today=today,
            every_days=every,
        )
        if days:
            rows.append(
                {
                    "instructor": instructor,
                    "entity": entity,
                    "last_visit": entity.last_visit,
                    "every": every,
                    "days": days,
                }
            )
    rows.sort(key=lambda r: -r["days"])
    return rows


SYNC_FIELDS = (
    ("charter", "charter_party"),
    ("registration", "sync_registration"),
    ("annual_report", "sync_inspection"),
    ("evaluation", "sync_evaluation"),
)


def four_sync_gaps() -> list[dict]:
    """Social organizations missing 党建入章 or any of the synchronisations (rule R8)."""
    missing = Q()
    for _code, field in SYNC_FIELDS:
        missing |= Q(**{field: False})
    queryset = (
        Entity.objects.filter(kind=EntityKind.SOCIAL_ORG)
        .filter(missing)
        .select_related("township")
        .order_by("township__path", "name")
    )
    rows = []
    for entity in queryset:
        done = {code for code, field in SYNC_FIELDS if getattr(entity, field)}
        rows.append({"entity": entity, "missing": rules.four_sync_missing(done)})
    return rows


def overdue_items(today: dt.date):
    """List items past their deadline and not done, oldest first."""
    return (
        DutyItem.objects.filter(done_on__isnull=True, deadline__lt=today)
        .select_related("unit", "unit__organization")
        .order_by("deadline", "id")
    )


def last_half_year(today: dt.date) -> tuple[int, int]:
    """The last half-year that has ended on ``today``: before July, last year's second."""
    return (today.year, 1) if today.month >= 7 else (today.year - 1, 2)


def units_missing_report(today: dt.date) -> tuple[tuple[int, int], list[JointMemberUnit]]:
    year, half = last_half_year(today)
    reported = UnitReport.objects.filter(year=year, half=half).values("unit_id")
    units = list(
        JointMemberUnit.objects.exclude(pk__in=reported)
        .select_related("organization")
        .order_by("name")
    )
    return (year, half), units
