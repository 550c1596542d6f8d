"""Demo records of the village collective economy: every village of the demo district
with its collective economic organization, two years of monthly income by source and
the months of the current year so far (weak villages under 5万, some 5–10万, some over
10万), contracts with receipt schedules (some near expiry, some receipts overdue),
support projects, disclosures (some missing) and first secretaries in the weak
villages. Rows are written in bulk (seed data, no user acting); only the ``rng`` given
and ``today`` decide them."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.core.rules import shift_months
from zugong.grassroots.models.collective import (
    CollectiveContract,
    CollectiveIncome,
    CollectiveProfile,
    ContractReceipt,
    Disclosure,
    FirstSecretary,
    SupportProject,
)
from zugong.grassroots.rules import collective as rules

OPERATING = ("resource", "property", "service", "shares", "operating_other")
SUBJECTS = {
    "resource": (
        "集体山林发包",
        "鱼塘发包",
        "砂糖橘果园承包",
        "集体耕地流转",
        "罗汉果种植基地发包",
    ),
    "property": ("村集体商铺出租", "标准厂房出租", "村部闲置房屋出租", "仓储冷库出租"),
    "service": ("土地流转居间服务", "劳务输出中介服务", "农机作业服务"),
    "shares": ("入股县域光伏项目分红", "参股农业合作社分红", "入股乡村旅游公司分红"),
}
COUNTERPARTIES = (
    "桂林漓泉农业开发有限公司",
    "临桂区鑫源养殖专业合作社",
    "桂林山水果业有限公司",
    "广西桂北物流有限公司",
    "临桂区农丰农机服务队",
    "桂林市绿源光伏科技有限公司",
    "临桂区宛田乡村旅游开发有限公司",
    "个人承包户唐某某",
    "个人承包户秦某某",
)
PROJECTS = (
    ("光伏发电扶持项目", 500000, 40000),
    ("标准化厂房建设项目", 800000, 60000),
    ("冷链仓储项目", 400000, 30000),
    ("砂糖橘分拣中心项目", 300000, 24000),
    ("乡村民宿改造项目", 600000, 36000),
)
UNITS = (
    "临桂区委组织部",
    "临桂区财政局",
    "临桂区农业农村局",
    "桂林市自然资源局",
    "临桂区住房和城乡建设局",
)


def _villages() -> list[Organization]:
    return list(
        Organization.objects.filter(category=OrgCategory.VILLAGE, parent__kind=OrgKind.TOWNSHIP)
        .select_related("parent")
        .order_by("path")
    )


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / Decimal(str(sum(weights)))
    return [(Decimal(str(w)) * scale).quantize(Decimal("1")) for w in weights]


def _incomes(org, annual: Decimal, years, today, rng) -> list[CollectiveIncome]:
    # The 三资 books close at month end: the current month is not yet booked.
    rows = []
    sources = [*rng.sample(OPERATING[:4], 2), "operating_other"]
    for year in years:
        growth = Decimal(str(1 + (year - today.year + 1) * rng.uniform(-0.1, 0.2)))
        months = [m for m in range(1, 13) if (year, m) < (today.year, today.month)]
        for source, share in zip(
            sources, (Decimal("0.55"), Decimal("0.35"), Decimal("0.10")), strict=True
        ):
            for month, amount in zip(
                months, _split(annual * growth * share, 12, rng), strict=False
            ):
                rows.append(
                    CollectiveIncome(
                        organization=org,
                        year=year,
                        month=month,
                        source=source,
                        amount=amount,
                        voucher=f"记{year}{month:02d}-{len(rows) + 1:03d}",
                        note="",
                    )
                )
        if rng.random() < 0.8:
            rows.append(
                CollectiveIncome(
                    organization=org,
                    year=year,
                    month=min(6, months[-1]) if months else 1,
                    source="subsidy",
                    amount=Decimal(rng.randrange(20000, 80000, 1000)),
                    note="村级组织运转经费补助",
                )
            )
    return [r for r in rows if (r.year, r.month) < (today.year, today.month)]


def _contracts(org, annual: Decimal, today, rng, number: int):
    contracts, receipts = [], []
    for k in range(rng.randint(1, 3)):
        source = rng.choice(tuple(SUBJECTS))
        if k == 0 and number % 5 == 0:
            ends = today + dt.timedelta(days=rng.randint(10, 55))  # near expiry
            starts = dt.date(ends.year - 3, ends.month, 1)
        else:
            starts = dt.date(today.year - rng.randint(1, 3), rng.randint(1, 12), 1)
            ends = dt.date(starts.year + rng.randint(3, 10), starts.month, 1) - dt.timedelta(days=1)
        yearly = (annual * Decimal(str(rng.uniform(0.2, 0.5)))).quantize(Decimal("100"))
        years = max(1, (ends - starts).days // 365)
        contract = CollectiveContract(
            organization=org,
            code=f"{org.code[-6:]}-HT{k + 1:02d}",
            counterparty=rng.choice(COUNTERPARTIES),
            subject=rng.choice(SUBJECTS[source]),
            source=source,
            signed_on=starts - dt.timedelta(days=15),
            starts_on=starts,
            ends_on=ends,
            amount=yearly * years,
            deposit=(yearly / 10).quantize(Decimal("100")),
        )
        contracts.append(contract)
        half = (yearly / 2).quantize(Decimal("0.01"))
        day = shift_months(starts, 6) - dt.timedelta(days=1)
        while day <= ends:
            paid = day < today and not (number % 4 == 1 and day >= today - dt.timedelta(days=120))
            receipts.append(
                (
                    contract,
                    ContractReceipt(
                        due_on=day,
                        amount=half,
                        received_on=day + dt.timedelta(days=rng.randint(0, 10)) if paid else None,
                        received_amount=half if paid else None,
                    ),
                )
            )
            day = shift_months(day + dt.timedelta(days=1), 6) - dt.timedelta(days=1)
    return contracts, receipts


def _disclosures(org, busy, today, rng) -> list[Disclosure]:
    rows = []
    for year in (today.year - 1, today.year):
        for period in rules.disclosure_periods(year, busy, today):
            if rng.random() < 0.9:
                on = period.due_on - dt.timedelta(days=rng.randint(0, 10))
                rows.append(
                    Disclosure(
                        organization=org,
                        year=year,
                        period=period.period,
                        disclosed_on=on,
                        summary="财务收支情况、资产资源发包情况",
                    )
                )
    return rows


def build(rng: random.Random, today: dt.date) -> str:
    villages = _villages()
    if not villages:
        return ""
    profiles, incomes, contracts, receipts, projects, disclosures = [], [], [], [], [], []
    weak_line, strong_line = rules.tier_thresholds()
    weak = []
    for number, org in enumerate(villages):
        draw = rng.random()
        if draw < 0.3:
            annual = Decimal(rng.randrange(15000, 48000, 500))
            weak.append(org)
        elif draw < 0.7:
            annual = Decimal(rng.randrange(int(weak_line) + 2000, int(strong_line) - 2000, 500))
        else:
            annual = Decimal(rng.randrange(int(strong_line) + 5000, 320000, 1000))
        busy = annual >= strong_line * 2
        base = org.name.removeprefix("中共").split("村")[0]
        profiles.append(
            CollectiveProfile(
                organization=org,
                cooperative=f"{base}村股份经济合作社",
                busy=busy,
            )
        )
        incomes += _incomes(org, annual, (today.year - 2, today.year - 1, today.year), today, rng)
        made, schedule = _contracts(org, annual, today, rng, number)
        contracts += made
        receipts += schedule
        if draw < 0.45 and rng.random() < 0.6:
            name, subsidy, expected = rng.choice(PROJECTS)
            projects.append(
                SupportProject(
                    organization=org,
                    year=today.year - 1,
                    name=f"{base}村{name}",
                    subsidy=subsidy,
                    expected_return=expected,
                    actual_return=Decimal(expected) * Decimal(str(round(rng.uniform(0.4, 1.1), 2))),
                    started_on=dt.date(today.year - 1, rng.randint(3, 9), 1),
                )
            )
        disclosures += _disclosures(org, busy, today, rng)
    CollectiveProfile.objects.bulk_create(profiles)
    CollectiveContract.objects.bulk_create(contracts)
    for contract, receipt in receipts:
        receipt.contract = contract
    ContractReceipt.objects.bulk_create([r for _c, r in receipts])
    CollectiveIncome.objects.bulk_create(incomes, batch_size=2000)
    SupportProject.objects.bulk_create(projects)
    Disclosure.objects.bulk_create(disclosures)
    secretaries = _first_secretaries(weak, today, rng)
    missing = _missing_count(villages, today)
    overdue = sum(1 for _c, r in receipts if r.received_on is None and r.due_on < today)
    near = sum(1 for c in contracts if rules.expiring(c.ends_on, today))
    return (
        f"村级集体经济{len(villages)}个村（{today.year - 1}年薄弱村约{len(weak)}个），"
        f"收入记录{len(incomes)}条，合同{len(contracts)}份（即将到期{near}份、逾期应收{overdue}笔），"
        f"扶持项目{len(projects)}个，财务公开{len(disclosures)}次（{missing}个村有未按期公开），"
        f"第一书记{secretaries}名"
    )


def _missing_count(villages, today) -> int:
    from zugong.grassroots.selectors import collective as selectors

    return len(selectors.missing_disclosures(today.year - 1, today))


def _first_secretaries(weak, today, rng) -> int:
    people = list(
        Person.objects.filter(organization__category=OrgCategory.ORGAN)
        .exclude(organization__kind=OrgKind.TOWNSHIP)
        .order_by("pk")[: max(1, len(weak)) * 3]
    )
    if not people:
        return 0
    chosen = rng.sample(people, min(len(people), len(weak)))
    rows = [
        FirstSecretary(
            organization=org,
            person=person,
            from_unit=rng.choice(UNITS),
            started_on=dt.date(today.year - rng.randint(1, 2), rng.choice((3, 9)), 1),
            reason="集体经济薄弱村",
        )
        for org, person in zip(weak, chosen, strict=False)
    ]
    for row in rows:
        row.ends_on = dt.date(row.started_on.year + 2, row.started_on.month, 1)
    FirstSecretary.objects.bulk_create(rows)
    return len(rows)
