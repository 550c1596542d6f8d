"""Dues arrears (党费欠缴)."""

from __future__ import annotations

import datetime as dt

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
