"""Organizational life compliance as counts only, for many organizations at once.

``compliance`` (life.py) builds a report row per branch and party group with each
meeting kind's item and the labels of the missing periods: what the report page shows.
Callers that only sum the figures (the star rating's draft scores, over every village of
a province) need three numbers per organization; this gives them from the same rule and
the same meetings, without the items, the labels or the organizations outside ``within``.
The figures are those of ``compliance`` for the same organization (a test holds them
equal).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import BitOr, Count, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast, ExtractMonth

from zugong.core import bulk
from zugong.core.models import Organization, OrgKind, OrgStatus
from zugong.dbrouter import reporting
from zugong.party import rules
from zugong.party.selectors.life import _PERIOD_BITS, _period_plan

__all__ = ["ComplianceCount", "compliance_counts"]


class ComplianceCount(NamedTuple):
    pk: int
    name: str
    path: str
    required: int
    done: int
    missing: int
    gaps: tuple[str, ...] = ()  # the meeting kinds with a period missing


@reporting
@bulk.collector_paused()
def compliance_counts(
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date | None = None,
    within: QuerySet | None = None,
) -> list[ComplianceCount]:
    """``compliance``'s required, done and missing counts per branch and party group, in
    tree path order, for the organizations of ``within`` (an Organization queryset; None:
    every one in scope). Three queries for a year, as ``compliance``."""
    from zugong.party.models import CommitteeSeat, Meeting

    today = today or dt.date.today()
    last = min(end, today)
    frequencies = rules.meeting_frequencies()
    organizations = Organization.objects.filter(
        kind__in=[OrgKind.BRANCH, OrgKind.GROUP], status=OrgStatus.ACTIVE
    )
    if within is not None:
        organizations = organizations.filter(pk__in=within.values("pk"))
    ids = organizations.values("pk")
    # Every current committee of three or more (a query on a small table: limiting it to
    # ``within`` cost more than it saved).
    with_committee = set(
        CommitteeSeat.objects.filter(committee__ended_on__isnull=True)
        .values_list("committee__organization_id")
        .annotate(n=Count("id"))
        .filter(n__gte=3)
        .values_list("committee__organization_id", flat=True)
    )
    kinds = list(frequencies)
    held = _held(Meeting, start, end, frequencies, ids)
    plans: dict[tuple, list] = {}
    # Organizations of one plan holding the same meetings count the same: many do.
    counted: dict[tuple, tuple[int, int, int]] = {}
    none: dict[int, tuple] = {}
    result = []
    for pk, name, path, org_kind, founded_on in organizations.order_by("path").values_list(
        "pk", "name", "path", "kind", "founded_on"
    ):
        key = (org_kind, max(start, founded_on or start), pk in with_committee)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = _plan(frequencies, *key, last=last, today=today)
        by_year = held.get(pk, none)
        memo = (key, *by_year.items())
        figures = counted.get(memo)
        if figures is None:
            figures = counted[memo] = _count(plan, by_year)
        required, done, missing, gaps = figures
        result.append(
            ComplianceCount(pk, name, path, required, done, missing, tuple(kinds[i] for i in gaps))
        )
    return result


def _held(Meeting, start, end, frequencies, ids) -> dict[int, dict[int, tuple]]:
    """{organization id: {year: months held (bits) per meeting kind}}, one query a year."""
    bit = Value(1).bitleftshift(Cast(ExtractMonth("held_on"), IntegerField()) - 1)
    columns = {
        f"k{index}": BitOr(bit, filter=Q(kind=kind)) for index, kind in enumerate(frequencies)
    }
    held: dict[int, dict[int, tuple]] = {}
    for year in range(start.year, end.year + 1):
        for organization_id, *months in (
            Meeting.objects.filter(
                held_on__range=(max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))),
                kind__in=list(frequencies),
                organization__in=ids,
            )
            .values("organization_id")
            .annotate(**columns)
            .values_list("organization_id", *columns)
            .order_by()
        ):
            held.setdefault(organization_id, {})[year] = tuple(months)
    return held


def _plan(frequencies, org_kind, first, committee, *, last, today) -> list:
    """What an organization of this kind, first period and committee owes: per meeting
    kind that applies, (index, period bits by held months, [(year, ended, under way)])."""
    entries = []
    for index, (_kind, (period, applies)) in enumerate(frequencies.items()):
        if applies == "party_group" and org_kind != OrgKind.GROUP:
            continue
        if applies in ("branch", "committee") and org_kind != OrgKind.BRANCH:
            continue
        if applies == "committee" and not committee:
            continue
        years = [
            (year, ended, under_way)
            for year, (ended, under_way, _labels) in _period_plan(
                period, first, last, today
            ).items()
        ]
        entries.append((index, _PERIOD_BITS[period], years))
    return entries


def _count(plan, by_year) -> tuple[int, int, int, tuple[int, ...]]:
    """(required, done, missing, indexes of the kinds missing) as ``compliance`` counts
    them: a period held counts done (ended or under way), required are the ended periods
    and the held period under way, missing the ended periods not held."""
    required = done = missing = 0
    gaps = []
    for index, to_bits, years in plan:
        missed = 0
        for year, ended, under_way in years:
            months = by_year.get(year)
            bits = to_bits[months[index] or 0] if months else 0
            done += (bits & (ended | under_way)).bit_count()
            required += ended.bit_count() + (bits & under_way).bit_count()
            missed += (ended & ~bits).bit_count()
        if missed:
            gaps.append(index)
        missing += missed
    return required, done, missing, tuple(gaps)
