"""Demo records of urban co-building, grids and in-service members' reports, on the demo
district's streets and communities (core.demo builds the tree): resident units with the
district's organ, school, hospital, state-enterprise and firm branches, co-building
contracts at every step with items (some overdue), fulfilment records, evaluations and
joint meetings; grids and micro-grids for every community (most with a party group),
staff; the in-service members of organ, public-institution and state-enterprise
branches reported to communities (most reported, some re-report overdue) with their
service records (some below the yearly target). Everything goes through the services."""

from __future__ import annotations

import datetime as dt
import random

from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.grassroots.models.urban import Grid
from zugong.grassroots.rules import urban as rules
from zugong.grassroots.services import urban as cobuilding
from zugong.grassroots.services import urban_dual as dual
from zugong.grassroots.services import urban_grids as grids
from zugong.grassroots.services.urban_grids import PARTY_STATUSES

NEEDS = [
    "为辖区困难老人提供上门助餐服务",
    "协助开展垃圾分类宣传",
    "解决社区活动场地不足问题",
    "组织青少年暑期托管",
    "开展居民健康义诊",
    "提供法律咨询进社区",
    "改造老旧小区照明设施",
]
RESOURCES = [
    "开放单位会议室供社区使用",
    "派出党员志愿者参与社区服务",
    "提供医疗专家定期坐诊",
    "提供法律顾问服务",
    "捐赠图书和办公设备",
]
PROJECTS = [
    "共建“红色驿站”服务点",
    "联合打造党建文化长廊",
    "老旧小区“微改造”项目",
    "“邻里守望”志愿服务项目",
]
OTHER_UNITS = [
    ("中国农业银行临桂支行", "state_enterprise", "中国农业银行桂林分行"),
    ("中国邮政储蓄银行临桂区支行", "state_enterprise", "中国邮政储蓄银行桂林市分行"),
    ("国网临桂供电公司", "state_enterprise", "国网桂林供电局"),
]
GRID_WORDS = ["一", "二", "三", "四"]
SERVICES = [
    ("safety_patrol", "参加小区夜间治安巡逻"),
    ("culture_sports", "组织居民文艺汇演"),
    ("health", "为独居老人测量血压"),
    ("legal_aid", "解答居民法律咨询"),
    ("governance", "参与小区议事协商会"),
    ("assistance", "走访慰问困难家庭"),
    ("organization", "为社区党员讲党课"),
]


def _units(rng, streets, district_units, today):
    """Per street: the township's own organ, school and health centre branches, one or
    two of the district's units and a bank or utility."""
    by_street = {}
    for street in streets:
        units = []
        for branch in Organization.objects.filter(
            parent=street,
            kind=OrgKind.BRANCH,
            category__in=(OrgCategory.ORGAN, OrgCategory.SCHOOL, OrgCategory.PUBLIC_INSTITUTION),
        ).order_by("code"):
            kind = {"organ": "organ", "school": "public_institution"}.get(
                branch.category, "public_institution"
            )
            units.append((branch.host_unit or branch.name, kind, branch, street.host_unit))
        for branch in rng.sample(district_units, k=min(2, len(district_units))):
            kind = {
                OrgCategory.ORGAN: "organ",
                OrgCategory.STATE_ENTERPRISE: "state_enterprise",
                OrgCategory.NON_PUBLIC_ENTERPRISE: "enterprise",
                OrgCategory.SOCIAL_ORGANIZATION: "social_organization",
            }.get(branch.category, "public_institution")
            units.append((branch.host_unit or branch.name, kind, branch, "临桂区人民政府"))
        name, kind, superior = rng.choice(OTHER_UNITS)
        units.append((name, kind, None, superior))
        by_street[street.pk] = [
            cobuilding.unit_save(
                actor=None,
                street=street,
                name=n,
                kind=k,
                party_organization=org,
                superior=sup or "临桂区人民政府",
                contact=rng.choice(["韦", "莫", "黄", "李"]) + "主任",
            )
            for n, k, org, sup in units
        ]
    return by_street


def _contract(rng, community, unit, today, step_target):
    """A contract at step ``step_target`` (0 商约 … 3 评约): the later steps run over the
    past year, so some of their items are overdue; the earlier ones start now."""
    late = step_target >= 2
    start = today - dt.timedelta(days=330) if late else today
    year = start.year
    contract = cobuilding.contract_create(
        actor=None,
        community=community,
        unit=unit,
        year=year,
        title=f"{community.host_unit.removesuffix('社区居民委员会')}社区与{unit.name}共建契约",
        content="双方围绕社区需求清单、单位资源清单和共建项目清单开展契约化共建。",
    )
    items = []
    for kind, pool in (("need", NEEDS), ("resource", RESOURCES), ("project", PROJECTS)):
        for content in rng.sample(pool, k=rng.randint(1, 2)):
            due = start + dt.timedelta(days=rng.randint(60, 390) if late else rng.randint(30, 300))
            items.append(
                cobuilding.item_add(
                    actor=None,
                    contract=contract,
                    kind=kind,
                    content=content,
                    due_on=due,
                    responsible=unit.name if kind != "need" else "社区党组织",
                )
            )
    steps = rules.contract_steps()
    if step_target >= 1:
        signed = (
            start + dt.timedelta(days=rng.randint(10, 40))
            if late
            else today - dt.timedelta(days=rng.randint(0, 15))
        )
        cobuilding.contract_advance(
            actor=None,
            contract=contract,
            step=steps[1],
            signed_on=signed,
            starts_on=signed,
            ends_on=signed + dt.timedelta(days=365),
            today=today,
        )
    if late:
        cobuilding.contract_advance(actor=None, contract=contract, step=steps[2])
        for item in items:
            if rng.random() < 0.7:
                done = min(today, item.due_on + dt.timedelta(days=rng.randint(-60, 20)))
                cobuilding.fulfilment_record(
                    actor=None,
                    item=item,
                    done_on=max(done, signed),
                    today=today,
                    description=f"{item.content}：已按清单落实",
                    participants=f"党员志愿者{rng.randint(3, 20)}人",
                    completes=rng.random() < 0.8,
                )
    if step_target >= 3:
        score = rng.randint(72, 98)
        evaluated = today - dt.timedelta(days=rng.randint(2, 10))
        cobuilding.evaluation_record(
            actor=None,
            contract=contract,
            year=year,
            score=score,
            evaluated_on=evaluated,
            comments="履约积极，成效明显" if score >= 85 else "部分事项推进较慢",
            sent_on=evaluated + dt.timedelta(days=rng.randint(0, 2))
            if rng.random() < 0.8
            else None,
        )
        cobuilding.contract_advance(actor=None, contract=contract, step=steps[3])
    return contract


def _grids(rng, community):
    groups = list(
        Organization.objects.filter(parent=community, kind=OrgKind.GROUP).order_by("code")
    )
    made = []
    for g in range(rng.randint(2, 4)):
        party = None
        if rng.random() < 0.85:
            party = groups[g % len(groups)] if groups else community
        grid = grids.grid_save(
            actor=None,
            community=community,
            name=f"第{GRID_WORDS[g]}网格",
            party_unit=party,
            households=rng.randint(300, 900),
        )
        grids.staff_add(
            actor=None,
            grid=grid,
            role="head",
            name=rng.choice(["黄", "韦", "蒋", "唐"]) + "网格长",
            party_member=rng.random() < 0.85,
        )
        if rng.random() < 0.5:
            grids.staff_add(
                actor=None, grid=grid, role="worker", name=rng.choice(["李", "周", "秦"]) + "网格员"
            )
        made.append(grid)
        for m in range(rng.randint(1, 2)):
            made.append(
                grids.grid_save(
                    actor=None,
                    community=community,
                    parent=grid,
                    name=f"第{GRID_WORDS[g]}网格{m + 1}号微网格",
                    households=rng.randint(60, 200),
                )
            )
    return made


def _reports(rng, communities, micro_by_community, today):
    members = list(
        Person.objects.filter(
            organization__category__in=rules.DUAL_REPORT_KINDS.value,
            political_status__in=PARTY_STATUSES,
        )
        .select_related("organization")
        .order_by("pk")
    )
    members = rng.sample(members, k=min(len(members), 110))
    reported = hours_low = overdue = 0
    for person in members:
        if rng.random() < 0.15:
            continue  # not reported
        community = rng.choice(communities)
        micro = micro_by_community.get(community.pk) or []
        grid = rng.choice(micro) if micro and rng.random() < 0.8 else None
        reported_on = today - dt.timedelta(days=rng.randint(30, 600))
        category, _text = rng.choice(SERVICES)
        report = dual.report_create(
            actor=None,
            person=person,
            community=community,
            grid=grid,
            reported_on=reported_on,
            category=category,
            skills=rng.choice(["文艺", "法律", "医疗", "书法", "计算机", ""]),
            today=today,
        )
        if rng.random() < 0.7 and (today - reported_on).days > 60:
            confirmed = today - dt.timedelta(
                days=rng.randint(5, min(170, (today - reported_on).days - 1))
            )
            dual.report_confirm(actor=None, report=report, confirmed_on=confirmed, today=today)
        elif rules.rereport_due(reported_on, today):
            overdue += 1
        total = 0
        active = rng.random() < 0.6  # most give their hours; some fall short
        for _ in range(5 if active else rng.randint(0, 2)):
            category, text = rng.choice(SERVICES)
            served = max(reported_on, today - dt.timedelta(days=rng.randint(0, 364)))
            hours = rng.choice([10, 11, 12]) if active else rng.choice([3, 4])
            dual.service_record(
                actor=None,
                report=report,
                served_on=served,
                hours=hours,
                category=category,
                content=text,
                confirmed_by="社区党组织",
                today=today,
            )
            total += hours
        hours_low += total < 50
        reported += 1
        if grid is not None and rng.random() < 0.5:
            grids.member_assign(actor=None, grid=grid, person_id=person.pk, move=True)
    return len(members), reported, overdue, hours_low


def build(rng: random.Random, today: dt.date) -> str:
    communities = list(
        Organization.objects.filter(category=OrgCategory.COMMUNITY, kind=OrgKind.BRANCH)
        .select_related("parent")
        .order_by("code")
    )
    if not communities:
        return ""
    streets = sorted(
        {c.parent for c in communities if c.parent.kind == OrgKind.TOWNSHIP}, key=lambda s: s.code
    )
    district_units = list(
        Organization.objects.filter(
            kind=OrgKind.BRANCH,
            parent__kind__in=(OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH),
            parent__parent__kind=OrgKind.DISTRICT,
        ).order_by("code")
    )
    units = _units(rng, streets, district_units, today)
    contracts = meetings = 0
    micro_by_community = {}
    for community in communities:
        street_units = units.get(community.parent_id) or []
        for unit in rng.sample(street_units, k=min(len(street_units), rng.randint(1, 2))):
            _contract(rng, community, unit, today, step_target=contracts % 4)
            contracts += 1
        cobuilding.joint_meeting_record(
            actor=None,
            organization=community,
            held_on=today - dt.timedelta(days=rng.randint(10, 200)),
            topic="社区大党委联席会议：研究共建项目推进",
            attendees="、".join(u.name for u in street_units[:4]),
            minutes="通报共建清单落实情况，商定下一阶段服务项目。",
            today=today,
        )
        meetings += 1
        made = _grids(rng, community)
        micro_by_community[community.pk] = [g for g in made if g.parent_id]
    for street in streets:
        for months in (2, 8):
            cobuilding.joint_meeting_record(
                actor=None,
                organization=street,
                held_on=today - dt.timedelta(days=months * 30),
                topic="街道党建联席会议：驻区单位共建工作推进",
                minutes="各成员单位汇报履约情况。",
                today=today,
            )
            meetings += 1
    members, reported, overdue, low = _reports(rng, communities, micro_by_community, today)
    grid_count = Grid.objects.filter(level="grid").count()
    micro_count = Grid.objects.filter(level="micro").count()
    return (
        f"共建契约{contracts}份、驻区单位{sum(len(v) for v in units.values())}个、联席会议{meetings}次，"
        f"网格{grid_count}个、微网格{micro_count}个，在职党员{members}名中{reported}名已报到"
        f"（复报逾期{overdue}名，近一年服务不足50小时{low}名）"
    )
