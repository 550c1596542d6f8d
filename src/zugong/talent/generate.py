"""Talents at benchmark scale (`zugong gen` calls ``extend`` after the party data):
about one talent per five persons of the generated district, on existing persons (a
member is one person, two records), each kept by the township above the person's
organization, with one of the five national categories (some a city class too), one
to three tags, titles of every level, employers with valid unified social credit codes
and native talents outside. The search keys are the service's (services.pool.
search_keys). Deterministic for a seed; bulk-written (core.bulk: COPY on PostgreSQL,
batched inserts on SQLite).

The number of talents: ``talents`` if given, else the setting or environment variable
ZUGONG_GEN_TALENTS, capped at one per five persons (persons // 5).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils import timezone

from zugong.core import audit, bulk
from zugong.core.models import Organization, OrgKind, Person
from zugong.grassroots.rules.twonew import credit_code_check_char
from zugong.talent import capabilities as caps
from zugong.talent.models import Talent, TalentCategory, TalentTag
from zugong.talent.rules.common import setting
from zugong.talent.services.pool import search_keys

PERSONS_PER_TALENT = 5
# (national category, titles with their levels, employers, specialties, tags)
PROFILES = {
    "production": (
        [("", 0), ("农民技术员", 1), ("农民农艺师", 2)],
        ["{p}果蔬种植专业合作社", "{p}家庭农场", "{p}生态养殖场"],
        ["沙田柚种植", "罗汉果种植", "生态养鸭", "稻渔综合种养"],
        ["农业", "种养技术", "电商"],
    ),
    "industry": (
        [("", 0), ("乡村工匠", 1), ("高级乡村工匠", 3)],
        ["桂林{p}电子商务有限公司", "{p}民宿", "桂林{p}文化旅游发展有限公司"],
        ["直播带货", "竹编技艺", "民宿经营", "农产品电商"],
        ["电商", "文旅", "直播带货", "民宿运营", "非遗技艺", "时尚", "电竞"],
    ),
    "public_service": (
        [("小学一级教师", 2), ("主治医师", 2), ("乡村医生", 1), ("副主任医师", 3)],
        ["{p}中心小学", "{p}卫生院", "{p}综合文化站"],
        ["乡村教育", "基层医疗", "群众文化", "康养服务"],
        ["教育", "医疗", "康养", "医美"],
    ),
    "governance": (
        [("", 0), ("助理社会工作师", 1), ("社会工作师", 2)],
        ["{p}村民委员会", "{p}社区居民委员会", "{p}法律服务所"],
        ["乡村治理", "人民调解", "集体经济经营管理"],
        ["法律服务", "财务管理", "乡村规划"],
    ),
    "science": (
        [("农艺师", 2), ("高级农艺师", 3), ("工程师", 2), ("研究员", 4)],
        ["临桂区农业技术推广站", "桂林{p}农业科技有限公司", "桂林{p}新材料有限公司"],
        ["果树栽培", "畜禽防疫", "智能装备", "软件开发"],
        ["农业", "智能制造", "新材料", "软件开发"],
    ),
}
WEIGHTS = [30, 30, 15, 15, 10]
HONOURS = ["", "", "", "桂林市乡村振兴先进个人", "广西乡村工匠", "临桂区优秀人才"]
CITIES = ["深圳", "广州", "南宁", "上海", "北京", "杭州"]


def _count(persons: int, talents: int | None) -> int:
    """One talent per five persons, at most the number asked."""
    asked = talents or int(
        setting("ZUGONG_GEN_TALENTS", 0) or os.environ.get("ZUGONG_GEN_TALENTS") or 0
    )
    most = persons // PERSONS_PER_TALENT
    return min(asked, most) if asked else most


def _townships() -> dict[int, int]:
    """Organization → the township above it (or the district root for its own)."""
    # Unscoped on purpose: the generator's own rows, just written, in path order.
    rows = list(
        Organization.objects.unscoped().order_by("path").values_list("pk", "kind", "parent_id")
    )
    above: dict[int, int] = {}
    root = None
    for pk, kind, parent in rows:
        if parent is None:
            root = pk
            above[pk] = pk
        elif kind == OrgKind.TOWNSHIP:
            above[pk] = pk
        else:
            above[pk] = above.get(parent, root)
    return above


def credit_code(number: int) -> str:
    body = f"92450312{number:09d}"
    return body + credit_code_check_char(body)


def extend(
    *, seed: int, progress: Callable[[str], None] = print, talents: int | None = None
) -> dict:
    """Add talents to a database the party generator has just filled."""
    rng = random.Random(seed + 14)
    # Unscoped on purpose: the generator's own persons; those already talents are skipped.
    taken = set(Talent.objects.unscoped().values_list("person_id", flat=True))
    persons = [
        p
        for p in Person.objects.unscoped()
        .order_by("pk")
        .values_list("pk", "name", "organization_id")
        if p[0] not in taken
    ]
    total = _count(len(persons), talents)
    if not total:
        return {"talents": 0}
    chosen = sorted(rng.sample(range(len(persons)), total))
    townships = _townships()
    categories = {c.code: c.pk for c in TalentCategory.objects.all()}
    city = [pk for code, pk in categories.items() if code.startswith("city_")]
    tag_ids = {t.name: t.pk for t in TalentTag.objects.all()}
    now = timezone.now()
    links: dict[int, tuple[list[int], list[int]]] = {}

    def rows() -> Iterator[tuple]:
        for number, index in enumerate(chosen):
            person_id, name, organization_id = persons[index]
            code = rng.choices(list(PROFILES), weights=WEIGHTS)[0]
            titles, employers, specialties, tags = PROFILES[code]
            title, level = rng.choice(titles)
            place = name[:1] + rng.choice("山水田园桂林")
            employer = rng.choice(employers).format(p=place)
            enterprise = "公司" in employer or "合作社" in employer
            specialty, honours = rng.choice(specialties), rng.choice(HONOURS)
            outside = rng.random() < 0.08
            keys = search_keys(
                name, employer=employer, specialty=specialty, title=title, honours=honours
            )
            chosen_categories = [categories[code]] + (
                [rng.choice(city)] if city and rng.random() < 0.15 else []
            )
            chosen_tags = [
                tag_ids[t] for t in rng.sample(tags, k=rng.randint(1, 3)) if t in tag_ids
            ]
            links[person_id] = (chosen_categories, chosen_tags)
            yield (
                person_id,
                townships.get(organization_id),
                "",
                title,
                level,
                honours,
                specialty,
                employer,
                credit_code(number + 1) if enterprise else "",
                rng.random() < 0.9,
                outside,
                rng.choice(CITIES) if outside else "",
                keys["name_pinyin"],
                keys["name_initials"],
                keys["search_text"],
                keys["search_grams"],
                now,
                now,
            )

    fields = [
        "person",
        "township",
        "village",
        "title",
        "title_level",
        "honours",
        "specialty",
        "employer",
        "employer_credit_code",
        "contact_consent",
        "outside",
        "current_city",
        "name_pinyin",
        "name_initials",
        "search_text",
        "search_grams",
        "created_at",
        "updated_at",
    ]
    with transaction.atomic(), bulk.operation():
        written = bulk.insert_rows(Talent, fields, rows())
        ids = bulk.ids_by(Talent, "person", list(links))
        category_links = bulk.insert_rows(
            Talent.categories.through,
            ["talent", "talentcategory"],
            ((ids[p], c) for p, (cs, _ts) in links.items() for c in cs),
        )
        tag_links = bulk.insert_rows(
            Talent.tags.through,
            ["talent", "talenttag"],
            ((ids[p], t) for p, (_cs, ts) in links.items() for t in ts),
        )
        progress(f"人才 {written:,} 名，类别 {category_links:,} 项，标签 {tag_links:,} 项")
        audit.log_action(
            caps.TALENT_IMPORTED,
            extra={"source": "gen", "talents": written, "tags": tag_links},
        )
    return {"talents": written, "talent_tags": tag_links, "talent_categories": category_links}
