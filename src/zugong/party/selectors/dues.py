"""Dues arrears (党费欠缴)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from zugong.party import rules
from zugong.party.models import Member
from zugong.party.selectors.members import LIVING


def dues_arrears(on: dt.date, *, minimum_months: int = 1) -> list[dict]:
    """Members with unpaid months before ``on``'s month, most months first.

    Unpaid months run from the month after the last paid one (or the first month owed)
    through the month before ``on``; the current month is not yet late. Six in a row is
    the 党章第九条 lapse flag. One query: the last paid month is the member row's own
    ``dues_paid_through`` (kept by the dues services).
    """
    from django.db.models import F

    from zugong.party.services.dues import first_due_month

    last_month = rules.add_months(rules.month_start(on), -1)
    members = (
        Member.objects.filter(status__in=LIVING)
        .select_related("person__organization")
        .annotate(last_paid=F("dues_paid_through"))
    )
    rows = []
    for member in members:
        start = first_due_month(member)
        if member.last_paid is not None:
            start = max(start, rules.add_months(member.last_paid, 1))
        unpaid = rules.months_between(start, last_month) + 1 if start <= last_month else 0
        if unpaid >= minimum_months:
            rows.append(
                {
                    "member": member,
                    "unpaid_months": unpaid,
                    "since": start,
                    "last_paid": member.last_paid,
                    "lapse": rules.lapse_flag(unpaid),
                }
            )
    rows.sort(
        key=lambda r: (
            -r["unpaid_months"],
            r["member"].person.organization.path,
            r["member"].person.name,
        )
    )
    return rows


def arrears_q(on: dt.date, months: int) -> Q:
    """Members with ``months`` or more unpaid months before ``on``'s month, by the rule of
    party.selectors.dues_arrears (unpaid months run from the month after the last paid,
    or from the first month owed, through last month) written as one filter: every
    start of that count lies on or before the month ``months - 1`` before last month.
    tests/cockpit check it against dues_arrears itself (the cockpit and the to-do scan
    filter with it)."""
    from zugong.party.services.dues import ledger_start

    latest = rules.add_months(rules.month_start(on), -months)  # the latest start that counts
    if ledger_start() > latest:
        return Q(pk__in=[])
    return Q(joined_on__lt=rules.add_months(latest, 1)) & (
        Q(dues_paid_through__isnull=True) | Q(dues_paid_through__lt=latest)
    )
