"""Scoped reads of members, for the admin, the API, exports and the cockpit."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from zugong.core.models import Organization, OrgKind, OrgStatus
from zugong.core.selectors import person_search
from zugong.party import rules
from zugong.party.models import BranchCommittee, CommitteeSeat, Member, MemberKind, MemberStatus

LIVING = [
    MemberStatus.NORMAL,
    MemberStatus.FLOATING,
    MemberStatus.LOST_CONTACT,
    MemberStatus.SUSPENDED,
]


def member_list(
    *, q: str = "", kind: str = "", status: str = "", organization: Organization | None = None
) -> QuerySet:
    queryset = Member.objects.select_related("person__organization")
    if organization is not None:
        queryset = queryset.filter(person__organization__path__startswith=organization.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        persons = person_search(Member.person.field.related_model.objects.all(), q)
        queryset = queryset.filter(person__in=persons)
    return queryset.order_by("person__name", "id")


def medal_candidates(year: int, *, organization: Organization | None = None) -> QuerySet:
    """光荣在党50年 for ``year``: one indexed range query, the rule's own check applied by
    ``rules.medal_eligible`` in the tests on the same dates."""
    queryset = member_list(organization=organization).filter(
        kind=MemberKind.FULL,
        status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING],
        full_on__lte=rules.medal_latest_full_on(year),
    )
    return queryset.order_by("person__organization__path", "full_on", "id")


def elections(on: dt.date, *, states: tuple[str, ...] = ("overdue", "due_soon")) -> list[dict]:
    """Current committees whose election is overdue or due soon, and electing organizations
    with no committee on record, in tree order (RULES.md §2.3)."""
    rows = []
    current = {
        c.organization_id: c
        for c in BranchCommittee.objects.filter(ended_on__isnull=True).select_related(
            "organization"
        )
    }
    organizations = Organization.objects.filter(
        kind__in=rules.ELECTING_KINDS, status=OrgStatus.ACTIVE
    ).order_by("path")
    for organization in organizations:
        committee = current.get(organization.pk)
        if committee is None:
            if "missing" in states:
                rows.append(
                    {
                        "organization": organization,
                        "committee": None,
                        "state": "missing",
                        "due": None,
                    }
                )
            continue
        state, due = rules.election_state(
            elected_on=committee.elected_on,
            years=committee.term_years,
            postponed_until=committee.postponed_until,
            on=on,
        )
        if state in states:
            rows.append(
                {"organization": organization, "committee": committee, "state": state, "due": due}
            )
    return rows


def branch_counts() -> list[dict]:
    """Members per active branch in scope (living only: full and all), and the seats of
    its current committee."""
    living = Q(persons__membership__status__in=LIVING)
    rows = list(
        Organization.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE)
        .annotate(
            full=Count(
                "persons__membership", filter=living & Q(persons__membership__kind=MemberKind.FULL)
            ),
            all_members=Count("persons__membership", filter=living),
        )
        .values("id", "name", "code", "path", "full", "all_members")
        .order_by("path")
    )
    seats = dict(
        CommitteeSeat.objects.filter(committee__ended_on__isnull=True)
        .values_list("committee__organization_id")
        .annotate(n=Count("id"))
        .values_list("committee__organization_id", "n")
    )
    for row in rows:
        row["committee_seats"] = seats.get(row["id"], 0)
    return rows


def branch_findings() -> list[dict]:
    rows = []
    for branch in branch_counts():
        # A branch committee (支部委员会) means a current body of three or more.
        findings = rules.branch_structure_findings(
            full_members=branch["full"],
            all_members=branch["all_members"],
            has_committee=branch["committee_seats"] >= 3,
            committee_seats=branch["committee_seats"],
        )
        if findings:
            rows.append({**branch, "findings": findings})
    return rows


def dues_arrears(on: dt.date, *, minimum_months: int = 1) -> list[dict]:
    """Members with unpaid months before ``on``'s month, most months first.

    Unpaid months run from the month after the last paid one (or the first month owed)
    through the month before ``on``; the current month is not yet late. Six in a row is
    the 党章第九条 lapse flag. One query for the last paid month of every member.
    """
    from django.db.models import Max

    from zugong.party.models import DuesPayment
    from zugong.party.services.dues import first_due_month

    last_month = rules.add_months(rules.month_start(on), -1)
    members = (
        Member.objects.filter(status__in=LIVING)
        .select_related("person__organization")
        .annotate(
            last_paid=Max(
                "dues_payments__month", filter=Q(dues_payments__kind=DuesPayment.Kind.REGULAR)
            )
        )
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
