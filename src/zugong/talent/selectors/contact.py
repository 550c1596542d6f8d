"""Scoped reads of leaders in contact with experts: the pairs, the frequency check for
a day (one query, whatever the number of pairs), experts per leader against the level's
range, and problems open and solved per leader."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q

from zugong.talent.models import ContactPair, ContactProblem
from zugong.talent.rules import contact as rules


def pair_list(*, q: str = "", active: bool | None = None, today: dt.date | None = None):
    queryset = ContactPair.objects.select_related("talent__person", "office")
    if q:
        queryset = queryset.filter(Q(leader__contains=q) | Q(talent__person__name__contains=q))
    if active is not None:
        today = today or dt.date.today()
        current = Q(until__isnull=True) | Q(until__gte=today)
        queryset = queryset.filter(current) if active else queryset.exclude(current)
    return queryset.order_by("leader", "talent__name_pinyin", "id")


def frequency_check(today: dt.date, period: rules.Period | None = None) -> dict:
    """Leaders below their frequency in the period the check on ``today`` looks at
    (rules.check_period): per leader, each expert and what is missing."""
    period = period or rules.check_period(today)
    year_start = dt.date(period.year, 1, 1)
    contact_kinds = rules.CONTACT_KINDS.value
    visit_kinds = rules.VISIT_KINDS.value
    pairs = (
        ContactPair.objects.filter(since__lte=period.end)
        .filter(Q(until__isnull=True) | Q(until__gte=period.end))
        .select_related("talent__person", "office")
        .annotate(
            contacts=Count(
                "records",
                filter=Q(
                    records__contacted_on__range=(period.start, period.end),
                    records__kind__in=contact_kinds,
                ),
            ),
            visits=Count(
                "records",
                filter=Q(
                    records__contacted_on__range=(year_start, period.end),
                    records__kind__in=visit_kinds,
                ),
            ),
            last_contact=Max("records__contacted_on"),
        )
        .order_by("leader", "talent__name_pinyin", "id")
    )
    leaders: dict[str, dict] = {}
    for pair in pairs:
        missing = rules.shortfall(
            period=period, contacts=pair.contacts, visits=pair.visits, since=pair.since
        )
        if not missing:
            continue
        row = leaders.setdefault(
            pair.leader,
            {
                "leader": pair.leader,
                "post": pair.leader_post,
                "level": pair.get_leader_level_display(),
                "experts": [],
            },
        )
        row["experts"].append(
            {
                "pair": pair,
                "talent": pair.talent,
                "contacts": pair.contacts,
                "visits": pair.visits,
                "last_contact": pair.last_contact,
                "missing": missing,
            }
        )
    return {"period": period, "leaders": list(leaders.values())}


def experts_per_leader(today: dt.date) -> list[dict]:
    """Each leader's current experts, flagged outside the level's range."""
    rows = (
        ContactPair.objects.filter(Q(until__isnull=True) | Q(until__gte=today), since__lte=today)
        .values("leader", "leader_level")
        .annotate(experts=Count("id"))
        .order_by("leader", "leader_level")
    )
    result = []
    for row in rows:
        result.append(
            {
                **row,
                "problem": rules.experts_problem(row["leader_level"], row["experts"]),
                "range": rules.experts_range(row["leader_level"]),
            }
        )
    return result


def problems_per_leader() -> list[dict]:
    return list(
        ContactProblem.objects.values("pair__leader")
        .annotate(
            open=Count("id", filter=Q(solved_on__isnull=True)),
            solved=Count("id", filter=Q(solved_on__isnull=False)),
        )
        .order_by("-open", "pair__leader")
    )


def open_problems():
    return (
        ContactProblem.objects.filter(solved_on__isnull=True)
        .select_related("pair__talent__person")
        .order_by("raised_on", "id")
    )
