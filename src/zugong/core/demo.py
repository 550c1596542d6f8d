"""The demo district: 临桂区 of 桂林市, built deterministically.

Township and village names and codes are the real ones (data/demo_lingui.csv); the
units, persons and figures are invented but plausible. The same seed always gives the
same district, so screenshots, tests and the closing notes can name what is there.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from zugong.core import changes, idnumber
from zugong.core.models import Organization, OrgCategory, OrgKind, Person, Role, User
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services
from zugong.core.services import organizations as org_services
from zugong.core.services import persons as person_services

DATA = Path(__file__).resolve().parent / "data" / "demo_lingui.csv"
DISTRICT_CODE = "450312"
DEMO_PASSWORD = "Zugong#2026"
TODAY = dt.date(2026, 1, 1)  # ages and dates are drawn against a fixed day: same district every run

SURNAMES = (
    "李" * 9
    + "王" * 6
    + "张" * 6
    + "刘" * 5
    + "陈" * 6
    + "杨" * 5
    + "黄" * 8
    + "赵" * 3
    + "周" * 4
    + "吴" * 3
    + "徐" * 2
    + "孙" * 2
    + "莫" * 5
    + "蒋" * 4
    + "唐" * 5
    + "秦" * 3
    + "廖" * 3
    + "韦" * 5
    + "覃" * 3
    + "陆" * 2
    + "蒙" * 2
    + "邓" * 3
    + "文" * 2
    + "石" * 2
    + "阳" * 2
    + "谢" * 3
    + "罗" * 3
    + "何" * 3
    + "朱" * 2
    + "秦龙卢潘梁宋"
)
GIVEN_MALE = (
    "建华 志强 伟 军 勇 磊 洋 杰 涛 明 超 刚 浩 宇 晓东 文杰 国庆 志明 德胜 永福 海波 思远 俊杰 一鸣 鑫 "
    "立新 爱民 卫东 建国 斌 宏 健 正 家豪 梓轩 广明 振华 学军 春生 福贵 天佑 华 荣 平"
).split()
GIVEN_FEMALE = (
    "秀英 桂兰 海燕 丽华 芳 敏 静 艳 娟 秀兰 霞 桂英 玉兰 婷 欣 春梅 小红 红梅 金凤 晓燕 子涵 雨萱 佳怡 "
    "梦琪 桂芳 凤英 秋菊 琳 兰英 玉梅 文华 诗琪 晨 颖 丹 瑶 秀珍 美玲 冬梅 平"
).split()
# Lingui is mostly Han, with Zhuang and Yao communities (宛田、黄沙 are Yao townships).
ETHNICITIES = [("01", 82), ("08", 8), ("13", 7), ("03", 1), ("06", 1), ("12", 1)]
REGIONS = [
    ("450312", 70),
    ("450311", 5),
    ("450305", 5),
    ("450302", 4),
    ("450321", 4),
    ("450323", 4),
    ("450103", 3),
    ("450203", 2),
    ("430521", 2),
    ("440106", 1),
]
NATIVE = [
    "广西临桂",
    "广西桂林",
    "广西灵川",
    "广西阳朔",
    "广西南宁",
    "广西柳州",
    "湖南邵阳",
    "广东广州",
]


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str
    org_code: str
    note: str


def accounts(first_township: str, second_township: str, branch: str) -> list[Account]:
    return [
        Account("admin", "周建华", "dept_admin", DISTRICT_CODE, "组织部管理员：全区"),
        Account("zuzhike", "李海燕", "section_officer", DISTRICT_CODE, "科室干部（组织科）：全区"),
        Account(
            "lingui", "黄志强", "township_officer", first_township, "临桂镇组织委员：只看临桂镇"
        ),
        Account(
            "liutang", "莫春梅", "township_officer", second_township, "六塘镇组织委员：只看六塘镇"
        ),
        Account("zhibu", "唐文杰", "branch_secretary", branch, "支部书记：只看本支部"),
        Account("lingdao", "秦国庆", "leader", DISTRICT_CODE, "部领导：全区只读"),
        Account("xitong", "蒋立新", "system_admin", DISTRICT_CODE, "系统管理员：账号与代码表"),
        Account("anquan", "韦振华", "security_admin", DISTRICT_CODE, "安全管理员：授权与账号锁定"),
        Account("shenji", "覃秀英", "audit_admin", DISTRICT_CODE, "审计管理员：只读审计日志"),
    ]


class Builder:
    def __init__(self, persons: int, seed: int = 2023):
        self.rng = random.Random(seed)
        self.target_persons = persons
        self.branches: list[tuple[Organization, int]] = []  # (organization, weight)
        self.codes: set[str] = set()

    def pick(self, weighted):
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def org(self, parent, name, code, kind, category="", host_unit="", founded=None, weight=0):
        org = org_services.organization_create(
            actor=None,
            parent=parent,
            data={
                "name": name,
                "code": code,
                "kind": kind,
                "category": category,
                "host_unit": host_unit,
                "region_code": DISTRICT_CODE,
                "founded_on": founded
                or dt.date(self.rng.randint(1950, 2015), self.rng.randint(1, 12), 1),
            },
        )
        if weight:
            self.branches.append((org, weight))
        return org

    def branch_with_groups(self, parent, name, code, category, host_unit, weight):
        branch = self.org(parent, name, code, OrgKind.BRANCH, category, host_unit, weight=weight)
        if weight >= 3 and self.rng.random() < 0.5:
            for i, label in enumerate(("第一党小组", "第二党小组"), start=1):
                self.org(branch, label, f"{code}G{i}", OrgKind.GROUP, category, host_unit)
        return branch

    def build_tree(self) -> dict[str, Organization]:
        with open(DATA, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        district = self.org(
            None,
            "中共桂林市临桂区委员会",
            DISTRICT_CODE,
            OrgKind.DISTRICT,
            OrgCategory.ORGAN,
            "桂林市临桂区",
            dt.date(1949, 11, 24),
        )
        townships: dict[str, Organization] = {}
        for row in rows:
            if row["parent"] == DISTRICT_CODE:
                street = row["name"]
                kind_word = "街道工作委员会" if street.endswith("街道") else "委员会"
                townships[row["code"]] = self.org(
                    district,
                    f"中共临桂区{street}{kind_word}",
                    row["code"],
                    OrgKind.TOWNSHIP,
                    OrgCategory.ORGAN,
                    f"临桂区{street}人民政府",
                    dt.date(1984, 10, 1),
                )
        for code, township in townships.items():
            short = township.name.removeprefix("中共临桂区").removesuffix("委员会")
            self.branch_with_groups(
                township,
                f"中共临桂区{short}机关支部委员会",
                f"{code}J01",
                OrgCategory.ORGAN,
                f"{short}人民政府",
                3,
            )
            self.branch_with_groups(
                township,
                f"中共临桂区{short}中心小学支部委员会",
                f"{code}X01",
                OrgCategory.SCHOOL,
                f"{short}中心小学",
                2,
            )
            self.branch_with_groups(
                township,
                f"中共临桂区{short}卫生院支部委员会",
                f"{code}W01",
                OrgCategory.PUBLIC_INSTITUTION,
                f"{short}卫生院",
                1,
            )
        for row in rows:
            township = townships.get(row["parent"])
            if township is None:
                continue
            raw = row["name"]
            community = "社区" in raw or "居委会" in raw
            base = (
                raw.removesuffix("村委会")
                .removesuffix("居委会")
                .removesuffix("社区居委会")
                .removesuffix("社区")
            )
            base = base.removesuffix("社区")
            category = OrgCategory.COMMUNITY if community else OrgCategory.VILLAGE
            unit = f"{base}{'社区居民委员会' if community else '村民委员会'}"
            word = "社区" if community else "村"
            if not community and self.rng.random() < 0.15:
                general = self.org(
                    township,
                    f"中共{base}村总支部委员会",
                    row["code"],
                    OrgKind.GENERAL_BRANCH,
                    category,
                    unit,
                )
                for i, label in enumerate(
                    ("第一", "第二", "第三")[: self.rng.randint(2, 3)], start=1
                ):
                    self.branch_with_groups(
                        general,
                        f"中共{base}村{label}支部委员会",
                        f"{row['code']}B{i}",
                        category,
                        unit,
                        3,
                    )
            else:
                self.branch_with_groups(
                    township,
                    f"中共{base}{word}支部委员会",
                    row["code"],
                    category,
                    unit,
                    4 if not community else 3,
                )
        self.build_district_units(district)
        return townships

    def build_district_units(self, district):
        organs = self.org(
            district,
            "中共临桂区直属机关工作委员会",
            "450312JG",
            OrgKind.GRASSROOTS,
            OrgCategory.ORGAN,
            "临桂区直属机关",
        )
        for i, unit in enumerate(
            [
                "区委办公室",
                "区人民政府办公室",
                "区委组织部",
                "区委宣传部",
                "区发展和改革局",
                "区财政局",
                "区教育局",
                "区卫生健康局",
                "区农业农村局",
                "区人力资源和社会保障局",
                "区市场监督管理局",
                "区民政局",
            ],
            start=1,
        ):
            self.branch_with_groups(
                organs,
                f"中共临桂区{unit.removeprefix('区')}机关支部委员会",
                f"450312JG{i:02d}",
                OrgCategory.ORGAN,
                f"临桂区{unit.removeprefix('区')}",
                3,
            )
        schools = self.org(
            district,
            "中共临桂区教育系统委员会",
            "450312JY",
            OrgKind.GRASSROOTS,
            OrgCategory.SCHOOL,
            "临桂区教育局",
        )
        for i, unit in enumerate(
            [
                "临桂中学",
                "临桂区第二中学",
                "临桂区实验小学",
                "临桂区职业技术学校",
                "临桂区实验幼儿园",
            ],
            start=1,
        ):
            self.branch_with_groups(
                schools, f"中共{unit}支部委员会", f"450312JY{i:02d}", OrgCategory.SCHOOL, unit, 4
            )
        hospital = self.org(
            district,
            "中共临桂区人民医院总支部委员会",
            "450312YY",
            OrgKind.GENERAL_BRANCH,
            OrgCategory.PUBLIC_INSTITUTION,
            "临桂区人民医院",
        )
        for i, unit in enumerate(["内科", "外科", "行政后勤"], start=1):
            self.branch_with_groups(
                hospital,
                f"中共临桂区人民医院{unit}支部委员会",
                f"450312YY{i:02d}",
                OrgCategory.PUBLIC_INSTITUTION,
                "临桂区人民医院",
                3,
            )
        soe = self.org(
            district,
            "中共桂林市临桂区城市建设投资集团有限公司委员会",
            "450312GQ",
            OrgKind.GRASSROOTS,
            OrgCategory.STATE_ENTERPRISE,
            "临桂区城市建设投资集团有限公司",
        )
        for i, unit in enumerate(["机关", "工程管理部", "资产运营公司"], start=1):
            self.branch_with_groups(
                soe,
                f"中共临桂区城投集团{unit}支部委员会",
                f"450312GQ{i:02d}",
                OrgCategory.STATE_ENTERPRISE,
                "临桂区城市建设投资集团有限公司",
                3,
            )
        two_new = self.org(
            district,
            "中共临桂区非公有制经济组织和社会组织委员会",
            "450312LX",
            OrgKind.GRASSROOTS,
            OrgCategory.NON_PUBLIC_ENTERPRISE,
            "临桂区两新组织",
        )
        for i, unit in enumerate(
            [
                "桂林临桂恒达科技有限公司",
                "桂林山水电子商务有限公司",
                "广西桂临建筑工程有限公司",
                "桂林漓韵文化旅游有限公司",
                "桂林临桂康源医疗器械有限公司",
                "桂林金桂食品有限公司",
            ],
            start=1,
        ):
            self.branch_with_groups(
                two_new,
                f"中共{unit}支部委员会",
                f"450312LX{i:02d}",
                OrgCategory.NON_PUBLIC_ENTERPRISE,
                unit,
                2,
            )
        for i, unit in enumerate(
            ["临桂区个体劳动者协会", "临桂区律师协会", "临桂区义工联合会"], start=11
        ):
            self.branch_with_groups(
                two_new,
                f"中共{unit}支部委员会",
                f"450312LX{i:02d}",
                OrgCategory.SOCIAL_ORGANIZATION,
                unit,
                1,
            )

    def person_data(self, organization: Organization) -> dict:
        rng = self.rng
        age = min(92, max(19, int(rng.gauss(48, 15))))
        birth = TODAY - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        male = rng.random() < (
            0.62
            if organization.category in (OrgCategory.VILLAGE, OrgCategory.STATE_ENTERPRISE)
            else 0.5
        )
        while True:
            sequence = rng.randint(0, 499) * 2 + (1 if male else 0)
            number = idnumber.make(self.pick(REGIONS), birth, sequence)
            if number not in self.codes:
                self.codes.add(number)
                break
        surname = rng.choice(SURNAMES)
        name = surname + rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
        if organization.category in (OrgCategory.VILLAGE,):
            education = self.pick(
                [("71", 35), ("61", 20), ("81", 15), ("44", 8), ("31", 14), ("21", 8)]
            )
        elif organization.category in (
            OrgCategory.COMMUNITY,
            OrgCategory.NON_PUBLIC_ENTERPRISE,
            OrgCategory.SOCIAL_ORGANIZATION,
        ):
            education = self.pick([("61", 25), ("31", 35), ("21", 30), ("71", 8), ("14", 2)])
        else:
            education = self.pick([("21", 60), ("31", 20), ("14", 15), ("11", 1), ("61", 4)])
        status = self.pick([("01", 82), ("02", 4), ("03", 4), ("13", 10)])
        if age < 28 and status == "13":
            status = "03"
        phone = ""
        if rng.random() < 0.85:
            phone = f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        unit = organization.host_unit or organization.name
        return {
            "name": name,
            "id_number": number,
            "ethnicity": self.pick(ETHNICITIES),
            "education": education,
            "political_status": status,
            "phone": phone,
            "native_place": rng.choice(NATIVE),
            "work_unit": unit,
            "job_title": "",
        }

    def build_persons(self) -> int:
        total_weight = sum(w for _, w in self.branches)
        rows = []
        for organization, weight in self.branches:
            count = max(3, round(self.target_persons * weight / total_weight))
            rows.extend((organization, self.person_data(organization)) for _ in range(count))
        person_services.person_bulk_create(actor=None, rows=rows, source="demo")
        return len(rows)


def build(*, persons: int = 5000) -> dict:
    """Build the district into an empty database; returns what was made."""
    # The cockpit counts the whole district at the end (cockpit.demo): no touch per write.
    with system_scope("demo"), changes.paused(), transaction.atomic():
        if Organization.objects.exists():
            raise RuntimeError("数据库中已有党组织，载入演示数据需要空数据库")
        builder = Builder(persons)
        townships = builder.build_tree()
        builder.build_persons()
        township_codes = list(townships)
        first, second = township_codes[0], township_codes[1]
        branch = (
            Organization.objects.filter(
                path__startswith=townships[first].path,
                kind=OrgKind.BRANCH,
                category=OrgCategory.COMMUNITY,
            )
            .order_by("path")
            .first()
        )
        made = []
        for account in accounts(first, second, branch.code):
            user = User.objects.create_user(
                account.username, password=DEMO_PASSWORD, full_name=account.full_name, is_staff=True
            )
            access_services.role_grant(
                actor=None,
                user=user,
                role=Role.objects.get(code=account.role),
                organization=Organization.objects.get(code=account.org_code),
            )
            made.append(account)
        # After the accounts: the work plan's tasks name their supervisor and leader.
        extended = _extend_by_apps(builder)
        return {
            "organizations": Organization.objects.count(),
            # After the apps' additions (cadres bring persons of their own): the same
            # count as the home page's 人员总数 (core.selectors.person_total).
            "persons": Person.objects.count(),
            "accounts": made,
            "branch": branch.name,
            "extended": extended,
        }


def _extend_by_apps(builder: Builder) -> list[str]:
    """Each installed app with a ``demo`` module adds its records (``extend(rng, today)``)."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    lines = []
    for config in apps.get_app_configs():
        if (
            config.name.startswith("zugong.")
            and config.label != "core"
            and find_spec(f"{config.name}.demo")
        ):
            lines.append(import_module(f"{config.name}.demo").extend(builder.rng, TODAY))
    return lines


def describe_figures() -> str:
    """The district's figures as the home page of a district-wide user shows them, from
    the same selectors (core.selectors.figure_sources): one figure, one definition."""
    from zugong.core.selectors import figure_sources

    with system_scope("demo"):
        figures = [figure for _capability, count in figure_sources() for figure in count()]
    lines = ["数据概况（与首页一致）："]
    lines.extend(f"  {f.title}：{f.count}（{f.caption}）" for f in figures)
    return "\n".join(lines)


def describe_accounts(result: dict) -> str:
    lines = [f"演示账号（密码均为 {DEMO_PASSWORD}）："]
    for account in result["accounts"]:
        lines.append(f"  {account.username:<8} {account.full_name}  {account.note}")
    return "\n".join(lines)


def existing_accounts() -> list[Account]:
    with system_scope("demo"):
        township_codes = list(
            Organization.objects.filter(kind=OrgKind.TOWNSHIP)
            .order_by("path")
            .values_list("code", flat=True)[:2]
        )
        users = {u.username for u in User.objects.all()}
    return [a for a in accounts(*([*township_codes, "", ""])[:2], "") if a.username in users]


def person_count() -> int:
    with system_scope("demo"):
        return Person.objects.count()
