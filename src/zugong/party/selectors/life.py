"""Organizational life: compliance with the meeting frequencies, study and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, Value

from zugong.core import bulk
from zugong.core.models import Organization, OrgKind, OrgStatus
from zugong.dbrouter import reporting
from zugong.party import rules
from zugong.party.models import CommitteeSeat


def _period_plan(period: str, first: dt.date, last: dt.date, today: dt.date) -> dict:
    """The periods of a frequency from ``first`` to ``last`` as bits per year: bit i of a
    year is its (i+1)-th month, quarter, or the year itself. Returns year → (bits of the
    periods that have ended, bits of the period under way, label by bit)."""
    years: dict[int, list] = {}
    for label, key in rules.periods(period, first, last):
        year, part = key
        bit = 1 << (part - 1) if part else 1
        entry = years.setdefault(year, [0, 0, {}])
        entry[0 if rules.period_end(period, key) < today else 1] |= bit
        entry[2][bit] = label
    return years


@dataclass(frozen=True, slots=True)
class OrganizationRef:
    """What a report row needs of an organization, without building a model instance for
    each of fifty thousand rows."""

    pk: int
    name: str
    path: str
    kind: str

    def __str__(self) -> str:
        return self.name


# A year's held months (bit i = month i+1) as bits of each frequency's periods.
_QUARTER_BITS = [sum(1 << q for q in range(4) if m >> (3 * q) & 0b111) for m in range(1 << 12)]
_PERIOD_BITS = {
    "month": list(range(1 << 12)),
    "quarter": _QUARTER_BITS,
    "year": [1 if m else 0 for m in range(1 << 12)],
}


@reporting
@bulk.collector_paused()
def compliance(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> list[dict]:
    """Organizational life against the required frequencies, per branch and party group.

    A period that has ended without the meeting is missing; the period under way is not
    yet missing, and counts once held. Periods before the organization was founded do not
    count. Three queries for a year whatever the number of organizations: the meetings come
    back as one row per organization with, for each kind, the months held as bits,
    combined by the database, so a province's year (over a million meetings) is fifty
    thousand small rows and the comparison with the required periods is bit arithmetic.
    """
    from django.db.models import BitOr
    from django.db.models.functions import Cast, ExtractMonth

    from zugong.party.models import Meeting

    today = today or dt.date.today()
    last = min(end, today)
    frequencies = rules.meeting_frequencies()
    organizations = Organization.objects.filter(
        kind__in=[OrgKind.BRANCH, OrgKind.GROUP], status=OrgStatus.ACTIVE
    ).order_by("path")
    with_committee = {
        oid
        for oid, n in CommitteeSeat.objects.filter(committee__ended_on__isnull=True)
        .values_list("committee__organization_id")
        .annotate(n=Count("id"))
        .values_list("committee__organization_id", "n")
        if n >= 3
    }
    # One column per meeting kind: the months held, as bits, by organization and year.
    bit = Value(1).bitleftshift(Cast(ExtractMonth("held_on"), IntegerField()) - 1)
    # BIT_OR needs no sort, unlike SUM(DISTINCT): half the time on a province.
    columns = {
        f"k{index}": BitOr(bit, filter=Q(kind=kind)) for index, kind in enumerate(frequencies)
    }
    held: dict[int, dict[int, tuple]] = {}
    for year in range(start.year, end.year + 1):  # one query a calendar year in the range
        for organization_id, *months in (
            Meeting.objects.filter(
                held_on__range=(max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))),
                kind__in=list(frequencies),
            )
            .values("organization_id")
            .annotate(**columns)
            .values_list("organization_id", *columns)
            .order_by()
        ):
            held.setdefault(organization_id, {})[year] = months
    # What an organization owes depends only on its kind, its first period and whether it
    # has a committee: worked out once per combination, not once per organization.
    schedules: dict[tuple, list] = {}

    def schedule(org_kind: str, first: dt.date, committee: bool) -> list:
        entries = []
        for index, (kind, (period, applies)) in enumerate(frequencies.items()):
            if applies == "party_group" and org_kind != OrgKind.GROUP:
                continue
            if applies in ("branch", "committee") and org_kind != OrgKind.BRANCH:
                continue
            if applies == "committee" and not committee:
                continue
            years = [
                (year, ended, under_way, ended | under_way, ended.bit_count(), labels)
                for year, (ended, under_way, labels) in _period_plan(
                    period, first, last, today
                ).items()
            ]
            entries.append((index, kind, period, _PERIOD_BITS[period], years))
        return entries

    none: dict[int, tuple] = {}
    result = []
    for pk, name, path, org_kind, founded_on in organizations.values_list(
        "pk", "name", "path", "kind", "founded_on"
    ):
        first = max(start, founded_on or start)
        key = (org_kind, first, pk in with_committee)
        entries = schedules.get(key)
        if entries is None:
            entries = schedules[key] = schedule(*key)
        by_year = held.get(pk, none)
        items = []
        total_required = total_done = total_missing = 0
        for index, kind, period, to_bits, years in entries:
            done, required, missing = 0, 0, []
            for year, ended, under_way, both, ended_count, labels in years:
                months = by_year.get(year)
                bits = to_bits[months[index] or 0] if months else 0
                done += (bits & both).bit_count()
                required += ended_count + (bits & under_way).bit_count()
                gaps = ended & ~bits
                while gaps:
                    lowest = gaps & -gaps
                    missing.append(labels[lowest])
                    gaps ^= lowest
            items.append(
                {
                    "kind": kind,
                    "period": period,
                    "required": required,
                    "done": done,
                    "missing": missing,
                }
            )
            total_required += required
            total_done += done
            total_missing += len(missing)
        result.append(
            {
                "organization": OrganizationRef(pk, name, path, org_kind),
                "items": items,
                "required": total_required,
                "done": total_done,
                "missing": total_missing,
                "rate": round(total_done * 100 / total_required, 1) if total_required else 100.0,
            }
        )
    return result


@reporting
def compliance_by_township(rows: list[dict]) -> list[dict]:
    """The same report summed by township (the depth-2 ancestor in the tree)."""
    from zugong.core.models.organizations import SEGMENT

    prefixes: dict[str, dict] = {}
    for row in rows:
        prefix = row["organization"].path[: SEGMENT * 2]
        entry = prefixes.setdefault(
            prefix, {"required": 0, "done": 0, "organizations": 0, "complete": 0}
        )
        entry["required"] += row["required"]
        entry["done"] += row["done"]
        entry["organizations"] += 1
        entry["complete"] += 1 if row["missing"] == 0 else 0
    names = dict(Organization.objects.filter(path__in=list(prefixes)).values_list("path", "name"))
    return [
        {
            "name": names.get(prefix, prefix),
            **entry,
            "rate": round(entry["done"] * 100 / entry["required"], 1)
            if entry["required"]
            else 100.0,
        }
        for prefix, entry in sorted(prefixes.items())
    ]


def study_totals(year: int) -> list[dict]:
    """Hours of study and training per person in a year, most first."""
    from django.db.models import Sum

    from zugong.party.models import StudyRecord

    return list(
        StudyRecord.objects.filter(started_on__year=year)
        .values("person_id", "person__name", "person__organization__name")
        .annotate(hours=Sum("hours"), sessions=Count("id"))
        .order_by("-hours", "person__name")
    )


def study_totals_by_organization(year: int) -> list[dict]:
    """Hours of study and training per organization (of the persons' membership) in a year."""
    from django.db.models import Sum

    from zugong.party.models import StudyRecord

    return list(
        StudyRecord.objects.filter(started_on__year=year)
        .values("person__organization_id", "person__organization__name")
        .annotate(hours=Sum("hours"), people=Count("person", distinct=True), sessions=Count("id"))
        .order_by("-hours", "person__organization__name")
    )


def major_matters_overdue(on: dt.date):
    from zugong.party.models import MajorMatterReport

    return MajorMatterReport.objects.filter(
        status=MajorMatterReport.Status.SUBMITTED, due_on__lt=on
    ).select_related("organization", "reviewer")
