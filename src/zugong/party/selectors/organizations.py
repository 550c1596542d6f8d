"""Organizations: elections due and the structure check (党组织设置检查)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from zugong.core.models import Organization, OrgKind, OrgStatus
from zugong.core.selectors import organization_paths
from zugong.dbrouter import reporting
from zugong.party import rules
from zugong.party.models import BranchCommittee, CommitteeSeat, Member, MemberKind
from zugong.party.selectors.members import LIVING


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


def election_facts(on: dt.date, *, states: tuple[str, ...]) -> list[tuple]:
    """``elections`` as plain rows for the to-do scan over a province's organizations:
    (organization id, name, current committee id or None, state, due), from two queries
    of values and the same rule (rules.election_state), in no particular order."""
    current = {
        organization_id: (pk, elected_on, years, postponed)
        for pk, organization_id, elected_on, years, postponed in BranchCommittee.objects.filter(
            ended_on__isnull=True
        )
        .order_by()
        .values_list("pk", "organization_id", "elected_on", "term_years", "postponed_until")
    }
    rows = []
    for pk, name in (
        Organization.objects.filter(kind__in=rules.ELECTING_KINDS, status=OrgStatus.ACTIVE)
        .order_by()
        .values_list("pk", "name")
    ):
        committee = current.get(pk)
        if committee is None:
            if "missing" in states:
                rows.append((pk, name, None, "missing", None))
            continue
        committee_id, elected_on, years, postponed = committee
        state, due = rules.election_state(
            elected_on=elected_on, years=years, postponed_until=postponed, on=on
        )
        if state in states:
            rows.append((pk, name, committee_id, state, due))
    return rows


@reporting
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
        .values("id", "name", "code", "path", "category", "full", "all_members")
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


def _subtree_counts() -> dict[str, tuple[int, int]]:
    """(full, all) living members in the subtree of each active committee and general
    branch in scope, from one grouped count and prefix sums over the sorted paths."""
    from bisect import bisect_left
    from itertools import accumulate

    per_path: dict[str, list[int]] = {}
    for path, kind, n in (
        Member.objects.filter(status__in=LIVING)
        .order_by()
        .values_list("person__organization__path", "kind")
        .annotate(n=Count("id"))
    ):
        counts = per_path.setdefault(path, [0, 0])
        counts[1] += n
        if kind == MemberKind.FULL:
            counts[0] += n
    paths = sorted(per_path)
    full = [0, *accumulate(per_path[p][0] for p in paths)]
    every = [0, *accumulate(per_path[p][1] for p in paths)]
    result = {}
    for path in Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH], status=OrgStatus.ACTIVE
    ).values_list("path", flat=True):
        low, high = bisect_left(paths, path), bisect_left(paths, path + "\uffff")
        result[path] = (full[high] - full[low], every[high] - every[low])
    return result


@reporting
def branch_findings() -> list[dict]:
    """The structure check (党组织设置检查): each active branch, general branch and
    basic-level committee in scope whose member count asks for a change of form, with the
    findings and their sources. Branches count their own members; general branches and
    committees everyone in their subtree."""
    rows = []
    for branch in branch_counts():
        # A current body with seats is a committee on record; under three seats it is
        # too small for a branch of seven or more full members.
        findings = rules.branch_structure_findings(
            full_members=branch["full"],
            all_members=branch["all_members"],
            has_committee=branch["committee_seats"] > 0,
            committee_seats=branch["committee_seats"],
        ) + rules.setup_findings(
            kind=OrgKind.BRANCH, category=branch["category"], all_members=branch["all_members"]
        )
        if findings:
            rows.append({**branch, "kind": OrgKind.BRANCH, "findings": findings})
    counts = _subtree_counts()
    for org in Organization.objects.filter(
        kind__in=[OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH], status=OrgStatus.ACTIVE
    ).values("id", "name", "code", "path", "kind", "category"):
        full, every = counts.get(org["path"], (0, 0))
        findings = rules.setup_findings(
            kind=org["kind"], category=org["category"], all_members=every
        )
        if findings:
            rows.append({**org, "full": full, "all_members": every, "findings": findings})
    rows.sort(key=lambda r: r["path"])
    labels = organization_paths(
        [Organization(pk=r["id"], path=r["path"], name=r["name"]) for r in rows]
    )
    for row in rows:
        row["kind_label"] = OrgKind(row["kind"]).label
        row["label"] = labels[row["id"]]  # same-named branches told apart by their parents
    return rows
