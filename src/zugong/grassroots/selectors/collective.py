"""Reads of the collective economy ledger, limited to the active scope: the year's
ledger by village (income by source, tier, change on last year), a village-year by
month and source, contracts' receipts due and overdue, expiring contracts, missing
disclosures, the weak villages with their first secretaries, and the forecast."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.grassroots.models.collective import (
    CollectiveContract,
    CollectiveIncome,
    CollectiveProfile,
    ContractReceipt,
    Disclosure,
    FirstSecretary,
    IncomeSource,
)
from zugong.grassroots.rules import collective as rules

ZERO = Decimal(0)


def villages(township_id: int | None = None):
    """The village party organizations in scope (the village-level committee or branch
    directly under a township; a general branch's own branches are not villages)."""
    queryset = Organization.objects.filter(
        category=OrgCategory.VILLAGE, parent__kind=OrgKind.TOWNSHIP
    ).select_related("parent")
    if township_id:
        queryset = queryset.filter(parent_id=township_id)
    return queryset.order_by("path")


def townships():
    ids = villages().values_list("parent_id", flat=True)
    return Organization.objects.filter(pk__in=ids).order_by("path")


def _sums(year_list, organization_ids=None) -> dict:
    """(organization id, year) → source → amount."""
    queryset = CollectiveIncome.objects.filter(year__in=year_list)
    if organization_ids is not None:
        queryset = queryset.filter(organization_id__in=organization_ids)
    result: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in queryset.values("organization_id", "year", "source").annotate(total=Sum("amount")):
        result[(row["organization_id"], row["year"])][row["source"]] += row["total"]
    return result


def _totals(by_source: dict) -> tuple[Decimal, Decimal]:
    total = sum(by_source.values(), ZERO)
    operating = sum(
        (amount for source, amount in by_source.items() if rules.is_operating(source)), ZERO
    )
    return total, operating


def ledger(year: int, *, township_id: int | None = None, tier: str = "") -> list[dict]:
    """One row per village in scope: income by source, total, operating, tier (by the
    configured measure), last year's measured amount and the change."""
    orgs = list(villages(township_id))
    sums = _sums([year, year - 1], [o.pk for o in orgs])
    busy = set(
        CollectiveProfile.objects.filter(busy=True, organization__in=orgs).values_list(
            "organization_id", flat=True
        )
    )
    rows = []
    for org in orgs:
        by_source = sums.get((org.pk, year), {})
        total, operating = _totals(by_source)
        last_total, last_operating = _totals(sums.get((org.pk, year - 1), {}))
        this_tier = rules.tier_for(operating=operating, total=total)
        last = rules.tier_for(operating=last_operating, total=last_total).amount
        if tier and this_tier.code != tier:
            continue
        rows.append(
            {
                "organization": org,
                "township": org.parent,
                "by_source": [by_source.get(code, ZERO) for code in IncomeSource.values],
                "total": total,
                "operating": operating,
                "tier": this_tier,
                "last_year": last,
                "change": this_tier.amount - last,
                "busy": org.pk in busy,
            }
        )
    return rows


def village_year(organization: Organization, year: int) -> dict:
    """Months × sources of one village's year, with each month's and source's totals."""
    grid = {m: {s: ZERO for s in IncomeSource.values} for m in range(1, 13)}
    queryset = (
        CollectiveIncome.objects.filter(organization=organization, year=year)
        .values("month", "source")
        .annotate(total=Sum("amount"))
    )
    for row in queryset:
        grid[row["month"]][row["source"]] += row["total"]
    by_source = {s: sum((grid[m][s] for m in grid), ZERO) for s in IncomeSource.values}
    total, operating = _totals(by_source)
    return {
        "months": [
            {
                "month": m,
                "cells": [grid[m][s] for s in IncomeSource.values],
                "total": sum(grid[m].values(), ZERO),
            }
            for m in range(1, 13)
        ],
        "by_source": [by_source[s] for s in IncomeSource.values],
        "total": total,
        "operating": operating,
        "tier": rules.tier_for(operating=operating, total=total),
    }


def sources() -> list[dict]:
    return [
        {"code": code, "label": label, "operating": rules.is_operating(code)}
        for code, label in IncomeSource.choices
    ]


# Contracts ------------------------------------------------------------------------------


def receipts(today: dt.date, *, within_days: int = 30) -> dict:
    """Unpaid instalments: overdue (due before today) and due within ``within_days``."""
    queryset = ContractReceipt.objects.filter(received_on__isnull=True).select_related(
        "contract__organization"
    )
    overdue = list(queryset.filter(due_on__lt=today).order_by("due_on"))
    due = list(
        queryset.filter(
            due_on__gte=today, due_on__lte=today + dt.timedelta(days=within_days)
        ).order_by("due_on")
    )
    return {"overdue": overdue, "due": due}


def expiring_contracts(today: dt.date) -> list[CollectiveContract]:
    """Contracts ending within the reminder window (rules.collective.expiring)."""
    window = int(
        rules.setting("ZUGONG_CONTRACT_EXPIRY_REMIND_DAYS", rules.CONTRACT_EXPIRY_REMIND_DAYS.value)
    )
    candidates = CollectiveContract.objects.filter(
        ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=window)
    ).select_related("organization")
    return [c for c in candidates.order_by("ends_on") if rules.expiring(c.ends_on, today)]


# Disclosures ----------------------------------------------------------------------------


def missing_disclosures(year: int, today: dt.date) -> list[dict]:
    """Each village in scope with the ended periods past their due day not disclosed."""
    orgs = list(villages())
    busy = set(
        CollectiveProfile.objects.filter(busy=True).values_list("organization_id", flat=True)
    )
    done = defaultdict(set)
    for org_id, period in Disclosure.objects.filter(
        year=year, kind=Disclosure.Kind.REGULAR
    ).values_list("organization_id", "period"):
        done[org_id].add(period)
    rows = []
    for org in orgs:
        missing = rules.missing_disclosures(year, org.pk in busy, done[org.pk], today)
        if missing:
            rows.append(
                {
                    "organization": org,
                    "busy": org.pk in busy,
                    "missing": missing,
                    "period": rules.disclosure_period(org.pk in busy),
                }
            )
    return rows


# Weak villages and the forecast ---------------------------------------------------------


def current_secretaries(organization_ids) -> dict[int, FirstSecretary]:
    return {
        s.organization_id: s
        for s in FirstSecretary.objects.filter(
            organization_id__in=organization_ids, left_on__isnull=True
        ).select_related("person")
    }


def weak_villages(year: int) -> list[dict]:
    rows = ledger(year, tier="weak")
    secretaries = current_secretaries([r["organization"].pk for r in rows])
    for row in rows:
        row["secretary"] = secretaries.get(row["organization"].pk)
    return rows


def forecast(year: int, today: dt.date) -> list[dict]:
    """For each weak village of ``year``: the operating income projected at year end
    (rules.collective.forecast_year_end) from what was received so far, the contract
    receipts still scheduled this year and the run rate of non-contract income."""
    rows = weak_villages(year)
    ids = [r["organization"].pk for r in rows]
    operating_sources = [s for s in IncomeSource.values if rules.is_operating(s)]
    history: dict = defaultdict(dict)
    for row in (
        CollectiveIncome.objects.filter(
            organization_id__in=ids,
            year=year,
            source__in=operating_sources,
            contract__isnull=True,
        )
        .values("organization_id", "month")
        .annotate(total=Sum("amount"))
    ):
        history[row["organization_id"]][row["month"]] = row["total"]
    scheduled = dict(
        ContractReceipt.objects.filter(
            contract__organization_id__in=ids,
            contract__source__in=operating_sources,
            received_on__isnull=True,
            due_on__gte=max(today, dt.date(year, 1, 1)),
            due_on__lte=dt.date(year, 12, 31),
        )
        .values("contract__organization_id")
        .annotate(total=Sum("amount"))
        .values_list("contract__organization_id", "total")
    )
    result = []
    for row in rows:
        org_id = row["organization"].pk
        projection = rules.forecast_year_end(
            year=year,
            today=today,
            received=row["tier"].amount,
            scheduled_rest=scheduled.get(org_id, ZERO),
            monthly_history=history.get(org_id, {}),
        )
        result.append({**row, "forecast": projection})
    return result


def income_list(year: int | None = None, organization_id: int | None = None):
    queryset = CollectiveIncome.objects.select_related("organization")
    if year:
        queryset = queryset.filter(year=year)
    if organization_id:
        queryset = queryset.filter(organization_id=organization_id)
    return queryset


def contract_list(*, expiring_before: dt.date | None = None):
    queryset = CollectiveContract.objects.select_related("organization")
    if expiring_before:
        queryset = queryset.filter(ends_on__lte=expiring_before)
    return queryset


def has_data(organization: Organization) -> bool:
    return CollectiveIncome.objects.filter(Q(organization=organization)).exists()
