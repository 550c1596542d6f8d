"""Scoped reads of star ratings: the list, the year overview, the rectification gaps
and the what-if."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from zugong.grassroots.models.rating import (
    IndicatorScore,
    Rating,
    RatingStatus,
    Rectification,
)
from zugong.grassroots.rules import rating as rules

TOWNSHIP_PATH = 8  # the township's path: district (4) + township (4)


def ratings(year: int | None = None):
    """Ratings in scope with what the list shows, constant in queries."""
    # A subquery per row shown, not a join grouped over every rating: the list shows 50
    # of tens of thousands, and the grouped join aggregated them all before the page.
    unsupported = (
        IndicatorScore.objects.filter(rating=OuterRef("pk"), unsupported=True)
        .order_by()
        .values("rating")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = Rating.objects.select_related("organization", "organization__parent").annotate(
        unsupported_count=Coalesce(Subquery(unsupported), 0)
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def overview(year: int) -> dict:
    """A year's counts per star, per township and up/down moves (published ratings)."""
    from zugong.core.models import Organization

    rows = list(
        Rating.objects.filter(year=year).values_list(
            "status", "star", "previous_star", "organization__path"
        )
    )
    stars = {s: 0 for s in reversed(rules.STARS)}
    moves = {"up": 0, "down": 0, "same": 0, "new": 0}
    statuses = {s: 0 for s in RatingStatus.values}
    townships: dict[str, dict] = {}
    for status, star, previous, path in rows:
        statuses[status] += 1
        town = townships.setdefault(
            path[:TOWNSHIP_PATH], {"total": 0, "published": 0, "stars": dict.fromkeys(stars, 0)}
        )
        town["total"] += 1
        if status == RatingStatus.PUBLISHED and star:
            stars[star] += 1
            moves[rules.move(previous, star)] += 1
            town["published"] += 1
            town["stars"][star] += 1
    names = dict(Organization.objects.filter(path__in=list(townships)).values_list("path", "name"))
    return {
        "year": year,
        "total": len(rows),
        "stars": stars,
        "moves": moves,
        "statuses": [(RatingStatus(s).label, n) for s, n in statuses.items()],
        "townships": [
            {"name": names.get(path, path), **data} for path, data in sorted(townships.items())
        ],
    }


def lacking_rectification(year: int | None = None):
    """Published ratings whose star needs rectification and that have no item."""
    threshold = rules.RECTIFY_AT_OR_BELOW.value
    from zugong.grassroots.rules.common import setting

    threshold = int(setting("ZUGONG_STAR_RECTIFY_AT_OR_BELOW", threshold))
    qs = Rating.objects.filter(status=RatingStatus.PUBLISHED, star__lte=threshold).filter(
        rectifications__isnull=True
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("organization").order_by("organization__path")


def overdue_rectifications(today: dt.date):
    return (
        Rectification.objects.filter(completed_on__isnull=True, deadline__lt=today)
        .select_related("organization")
        .order_by("deadline")
    )


def what_if(rating: Rating) -> rules.WhatIf:
    scores = list(rating.scores.select_related("indicator"))
    gaps = [
        rules.IndicatorGap(
            s.indicator.code,
            s.indicator.name,
            s.points if s.points is not None else Decimal(0),
            s.indicator.max_points,
        )
        for s in scores
    ]
    score = sum((g.points for g in gaps), Decimal(0))
    bands = {b.star: b.min_score for b in rating.indicator_set.bands.all()}
    caps = list(rating.vetoes.values_list("veto__cap_star", flat=True))
    star = rules.capped_star(rules.star_for(score, bands), caps)
    return rules.what_if(score=score, star=star, bands=bands, indicators=gaps, veto_caps=caps)
