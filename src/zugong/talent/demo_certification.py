"""The demo district's rural talent certification and one town one product.

Reads the pool's talents (demo_pool) and, through the services, puts certifications at
every stage against the real today: applications waiting for the village, the township
and the district, some in their public notice, some past it waiting for the
certificate, certificates issued over the last years with numbers (a few near expiry,
a few expired by the sweep), refusals with reasons and withdrawals. Each township gets
its product with linked talents and two years of output; some village team members are
recorded as retired soldiers for the structure check (三个1/3)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zugong.core import workdays
from zugong.core.models import Organization, OrgKind
from zugong.talent.models import Certification, CertificationLevel, Talent
from zugong.talent.models.certification import RetiredSoldier
from zugong.talent.services import certification as services
from zugong.talent.services import certification_products as products

NATIONAL = ("production", "industry", "public_service", "governance", "science")
# How many certifications end at each stage.
STAGES = [
    ("applied", 12),
    ("recommended", 10),
    ("reviewed", 8),
    ("notice", 6),
    ("publishable", 3),
    ("published", 36),
    ("expiring", 5),
    ("expired", 3),
    ("refused", 9),
    ("withdrawn", 3),
]
REFUSALS = [
    "从事相关产业不满3年，不符合申报条件",
    "带动农户增收情况无佐证材料，经核实未达到标准",
    "经营主体未依法登记",
    "公示期间群众反映经营收入数据不实，经核查属实",
    "所附技能证书与申报类别不符",
    "近三年存在不良信用记录",
]
STATEMENTS = {
    "production": "发展{s}基地{n}亩，带动周边{h}户农户增收",
    "industry": "从事{s}，年经营收入{n}万元，带动就业{h}人",
    "public_service": "扎根乡村从事{s}工作{n}年，服务群众{h}人次",
    "governance": "在村（社区）从事治理工作{n}年，调解矛盾纠纷{h}件",
    "science": "推广{s}技术{n}项，覆盖农户{h}户",
}
PRODUCTS = [
    ("罗汉果", "特色种植"),
    ("沙田柚", "特色水果"),
    ("葡萄", "特色水果"),
    ("金槐", "中药材"),
    ("桂林米粉", "农产品加工"),
    ("竹编工艺", "手工艺"),
    ("生态稻渔", "生态养殖"),
    ("乡村民宿", "文化旅游"),
    ("百香果", "特色水果"),
    ("食用菌", "特色种植"),
    ("油茶", "林下经济"),
    ("瑶族刺绣", "手工艺"),
]


def _workdays_back(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        n -= workdays.is_working_day(day)
    return day


def _statement(rng, category: str, talent: Talent) -> str:
    return STATEMENTS[category].format(
        s=talent.specialty or "特色产业",
        n=rng.randint(3, 30),
        h=rng.randint(20, 300),
    )


def _walk(cert, rng, until: str, applied: dt.date, today: dt.date):
    """Take an application through the steps (dated from ``applied``) up to ``until``."""
    day = applied + dt.timedelta(days=rng.randint(3, 12))
    if until == "applied":
        return cert
    for check in cert.checks.select_related("criterion"):
        services.certification_attach(
            actor=None, certification=cert, criterion=check.criterion, note="材料已提交，经村核实"
        )
    services.certification_recommend(
        actor=None,
        certification=cert,
        opinion="经村“两委”会议研究，同意推荐",
        by="村党组织书记",
        today=min(day, today),
    )
    if until == "recommended":
        return cert
    day += dt.timedelta(days=rng.randint(5, 15))
    services.certification_review(
        actor=None,
        certification=cert,
        checks={c.criterion_id: True for c in cert.checks.all()},
        opinion="经乡镇审核，符合申报条件，同意上报",
        today=min(day, today),
    )
    if until == "reviewed":
        return cert
    day += dt.timedelta(days=rng.randint(5, 20))
    if until == "notice":
        day = _workdays_back(today, rng.randint(0, 3))
    elif until == "publishable":
        day = _workdays_back(today, rng.randint(7, 9))
    services.certification_certify(actor=None, certification=cert, today=min(day, today))
    if until in ("notice", "publishable"):
        return cert
    cert.refresh_from_db()
    return services.certification_publish(
        actor=None,
        certification=cert,
        today=cert.notice_ends + dt.timedelta(days=rng.randint(1, 5)),
    )


def _applied_on(stage: str, rng, today: dt.date, junior_years: int) -> dt.date:
    if stage == "expiring":
        return today - dt.timedelta(days=365 * junior_years - rng.randint(20, 70) + 45)
    if stage == "expired":
        return today - dt.timedelta(days=365 * junior_years + rng.randint(20, 120) + 45)
    if stage == "published":
        return today - dt.timedelta(days=rng.randint(90, 900))
    if stage in ("notice", "publishable"):
        return today - dt.timedelta(days=rng.randint(40, 60))
    return today - dt.timedelta(days=rng.randint(5, 40))


def _certifications(rng: random.Random, today: dt.date) -> dict:
    talents = list(
        Talent.objects.filter(categories__code__in=NATIONAL, outside=False)
        .select_related("person__organization", "township")
        .prefetch_related("categories")
        .distinct()
        .order_by("id")
    )
    levels = {lv.code: lv for lv in CertificationLevel.objects.all()}
    junior = levels.get("junior") or next(iter(levels.values()))
    plan = [stage for stage, n in STAGES for _ in range(n)]
    chosen = rng.sample(talents, min(len(talents), len(plan)))
    jobs = []
    for talent, stage in zip(chosen, plan, strict=False):
        category = next(c for c in talent.categories.all() if c.code in NATIONAL)
        weights = [6, 3, 1] if len(levels) == 3 else None
        level = (
            junior
            if stage in ("expiring", "expired")
            else rng.choices(list(levels.values()), weights=weights)[0]
        )
        jobs.append(
            (_applied_on(stage, rng, today, junior.validity_years), talent, category, level, stage)
        )
    jobs.sort(key=lambda job: job[0])  # certificate numbers follow the issue dates
    counts = dict.fromkeys([s for s, _n in STAGES], 0)
    for applied, talent, category, level, stage in jobs:
        cert = services.certification_apply(
            actor=None,
            talent=talent,
            category=category,
            level=level,
            statement=_statement(rng, category.code, talent),
            by_portal=rng.random() < 0.3,
            today=applied,
        )
        until = {
            "refused": rng.choice(["applied", "recommended", "reviewed", "notice"]),
            "withdrawn": "applied",
            "expiring": "published",
            "expired": "published",
        }.get(stage, stage)
        cert = _walk(cert, rng, until, applied, today)
        if stage == "refused":
            services.certification_refuse(
                actor=None, certification=cert, reason=rng.choice(REFUSALS), today=today
            )
        elif stage == "withdrawn":
            services.certification_withdraw(actor=None, certification=cert)
        counts[stage] += 1
    counts["expired"] = services.certification_expire(actor=None, today=today)
    counts["total"] = len(jobs)
    return counts


def _products(rng: random.Random, today: dt.date) -> int:
    townships = list(Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path"))
    certified = set(
        Certification.objects.filter(status="published").values_list("talent_id", flat=True)
    )
    made = 0
    for i, township in enumerate(townships):
        name, industry = PRODUCTS[i % len(PRODUCTS)]
        short = township.name.removeprefix("中共").removesuffix("委员会")
        local = list(
            Talent.objects.filter(
                township=township, categories__code__in=("production", "industry")
            )
            .select_related("township")
            .distinct()
            .order_by("id")[:40]
        )
        local.sort(key=lambda t: t.pk not in certified)
        linked = local[: rng.randint(3, 6)]
        product = products.town_product_save(
            actor=None,
            township=township,
            product=f"{short.removesuffix('镇').removesuffix('乡').removesuffix('街道')}{name}",
            industry=industry,
            description=f"{short}以{name}为主导产业，推行“党组织+合作社+农户”模式",
            talents=linked,
        )
        base = Decimal(rng.randint(800, 6000))
        for year, growth in ((today.year - 2, Decimal(1)), (today.year - 1, Decimal("1.12"))):
            products.town_product_year_save(
                actor=None,
                town_product=product,
                year=year,
                output_value=(base * growth).quantize(Decimal("0.01")),
                households=int(rng.randint(150, 900) * growth),
                projects=f"{name}标准化基地建设、冷链仓储与电商直播项目",
                today=today,
            )
        made += 1
    return made


def _retired_soldiers(rng: random.Random) -> int:
    try:
        from zugong.party.models import CommitteeSeat
    except ImportError:  # pragma: no cover - the party app is always installed
        return 0
    seats = list(
        CommitteeSeat.objects.filter(
            committee__ended_on__isnull=True, committee__organization__category="village"
        )
        .select_related("person__organization")
        .order_by("id")[:3000]
    )
    have = set(RetiredSoldier.objects.values_list("person_id", flat=True))
    made = 0
    for seat in seats:
        if seat.person_id in have or rng.random() >= 0.22:
            continue
        have.add(seat.person_id)
        enlisted = rng.randint(1995, 2012)
        products.retired_soldier_save(
            actor=None,
            person=seat.person,
            enlisted_year=enlisted,
            discharged_year=enlisted + rng.choice((2, 3, 5)),
            note="村“两委”成员",
        )
        made += 1
    return made


def build(rng: random.Random, today: dt.date) -> str:
    counts = _certifications(rng, today)
    made = _products(rng, today)
    soldiers = _retired_soldiers(rng)
    published = counts["published"] + counts["expiring"]
    return (
        f"乡村人才认定{counts['total']}件（发证{published}件、公示中{counts['notice']}件、"
        f"不予认定{counts['refused']}件、到期失效{counts['expired']}件），"
        f"一镇一品{made}个，退役军人村干部{soldiers}人"
    )
