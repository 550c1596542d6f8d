"""Reads of talent housing: the waiting list in queue order, rooms vacant on a day,
re-reviews due and leases ending soon. Scoped by the caller's scope; constant queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from zugong.talent.models import HousingApplication, HousingStatus, Lease, Room

REVIEW_AHEAD_DAYS = 30
ENDING_AHEAD_DAYS = 60


def applications():
    return HousingApplication.objects.select_related("talent__person", "talent__township")


def waiting_list():
    """Eligible applications waiting for a room, first queued first."""
    return applications().filter(status=HousingStatus.WAITING).order_by("queued_on", "pk")


def leases():
    return Lease.objects.select_related(
        "application__talent__person", "application__talent__township", "room__apartment"
    )


def vacant_rooms(on: dt.date):
    occupied = Lease.objects.filter(room=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on).filter(
        Q(exited_on__isnull=True) | Q(exited_on__gt=on)
    )
    return (
        Room.objects.select_related("apartment__township")
        .filter(out_of_service=False)
        .exclude(Exists(occupied))
        .order_by("apartment__name", "number")
    )


def current_leases(on: dt.date):
    return leases().filter(exited_on__isnull=True, ends_on__gte=on)


def reviews_due(today: dt.date, ahead: int = REVIEW_AHEAD_DAYS):
    """Open leases whose re-review falls within ``ahead`` days (or is past)."""
    return (
        leases()
        .filter(exited_on__isnull=True, next_review_on__lte=today + dt.timedelta(days=ahead))
        .order_by("next_review_on", "pk")
    )


def leases_ending(today: dt.date, ahead: int = ENDING_AHEAD_DAYS):
    """Open leases whose term ends within ``ahead`` days (or has ended, not yet exited)."""
    return (
        leases()
        .filter(exited_on__isnull=True, ends_on__lte=today + dt.timedelta(days=ahead))
        .order_by("ends_on", "pk")
    )


def own_applications(person_id: int):
    """A talent's own housing applications with their lease if any (the portal's
    progress), newest first; the waiting position is ``waiting_position``."""
    return (
        applications()
        .filter(talent__person_id=person_id)
        .select_related("lease__room__apartment")
        .order_by("-submitted_on", "-pk")
    )


def waiting_position(application: HousingApplication) -> int | None:
    """The place of a waiting application in the queue (1 is next), over the whole
    list whoever reads it: a talent sees their place, never the others' names."""
    if application.status != HousingStatus.WAITING:
        return None
    # The queue is the district's, not the reader's rows: a count, no names.
    ahead = (
        HousingApplication.objects.unscoped()
        .filter(status=HousingStatus.WAITING)
        .filter(
            Q(queued_on__lt=application.queued_on)
            | Q(queued_on=application.queued_on, pk__lt=application.pk)
        )
        .count()
    )
    return ahead + 1
