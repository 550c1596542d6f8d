"""Scoped reads of members, for the admin, the API, exports and the cockpit."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from zugong.core.models import Organization, OrgKind, OrgStatus
from zugong.core.selectors import person_search
from zugong.party import rules
from zugong.party.models import Member, MemberKind, MemberStatus

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


def branch_counts() -> list[dict]:
    """Members per active branch in scope: full, probationary, all (living only)."""
    living = Q(persons__membership__status__in=LIVING)
    return list(
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


def branch_findings() -> list[dict]:
    rows = []
    for branch in branch_counts():
        findings = rules.branch_structure_findings(
            full_members=branch["full"], all_members=branch["all_members"]
        )
        if findings:
            rows.append({**branch, "findings": findings})
    return rows
