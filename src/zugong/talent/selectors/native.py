"""Scoped reads about native talents outside: the list with last contact and the next
contact due, returns by kind and year with their amounts, the liaison office's board
and the alumni enterprises' totals. Constant query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import ExtractYear

from zugong.talent.models import AlumniEnterprise, LiaisonContact, ReturnOutcome, Talent
from zugong.talent.rules import native as rules


def native_talents(
    *, today: dt.date, q: str = "", city: str = "", interest: str = "", overdue=None
):
    """Native talents outside in scope, each with ``last_contact``; ``overdue`` True or
    False keeps those whose contact is (not) overdue on ``today``."""
    queryset = (
        Talent.objects.filter(outside=True)
        .select_related("person", "township")
        .annotate(last_contact=Max("contacts__contacted_on"))
    )
    if q:
        queryset = queryset.filter(
            Q(person__name__contains=q)
            | Q(name_pinyin__startswith=q.lower())
            | Q(name_initials__startswith=q.lower())
        )
    if city:
        queryset = queryset.filter(current_city=city)
    if interest:
        queryset = queryset.filter(return_interest=interest)
    if overdue is not None:
        late = Q(last_contact__isnull=True) | Q(last_contact__lt=rules.overdue_cutoff(today))
        queryset = queryset.filter(late) if overdue else queryset.exclude(late)
    return queryset.order_by("name_pinyin", "id")


def contact_state(talent, today: dt.date) -> dict:
    """The last contact, the next due and whether it is overdue, for a listed talent."""
    last = getattr(talent, "last_contact", None)
    return {
        "last_contact": last,
        "next_due": rules.next_contact_due(last, today),
        "overdue": rules.contact_overdue(last, today),
    }


def returns_summary(*, year: int | None = None) -> dict:
    """Returns in scope by kind and year (count and amount), and the five kinds' totals
    (every kind listed, zero where none)."""
    queryset = ReturnOutcome.objects.all()
    if year:
        queryset = queryset.filter(achieved_on__year=year)
    rows = (
        queryset.annotate(year=ExtractYear("achieved_on"))
        .values("year", "kind")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by("-year", "kind")
    )
    labels = dict(rules.RETURN_KINDS.value)
    by_year: dict[int, dict] = {}
    totals = {
        code: {"kind": code, "label": str(label), "count": 0, "amount": Decimal("0")}
        for code, label in rules.RETURN_KINDS.value
    }
    for row in rows:
        kind = row["kind"]
        if kind not in totals:
            continue
        amount = row["amount"] or Decimal("0")
        year_row = by_year.setdefault(
            row["year"],
            {
                "year": row["year"],
                "kinds": {
                    code: {
                        "kind": code,
                        "label": str(labels[code]),
                        "count": 0,
                        "amount": Decimal("0"),
                    }
                    for code in totals
                },
            },
        )
        year_row["kinds"][kind]["count"] += row["count"]
        year_row["kinds"][kind]["amount"] += amount
        totals[kind]["count"] += row["count"]
        totals[kind]["amount"] += amount
    years = [
        {"year": y["year"], "kinds": list(y["kinds"].values())}
        for y in sorted(by_year.values(), key=lambda r: -r["year"])
    ]
    return {
        "totals": list(totals.values()),
        "years": years,
        "count": sum(t["count"] for t in totals.values()),
        "amount": sum((t["amount"] for t in totals.values()), Decimal("0")),
    }


def liaison_board(*, today: dt.date, recent: int = 20) -> dict:
    """The liaison office's board: per station the contacts, enterprises, contacts with
    an outcome, first and last contact, this year's count; the latest contacts."""
    stations = list(
        LiaisonContact.objects.values("station")
        .annotate(
            contacts=Count("id"),
            enterprises=Count("enterprise", distinct=True),
            with_outcome=Count("id", filter=~Q(outcome="")),
            this_year=Count("id", filter=Q(contacted_on__year=today.year)),
            first=Min("contacted_on"),
            last=Max("contacted_on"),
        )
        .order_by("station")
    )
    latest = list(
        LiaisonContact.objects.select_related("talent__person").order_by("-contacted_on", "-id")[
            :recent
        ]
    )
    return {"stations": stations, "latest": latest}


def alumni_list(*, q: str = "", university: str = ""):
    queryset = AlumniEnterprise.objects.select_related("office")
    if q:
        queryset = queryset.filter(Q(name__contains=q) | Q(founder__contains=q))
    if university:
        queryset = queryset.filter(university=university)
    return queryset.order_by("-returned_on", "id")


def alumni_totals() -> dict:
    """The alumni enterprises in scope: count, registered capital, jobs and tax, in all
    and by university."""
    figures = {
        "count": Count("id"),
        "registered_capital": Sum("registered_capital"),
        "jobs": Sum("jobs"),
        "tax": Sum("tax"),
    }
    total = AlumniEnterprise.objects.aggregate(**figures)
    universities = list(
        AlumniEnterprise.objects.values("university")
        .annotate(**figures)
        .order_by("-count", "university")
    )
    for row in [total, *universities]:
        for name in ("registered_capital", "tax"):
            row[name] = row[name] or Decimal("0")
        row["jobs"] = row["jobs"] or 0
    return {"total": total, "universities": universities}
