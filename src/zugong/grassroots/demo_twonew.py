"""Demo records of the two-new organizations: about 300 enterprises and social
organizations across the demo district's townships (tourism, catering, e-commerce,
farm-produce processing, logistics, training …, valid credit codes), every coverage
type — separate with the demo tree's own non-public and social-organization branches,
joint with a village or community branch of the township, none with an instructor or a
liaison, none with nothing — a few shell and dormant firms, instructors with visits
(some overdue), joint-meeting member units with list items (some overdue) and
half-yearly reports (some missing), and a coverage report saved a month earlier after
which a few organizations changed, so "change since the last report" shows them.

Organizations are registered through the registry's service (the counting verdict and
every check apply); visits are written in bulk (seed data, no user acting). Only the
``rng`` given and ``today`` decide them."""

from __future__ import annotations

import datetime as dt
import random

from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.grassroots import rules
from zugong.grassroots.models.twonew import DutyItem, Entity, Instructor, InstructorVisit
from zugong.grassroots.selectors import coverage
from zugong.grassroots.selectors import twonew as twonew_selectors
from zugong.grassroots.services import twonew as services

BRANDS = (
    "漓江",
    "山水",
    "桂花",
    "会仙",
    "两江",
    "相思江",
    "义江",
    "青狮潭",
    "桂北",
    "鑫源",
    "宏达",
    "恒信",
    "盛世",
    "旺达",
    "丰源",
    "顺发",
    "佳和",
    "兴业",
    "瑞丰",
    "福满",
    "荣昌",
    "嘉禾",
    "金桂",
    "绿源",
    "华美",
    "永安",
    "广源",
    "新时代",
    "百福",
    "聚力",
    "益民",
    "康达",
    "桂韵",
    "乐享",
    "致远",
    "天成",
    "润泽",
    "和顺",
    "万家",
    "桂兴",
)
INDUSTRIES = (
    ("旅游", ("旅游开发有限公司", "文化旅游有限公司", "民宿管理有限公司")),
    ("餐饮", ("餐饮管理有限公司", "米粉店", "农家乐有限公司")),
    ("电子商务", ("电子商务有限公司", "网络科技有限公司")),
    ("农产品加工", ("农产品加工有限公司", "食品有限公司", "罗汉果制品有限公司")),
    ("物流", ("物流有限公司", "供应链管理有限公司")),
    ("教育培训", ("教育咨询有限公司", "职业技能培训学校有限公司")),
    ("建筑", ("建筑工程有限公司", "装饰工程有限公司")),
    ("制造", ("机械制造有限公司", "新材料科技有限公司", "竹木制品有限公司")),
    ("商贸", ("商贸有限公司", "农资经营部")),
)
SOCIAL = (
    ("电子商务协会", "电子商务"),
    ("餐饮行业协会", "餐饮"),
    ("旅游协会", "旅游"),
    ("罗汉果产业协会", "农产品加工"),
    ("沙糖桔种植协会", "农业"),
    ("个体私营企业协会", "商贸"),
    ("社会工作服务中心", "社会服务"),
    ("老年协会", "社会服务"),
    ("商会", "商贸"),
    ("物流协会", "物流"),
    ("培训学校", "教育培训"),
    ("志愿者协会", "社会服务"),
)
HEADS = ("秦", "唐", "蒋", "莫", "韦", "黄", "李", "周", "陈", "廖", "覃", "阳", "邓", "龙")
GIVEN = (
    "国强",
    "丽华",
    "建军",
    "秀英",
    "海波",
    "春兰",
    "志刚",
    "桂芳",
    "德明",
    "小红",
    "文斌",
    "晓燕",
)
NOT_FORMED = (
    "无党员",
    "党员不足3人，暂不具备单独组建条件",
    "党员组织关系未转入",
    "企业规模小、人员流动大",
)
UNITS = (
    ("临桂区委统战部", "蒋丽"),
    ("临桂区工商业联合会", "莫文"),
    ("临桂区民政局", "唐敏"),
    ("临桂区市场监督管理局", "韦强"),
    ("临桂区人力资源和社会保障局", "秦芳"),
    ("临桂区总工会", "李静"),
    ("共青团临桂区委员会", "周洁"),
    ("临桂区妇女联合会", "黄琳"),
)
DUTIES = {
    DutyItem.ListKind.DUTY: ("年检年报时同步采集两新组织党建信息", "指导行业协会商会党建入章"),
    DutyItem.ListKind.TASK: ("推动新注册企业同步开展党建工作", "完成规上企业党组织组建排查"),
    DutyItem.ListKind.PROBLEM: ("部分社会组织党员组织关系未转入", "个别企业党组织活动不经常"),
}


def _code(rng: random.Random, social: bool) -> str:
    alphabet = rules.CREDIT_CODE_ALPHABET.value
    first = ("51450312MJ" if social else "91450312MA") + "".join(
        rng.choice(alphabet) for _i in range(7)
    )
    return first + rules.credit_code_check_char(first)


def _short(township: Organization) -> str:
    name = township.name.removeprefix("中共临桂区")
    return name.removesuffix("街道工作委员会").removesuffix("委员会")


class _Build:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today = rng, today
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.townships = list(Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path"))
        self.local = {
            t.pk: list(
                Organization.objects.filter(
                    path__startswith=t.path,
                    kind=OrgKind.BRANCH,
                    category__in=[OrgCategory.VILLAGE, OrgCategory.COMMUNITY],
                ).order_by("path")[:6]
            )
            for t in self.townships
        }
        self.instructors: dict[int, list[Instructor]] = {}
        self.count = 0

    def code(self, social: bool) -> str:
        while True:
            code = _code(self.rng, social)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def head(self) -> str:
        return self.rng.choice(HEADS) + self.rng.choice(GIVEN)

    def save(self, data: dict) -> Entity:
        self.count += 1
        return services.entity_save(actor=None, data=data, today=self.today)


def _instructors(b: _Build) -> None:
    for index, township in enumerate(b.townships):
        people = list(
            Person.objects.filter(organization__path__startswith=township.path).order_by("id")[:40]
        )
        chosen = b.rng.sample(people, min(2, len(people)))
        b.instructors[township.pk] = [
            services.instructor_save(
                actor=None,
                data={
                    "person": person,
                    "township": township,
                    "full_time": n == 0,
                    "level": Instructor.Level.TOWNSHIP if n else Instructor.Level.COUNTY,
                    "visit_every_days": 30 if n and index % 3 == 0 else None,
                    "appointed_on": b.today - dt.timedelta(days=b.rng.randint(200, 700)),
                },
            )
            for n, person in enumerate(chosen)
        ]


def _separate(b: _Build) -> None:
    """The demo tree's own two-new branches: each its enterprise, separately organized."""
    for branch in Organization.objects.filter(
        code__startswith="450312LX", kind=OrgKind.BRANCH
    ).order_by("code"):
        social = branch.category == OrgCategory.SOCIAL_ORGANIZATION
        township = b.townships[b.rng.randrange(len(b.townships))] if b.townships else None
        full = b.rng.randint(3, 12)
        b.names.add(branch.host_unit)
        b.save(
            {
                "kind": "social_org" if social else "enterprise",
                "credit_code": b.code(social),
                "name": branch.host_unit or branch.name,
                "address": f"临桂区{_short(township)}",
                "township": township,
                "industry": "社会服务" if social else b.rng.choice(INDUSTRIES)[0],
                "employees": b.rng.randint(40, 260),
                "party_members": full + b.rng.randint(0, 2),
                "full_members": full,
                "head": b.head(),
                "coverage": "separate",
                "party_organization": branch,
                "formed_on": branch.founded_on or dt.date(2015, 7, 1),
                "formed_how": "单独组建",
                "charter_party": social,
                "sync_registration": social,
                "sync_inspection": social,
                "sync_evaluation": social and b.rng.random() < 0.5,
            }
        )


def _status(b: _Build) -> tuple[str, bool]:
    roll = b.rng.random()
    if roll < 0.04:
        return "shell", False
    if roll < 0.08:
        return "dormant", False
    if roll < 0.10:
        return "closed", False
    return "normal", True


def _coverage(b: _Build, township, members: int, full: int) -> dict:
    local = b.local.get(township.pk) or []
    roll = b.rng.random()
    if members and local and (full >= 3 or roll < 0.35):
        branch = b.rng.choice(local)
        return {
            "coverage": "joint",
            "party_organization": branch,
            "formed_on": b.today - dt.timedelta(days=b.rng.randint(40, 2500)),
            "formed_how": f"依托{branch.host_unit or branch.name}联合组建",
        }
    data = {
        "coverage": "none",
        "not_formed_reason": b.rng.choice(NOT_FORMED[1:] if members else NOT_FORMED[:1]),
    }
    helpers = b.instructors.get(township.pk) or []
    if roll < 0.6 and helpers:
        data["instructor"] = b.rng.choice(helpers)
    elif roll < 0.8:
        data["liaison"] = b.head()
    return data


def _one(b: _Build, township, social: bool) -> None:
    if social:
        label, industry = b.rng.choice(SOCIAL)
        name = f"临桂区{_short(township)}{label}"
        employees = b.rng.choice(
            (b.rng.randint(8, 29), b.rng.randint(30, 90), b.rng.randint(30, 60))
        )
    else:
        industry, suffixes = b.rng.choice(INDUSTRIES)
        name = f"桂林{b.rng.choice(BRANDS)}{b.rng.choice(suffixes)}"
        employees = b.rng.choice(
            (b.rng.randint(3, 9), b.rng.randint(10, 60), b.rng.randint(12, 300))
        )
    if name in b.names and not social:
        name = name.replace("桂林", f"桂林{_short(township)}", 1)
    if name in b.names:
        return
    b.names.add(name)
    status, real = _status(b)
    members = min(employees, b.rng.choice((0, 0, 1, 2, 3, 4, 6)))
    full = max(0, members - b.rng.randint(0, 1))
    data = {
        "kind": "social_org" if social else "enterprise",
        "credit_code": b.code(social),
        "name": name,
        "address": f"临桂区{_short(township)}{b.rng.choice(('大道', '街', '路'))}{b.rng.randint(1, 300)}号",
        "township": township,
        "industry": industry,
        "employees": employees,
        "party_members": members,
        "full_members": full,
        "head": b.head(),
        "operating_status": status,
        "fixed_place": b.rng.random() > 0.05,
        "real_operation": real,
        "trade_union": b.rng.random() < 0.4,
        "youth_league": b.rng.random() < 0.2,
        "surveyed_on": b.today - dt.timedelta(days=b.rng.randint(10, 300)),
    }
    if social:
        data.update(
            {
                "charter_party": b.rng.random() < 0.6,
                "sync_registration": b.rng.random() < 0.7,
                "sync_inspection": b.rng.random() < 0.6,
                "sync_evaluation": b.rng.random() < 0.4,
            }
        )
    data.update(_coverage(b, township, members, full))
    b.save(data)


def _visits(b: _Build) -> int:
    visits = []
    for entity in Entity.objects.filter(instructor__isnull=False).select_related("instructor"):
        instructor = entity.instructor
        every = instructor.visit_every_days or rules.instructor_visit_days()
        # About a third are overdue: their visits stopped a while ago.
        stop = b.today - dt.timedelta(days=b.rng.choice((0, 3, 8, every + 5, every + 25)))
        day = max(instructor.appointed_on, b.today - dt.timedelta(days=120))
        while day <= stop:
            visits.append(
                InstructorVisit(
                    instructor=instructor,
                    entity=entity,
                    visited_on=day,
                    content=b.rng.choice(
                        (
                            "宣讲党的政策，指导发展入党积极分子",
                            "指导建立工会、共青团组织",
                            "了解企业生产经营和党员教育管理情况",
                            "协助开展主题党日活动",
                        )
                    ),
                )
            )
            day += dt.timedelta(days=b.rng.randint(max(5, every - 8), every))
    InstructorVisit.objects.bulk_create(visits, batch_size=1000)
    return len(visits)


def _units(b: _Build) -> tuple[int, int, int]:
    district = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    year, half = (b.today.year, 1) if b.today.month >= 7 else (b.today.year - 1, 2)
    overdue = missing = 0
    for index, (name, officer) in enumerate(UNITS):
        unit = services.member_unit_save(
            actor=None, data={"organization": district, "name": name, "officer": officer}
        )
        for kind, contents in DUTIES.items():
            for content in contents:
                deadline = b.today + dt.timedelta(days=b.rng.randint(-60, 120))
                done = deadline < b.today and b.rng.random() < 0.6
                overdue += deadline < b.today and not done
                services.duty_item_save(
                    actor=None,
                    data={
                        "unit": unit,
                        "list_kind": kind,
                        "content": content,
                        "owner": officer,
                        "deadline": deadline,
                        "done_on": deadline - dt.timedelta(days=3) if done else None,
                        "progress": "已完成" if done else "推进中",
                    },
                )
        previous = (year - 1, 2) if half == 1 else (year, 1)
        periods = [previous]
        if index % 3 != 2:
            periods.append((year, half))
        else:
            missing += 1
        for y, h in periods:
            start = dt.date(y, 1 if h == 1 else 7, 1)
            services.unit_report_save(
                actor=None,
                unit=unit,
                year=y,
                half=h,
                submitted_on=min(b.today, start + dt.timedelta(days=170)),
                summary=f"{name}{y}年{'上' if h == 1 else '下'}半年履行两新组织党建工作职责情况",
                today=b.today,
            )
    return len(UNITS), overdue, missing


def _report_then_changes(b: _Build) -> None:
    """A report a month ago; since then a few got a liaison and one firm went dormant."""
    district = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    services.coverage_report_save(
        actor=None, organization=district, as_of=b.today - dt.timedelta(days=30), today=b.today
    )
    bare = Entity.objects.filter(counted=True, coverage="none", instructor__isnull=True, liaison="")
    for entity in bare.order_by("id")[:3]:
        services.entity_save(actor=None, entity=entity, data={"liaison": b.head()}, today=b.today)
    joint = Entity.objects.filter(counted=True, coverage="joint").order_by("-id").first()
    if joint is not None:
        services.entity_save(
            actor=None,
            entity=joint,
            data={"operating_status": "dormant", "real_operation": False},
            today=b.today,
        )


def build(rng: random.Random, today: dt.date) -> str:
    b = _Build(rng, today)
    if not b.townships:
        return ""
    _instructors(b)
    _separate(b)
    target = 300 - b.count
    for n in range(target):
        township = b.townships[n % len(b.townships)]
        _one(b, township, social=rng.random() < 0.18)
    visits = _visits(b)
    units, overdue_items, missing = _units(b)
    _report_then_changes(b)
    district = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    totals = coverage.coverage_figures(district.path, today)["totals"]
    overdue_visits = len(twonew_selectors.overdue_visits(today))
    return (
        f"两新组织{totals['registered']}个（纳入统计{totals['counted']}个，组织覆盖率"
        f"{totals['org_coverage_rate']}%，工作覆盖率{totals['work_coverage_rate']}%），"
        f"党建工作指导员{sum(len(v) for v in b.instructors.values())}名、走访{visits}次"
        f"（逾期{overdue_visits}处），联席会议成员单位{units}个（逾期事项{overdue_items}项，"
        f"未报半年报告{missing}个）"
    )
