"""Demo records of organ party building, on the demo district's organ, public-institution
and state-enterprise branches: commitments of most members and of some branches for the
last and the current year (most fulfilled, some overdue, some of last year never
fulfilled) with their progress records, pioneer posts at every step (some near the end
of their term, some past it), commando teams, service-model awards, organ units'
staffing (some below 1 %) and the members' meetings (one organ missing this year's).

Rows are written in bulk (a few thousand commitments would take too long one service
call at a time); every value obeys the services' rules."""

from __future__ import annotations

import datetime as dt
import random

from zugong.core.models import Organization, OrgCategory, OrgKind, OrgStatus
from zugong.grassroots.models.organ import (
    CommandoTeam,
    Commitment,
    CommitmentProgress,
    OrganMembersMeeting,
    OrganUnit,
    PioneerPost,
    ServiceAward,
)
from zugong.grassroots.rules import organ as rules
from zugong.party.models import Member
from zugong.party.selectors.members import LIVING

CATEGORIES = (OrgCategory.ORGAN, OrgCategory.PUBLIC_INSTITUTION, OrgCategory.STATE_ENTERPRISE)
MEMBER_PLEDGES = {
    "political": [
        "全年参加集中学习不少于12次，撰写学习心得4篇",
        "带头学习党的二十届四中全会精神并在支部分享",
        "每季度讲一次微党课",
    ],
    "duty": [
        "按时办结承办事项，办结率100%",
        "全年窗口服务零投诉",
        "牵头完成本股室年度重点工作任务",
        "优化办事流程，压缩办理时限三分之一",
    ],
    "service": [
        "结对帮扶困难群众2户，每季度走访一次",
        "到居住地社区开展志愿服务不少于50小时",
        "为群众办实事不少于5件",
    ],
    "conduct": [
        "严守中央八项规定精神，不收受礼品礼金",
        "不迟到不早退，做到首问负责、一次性告知",
    ],
}
BRANCH_PLEDGES = [
    "规范开展“三会一课”和主题党日",
    "建成党员先锋岗2个",
    "开展“我为群众办实事”项目3个",
    "与结对社区联合开展志愿服务4次",
    "完成支部标准化规范化建设达标",
]
PROGRESS_NOTES = [
    "按计划推进，已完成阶段任务",
    "已落实，相关材料已归档",
    "正在推进，下一步加快进度",
    "已完成，经支部委员会核实",
]
POSTS = ["政务服务窗口", "项目服务", "信访接待", "便民服务", "政策宣讲", "应急保障", "技术攻关"]
TEAMS = [
    ("防汛抗旱党员突击队", "协助乡镇开展防汛值守和群众转移"),
    ("重点项目攻坚党员突击队", "推进临桂新区重点项目征地拆迁和开工"),
    ("森林防火党员突击队", "春节和清明期间森林防火巡查"),
]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _targets():
    organizations = list(
        Organization.objects.filter(
            category__in=CATEGORIES, kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE
        ).order_by("path")
    )
    members: dict[int, list] = {o.pk: [] for o in organizations}
    for m in (
        Member.objects.filter(person__organization__in=organizations, status__in=LIVING)
        .select_related("person")
        .order_by("person__organization__path", "person_id")
    ):
        members[m.person.organization_id].append(m.person)
    return organizations, members


def _commitment(rng, today, organization, person, year, content, category) -> Commitment:
    deadline = _day(rng, dt.date(year, 3, 31), dt.date(year, 12, 31))
    fulfilled = rng.random() < (0.8 if year < today.year else 0.45)
    if deadline > today:
        fulfilled = fulfilled and rng.random() < 0.3
    fulfilled_on = None
    if fulfilled:
        limit = min(today, deadline + dt.timedelta(days=rng.choice([0, 0, 0, 20])))
        fulfilled_on = _day(rng, dt.date(year, 2, 1), limit)
        if fulfilled_on > today:
            fulfilled_on = None
    progress = 100 if fulfilled_on else rng.choice([0, 20, 30, 50, 60, 80, 90])
    return Commitment(
        organization=organization,
        person=person,
        year=year,
        category=category,
        content=content,
        deadline=deadline,
        progress=progress,
        fulfilled_on=fulfilled_on,
    )


def _records(rng, today, commitment: Commitment) -> list[CommitmentProgress]:
    if not commitment.progress:
        return []
    start = dt.date(commitment.year, 1, 15)
    end = min(today, commitment.fulfilled_on or today)
    if end < dt.date(commitment.year, 1, 1):
        return []
    steps = sorted({rng.choice([30, 50, 60, 80]) for _ in range(rng.randint(0, 2))})
    steps = [p for p in steps if p < commitment.progress] + [commitment.progress]
    days = sorted(_day(rng, min(start, end), end) for _ in steps)
    if commitment.fulfilled_on:
        days[-1] = commitment.fulfilled_on
    return [
        CommitmentProgress(
            commitment=commitment,
            recorded_on=day,
            progress=value,
            description=rng.choice(PROGRESS_NOTES),
        )
        for day, value in zip(days, steps, strict=True)
    ]


def _commitments(rng, today, organizations, members) -> tuple[int, int, int]:
    rows = []
    for year in (today.year - 1, today.year):
        for organization in organizations:
            if rng.random() < 0.5:
                rows.append(
                    _commitment(
                        rng, today, organization, None, year, rng.choice(BRANCH_PLEDGES), "duty"
                    )
                )
            for person in members[organization.pk]:
                if rng.random() < 0.8:
                    category = rng.choice(list(MEMBER_PLEDGES))
                    content = rng.choice(MEMBER_PLEDGES[category])
                    rows.append(
                        _commitment(rng, today, organization, person, year, content, category)
                    )
    Commitment.objects.bulk_create(rows, batch_size=1000)
    records = [r for c in rows for r in _records(rng, today, c)]
    CommitmentProgress.objects.bulk_create(records, batch_size=1000)
    overdue = sum(1 for c in rows if c.fulfilled_on is None and c.deadline < today)
    return len(rows), sum(1 for c in rows if c.fulfilled_on), overdue


def _posts(rng, today, organizations, members) -> dict[str, int]:
    codes = [code for code, _label in rules.PIONEER_STEPS.value]
    term = rules.pioneer_term_years()
    rows = []
    for index, organization in enumerate(organizations):
        people = members[organization.pk]
        if not people or rng.random() < 0.4:
            continue
        individual = rng.random() < 0.7
        person = rng.choice(people) if individual else None
        name = rng.choice(POSTS)
        kind = PioneerPost.Kind.INDIVIDUAL if individual else PioneerPost.Kind.COLLECTIVE
        post = PioneerPost(
            organization=organization,
            kind=kind,
            person=person,
            post_name=f"{person.name}{name}先锋岗" if person else f"{name}集体先锋岗",
            criteria="党性修养、业务技能、工作业绩、群众评价",
        )
        shape = index % 6  # every step and every stage of the term appear
        if shape < 3:
            post.step = codes[shape]
            post.declared_on = today - dt.timedelta(days=rng.randint(10, 60))
        else:
            back = {
                3: rng.randint(30, 330),  # named within the year
                4: 365 * term - rng.randint(10, 80),  # the term ends within 80 days
                5: 365 * term + rng.randint(20, 200),  # the term has ended
            }[shape]
            post.step = codes[-1]
            post.approved_on = today - dt.timedelta(days=back)
            post.declared_on = post.approved_on - dt.timedelta(days=rng.randint(30, 60))
            post.term_ends_on = rules.pioneer_term_end(post.approved_on)
        rows.append(post)
    PioneerPost.objects.bulk_create(rows)
    expiring = sum(
        1
        for p in rows
        if p.term_ends_on and today <= p.term_ends_on <= today + dt.timedelta(days=90)
    )
    expired = sum(1 for p in rows if p.term_ends_on and p.term_ends_on < today)
    return {"posts": len(rows), "expiring": expiring, "expired": expired}


def _teams_and_awards(rng, today, organizations, members) -> tuple[int, int]:
    staffed = [o for o in organizations if len(members[o.pk]) >= 3]
    teams = 0
    for (name, task), organization in zip(
        TEAMS, rng.sample(staffed, min(3, len(staffed))), strict=False
    ):
        people = members[organization.pk]
        starts = today - dt.timedelta(days=rng.randint(60, 300))
        ended = rng.random() < 0.7
        team = CommandoTeam.objects.create(
            organization=organization,
            name=name,
            task=task,
            leader=people[0],
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=rng.randint(7, 40)) if ended else None,
            result="按期完成任务，受到群众好评" if ended else "",
        )
        team.members.set(rng.sample(people, min(len(people), rng.randint(3, 6))))
        teams += 1
    awards = []
    for organization in rng.sample(staffed, min(8, len(staffed))):
        person = rng.choice(members[organization.pk])
        awards.append(
            ServiceAward(
                organization=organization,
                person=person,
                year=today.year - 1,
                title="争当服务群众标兵",
                citation=f"{person.name}同志立足岗位服务群众，办实事成效明显",
            )
        )
    ServiceAward.objects.bulk_create(awards)
    return teams, len(awards)


def _units(rng, today) -> tuple[int, int, int]:
    organs = list(
        Organization.objects.filter(
            category=OrgCategory.ORGAN, kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE
        ).order_by("path")
    )
    units, below = [], 0
    for organization in organs:
        staff = rng.randint(25, 260)
        low, _high = rules.partywork_staff_range(staff)
        partywork = low if rng.random() < 0.75 else rng.choice([0, max(0, low - 1)])
        below += partywork < low
        units.append(
            OrganUnit(
                organization=organization,
                unit_name=organization.host_unit or organization.name,
                staff=staff,
                partywork_staff=partywork,
                responsible="",
            )
        )
    OrganUnit.objects.bulk_create(units)
    meetings = []
    missing = organs[len(organs) // 2].pk if organs else None  # one organ misses this year's
    for organization in organs:
        meetings.append(
            OrganMembersMeeting(
                organization=organization,
                held_on=dt.date(today.year - 1, rng.randint(1, 3), rng.randint(1, 28)),
                topic=f"{today.year - 1}年度机关党员干部大会：听取单位主要负责同志述职",
            )
        )
        if organization.pk != missing:
            meetings.append(
                OrganMembersMeeting(
                    organization=organization,
                    held_on=_day(rng, dt.date(today.year, 1, 1), today),
                    topic=f"{today.year}年度机关党员干部大会：听取单位主要负责同志述职",
                )
            )
    OrganMembersMeeting.objects.bulk_create(meetings)
    return len(units), below, 1 if missing else 0


def build(rng: random.Random, today: dt.date) -> str:
    organizations, members = _targets()
    if not organizations:
        return ""
    total, fulfilled, overdue = _commitments(rng, today, organizations, members)
    posts = _posts(rng, today, organizations, members)
    teams, awards = _teams_and_awards(rng, today, organizations, members)
    units, below, missing = _units(rng, today)
    return (
        f"机关党建：承诺{total}项（已践诺{fulfilled}项、逾期{overdue}项），"
        f"先锋岗{posts['posts']}个（即将届满{posts['expiring']}个、已届满{posts['expired']}个），"
        f"突击队{teams}支，服务群众标兵{awards}名，机关单位{units}个（党务力量不足{below}个），"
        f"未召开本年度党员干部大会的机关{missing}个"
    )
