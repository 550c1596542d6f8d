"""Reads of the cooperation ledgers, limited to the active scope: each agreement's
outcomes (students placed through its practice bases, graduates retained, challenges
solved, programmes and trainees) with the no-outcome flag and since when; graduate
retention by university and year; the programme ledgers by kind and year; the
challenges board; and the outcome board. Lists run a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from zugong.talent.models.cooperation import (
    Agreement,
    AllianceMember,
    Challenge,
    ChallengeMilestone,
    ChallengeStatus,
    Graduate,
    PracticeBase,
    Programme,
    ProgrammeKind,
    RetentionKind,
    Trainee,
)
from zugong.talent.models.cooperation import PracticeTerm as Term
from zugong.talent.rules import cooperation as rules

FIGURES = ("students", "graduates", "solved", "programmes", "trainees")


def _figure(queryset, outer: str, value):
    """A correlated subquery: one figure per agreement, 0 where there is none."""
    inner = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(figure=value)
        .values("figure")
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def with_outcomes(queryset=None):
    """Agreements annotated with their outcome figures as ``n_<figure>`` (the related
    names are taken), one query for the list."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    return queryset.annotate(
        n_students=_figure(Term.objects.all(), "base__agreement", Sum("students")),
        n_graduates=_figure(Graduate.objects.all(), "agreement", Count("pk")),
        n_solved=_figure(
            Challenge.objects.filter(status=ChallengeStatus.ACCEPTED), "agreement", Count("pk")
        ),
        n_programmes=_figure(Programme.objects.all(), "agreement", Count("pk")),
        n_trainees=_figure(Trainee.objects.all(), "cohort__programme__agreement", Count("pk")),
    )


def outcome_filter(queryset, today: dt.date, *, flagged: bool):
    """Agreements (annotated by with_outcomes) flagged for no outcome, or those with
    one, as a query: the same rule as agreement_flag, for lists that page."""
    total = sum((F(f"n_{name}") for name in rules.OUTCOME_KINDS.value), Value(0))
    queryset = queryset.alias(outcome_total=total)
    if flagged:
        return queryset.filter(outcome_total=0, signed_on__lte=rules.flagged_if_signed_by(today))
    return queryset.filter(outcome_total__gt=0)


def outcome_row(agreement, today: dt.date) -> dict:
    figures = {name: getattr(agreement, f"n_{name}") for name in FIGURES}
    counted = sum(figures[name] for name in rules.OUTCOME_KINDS.value)
    return {
        "agreement": agreement,
        **figures,
        "flag": rules.agreement_flag(signed_on=agreement.signed_on, outcomes=counted, today=today),
    }


def agreement_outcomes(
    today: dt.date, *, flagged_only: bool = False, search: str = "", limit: int | None = None
) -> list[dict]:
    """One row per agreement in scope with its figures, members and flag (2 queries)."""
    queryset = with_outcomes().select_related("office").prefetch_related("members")
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(members__name__icontains=search))
        queryset = queryset.distinct()
    rows = [outcome_row(a, today) for a in queryset.order_by("-signed_on", "pk")]
    if flagged_only:
        rows = [r for r in rows if r["flag"].flagged]
    return rows[:limit] if limit else rows


def retention(*, year_from: int | None = None, year_to: int | None = None) -> dict:
    """Graduates retained by university and year, employed and startup (1 query)."""
    queryset = Graduate.objects.all()
    if year_from:
        queryset = queryset.filter(year__gte=year_from)
    if year_to:
        queryset = queryset.filter(year__lte=year_to)
    counts = (
        queryset.order_by()
        .values("university_id", "university__name", "year", "kind")
        .annotate(n=Count("pk"))
    )
    years: set[int] = set()
    table: dict = defaultdict(lambda: defaultdict(lambda: {"employed": 0, "startup": 0}))
    names = {}
    for row in counts:
        years.add(row["year"])
        names[row["university_id"]] = row["university__name"]
        table[row["university_id"]][row["year"]][row["kind"]] += row["n"]
    year_list = sorted(years)
    rows = []
    for university_id, name in sorted(names.items(), key=lambda item: item[1]):
        cells = [
            {"year": y, **table[university_id][y], "total": sum(table[university_id][y].values())}
            for y in year_list
        ]
        rows.append(
            {
                "university_id": university_id,
                "university": name,
                "cells": cells,
                "total": sum(c["total"] for c in cells),
            }
        )
    totals = [
        {
            "year": y,
            **{k: sum(table[u][y][k] for u in names) for k in RetentionKind.values},
            "total": sum(sum(table[u][y].values()) for u in names),
        }
        for y in year_list
    ]
    return {"years": year_list, "rows": rows, "totals": totals}


def programme_ledgers(*, year: int | None = None, kind: str = "") -> list[dict]:
    """The programme ledgers per kind and year: programmes, target, cohorts, trainees
    and those completed (3 queries)."""
    programmes = Programme.objects.all()
    trainees = Trainee.objects.all()
    if year:
        programmes = programmes.filter(year=year)
        trainees = trainees.filter(cohort__programme__year=year)
    if kind:
        programmes = programmes.filter(kind=kind)
        trainees = trainees.filter(cohort__programme__kind=kind)
    cells: dict = defaultdict(
        lambda: {"programmes": 0, "target": 0, "cohorts": 0, "trainees": 0, "completed": 0}
    )
    for row in (
        programmes.order_by().values("kind", "year").annotate(n=Count("pk"), t=Sum("target"))
    ):
        cells[(row["kind"], row["year"])].update(programmes=row["n"], target=row["t"] or 0)
    cohorts = programmes.order_by().values("kind", "year").annotate(n=Count("cohorts"))
    for row in cohorts:
        cells[(row["kind"], row["year"])]["cohorts"] = row["n"]
    for row in (
        trainees.order_by()
        .values("cohort__programme__kind", "cohort__programme__year")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(completed=True)))
    ):
        key = (row["cohort__programme__kind"], row["cohort__programme__year"])
        cells[key].update(trainees=row["n"], completed=row["done"])
    labels = dict(ProgrammeKind.choices)
    order = {k: i for i, k in enumerate(rules.ledger_kinds())}
    return [
        {
            "kind": k,
            "kind_label": str(labels.get(k, k)),
            "plan_ledger": rules.is_plan_ledger(k),
            "year": y,
            **cells[(k, y)],
        }
        for k, y in sorted(cells, key=lambda key: (order.get(key[0], 99), -key[1]))
    ]


def challenges_board(today: dt.date, *, status: str = "") -> list[dict]:
    """Every challenge in scope with its bids, milestones (done, overdue) and whether
    it is past its deadline without an award (1 query)."""
    queryset = Challenge.objects.select_related("awarded_to").annotate(
        bid_count=Count("bids", distinct=True),
        milestone_count=Count("milestones", distinct=True),
        done_count=Count("milestones", filter=Q(milestones__done_on__isnull=False), distinct=True),
        overdue_count=Count(
            "milestones",
            filter=Q(milestones__done_on__isnull=True, milestones__due_on__lt=today),
            distinct=True,
        ),
    )
    if status:
        queryset = queryset.filter(status=status)
    rows = []
    for challenge in queryset.order_by("-published_on", "pk"):
        past = rules.challenge_past_deadline(
            deadline=challenge.deadline,
            awarded=challenge.awarded_to_id is not None,
            open_=challenge.status == ChallengeStatus.OPEN,
            today=today,
        )
        rows.append(
            {
                "challenge": challenge,
                "bids": challenge.bid_count,
                "milestones": challenge.milestone_count,
                "done": challenge.done_count,
                "overdue": challenge.overdue_count if challenge.status == "awarded" else 0,
                "past_deadline": past,
                "days_late": rules.days_late(challenge.deadline, today) if past else 0,
            }
        )
    return rows


def overdue_milestones(today: dt.date) -> list[dict]:
    """Milestones of awarded challenges past their due day and not done (1 query)."""
    queryset = ChallengeMilestone.objects.filter(
        done_on__isnull=True, due_on__lt=today, challenge__status=ChallengeStatus.AWARDED
    ).select_related("challenge__awarded_to")
    return [
        {"milestone": m, "challenge": m.challenge, "days_late": rules.days_late(m.due_on, today)}
        for m in queryset.order_by("due_on", "pk")
        if rules.milestone_overdue(due_on=m.due_on, done_on=m.done_on, today=today)
    ]


def outcome_board(today: dt.date) -> dict:
    """The three lists the office follows up (4 queries)."""
    return {
        "agreements": agreement_outcomes(today, flagged_only=True),
        "milestones": overdue_milestones(today),
        "challenges": [r for r in challenges_board(today, status="open") if r["past_deadline"]],
    }


# Plain lists (the API and the admin's choices) -------------------------------------------


def members(kind: str = "", search: str = ""):
    queryset = AllianceMember.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    if search:
        queryset = queryset.filter(name__icontains=search)
    return queryset.order_by("kind", "name", "pk")


def programmes(year: int | None = None, kind: str = ""):
    queryset = Programme.objects.prefetch_related("cohorts")
    if year:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-year", "name", "pk")


def challenges(status: str = ""):
    queryset = Challenge.objects.prefetch_related("bids__bidder", "milestones")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-published_on", "pk")


def bases():
    return (
        PracticeBase.objects.select_related("university")
        .prefetch_related("terms")
        .order_by("name", "pk")
    )


def graduates(year: int | None = None, university_id: int | None = None, kind: str = ""):
    queryset = Graduate.objects.select_related("university")
    if year:
        queryset = queryset.filter(year=year)
    if university_id:
        queryset = queryset.filter(university_id=university_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-year", "name", "pk")
