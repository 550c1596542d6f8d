"""Members for the demo district: every person whose political status says party member."""

from __future__ import annotations

import datetime as dt
import random

from zugong.core import audit
from zugong.core.models import Organization, OrgCategory, OrgStatus, Person
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.demo_development import development
from zugong.party.models import (
    BranchCommittee,
    CommitteePost,
    CommitteeSeat,
    Member,
    MemberKind,
    MemberStatus,
    MemberStatusChange,
    Occupation,
)
from zugong.party.services.dues import paid_through_refresh


def _occupation(person: Person, age: int, rng: random.Random) -> str:
    if age >= 60:
        return Occupation.RETIRED
    if person.organization.category == OrgCategory.VILLAGE:
        return Occupation.FARMER
    if age < 23:
        return Occupation.STUDENT
    if person.organization.category in (
        OrgCategory.NON_PUBLIC_ENTERPRISE,
        OrgCategory.SOCIAL_ORGANIZATION,
    ):
        return rng.choice([Occupation.EMPLOYED, Occupation.SELF_EMPLOYED])
    return Occupation.EMPLOYED


def extend(rng: random.Random, today: dt.date) -> str:
    members, changes = [], []
    persons = (
        Person.objects.filter(political_status__in=["01", "02"])
        .select_related("organization")
        .order_by("id")
    )
    for person in persons:
        age = today.year - person.birth_date.year
        probationary = person.political_status == "02"
        if probationary:
            joined = today - dt.timedelta(days=rng.randint(30, 330))
        else:
            # Most join between 20 and 40; a member can only be full a year after joining.
            latest = min(age - 2, 55)
            joined_age = rng.randint(18, max(19, min(40, latest)))
            joined = rules.add_years(person.birth_date, joined_age) + dt.timedelta(
                days=rng.randint(0, 300)
            )
            if rules.probation_end(joined) > today:
                joined = rules.add_years(today, -2)
        full_on = (
            None
            if probationary
            else rules.probation_end(joined, extension_months=6 if rng.random() < 0.02 else 0)
        )
        status = MemberStatus.NORMAL
        roll = rng.random()
        if roll < 0.04:
            status = MemberStatus.FLOATING
        elif roll < 0.05:
            status = MemberStatus.LOST_CONTACT
        members.append(
            Member(
                person=person,
                kind=MemberKind.PROBATIONARY if probationary else MemberKind.FULL,
                joined_on=joined,
                full_on=full_on,
                status=status,
                occupation=_occupation(person, age, rng),
            )
        )
    Member.objects.bulk_create(members, batch_size=1000)
    for member in members:
        if member.status != MemberStatus.NORMAL:
            changes.append(
                MemberStatusChange(
                    member=member,
                    old_status=MemberStatus.NORMAL,
                    new_status=member.status,
                    occurred_on=today - dt.timedelta(days=rng.randint(30, 400)),
                    reason="外出务工" if member.status == MemberStatus.FLOATING else "多次联系未果",
                )
            )
    MemberStatusChange.objects.bulk_create(changes)
    committees = _committees(rng, today)
    payments = _dues(rng, today)
    meetings = _meetings(rng)
    cases = development(rng)
    transfers = _transfers(rng)
    records = _records(rng)
    audit.log_action(caps.MEMBER_CREATED, extra={"source": "demo", "rows": len(members)})
    # Counted as the home page counts them (one definition: members on the roll), after
    # the transfers and status changes above.
    from zugong.party.selectors import member_counts

    counts = member_counts()
    return (
        f"在册党员：{counts['members']}名（含预备党员{counts['probationary']}名）；"
        f"支部班子：{committees}个（部分已到期未换届）；党费交纳记录：{payments}条（部分欠缴）；组织生活：{meetings}次（部分支部有缺项）；发展党员：{cases}人（各阶段都有，部分环节逾期）；组织关系转接：{transfers}件（含在途）；{records}。"
    )


def _committees(rng: random.Random, today: dt.date) -> int:
    """Most electing organizations have a committee; elections spread over the last terms,
    so some are overdue, a few postponed, and some organizations have none on record."""
    full = {}
    for member in Member.objects.filter(
        kind=MemberKind.FULL, status=MemberStatus.NORMAL
    ).select_related("person"):
        full.setdefault(member.person.organization_id, []).append(member.person)
    made = 0
    posts = [
        CommitteePost.SECRETARY,
        CommitteePost.ORGANIZATION,
        CommitteePost.PUBLICITY,
        CommitteePost.DISCIPLINE,
        CommitteePost.DEPUTY,
    ]
    for organization in Organization.objects.filter(
        kind__in=rules.ELECTING_KINDS, status=OrgStatus.ACTIVE
    ).order_by("path"):
        people = full.get(organization.pk, [])
        if not people or rng.random() < 0.06:
            continue
        years = rules.term_years(organization.kind, organization.category)
        elected = today - dt.timedelta(days=rng.randint(30, int(365 * (years + 0.6))))
        # A secretary alone under 7 full members; from 7 a committee of 3 to 5 (支部条例第六章).
        seats = 1 if len(people) < 7 else max(3, min(5, len(people) // 3))
        chosen = rng.sample(people, min(seats, len(people)))
        committee = BranchCommittee.objects.create(
            organization=organization,
            elected_on=elected,
            term_years=years,
            document_no=f"临组复〔{elected.year}〕{rng.randint(1, 120)}号",
        )
        CommitteeSeat.objects.bulk_create(
            CommitteeSeat(committee=committee, person=p, post=posts[i])
            for i, p in enumerate(chosen)
        )
        due = rules.election_due(elected, years)
        if due < today and rng.random() < 0.2:
            committee.postponed_until = min(
                rules.latest_postponement(elected, years), today + dt.timedelta(days=120)
            )
            committee.postponement_document = f"临组复〔{today.year}〕{rng.randint(121, 200)}号"
            committee.save(update_fields=["postponed_until", "postponement_document"])
        made += 1
    audit.log_action(caps.COMMITTEE_ELECTED, extra={"source": "demo", "committees": made})
    return made


def _dues(rng: random.Random, today: dt.date) -> int:
    """Bases by occupation and monthly payments from the ledger start; about one member in
    twelve stops paying some months ago, a few for six months or more. Self-employed
    members have monthly net incomes from the quarter before the ledger starts, their dues
    computed on the previous quarter's average; one farmer in twenty gives more than 1 元
    a month, the part above recorded as voluntary extra. (These two draw on their own
    random streams, so the rest of the demo stays as it was.)"""
    from decimal import Decimal

    from zugong.party.models import DuesBase, DuesPayment, MemberIncome
    from zugong.party.services.dues import ledger_start

    start = ledger_start()
    # The demo is built on a fixed day; payments run to the month before the real today so
    # the arrears page shows the realistic picture on any day the demo is opened.
    last = rules.add_months(rules.month_start(dt.date.today()), -1)
    bases, payments, incomes = [], [], []
    for member in Member.objects.filter(
        status__in=[MemberStatus.NORMAL, MemberStatus.FLOATING]
    ).order_by("id"):
        own = random.Random(f"dues-{member.pk}")
        base, farmer = None, None
        if member.occupation == Occupation.FARMER:
            farmer = Decimal(rng.choice(["0.20", "0.50", "1.00"]))
            if own.random() < 0.05:
                farmer = Decimal(own.choice(["2.00", "5.00", "10.00"]))
        elif member.occupation == Occupation.RETIRED:
            base = Decimal(rng.randrange(2200, 7800, 100))
        elif member.occupation not in (Occupation.STUDENT, Occupation.LOW_INCOME):
            base = Decimal(rng.randrange(2600, 12600, 100))
        earned = []
        if member.occupation == Occupation.SELF_EMPLOYED:
            month = rules.previous_quarter(start)[2]
            while month <= last:
                amount = base + Decimal(own.randrange(-600, 700, 100))
                earned.append((month, 1, amount))
                incomes.append(MemberIncome(member=member, month=month, amount=amount))
                month = rules.add_months(month, 1)
        elif base is not None or farmer is not None:
            bases.append(
                DuesBase(member=member, effective_from=start, base=base, farmer_amount=farmer)
            )
        first = max(start, rules.month_start(member.joined_on))
        stop = last
        roll = rng.random()
        if roll < 0.02:
            stop = rules.add_months(last, -rng.randint(6, 9))
        elif roll < 0.08:
            stop = rules.add_months(last, -rng.randint(1, 3))
        month = first
        while month <= stop:
            if earned:
                base = rules.self_employed_base(month, earned)
            due = rules.monthly_dues(member.occupation, base, farmer_amount=farmer)
            extra = rules.farmer_dues(farmer).extra if farmer is not None else Decimal(0)
            payments.append(
                DuesPayment(
                    member=member,
                    kind=DuesPayment.Kind.REGULAR,
                    month=month,
                    due=due,
                    amount=due + extra,
                    extra=extra,
                    paid_on=month + dt.timedelta(days=rng.randint(3, 25)),
                )
            )
            month = rules.add_months(month, 1)
    DuesBase.objects.bulk_create(bases, batch_size=2000)
    MemberIncome.objects.bulk_create(incomes, batch_size=2000)
    DuesPayment.objects.bulk_create(payments, batch_size=2000)
    paid_through_refresh(None)
    audit.log_action(caps.DUES_PAID, extra={"source": "demo", "payments": len(payments)})
    return len(payments)


def _meetings(rng: random.Random) -> int:
    """This year's organizational life up to last month, with realistic gaps."""
    from zugong.core.models import OrgKind
    from zugong.party.models import Attendance, CommitteeSeat, Meeting, MeetingKind

    today = dt.date.today()
    start = dt.date(today.year, 1, 1)
    members: dict[int, list[int]] = {}
    for person_id, organization_id in Member.objects.filter(status=MemberStatus.NORMAL).values_list(
        "person_id", "person__organization_id"
    ):
        members.setdefault(organization_id, []).append(person_id)
    seats: dict[int, list[int]] = {}
    for person_id, organization_id in CommitteeSeat.objects.filter(
        committee__ended_on__isnull=True
    ).values_list("person_id", "committee__organization_id"):
        seats.setdefault(organization_id, []).append(person_id)
    plan = []  # (organization, kind, day, attendees)
    months = [rules.add_months(start, i) for i in range(rules.months_between(start, today))]
    organizations = Organization.objects.filter(
        kind__in=[OrgKind.BRANCH, OrgKind.GROUP], status=OrgStatus.ACTIVE
    )
    for organization in organizations.order_by("path"):
        diligence = rng.choice([0.98, 0.95, 0.9, 0.8, 0.6])  # some branches keep up, some do not
        people = members.get(organization.pk) or members.get(organization.parent_id, [])
        for month in months:
            day = month + dt.timedelta(days=rng.randint(2, 24))
            if organization.kind == OrgKind.GROUP:
                if rng.random() < diligence:
                    plan.append((organization, MeetingKind.GROUP, day, people[:8]))
                continue
            if rng.random() < diligence:
                plan.append((organization, MeetingKind.THEME_DAY, day, people))
            if len(seats.get(organization.pk, [])) >= 3 and rng.random() < diligence:
                plan.append(
                    (organization, MeetingKind.BRANCH_COMMITTEE, day, seats[organization.pk])
                )
            if month.month % 3 == 2:
                if rng.random() < diligence:
                    plan.append((organization, MeetingKind.BRANCH_GENERAL, day, people))
                if rng.random() < diligence - 0.1:
                    plan.append((organization, MeetingKind.LECTURE, day, people))
            if month.month == 1 and rng.random() < diligence:
                plan.append((organization, MeetingKind.ORG_LIFE, day, people))
                plan.append((organization, MeetingKind.MEMBER_REVIEW, day, people))
    topics = {
        MeetingKind.THEME_DAY: "主题党日：学习贯彻习近平新时代中国特色社会主义思想",
        MeetingKind.BRANCH_COMMITTEE: "支委会：研究本月党建工作",
        MeetingKind.BRANCH_GENERAL: "支部党员大会：通报季度工作",
        MeetingKind.LECTURE: "党课：学习党的二十大精神",
        MeetingKind.ORG_LIFE: "年度组织生活会",
        MeetingKind.MEMBER_REVIEW: "年度民主评议党员",
        MeetingKind.GROUP: "党小组会：学习交流",
    }
    meetings = Meeting.objects.bulk_create(
        [Meeting(organization=o, kind=k, held_on=d, topic=topics[k]) for o, k, d, _people in plan],
        batch_size=2000,
    )
    reasons = ["外出务工", "病假", "出差", "照顾家人"]
    attendance = []
    for meeting, (_o, _k, _d, people) in zip(meetings, plan, strict=True):
        for person_id in people:
            absent = rng.random() < 0.08
            attendance.append(
                Attendance(
                    meeting=meeting,
                    person_id=person_id,
                    present=not absent,
                    absence_reason=rng.choice(reasons) if absent else "",
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    audit.log_action(caps.MEETING_RECORDED, extra={"source": "demo", "meetings": len(meetings)})
    return len(meetings)


def _transfers(rng: random.Random) -> int:
    """Transfers in flight (a few overdue), some received, some out of the district; floating
    members get a record of where they are."""
    from zugong.core.models import OrgKind
    from zugong.party.models import FloatingRecord
    from zugong.party.services import transfers as services

    today = dt.date.today()
    branches = list(
        Organization.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE).order_by("path")
    )
    movers = list(
        Member.objects.filter(status=MemberStatus.NORMAL)
        .select_related("person__organization")
        .order_by("id")
    )
    rng.shuffle(movers)
    made = 0
    for index, member in enumerate(movers[:18]):
        issued = today - dt.timedelta(days=rng.randint(5, 150))
        letter = f"临组转〔{issued.year}〕{index + 1}号"
        if index % 6 == 5:
            transfer = services.transfer_start(
                actor=None,
                member=member,
                letter_no=letter,
                issued_on=issued,
                outside_organization=rng.choice(
                    ["中共南宁市青秀区新竹社区支部委员会", "中共柳州市城中区潭中社区支部委员会"]
                ),
            )
        else:
            target = rng.choice([b for b in branches if b.pk != member.person.organization_id])
            transfer = services.transfer_start(
                actor=None,
                member=member,
                letter_no=letter,
                issued_on=issued,
                to_organization=target,
            )
        if index % 3 == 0:
            services.transfer_receive(
                actor=None, transfer=transfer, received_on=min(issued + dt.timedelta(days=7), today)
            )
        made += 1
    places = ["广东省深圳市", "广东省广州市", "浙江省杭州市", "广西南宁市", "福建省厦门市"]
    for member in Member.objects.filter(status=MemberStatus.FLOATING).select_related(
        "person__organization"
    ):
        contact = (
            Member.objects.filter(
                person__organization=member.person.organization,
                kind=MemberKind.FULL,
                status=MemberStatus.NORMAL,
            )
            .exclude(pk=member.pk)
            .first()
        )
        since = today - dt.timedelta(days=rng.randint(60, 700))
        FloatingRecord.objects.create(
            member=member,
            destination=rng.choice(places),
            since=since,
            contact=contact.person if contact else None,
            last_contact_on=max(since, today - dt.timedelta(days=rng.randint(5, 200))),
            # Half work at one place (six months on, their membership must move there),
            # some move from site to site, some nobody has verified yet.
            fixed_place=rng.choices([True, False, None], weights=[5, 2, 3])[0],
        )
    return made


def _records(rng: random.Random) -> str:
    """Study hours, last year's honours, visits around 1 July and a few major-matter reports."""
    from zugong.core.models import OrgKind
    from zugong.party.models import Honour
    from zugong.party.services import records as services

    today = dt.date.today()
    members = list(
        Member.objects.filter(status=MemberStatus.NORMAL, kind=MemberKind.FULL)
        .select_related("person__organization")
        .order_by("id")
    )
    rng.shuffle(members)
    courses = [
        ("course", "基层党组织书记培训班", "区委组织部", 24),
        ("theme_education", "学习贯彻习近平新时代中国特色社会主义思想主题教育", "区委", 16),
        ("lecture", "党的二十大精神专题辅导", "区委党校", 4),
        ("online", "网上党校专题学习", "广西干部网络学院", 10),
    ]
    for member in members[:400]:
        kind, title, organizer, hours = rng.choice(courses)
        start = today - dt.timedelta(days=rng.randint(10, 300))
        services.study_record(
            actor=None,
            person=member.person,
            kind=kind,
            title=title,
            organizer=organizer,
            started_on=start,
            ended_on=start + dt.timedelta(days=2),
            hours=hours,
        )
    year = today.year - 1
    awarded = dt.date(year, 6, 28)
    for member in members[400:430]:
        services.honour_award(
            actor=None,
            kind=Honour.Kind.OUTSTANDING_MEMBER,
            year=year,
            person=member.person,
            awarded_by="中共桂林市临桂区委员会",
            awarded_on=awarded,
            document_no=f"临发〔{year}〕15号",
        )
    for member in members[430:440]:
        services.honour_award(
            actor=None,
            kind=Honour.Kind.OUTSTANDING_WORKER,
            year=year,
            person=member.person,
            awarded_by="中共桂林市临桂区委员会",
            awarded_on=awarded,
            document_no=f"临发〔{year}〕15号",
        )
    branches = list(
        Organization.objects.filter(kind=OrgKind.BRANCH, status=OrgStatus.ACTIVE).order_by("path")
    )
    for branch in rng.sample(branches, 8):
        services.honour_award(
            actor=None,
            kind=Honour.Kind.ADVANCED_ORGANIZATION,
            year=year,
            organization=branch,
            awarded_by="中共桂林市临桂区委员会",
            awarded_on=awarded,
            document_no=f"临发〔{year}〕15号",
        )
    veterans = Member.objects.filter(
        status=MemberStatus.NORMAL, kind=MemberKind.FULL, full_on__lte=rules.add_years(today, -40)
    ).select_related("person")[:60]
    july = (
        dt.date(today.year, 6, 28) if today >= dt.date(today.year, 7, 1) else dt.date(year, 6, 28)
    )
    for member in veterans:
        services.visit_record(
            actor=None,
            person=member.person,
            visitors="区委组织部 周建华、乡镇党委 黄志强",
            visited_on=july,
            reason="veteran",
            amount=rng.choice(["300", "500", "800"]),
            goods="慰问品一份",
        )
    matters = 0
    for branch in rng.sample(branches, 12):
        report = services.major_matter_submit(
            actor=None,
            organization=branch,
            kind=rng.choice(["request", "report"]),
            title=rng.choice(
                [
                    "关于调整支部委员的请示",
                    "关于开展主题党日活动的报告",
                    "关于党员违纪违法情况的报告",
                    "关于村集体经济项目的请示",
                ]
            ),
            content="详见附件。",
            submitted_on=today - dt.timedelta(days=rng.randint(3, 60)),
        )
        if rng.random() < 0.5:
            decision = "approved" if report.kind == "request" else "acknowledged"
            services.major_matter_review(
                actor=None,
                report=report,
                decision=decision,
                comments="同意。",
                reviewed_on=min(report.submitted_on + dt.timedelta(days=7), today),
            )
        matters += 1
    return f"学习培训记录400条，表彰{30 + 10 + 8}项，走访慰问{len(veterans)}次，重大事项请示报告{matters}件"
