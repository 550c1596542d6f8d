"""Grassroots records at benchmark scale (`zugong gen` calls ``extend`` after the party
data): every village and community organization rated for the last year and in draft
for this one, a year of collective income and a contract for every village, and two
two-new organizations per branch (100,000 at 1,000,000 members), of every coverage type,
with valid unified social credit codes. Deterministic for a seed; bulk-written like the
party generator (core.bulk: COPY on PostgreSQL, batched inserts on SQLite).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zugong.core import audit, bulk
from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.grassroots import capabilities as caps
from zugong.grassroots import rules
from zugong.grassroots.models import (
    CollectiveContract,
    CollectiveIncome,
    Coverage,
    Entity,
    EntityKind,
    IncomeSource,
    IndicatorScore,
    OperatingStatus,
    Rating,
    RatingStatus,
)
from zugong.grassroots.selectors import evidence

TODAY = dt.date(2026, 1, 1)
ENTITIES_PER_BRANCH = 2
INDUSTRIES = ["旅游服务", "餐饮", "电子商务", "农产品加工", "物流", "教育培训", "建筑", "零售"]
ENTERPRISE_WORDS = ["桂林市", "临桂", "漓江", "山水", "金桂", "雁山", "两江", "会仙"]
ENTERPRISE_KINDS = ["科技有限公司", "农业发展有限公司", "旅游开发有限公司", "商贸有限公司"]
SOCIAL_KINDS = ["行业协会", "商会", "民办学校", "社会工作服务中心"]


def extend(*, seed: int, progress: Callable[[str], None] = print) -> dict:
    """Add the grassroots records to a database the party generator has just filled."""
    rng = random.Random(seed + 4)
    now = timezone.now()
    year = TODAY.year
    # Unscoped on purpose: the generator's own rows, just written, in path order.
    orgs = list(
        Organization.objects.unscoped()
        .order_by("path")
        .values_list("pk", "kind", "category", "parent_id")
    )
    townships = [pk for pk, kind, _c, _p in orgs if kind == OrgKind.TOWNSHIP]
    # The organizations the star rating rates (village and community top organizations).
    villages = list(evidence.rated_organizations().values_list("pk", "category"))
    two_new = {}
    for pk, _kind, category, parent in orgs:
        if category in (OrgCategory.NON_PUBLIC_ENTERPRISE, OrgCategory.SOCIAL_ORGANIZATION):
            two_new.setdefault(parent, []).append(pk)
    branches = sum(1 for _pk, kind, _c, _p in orgs if kind == OrgKind.BRANCH)
    # One bulk operation, analysed at its end (core.bulk), as the party generator's.
    with transaction.atomic(), bulk.operation():
        ratings = _ratings(rng, villages, year, now)
        progress(f"星级评定 {ratings['ratings']:,} 个，指标得分 {ratings['scores']:,} 项")
        village_ids = [pk for pk, cat in villages if cat == OrgCategory.VILLAGE]
        incomes = _collective(rng, village_ids, year)
        progress(f"集体经济收入 {incomes['incomes']:,} 笔，合同 {incomes['contracts']:,} 份")
        entities = _entities(rng, townships, two_new, branches * ENTITIES_PER_BRANCH, now)
        progress(f"两新组织 {entities:,} 个")
        audit.log_action(
            caps.TWONEW_IMPORTED,
            extra={"source": "gen", "entities": entities, **ratings, **incomes},
        )
    return {**ratings, **incomes, "entities": entities}


def _ratings(rng, villages, year: int, now) -> dict:
    from zugong.grassroots.services.rating_indicators import indicator_set_make

    sets = {y: indicator_set_make(actor=None, year=y) for y in (year - 1, year)}
    indicators = {y: list(s.indicators.order_by("order", "code")) for y, s in sets.items()}
    bands = {
        y: rules.validate_bands({b.star: b.min_score for b in s.bands.all()})
        for y, s in sets.items()
    }
    rows = []
    for organization_id, _category in villages:
        for y in (year - 1, year):
            published = y < year
            score = Decimal(min(100, max(40, int(rng.gauss(78, 10)))))
            star = rules.star_for(score, bands[y]) or 1
            rows.append(
                (
                    organization_id,
                    y,
                    sets[y].pk,
                    RatingStatus.PUBLISHED if published else RatingStatus.DRAFT,
                    score,
                    score if published else None,
                    star if published else None,
                    dt.date(y + 1, 1, 20) if published else None,
                    now,
                )
            )
    written = bulk.insert_rows(
        Rating,
        [
            "organization",
            "year",
            "indicator_set",
            "status",
            "draft_score",
            "score",
            "star",
            "published_on",
            "updated_at",
        ],
        rows,
    )
    # Unscoped on purpose: ids of the ratings just written.
    # A list, not an iterator: PostgreSQL's COPY below holds the connection, and a
    # server-side cursor read in between would wait on it for ever.
    ids = list(Rating.objects.unscoped().values_list("pk", "year", "draft_score"))

    def scores() -> Iterator[tuple]:
        for rating_id, y, total in ids:
            share = Decimal(total) / sets[y].total_points
            for indicator in indicators[y]:
                points = (indicator.max_points * share).quantize(Decimal("0.5"))
                yield (rating_id, indicator.pk, points, points if y < year else None, "", "[]")

    scored = bulk.insert_rows(
        IndicatorScore,
        ["rating", "indicator", "draft_points", "points", "evidence_summary", "evidence_refs"],
        scores(),
    )
    return {"ratings": written, "scores": scored}


def _collective(rng, villages: list[int], year: int) -> dict:
    def incomes() -> Iterator[tuple]:
        for organization_id in villages:
            monthly = Decimal(rng.choice([1500, 3000, 5000, 8000, 12000]))
            for month in range(1, 13):
                source = rng.choice([IncomeSource.RESOURCE, IncomeSource.PROPERTY])
                yield (organization_id, year - 1, month, source, monthly, "", "", "gen")
            yield (
                organization_id,
                year - 1,
                12,
                IncomeSource.SUBSIDY,
                Decimal(20000),
                "",
                "",
                "gen",
            )

    written = bulk.insert_rows(
        CollectiveIncome,
        ["organization", "year", "month", "source", "amount", "voucher", "note", "batch"],
        incomes(),
    )
    contracts = bulk.insert_rows(
        CollectiveContract,
        [
            "organization",
            "code",
            "counterparty",
            "subject",
            "source",
            "signed_on",
            "starts_on",
            "ends_on",
            "amount",
            "deposit",
            "batch",
        ],
        (
            (
                organization_id,
                f"HT{organization_id:08d}",
                "基准测试承包方",
                "集体土地承包经营",
                IncomeSource.RESOURCE,
                dt.date(year - 3, 3, 1),
                dt.date(year - 3, 3, 1),
                dt.date(year + rng.randint(0, 4), 2, 28),
                Decimal(rng.choice([30000, 60000, 120000])),
                Decimal(0),
                "gen",
            )
            for organization_id in villages
        ),
    )
    return {"incomes": written, "contracts": contracts}


def credit_code(number: int) -> str:
    """A valid unified social credit code (GB 32100) for a sequence number."""
    body = f"91450312{number:09d}"
    return body + rules.credit_code_check_char(body)


def _entities(rng, townships: list[int], two_new: dict[int, list[int]], total: int, now) -> int:
    def rows() -> Iterator[tuple]:
        for number in range(total):
            township = townships[number % len(townships)]
            social = rng.random() < 0.15
            kind = EntityKind.SOCIAL_ORG if social else EntityKind.ENTERPRISE
            status = OperatingStatus.NORMAL
            if rng.random() < 0.06:
                status = rng.choice([OperatingStatus.SHELL, OperatingStatus.DORMANT])
            employees = rng.choice([3, 8, 12, 25, 40, 80, 200])
            verdict = rules.counting_verdict(
                kind=kind,
                operating_status=status,
                fixed_place=True,
                employees=employees,
                real_operation=status == OperatingStatus.NORMAL,
            )
            organizations = two_new.get(township, [])
            draw = rng.random()
            if organizations and draw < 0.3:
                coverage, organization, full = Coverage.SEPARATE, rng.choice(organizations), 3
            elif organizations and draw < 0.75:
                coverage, organization, full = Coverage.JOINT, rng.choice(organizations), 1
            else:
                coverage, organization, full = Coverage.NONE, None, 0
            suffix = SOCIAL_KINDS if social else ENTERPRISE_KINDS
            name = f"{rng.choice(ENTERPRISE_WORDS)}第{number + 1}{rng.choice(suffix)}"
            yield (
                kind,
                credit_code(number + 1),
                name,
                township,
                rng.choice(INDUSTRIES),
                employees,
                full,
                full,
                status,
                True,
                status == OperatingStatus.NORMAL,
                verdict.counted,
                "；".join(verdict.reasons)[:200],
                coverage,
                organization,
                dt.date(2010 + rng.randint(0, 15), rng.randint(1, 12), 1) if organization else None,
                {Coverage.SEPARATE: "单独组建", Coverage.JOINT: "依托园区联合组建"}.get(
                    coverage, ""
                ),
                "" if organization else "党员人数不足，暂未组建",
                "" if organization or rng.random() < 0.4 else "基准测试联络员",
                now,
            )

    return bulk.insert_rows(
        Entity,
        [
            "kind",
            "credit_code",
            "name",
            "township",
            "industry",
            "employees",
            "party_members",
            "full_members",
            "operating_status",
            "fixed_place",
            "real_operation",
            "counted",
            "counted_reason",
            "coverage",
            "party_organization",
            "formed_on",
            "formed_how",
            "not_formed_reason",
            "liaison",
            "updated_at",
        ],
        rows(),
    )
