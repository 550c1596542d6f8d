"""Small public reads of the cadres app for other apps (e.g. grassroots' first
secretaries): nothing here writes, and every read keeps the active scope."""

from __future__ import annotations

import datetime as dt

from zugong.cadres.models.pool import Secondment


def village_secondments(today: dt.date | None = None, *, current_only: bool = True):
    """Cadres' village secondments (驻村) in the active scope, with their cadre and
    person, for picking a first secretary; ``current_only`` keeps those not ended."""
    queryset = Secondment.objects.filter(kind=Secondment.Kind.VILLAGE).select_related(
        "cadre__person", "cadre__unit"
    )
    if current_only:
        day = today or dt.date.today()
        queryset = queryset.filter(returned_on__isnull=True, ends_on__gte=day)
    return queryset.order_by("ends_on", "pk")
