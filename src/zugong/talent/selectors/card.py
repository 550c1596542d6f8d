"""Reads of the talent card: the office's lists (overdue service requests — the
entitlement clock —, cards in the renewal window), the figures by tier and status, and
the holder's own cards. Every read runs in the caller's scope; lists take a constant
number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from zugong.talent.models import (
    CardStatus,
    CardTier,
    RequestStatus,
    ServiceRequest,
    TalentCard,
    Verification,
)
from zugong.talent.rules import card as rules

OPEN_REQUESTS = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED)


def cards():
    return TalentCard.objects.select_related("talent__person", "talent__township", "tier")


def main_cards():
    return cards().filter(holder_card__isnull=True)


def requests():
    return ServiceRequest.objects.select_related(
        "card__talent__person", "card__talent__township", "card__tier", "entitlement"
    )


def overdue_requests(today: dt.date):
    """Requests past their due day and not done (★ the entitlement clock), the most
    overdue first."""
    return requests().filter(status__in=OPEN_REQUESTS, due_on__lt=today).order_by("due_on", "pk")


def days_overdue(request: ServiceRequest, today: dt.date) -> int:
    return (today - request.due_on).days


def expiring_cards(today: dt.date):
    """Issued main cards whose renewal window is open (the last days of validity)."""
    last = today + dt.timedelta(days=rules.renew_before_days())
    return (
        main_cards()
        .filter(status=CardStatus.ISSUED, valid_until__gte=today, valid_until__lte=last)
        .order_by("valid_until", "pk")
    )


def figures_by_tier(today: dt.date) -> list[dict]:
    """Per tier: main cards by status, those valid today, and open and overdue requests."""
    tiers = list(CardTier.objects.order_by("order", "code"))
    counts = {
        row["tier"]: row
        for row in TalentCard.objects.filter(holder_card__isnull=True)
        .values("tier")
        .annotate(
            total=Count("pk"),
            applied=Count("pk", filter=Q(status__in=(CardStatus.APPLIED, CardStatus.REVIEWED))),
            valid=Count("pk", filter=Q(status=CardStatus.ISSUED, valid_until__gte=today)),
            expired=Count(
                "pk",
                filter=Q(status=CardStatus.EXPIRED)
                | Q(status=CardStatus.ISSUED, valid_until__lt=today),
            ),
            ended=Count(
                "pk",
                filter=Q(
                    status__in=(
                        CardStatus.LOST,
                        CardStatus.INVALID,
                        CardStatus.REPLACED,
                        CardStatus.REFUSED,
                    )
                ),
            ),
        )
    }
    dependants = dict(
        TalentCard.objects.filter(holder_card__isnull=False, status=CardStatus.ISSUED)
        .values("tier")
        .annotate(n=Count("pk"))
        .values_list("tier", "n")
    )
    overdue = dict(
        ServiceRequest.objects.filter(status__in=OPEN_REQUESTS, due_on__lt=today)
        .values("card__tier")
        .annotate(n=Count("pk"))
        .values_list("card__tier", "n")
    )
    rows = []
    for tier in tiers:
        row = counts.get(tier.pk, {})
        rows.append(
            {
                "tier": tier,
                "total": row.get("total", 0),
                "applied": row.get("applied", 0),
                "valid": row.get("valid", 0),
                "expired": row.get("expired", 0),
                "ended": row.get("ended", 0),
                "dependants": dependants.get(tier.pk, 0),
                "overdue": overdue.get(tier.pk, 0),
            }
        )
    return rows


def verifications():
    return Verification.objects.select_related("card__talent__person", "user")


def own_cards(person_id: int):
    """A holder's own main cards, newest first (the portal's list)."""
    return main_cards().filter(talent__person_id=person_id).prefetch_related("dependants")


def own_requests(person_id: int):
    """A holder's own service requests with their due days (the portal's progress)."""
    return requests().filter(card__talent__person_id=person_id).order_by("-submitted_on", "-pk")


def own_verifications_count(card: TalentCard) -> int:
    return Verification.objects.filter(card=card).count()
