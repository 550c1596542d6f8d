"""Scoped reads of urban co-building, grids and in-service members' reports.

Every function reads through the scoped managers: the caller's entry point has already
narrowed the scope to where its capability is held. ``dual_report_facts`` is the
public one other areas use (the member's year-end review evidence).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from zugong.core.models import Organization, Person
from zugong.grassroots.models.urban import (
    CoBuildingContract,
    ContractItem,
    DualReport,
    Fulfilment,
    Grid,
    GridLevel,
    ServiceRecord,
)
from zugong.grassroots.rules import urban as rules
from zugong.grassroots.rules.common import setting
from zugong.grassroots.services.urban_grids import PARTY_STATUSES

RULE_LEVEL = {GridLevel.GRID: "grid", GridLevel.MICRO: "micro_grid"}


def hours_target() -> Decimal:
    """The yearly service hours an in-service member should give (default 50)."""
    return Decimal(str(setting("ZUGONG_DUAL_REPORT_MIN_HOURS", rules.DUAL_REPORT_MIN_HOURS.value)))


# Contract health --------------------------------------------------------------------------


def contract_health(today: dt.date, *, community: Organization | None = None) -> dict:
    """Per contract and per community: items due / fulfilled / overdue / not yet due
    (rules.urban.contract_health), with the overdue items listed. Two queries whatever
    the number of contracts."""
    contracts = CoBuildingContract.objects.select_related("community", "unit").prefetch_related(
        Prefetch("items", queryset=ContractItem.objects.order_by("due_on", "pk"))
    )
    if community is not None:
        contracts = contracts.filter(community=community)
    rows = []
    by_community: dict[int, dict] = {}
    for contract in contracts.order_by("community__path", "-year", "unit__name"):
        items = list(contract.items.all())
        health = rules.contract_health(
            [rules.ItemState(i.due_on, i.fulfilled_on) for i in items], today
        )
        overdue = [
            i for i in items if i.fulfilled_on is None and i.due_on is not None and i.due_on < today
        ]
        rows.append({"contract": contract, "health": health, "overdue_items": overdue})
        total = by_community.setdefault(
            contract.community_id,
            {
                "community": contract.community,
                "contracts": 0,
                "total": 0,
                "due": 0,
                "fulfilled": 0,
                "overdue": 0,
                "not_due": 0,
            },
        )
        total["contracts"] += 1
        for key in ("total", "due", "fulfilled", "overdue", "not_due"):
            total[key] += getattr(health, key)
    return {"contracts": rows, "communities": list(by_community.values())}


def publication(community: Organization, today: dt.date) -> list[dict]:
    """The community's contracts with what each side committed and the fulfilment so
    far (亮约): three queries."""
    contracts = (
        CoBuildingContract.objects.filter(community=community)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ContractItem.objects.order_by("kind", "due_on").prefetch_related(
                    Prefetch("fulfilments", queryset=Fulfilment.objects.order_by("done_on"))
                ),
            )
        )
        .order_by("-year", "unit__name")
    )
    result = []
    for contract in contracts:
        items = list(contract.items.all())
        by_kind = defaultdict(list)
        for item in items:
            by_kind[item.kind].append(item)
        result.append(
            {
                "contract": contract,
                "needs": by_kind[ContractItem.Kind.NEED],
                "resources": by_kind[ContractItem.Kind.RESOURCE],
                "projects": by_kind[ContractItem.Kind.PROJECT],
                "groups": [
                    by_kind[ContractItem.Kind.NEED],
                    by_kind[ContractItem.Kind.RESOURCE],
                    by_kind[ContractItem.Kind.PROJECT],
                ],
                "health": rules.contract_health(
                    [rules.ItemState(i.due_on, i.fulfilled_on) for i in items], today
                ),
            }
        )
    return result


# Grids --------------------------------------------------------------------------------------


def grid_findings() -> list[dict]:
    """Every grid in scope with what rules.urban.grid_findings says of it; one query."""
    grids = (
        Grid.objects.select_related("community", "party_unit")
        .annotate(
            member_staff=Count("staff", filter=Q(staff__party_member=True), distinct=True),
            reported=Count(
                "reports", filter=Q(reports__status=DualReport.Status.ACTIVE), distinct=True
            ),
        )
        .order_by("code")
    )
    rows = []
    for grid in grids:
        findings = rules.grid_findings(
            level=RULE_LEVEL[grid.level],
            has_party_unit=grid.party_unit_id is not None,
            staff_members=grid.member_staff,
            reported_members=grid.reported,
        )
        rows.append({"grid": grid, "findings": findings})
    return rows


# In-service members' reports ---------------------------------------------------------------


def hours_by_report(year: int, reports=None) -> dict[int, Decimal]:
    records = ServiceRecord.objects.filter(served_on__year=year)
    if reports is not None:
        records = records.filter(report__in=reports)
    return {
        row["report_id"]: row["hours"] or Decimal(0)
        for row in records.values("report_id").annotate(hours=Sum("hours"))
    }


def rereport_overdue(today: dt.date) -> list[dict]:
    """Active reports whose re-report fell due (rules.urban.rereport_due), oldest first."""
    rows = []
    reports = DualReport.objects.filter(status=DualReport.Status.ACTIVE).select_related(
        "person", "unit", "community"
    )
    for report in reports.order_by("confirmed_on"):
        due = rules.rereport_due(report.confirmed_on, today)
        if due is not None:
            rows.append({"report": report, "due": due, "days": (today - due).days})
    return rows


def in_service_members(unit: Organization):
    """The party members of ``unit``'s subtree whose own organization must report."""
    return (
        Person.objects.filter(
            organization__path__startswith=unit.path,
            organization__category__in=rules.DUAL_REPORT_KINDS.value,
            political_status__in=PARTY_STATUSES,
        )
        .select_related("organization")
        .order_by("organization__path", "name")
    )


def unit_page(unit: Organization, deadline: dt.date, year: int, today: dt.date) -> dict:
    """A unit's in-service members: reported by ``deadline`` or not, hours this year."""
    people = list(in_service_members(unit))
    reports = {
        r.person_id: r
        for r in DualReport.objects.filter(person__in=[p.pk for p in people]).select_related(
            "community"
        )
    }
    hours = hours_by_report(year, list(reports.values()))
    target = hours_target()
    rows = []
    for person in people:
        report = reports.get(person.pk)
        reported = report is not None and report.reported_on <= deadline
        spent = hours.get(report.pk, Decimal(0)) if report else Decimal(0)
        rows.append(
            {
                "person": person,
                "report": report,
                "reported": reported,
                "hours": spent,
                "short": rules.hours_short(spent, target),
                "rereport_due": rules.rereport_due(report.confirmed_on, today) if report else None,
            }
        )
    count = sum(1 for r in rows if r["reported"])
    return {
        "rows": rows,
        "members": len(rows),
        "reported": count,
        "below_floor": rules.unit_below_floor(reported=count, members=len(rows)),
        "target": target,
    }


def community_page(community: Organization, year: int, today: dt.date) -> dict:
    reports = list(
        DualReport.objects.filter(community=community)
        .select_related("person", "unit", "grid")
        .order_by("unit__path", "person__name")
    )
    hours = hours_by_report(year, reports)
    target = hours_target()
    rows = [
        {
            "report": r,
            "hours": hours.get(r.pk, Decimal(0)),
            "short": rules.hours_short(hours.get(r.pk, Decimal(0)), target),
            "rereport_due": rules.rereport_due(r.confirmed_on, today),
        }
        for r in reports
    ]
    return {"rows": rows, "target": target, "total": sum((r["hours"] for r in rows), Decimal(0))}


def dual_report_facts(person_ids, year: int, today: dt.date | None = None) -> dict[int, dict]:
    """For each person id: whether the member has an active report (``reported``), its
    first date (``reported_on``), the service hours in ``year`` (``hours``), the yearly
    target (``target``) and whether a re-report is overdue on ``today``
    (``rereport_overdue``). Two queries whatever the number of people; scoped by the
    current scope (a report is seen from the member's unit or the community), so a
    person whose report lies outside it reads as not reported. Every id asked is in
    the answer."""
    today = today or dt.date.today()
    ids = list(person_ids)
    target = hours_target()
    reports = {
        r.person_id: r
        for r in DualReport.objects.filter(person_id__in=ids, status=DualReport.Status.ACTIVE)
    }
    hours = hours_by_report(year, list(reports.values())) if reports else {}
    facts = {}
    for pid in ids:
        report = reports.get(pid)
        facts[pid] = {
            "reported": report is not None,
            "reported_on": report.reported_on if report else None,
            "hours": hours.get(report.pk, Decimal(0)) if report else Decimal(0),
            "target": target,
            "rereport_overdue": bool(report and rules.rereport_due(report.confirmed_on, today)),
        }
    return facts
