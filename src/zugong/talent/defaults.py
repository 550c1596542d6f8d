"""The talent module's editable tables and their shipped defaults, loaded after migrate
into empty tables only (once people edit a table, it is theirs).

The city's own texts were not found (RULES.md §12, §14): the five national categories
are the 2021 opinion's; the city classes A–E, the levels, criteria, card tiers and
entitlements follow the practice of comparable cities (next-modules R14, R15) and are
edited by the talent office.
"""

from __future__ import annotations

NATIONAL = "《关于加快推进乡村人才振兴的意见》（中办发〔2021〕9号）"
PRACTICE = "各地通行做法（本市认定办法未取得，可修改）"

CATEGORIES = [
    ("production", "农业生产经营人才", "national", NATIONAL),
    ("industry", "农村二三产业发展人才", "national", NATIONAL),
    ("public_service", "乡村公共服务人才", "national", NATIONAL),
    ("governance", "乡村治理人才", "national", NATIONAL),
    ("science", "农业农村科技人才", "national", NATIONAL),
    ("city_a", "A类（顶尖人才）", "city", PRACTICE),
    ("city_b", "B类（国家级领军人才）", "city", PRACTICE),
    ("city_c", "C类（省级领军人才）", "city", PRACTICE),
    ("city_d", "D类（市级拔尖人才）", "city", PRACTICE),
    ("city_e", "E类（优秀青年与实用人才）", "city", PRACTICE),
]

TAGS = [
    *(
        (name, "industry")
        for name in (
            "文旅",
            "医美",
            "电竞",
            "时尚",
            "电商",
            "农业",
            "康养",
            "智能制造",
            "新材料",
            "教育",
            "医疗",
            "金融",
        )
    ),
    *(
        (name, "skill")
        for name in (
            "直播带货",
            "种养技术",
            "非遗技艺",
            "乡村规划",
            "软件开发",
            "品牌营销",
            "民宿运营",
            "导游讲解",
            "财务管理",
            "法律服务",
        )
    ),
]

LEVELS = [
    ("junior", "初级", 3),
    ("intermediate", "中级", 3),
    ("senior", "高级", 5),
]

# Criteria per national category (every level), then an extra one per level.
CRITERIA = {
    "production": ["从事农业生产经营3年以上", "带动周边农户增收", "经营主体依法登记"],
    "industry": ["从事农村二三产业3年以上", "年经营收入或带动就业达到标准", "无不良信用记录"],
    "public_service": ["在乡村从事公共服务工作3年以上", "服务对象评价良好"],
    "governance": ["在村（社区）从事治理工作3年以上", "所在村（社区）无重大信访、安全事故"],
    "science": ["从事农业科技推广或研发3年以上", "有可推广的技术成果"],
}
LEVEL_CRITERIA = {
    "junior": "具有相应技能，获乡镇以上表彰或技能证书",
    "intermediate": "取得初级认定满2年，或获县级以上表彰",
    "senior": "取得中级认定满3年，或获市级以上表彰，在全区有示范带动作用",
}

ENTITLEMENTS = [
    ("medical", "医疗绿色通道", "区卫生健康局", 5),
    ("school", "子女入学", "区教育局", 20),
    ("spouse_job", "配偶就业", "区人力资源和社会保障局", 30),
    ("housing", "人才住房保障", "区住房和城乡建设局", 20),
    ("travel", "交通出行与景区服务", "区文化广电和旅游局", 5),
    ("one_stop", "一站式政务服务", "区政务服务中心", 3),
    ("health_check", "年度健康体检", "区卫生健康局", 10),
]

TIERS = [
    ("A", "A类", "两院院士、国家最高科学技术奖获得者等顶尖人才", True, ENTITLEMENTS),
    ("B", "B类", "国家级领军人才", False, ENTITLEMENTS),
    ("C", "C类", "省级领军人才", False, [e for e in ENTITLEMENTS if e[0] != "health_check"]),
    (
        "D",
        "D类",
        "市级拔尖人才",
        False,
        [e for e in ENTITLEMENTS if e[0] in ("medical", "school", "housing", "one_stop")],
    ),
    (
        "E",
        "E类",
        "优秀青年人才和乡村实用人才",
        False,
        [e for e in ENTITLEMENTS if e[0] in ("medical", "one_stop", "travel")],
    ),
]


def load_shipped() -> None:
    """Fill each empty table with its defaults (idempotent)."""
    from zugong.talent.models import (
        CardTier,
        CertificationCriterion,
        CertificationLevel,
        Entitlement,
        TalentCategory,
        TalentTag,
    )

    if not TalentCategory.objects.exists():
        TalentCategory.objects.bulk_create(
            TalentCategory(code=code, name=name, kind=kind, order=i, source=source)
            for i, (code, name, kind, source) in enumerate(CATEGORIES)
        )
    if not TalentTag.objects.exists():
        TalentTag.objects.bulk_create(
            TalentTag(name=name, group=group, order=i) for i, (name, group) in enumerate(TAGS)
        )
    if not CertificationLevel.objects.exists():
        CertificationLevel.objects.bulk_create(
            CertificationLevel(code=code, name=name, order=i, validity_years=years, source=PRACTICE)
            for i, (code, name, years) in enumerate(LEVELS)
        )
    if not CertificationCriterion.objects.exists():
        categories = {c.code: c for c in TalentCategory.objects.filter(code__in=CRITERIA)}
        levels = list(CertificationLevel.objects.all())
        rows = []
        for code, texts in CRITERIA.items():
            for level in levels:
                items = [*texts, LEVEL_CRITERIA.get(level.code, "")]
                rows.extend(
                    CertificationCriterion(
                        category=categories[code], level=level, text=text, order=i
                    )
                    for i, text in enumerate(items)
                    if text
                )
        CertificationCriterion.objects.bulk_create(rows)
    if not Entitlement.objects.exists():
        Entitlement.objects.bulk_create(
            Entitlement(code=code, name=name, handling_unit=unit, time_limit_days=days)
            for code, name, unit, days in ENTITLEMENTS
        )
    if not CardTier.objects.exists():
        entitlements = {e.code: e for e in Entitlement.objects.all()}
        for i, (code, name, criteria, dependants, items) in enumerate(TIERS):
            tier = CardTier.objects.create(
                code=code,
                name=name,
                order=i,
                criteria=criteria,
                dependant_cards=dependants,
                source=PRACTICE,
            )
            tier.entitlements.set([entitlements[e[0]] for e in items])


def after_migrate(sender, using="default", **kwargs) -> None:
    load_shipped()
