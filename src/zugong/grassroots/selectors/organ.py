"""Scoped reads of organ party building: overdue and unfulfilled commitments, the public
display page (亮身份、亮职责、亮承诺), pioneer posts near or past the end of their term,
and the organ findings (structure by the organ regulation, the yearly members' meeting,
party-work staff).

Members are counted here through party's scoped Member manager (party has no public
selector counting the members of every organization's subtree in bulk:
party.selectors.organizations.branch_counts counts branches only, its subtree count is
private): one grouped query by organization path, then prefix sums over sorted paths.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from itertools import accumulate

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from zugong.core.models import Organization, OrgCategory, OrgKind, OrgStatus
from zugong.grassroots.models.organ import (
    Commitment,
    CommitmentProgress,
    OrganMembersMeeting,
    OrganUnit,
    PioneerPost,
)
from zugong.grassroots.rules import organ as rules
from zugong.grassroots.rules.common import setting
from zugong.grassroots.services.organ import FINAL_STEP, ORGAN_KINDS
from zugong.party.models import BranchCommittee, CommitteeSeat, Member, MemberKind
from zugong.party.selectors.members import LIVING

# A pioneer post is listed as expiring this many days before its term ends.
PIONEER_EXPIRING_DAYS = 90


def expiring_days() -> int:
    return int(setting("ZUGONG_PIONEER_EXPIRING_DAYS", PIONEER_EXPIRING_DAYS))


def _commitments():
    return Commitment.objects.select_related("organization", "person")


# Commitments ------------------------------------------------------------------------------


def commitments_overdue(today: dt.date):
    """Commitments past their deadline and not fulfilled, oldest deadline first."""
    return (
        _commitments()
        .filter(fulfilled_on__isnull=True, deadline__lt=today)
        .order_by("deadline", "organization__path", "pk")
    )


def commitments_unfulfilled(year: int, today: dt.date):
    """After the end of ``year``: its commitments never fulfilled (none before)."""
    if year >= today.year:
        return Commitment.objects.none()
    return (
        _commitments()
        .filter(year=year, fulfilled_on__isnull=True)
        .order_by("organization__path", "person__name", "pk")
    )


def commitment_state(commitment: Commitment, today: dt.date) -> str:
    if commitment.fulfilled_on:
        return "fulfilled"
    if commitment.deadline < today:
        return "overdue"
    return "open"


STATE_LABELS = {"fulfilled": _("已践诺"), "overdue": _("逾期未完成"), "open": _("推进中")}


def display(organization: Organization, year: int) -> dict:
    """The branch's public display (亮身份、亮职责、亮承诺): its members with their
    posts in the current committee, and the year's commitments of the branch and of each
    member, each with its fulfilment records. Four queries."""
    members = list(
        Member.objects.filter(person__organization=organization, status__in=LIVING)
        .select_related("person")
        .order_by("person__name")
    )
    posts: dict[int, list[str]] = {}
    for seat in CommitteeSeat.objects.filter(
        committee__organization=organization, committee__ended_on__isnull=True
    ).order_by("post"):
        posts.setdefault(seat.person_id, []).append(seat.get_post_display())
    commitments = list(
        _commitments()
        .filter(organization=organization, year=year)
        .prefetch_related(
            Prefetch("records", queryset=CommitmentProgress.objects.order_by("recorded_on"))
        )
        .order_by("deadline", "pk")
    )
    by_person: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        by_person.setdefault(commitment.person_id, []).append(commitment)
    rows = [
        {
            "member": m,
            "posts": "、".join(posts.get(m.person_id, [])) or _("党员"),
            "commitments": by_person.get(m.person_id, []),
        }
        for m in members
    ]
    listed = {m.person_id for m in members}
    others = [c for pid, cs in by_person.items() if pid and pid not in listed for c in cs]
    return {
        "organization": organization,
        "year": year,
        "branch_commitments": by_person.get(None, []),
        "members": rows,
        "others": others,
        "posts": PioneerPost.objects.filter(organization=organization, step=FINAL_STEP)
        .select_related("person")
        .order_by("post_name"),
    }


def display_organizations():
    """Organizations with commitments, to choose a display page from."""
    ids = Commitment.objects.values_list("organization_id", flat=True).distinct()
    return Organization.objects.filter(pk__in=list(ids)).order_by("path")


# Pioneer posts --------------------------------------------------------------------------


def pioneer_expiring(today: dt.date) -> list[dict]:
    """Named posts whose term has ended (expired) or ends within the window (expiring)."""
    limit = today + dt.timedelta(days=expiring_days())
    posts = (
        PioneerPost.objects.filter(step=FINAL_STEP, term_ends_on__lte=limit)
        .select_related("organization", "person")
        .order_by("term_ends_on", "pk")
    )
    return [
        {"post": p, "state": "expired" if p.term_ends_on < today else "expiring"} for p in posts
    ]


# Findings ---------------------------------------------------------------------------------


def _subtree_counts(paths: list[str]) -> dict[str, tuple[int, int]]:
    """(all, full) living members in the subtree of each path: one grouped query."""
    per_path: dict[str, list[int]] = {}
    for path, kind, n in (
        Member.objects.filter(status__in=LIVING)
        .order_by()
        .values_list("person__organization__path", "kind")
        .annotate(n=Count("id"))
    ):
        counts = per_path.setdefault(path, [0, 0])
        counts[0] += n
        if kind == MemberKind.FULL:
            counts[1] += n
    ordered = sorted(per_path)
    every = [0, *accumulate(per_path[p][0] for p in ordered)]
    full = [0, *accumulate(per_path[p][1] for p in ordered)]
    result = {}
    for path in paths:
        low, high = bisect_left(ordered, path), bisect_left(ordered, path + "\uffff")
        result[path] = (every[high] - every[low], full[high] - full[low])
    return result


def organ_organizations():
    return Organization.objects.filter(
        category=OrgCategory.ORGAN, kind__in=ORGAN_KINDS, status=OrgStatus.ACTIVE
    ).order_by("path")


def structure_findings() -> list[dict]:
    """Each active organ party organization in scope with what rules.organ
    .organ_structure_findings says of its numbers (members counted in its subtree)."""
    organizations = list(organ_organizations())
    counts = _subtree_counts([o.path for o in organizations])
    with_committee = set(
        BranchCommittee.objects.filter(ended_on__isnull=True)
        .annotate(seat_count=Count("seats"))
        .filter(seat_count__gt=0)
        .values_list("organization_id", flat=True)
    )
    rows = []
    for organization in organizations:
        members, full = counts[organization.path]
        findings = rules.organ_structure_findings(
            kind=organization.kind,
            members=members,
            full_members=full,
            has_committee=organization.pk in with_committee,
        )
        rows.append(
            {
                "organization": organization,
                "members": members,
                "full": full,
                "findings": findings,
            }
        )
    return rows


def meeting_findings(year: int) -> list[dict]:
    """The organ party organizations that hold the yearly members' and cadres' meeting
    (those with a unit's staffing record, and every organ basic-level committee), with
    the year's meetings and whether one is missing (rules.organ.members_meeting_missing)."""
    unit_orgs = set(OrganUnit.objects.values_list("organization_id", flat=True))
    holders = list(
        organ_organizations().filter(Q(pk__in=list(unit_orgs)) | Q(kind=OrgKind.GRASSROOTS))
    )
    held = dict(
        OrganMembersMeeting.objects.filter(held_on__year=year)
        .order_by()
        .values_list("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    return [
        {
            "organization": o,
            "meetings": held.get(o.pk, 0),
            "missing": rules.members_meeting_missing(held.get(o.pk, 0)),
        }
        for o in holders
    ]


def staffing_findings() -> list[dict]:
    rows = []
    for unit in OrganUnit.objects.select_related("organization").order_by("organization__path"):
        low, high = rules.partywork_staff_range(unit.staff)
        rows.append(
            {
                "unit": unit,
                "range": (low, high),
                "finding": rules.partywork_staff_finding(
                    staff=unit.staff, partywork_staff=unit.partywork_staff
                ),
            }
        )
    return rows


def findings(year: int) -> dict:
    """The organ findings page: structure, meetings and staffing, with their sources."""
    structure = structure_findings()
    meetings = meeting_findings(year)
    staffing = staffing_findings()
    return {
        "year": year,
        "structure": structure,
        "structure_flagged": [r for r in structure if r["findings"]],
        "meetings": meetings,
        "meetings_missing": [r for r in meetings if r["missing"]],
        "staffing": staffing,
        "staffing_flagged": [r for r in staffing if r["finding"]],
        "sources": [
            rules.ORGAN_COMMITTEE_MIN_MEMBERS.source,
            rules.ORGAN_BRANCH_MIN_FULL.source,
            rules.ANNUAL_MEMBERS_MEETING_MIN.source,
            rules.PARTYWORK_STAFF_RATIO.source,
        ],
    }
