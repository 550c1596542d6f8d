"""Demo records of the demonstration chain (runs after the ratings): a district brand,
a model in every township but the last (the gap shows), village features with hamlet
highlights (some without), projects with their investment split, a roadside belt of
two-new sites where the registry has entities, then the review that suspends sites of
villages below the configured star or listed weak and lax."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.grassroots.models.demonstration import DemoLevel, DemoProject, DemoSite
from zugong.grassroots.services import demonstration as services

THEMES = (
    "党建引领乡村振兴",
    "红色桂北·生态宜居",
    "党建+产业富民",
    "党建+乡村旅游",
    "党建+基层治理",
    "党建+民族团结",
    "党建引领砂糖橘产业",
    "党建引领罗汉果产业",
)
HAMLETS = ("上屯", "下屯", "大塘屯", "枫木屯", "龙口屯", "石门屯", "新寨屯", "岩口屯")
WORKS = (
    ("党群服务中心提升改造", "党建阵地"),
    ("村史馆建设", "文化阵地"),
    ("产业示范基地", "产业发展"),
    ("人居环境整治", "乡村建设"),
    ("红色教育基地", "党性教育"),
    ("屯级道路硬化", "基础设施"),
)
LEADERS = ("区委常委、组织部部长", "区委组织部副部长", "镇党委书记", "镇党委副书记", "驻村第一书记")


def _project(site, rng, today) -> DemoProject:
    name, kind = rng.choice(WORKS)
    higher = Decimal(rng.randrange(50000, 800000, 10000))
    starts = dt.date(site.year, rng.randint(2, 8), 1)
    return DemoProject(
        site=site,
        name=f"{site.name}{name}",
        kind=kind,
        higher_support=higher,
        self_raised=(higher * Decimal(str(round(rng.uniform(0.1, 0.6), 2)))).quantize(Decimal("1")),
        starts_on=starts,
        ends_on=dt.date(starts.year + 1, starts.month, 1),
        progress=min(100, max(5, (today - starts).days // 4)),
        responsible=rng.choice(LEADERS),
    )


def _site(**values) -> DemoSite:
    return DemoSite.objects.create(**values)


def _township_chain(brand, township, villages, rng, today, projects, counts):
    short = township.name.removeprefix("中共临桂区").removesuffix("委员会")
    model = _site(
        parent=brand,
        level=DemoLevel.TOWNSHIP,
        name=f"{short}“{rng.choice(THEMES)}”示范镇",
        organization=township,
        theme=rng.choice(THEMES),
        year=today.year - rng.randint(1, 2),
        leader=f"{short}党委书记",
    )
    counts["township"] += 1
    projects.append(_project(model, rng, today))
    for village in rng.sample(villages, min(len(villages), rng.randint(1, 3))):
        base = village.name.removeprefix("中共").split("村")[0]
        feature = _site(
            parent=model,
            level=DemoLevel.VILLAGE,
            name=f"{base}村特色示范点",
            organization=village,
            theme=rng.choice(THEMES),
            year=model.year,
            leader=rng.choice(LEADERS),
        )
        counts["village"] += 1
        projects.append(_project(feature, rng, today))
        if rng.random() < 0.7:
            hamlet = rng.choice(HAMLETS)
            highlight = _site(
                parent=feature,
                level=DemoLevel.HAMLET,
                name=f"{base}村{hamlet}亮点",
                organization=village,
                hamlet=hamlet,
                theme=rng.choice(THEMES),
                year=today.year - 1,
                leader=rng.choice(LEADERS),
            )
            counts["hamlet"] += 1
            projects.append(_project(highlight, rng, today))
    return model


def _belt(models, rng, today, counts) -> None:
    from zugong.grassroots.models.twonew import Entity

    by_township = {m.organization_id: m for m in models}
    entities = [
        e
        for e in Entity.objects.filter(township_id__in=list(by_township)).order_by("pk")[:200]
        if getattr(e, "party_organization_id", None)
    ]
    for entity in rng.sample(entities, min(6, len(entities))):
        organization = Organization.objects.get(pk=entity.party_organization_id)
        if not organization.path.startswith(by_township[entity.township_id].organization.path):
            continue
        _site(
            parent=by_township[entity.township_id],
            level=DemoLevel.VILLAGE,
            name=f"{entity.name}党建示范点"[:100],
            organization=organization,
            theme="公路沿线两新组织党建示范带",
            year=today.year - 1,
            leader="区委两新工委",
            belt=True,
            enterprise=entity,
        )
        counts["belt"] += 1


def build(rng: random.Random, today: dt.date) -> str:
    district = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    townships = list(Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path"))
    if district is None or not townships:
        return ""
    brand = _site(
        level=DemoLevel.DISTRICT,
        name="“桂风党旗红”党建品牌",
        organization=district,
        theme="党建引领乡村振兴",
        year=today.year - 2,
        leader="区委常委、组织部部长",
    )
    counts = {"township": 0, "village": 0, "hamlet": 0, "belt": 0}
    projects = [_project(brand, rng, today)]
    models = []
    for township in townships[:-1]:  # the last township has no model: the tree shows the gap
        villages = list(
            Organization.objects.filter(
                parent=township, category__in=[OrgCategory.VILLAGE, OrgCategory.COMMUNITY]
            ).order_by("path")
        )
        if villages:
            models.append(_township_chain(brand, township, villages, rng, today, projects, counts))
    _belt(models, rng, today, counts)
    DemoProject.objects.bulk_create(projects)
    suspended = services.review_sites(actor=None, today=today)
    return (
        f"示范创建：区级品牌1个、乡镇典型{counts['township']}个、村级特色{counts['village']}个、"
        f"屯级亮点{counts['hamlet']}个、公路沿线示范带{counts['belt']}个，项目{len(projects)}个，"
        f"按星级复核暂停{len(suspended)}个"
    )
