"""The demo district's talent pool: about 600 talents across the townships, the five
national categories, the city classes and the tags — some are members already in the
district (one person, two records), most are new persons (farmers, craftsmen,
entrepreneurs, teachers, doctors) — and the portal accounts: two active talents with
documented passwords, and two registrations waiting for the talent office."""

from __future__ import annotations

import datetime as dt
import random
import re

from zugong.core import idnumber
from zugong.core.demo import DEMO_PASSWORD, ETHNICITIES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from zugong.core.models import Organization, OrgCategory, OrgKind, Person, User
from zugong.core.services import persons as person_services
from zugong.talent.models import (
    AccountStatus,
    PortalAccount,
    Talent,
    TalentCategory,
    TalentTag,
)
from zugong.talent.services.pool import search_keys
from zugong.talent.services.portal import grant_talent_role

TALENTS = 600
FROM_MEMBERS = 0.35
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Birthplaces of the new persons: counties of Guilin the core demo does not draw from,
# so their ID numbers never meet the district's people's.
TALENT_REGIONS = ("450324", "450325", "450326", "450327", "450328")

# (national category, titles, employers or trades, specialties, tags)
PROFILES = {
    "production": (
        ["", "农民技术员", "农民助理农艺师", "农民农艺师"],
        ["{v}果蔬种植专业合作社", "{v}家庭农场", "{v}生态养殖场", "{v}罗汉果种植基地"],
        ["沙田柚种植", "罗汉果种植", "生态养鸭", "稻渔综合种养", "食用菌栽培"],
        ["农业", "种养技术"],
    ),
    "industry": (
        ["", "乡村工匠", "高级乡村工匠"],
        ["桂林{v}电子商务有限公司", "{v}民宿", "{v}竹编工艺坊", "桂林{v}文化旅游发展有限公司"],
        ["直播带货", "竹编技艺", "民宿经营", "农产品电商", "米粉制作"],
        ["电商", "文旅", "直播带货", "民宿运营", "非遗技艺"],
    ),
    "public_service": (
        ["小学一级教师", "主治医师", "乡村医生", "群众文化馆员"],
        ["{v}中心小学", "{v}卫生院", "{v}综合文化站"],
        ["乡村教育", "基层医疗", "群众文化", "康养服务"],
        ["教育", "医疗", "康养"],
    ),
    "governance": (
        ["", "助理社会工作师", "社会工作师"],
        ["{v}村民委员会", "{v}社区居民委员会", "{v}法律服务所"],
        ["乡村治理", "人民调解", "集体经济经营管理", "法律服务"],
        ["法律服务", "财务管理", "乡村规划"],
    ),
    "science": (
        ["农艺师", "高级农艺师", "畜牧师", "工程师"],
        ["临桂区农业技术推广站", "临桂区畜牧兽医站", "桂林{v}农业科技有限公司"],
        ["科技特派员", "病虫害防治", "良种推广", "智能农机"],
        ["农业", "智能制造", "软件开发"],
    ),
}
TITLE_LEVELS = {"": 0, "乡村工匠": 1, "高级乡村工匠": 3, "高级农艺师": 3, "主治医师": 2}
HONOURS = [
    "",
    "",
    "",
    "桂林市乡村工匠",
    "广西农村实用人才带头人",
    "全区优秀共产党员",
    "临桂区劳动模范",
]


def _credit_code(rng: random.Random) -> str:
    from zugong.grassroots.rules.twonew import credit_code_check_char

    body = "92" + "450312" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    return body + credit_code_check_char(body)


def _village_name(name: str) -> str:
    """中共护山村第二支部委员会 → 护山村; 中共沙塘社区委员会 → 沙塘社区."""
    match = re.match(r"(?:中共)?(.+?(?:村|社区))", name)
    return match.group(1) if match else ""


def _township_of(path: str, townships: dict[str, Organization], district: Organization):
    for township_path, township in townships.items():
        if path.startswith(township_path):
            return township
    return district


def _new_person_rows(rng, count, homes, codes):
    rows = []
    for _ in range(count):
        organization = rng.choice(homes)
        male = rng.random() < 0.58
        age = rng.randint(24, 62)
        birth = dt.date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
        while True:
            number = idnumber.make(
                rng.choice(TALENT_REGIONS), birth, rng.randint(0, 499) * 2 + male
            )
            if number not in codes:
                codes.add(number)
                break
        rows.append(
            (
                organization,
                {
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if male else GIVEN_FEMALE),
                    "id_number": number,
                    "ethnicity": rng.choice(ETHNICITIES)[0],
                    "education": rng.choice(["21", "31", "41", "61", "71"]),
                    "political_status": "13",
                    "phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                },
            )
        )
    return rows


def build(rng: random.Random, today: dt.date) -> str:
    district = Organization.objects.get(kind=OrgKind.DISTRICT)
    townships = {t.path: t for t in Organization.objects.filter(kind=OrgKind.TOWNSHIP)}
    homes = list(
        Organization.objects.filter(category__in=(OrgCategory.VILLAGE, OrgCategory.COMMUNITY))
        .exclude(parent__category__in=(OrgCategory.VILLAGE, OrgCategory.COMMUNITY))
        .order_by("path")
    )
    members = list(
        Person.objects.filter(
            organization__category__in=(
                OrgCategory.VILLAGE,
                OrgCategory.COMMUNITY,
                OrgCategory.NON_PUBLIC_ENTERPRISE,
            )
        )
        .select_related("organization")
        .order_by("id")[: int(TALENTS * FROM_MEMBERS) * 3]
    )
    chosen = rng.sample(members, min(len(members), int(TALENTS * FROM_MEMBERS)))
    codes = set()
    created = person_services.person_bulk_create(
        actor=None, rows=_new_person_rows(rng, TALENTS - len(chosen), homes, codes), source="demo"
    )
    persons = chosen + list(created)
    national = {c.code: c for c in TalentCategory.objects.filter(kind="national")}
    city = list(TalentCategory.objects.filter(kind="city"))
    tags = {t.name: t for t in TalentTag.objects.all()}
    talents, links = [], []
    for person in persons:
        organization = person.organization
        code = rng.choices(list(PROFILES), weights=[30, 30, 15, 15, 10])[0]
        titles, employers, specialties, profile_tags = PROFILES[code]
        village = (
            organization.name.removeprefix("中共")
            .split("委员会")[0]
            .removesuffix("支部")
            .removesuffix("总支")
        )
        place = village.removesuffix("村").removesuffix("社区")[:4]
        title = rng.choice(titles)
        employer = rng.choice(employers).format(v=place)
        enterprise = "有限公司" in employer or "合作社" in employer
        talent = Talent(
            person=person,
            township=_township_of(organization.path, townships, district),
            village=village[:50],
            title=title,
            title_level=TITLE_LEVELS.get(title, 1 if title else 0),
            honours=rng.choice(HONOURS),
            specialty=rng.choice(specialties),
            employer=employer[:100],
            employer_credit_code=_credit_code(rng) if enterprise else "",
            contact_consent=rng.random() < 0.9,
        )
        talents.append(talent)
        chosen_categories = [national[code]] + ([rng.choice(city)] if rng.random() < 0.15 else [])
        chosen_tags = rng.sample(profile_tags, k=min(len(profile_tags), rng.randint(1, 3)))
        links.append((chosen_categories, [tags[t] for t in chosen_tags if t in tags]))
    for talent in talents:
        for key, value in search_keys(
            talent.person.name,
            employer=talent.employer,
            specialty=talent.specialty,
            title=talent.title,
            honours=talent.honours,
        ).items():
            setattr(talent, key, value)
    Talent.objects.bulk_create(talents, batch_size=500)
    category_rows, tag_rows = [], []
    for talent, (categories, chosen_tags) in zip(talents, links, strict=True):
        category_rows.extend(
            Talent.categories.through(talent_id=talent.pk, talentcategory_id=c.pk)
            for c in categories
        )
        tag_rows.extend(
            Talent.tags.through(talent_id=talent.pk, talenttag_id=t.pk) for t in chosen_tags
        )
    Talent.categories.through.objects.bulk_create(category_rows, batch_size=1000)
    Talent.tags.through.objects.bulk_create(tag_rows, batch_size=1000)
    accounts = _portal_accounts(rng, talents, list(townships.values()))
    return (
        f"人才库{len(talents)}名（其中党员{len(chosen)}名），人才服务平台账号{accounts}个"
        f"（/talent/ 登录：rencai1、rencai2 已开通，rencai3、rencai4 待人才办审核，密码同演示账号）"
    )


# The demo's portal accounts: (username, township order, status). Passwords are the
# demo's (README, 演示账号).
PORTAL_ACCOUNTS = [
    ("rencai1", 0, AccountStatus.ACTIVE),
    ("rencai2", 1, AccountStatus.ACTIVE),
    ("rencai3", 0, AccountStatus.PENDING),
    ("rencai4", 1, AccountStatus.PENDING),
]


def _portal_accounts(rng, talents, townships) -> int:
    townships = sorted(townships, key=lambda t: t.path)
    used = set()
    for username, order, status in PORTAL_ACCOUNTS:
        township = townships[min(order, len(townships) - 1)]
        talent = next(
            t
            for t in talents
            if t.township_id == township.pk
            and t.pk not in used
            and t.person.political_status == "13"
        )
        used.add(talent.pk)
        active = status == AccountStatus.ACTIVE
        user = User.objects.create_user(
            username,
            password=DEMO_PASSWORD,
            full_name=talent.person.name,
            person=talent.person,
            is_active=active,
        )
        if active:
            grant_talent_role(user, township)
        PortalAccount.objects.create(user=user, talent=talent, status=status)
    return len(PORTAL_ACCOUNTS)
