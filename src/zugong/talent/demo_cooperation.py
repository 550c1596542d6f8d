"""The demo district's university–enterprise cooperation (talent.demo calls ``build``):
the universities in and around the district and its enterprises as alliance members,
agreements with and without outcomes (some signed more than 12 months ago with none,
flagged), programmes of every kind with cohorts and trainees, challenges at every step,
practice bases with their terms and a few hundred graduates retained over three years.
Everything goes through the services (actor None inside the demo's system scope)."""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta

from zugong.core.models import Organization, OrgKind
from zugong.grassroots.rules.twonew import credit_code_check_char
from zugong.talent.models import Talent
from zugong.talent.services import cooperation as services
from zugong.talent.services import cooperation_challenges as steps

UNIVERSITIES = ("桂林电子科技大学", "桂林理工大学", "广西师范大学", "桂林医学院", "桂林旅游学院")
INSTITUTES = ("广西植物研究所", "桂林市农业科学研究中心")
# (name, short name for the agreements' titles)
ENTERPRISE_NAMES = (
    ("桂林漓江智造有限公司", "漓江智造"),
    ("桂林罗汉果生物科技有限公司", "罗汉果生物"),
    ("临桂区山水文旅发展有限公司", "山水文旅"),
    ("桂林福达新材料有限公司", "福达新材"),
    ("广西临桂电商产业园有限公司", "电商产业园"),
    ("桂林金水农业发展有限公司", "金水农业"),
    ("桂林恒泰电子有限公司", "恒泰电子"),
    ("桂林两江数字科技有限公司", "两江数科"),
)
ENTERPRISES = tuple(name for name, _short in ENTERPRISE_NAMES)
SHORT = {
    **dict(ENTERPRISE_NAMES),
    "桂林电子科技大学": "桂电",
    "桂林理工大学": "桂工",
    "广西师范大学": "广西师大",
    "桂林医学院": "桂医",
    "桂林旅游学院": "桂旅",
}
MAJORS = ("电子信息工程", "计算机科学与技术", "土木工程", "旅游管理", "临床医学", "电子商务",
          "材料科学与工程", "农学", "市场营销", "会计学")  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗梁宋郑谢韦覃蒙莫唐廖"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂华琳思琪晓峰宇欣怡浩然"
PROGRAMMES = (
    ("think_tank", "驻区高校“专家智库行”", 30),
    ("help_geese", "“百名高知助雁”人才培育工程", 100),
    ("keep_geese", "“万名人才留雁”人才培育工程", 500),
    ("class", "民营企业总裁研修班", 50),
    ("livestream", "乡村电商直播班", 60),
    ("other", "校地人才供需对接会", 0),
)


def _code(i: int) -> str:
    body = f"91450312MA5K{i:05d}"
    return body + credit_code_check_char(body)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _members(office, today):
    universities = [
        services.member_save(
            actor=None,
            office=office,
            name=name,
            kind="university",
            in_district=name in UNIVERSITIES[:3],
            joined_on=today - timedelta(days=900),
        )
        for name in UNIVERSITIES
    ]
    institutes = [
        services.member_save(actor=None, office=office, name=name, kind="institute")
        for name in INSTITUTES
    ]
    enterprises = [
        services.member_save(
            actor=None,
            office=office,
            name=name,
            kind="enterprise",
            credit_code=_code(i + 1),
            contact_person="覃经理",
            joined_on=today - timedelta(days=700 - 40 * i),
        )
        for i, name in enumerate(ENTERPRISES)
    ]
    return universities, institutes, enterprises


def _agreements(office, today, universities, enterprises):
    """Eight agreements: five to carry outcomes, two older than a year with none, one
    recent with none yet."""
    agreements = []
    for i, enterprise in enumerate(enterprises):
        university = universities[i % len(universities)]
        signed = today - timedelta(days=(1000, 820, 700, 560, 430, 420, 390, 60)[i])
        agreements.append(
            services.agreement_save(
                actor=None,
                office=office,
                title=f"{SHORT[university.name]}—{SHORT[enterprise.name]}校企合作协议",
                members=[university, enterprise],
                signed_on=signed,
                ends_on=signed + timedelta(days=365 * 3),
                content="共建大学生实践基地、联合攻关、定向培养",
                today=today,
            )
        )
    return agreements


def _programmes(rng, office, today, agreements, universities, talents):
    trainees = 0
    for year in (today.year - 1, today.year):
        for index, (kind, name, target) in enumerate(PROGRAMMES):
            programme = services.programme_save(
                actor=None,
                office=office,
                name=f"{year}年{name}",
                kind=kind,
                year=year,
                agreement=agreements[index % 4] if kind in ("class", "livestream") else None,
                partner=universities[index % len(universities)],
                target=target,
                today=today,
            )
            for number in range(1, rng.randint(1, 3) + 1):
                start = dt.date(year, min(3 * number + 1, 11), 10)
                if start > today:
                    continue
                cohort = services.cohort_save(
                    actor=None,
                    programme=programme,
                    name=f"第{number}期",
                    starts_on=start,
                    ends_on=start + timedelta(days=rng.randint(3, 20)),
                )
                for _ in range(rng.randint(4, 12)):
                    talent = rng.choice(talents) if talents and rng.random() < 0.3 else None
                    services.trainee_save(
                        actor=None,
                        cohort=cohort,
                        name="" if talent else _name(rng),
                        talent=talent,
                        employer=rng.choice(ENTERPRISES),
                        completed=cohort.ends_on < today,
                    )
                    trainees += 1
    return trainees


def _challenge(office, today, agreement, title, publisher, ago, window):
    published = today - timedelta(days=ago)
    return steps.challenge_publish(
        actor=None,
        office=office,
        title=title,
        publisher=publisher,
        need=f"{title}：提出可落地的技术方案并完成中试",
        budget=str(50 + ago % 100),
        published_on=published,
        deadline=published + timedelta(days=window),
        agreement=agreement,
        today=today,
    )


def _bid(challenge, bidder, day):
    return steps.bid_submit(
        actor=None,
        challenge=challenge,
        bidder=bidder,
        submitted_on=day,
        proposal=f"{bidder.name}技术方案",
        amount=str(challenge.budget - 5),
    )


def _challenges(office, today, agreements, universities, institutes):
    """One challenge at every step: open, bids received, past the deadline, awarded
    with an overdue milestone, accepted, failed and closed without award."""
    a = agreements
    open_ = _challenge(office, today, None, "智能制造产线视觉检测", ENTERPRISES[0], 10, 60)
    bidding = _challenge(office, today, a[1], "罗汉果甜苷高效提取", ENTERPRISES[1], 20, 45)
    _bid(bidding, universities[1], today - timedelta(days=5))
    _challenge(office, today, None, "景区客流预测模型", ENTERPRISES[2], 90, 30)  # past deadline
    awarded = _challenge(office, today, a[0], "新型复合材料耐候性攻关", ENTERPRISES[3], 200, 40)
    bid = _bid(awarded, universities[0], awarded.published_on + timedelta(days=10))
    _bid(awarded, institutes[0], awarded.published_on + timedelta(days=12))
    steps.challenge_award(
        actor=None, challenge=awarded, bid=bid, awarded_on=awarded.deadline + timedelta(days=5)
    )
    steps.milestone_add(
        actor=None, challenge=awarded, title="完成配方试验", due_on=today - timedelta(days=20)
    )
    steps.milestone_add(
        actor=None, challenge=awarded, title="中试线验证", due_on=today + timedelta(days=60)
    )
    results = []
    for title, publisher, agreement, passed in (
        ("电商直播数据中台", ENTERPRISES[4], a[2], True),
        ("柑橘病虫害智能识别", ENTERPRISES[5], a[3], True),
        ("高频电路板散热改进", ENTERPRISES[6], a[0], False),
    ):
        challenge = _challenge(office, today, agreement, title, publisher, 400, 40)
        bid = _bid(challenge, universities[0], challenge.published_on + timedelta(days=7))
        awarded_on = challenge.deadline + timedelta(days=3)
        steps.challenge_award(actor=None, challenge=challenge, bid=bid, awarded_on=awarded_on)
        milestone = steps.milestone_add(
            actor=None, challenge=challenge, title="样机交付", due_on=awarded_on + timedelta(90)
        )
        steps.milestone_done(
            actor=None, milestone=milestone, done_on=awarded_on + timedelta(85), today=today
        )
        steps.challenge_accept(
            actor=None,
            challenge=challenge,
            passed=passed,
            accepted_on=awarded_on + timedelta(days=150),
            acceptance="达到榜单约定指标" if passed else "关键指标未达到约定要求",
            today=today,
        )
        results.append(challenge)
    closed = _challenge(office, today, None, "山地农机轻量化设计", ENTERPRISES[7], 300, 30)
    steps.challenge_close(actor=None, challenge=closed, today=today)
    return 4 + len(results) + 1, open_


def _bases(rng, office, today, agreements, universities, enterprises):
    students = 0
    for i, agreement in enumerate(agreements[:4]):
        university = universities[i % len(universities)]
        places = rng.choice((20, 30, 40))
        host = enterprises[i].name
        base = services.base_save(
            actor=None,
            office=office,
            name=f"{host.removesuffix('有限公司')}大学生实践基地",
            host=host,
            university=university,
            agreement=agreement,
            places=places,
            established_on=agreement.signed_on + timedelta(days=30),
            today=today,
        )
        for year in range(agreement.signed_on.year, today.year + 1):
            for season, month in (("春", 3), ("秋", 9)):
                start = dt.date(year, month, 1)
                if start < base.established_on or start > today:
                    continue
                count = rng.randint(places // 2, places)
                services.term_save(
                    actor=None, base=base, term=f"{year}{season}", starts_on=start, students=count
                )
                students += count
    return students


def _graduates(rng, office, today, agreements, universities):
    count = 0
    for year in (today.year - 2, today.year - 1, today.year):
        for university in universities:
            for _ in range(rng.randint(15, 30)):
                start = dt.date(year, 7, 1) + timedelta(days=rng.randint(0, 120))
                if start > today:
                    start = today
                startup = rng.random() < 0.15
                services.graduate_save(
                    actor=None,
                    office=office,
                    university=university,
                    name=_name(rng),
                    year=year,
                    major=rng.choice(MAJORS),
                    kind="startup" if startup else "employed",
                    employer=(f"临桂区{_name(rng)}工作室" if startup else rng.choice(ENTERPRISES)),
                    agreement=rng.choice(agreements[:5]) if rng.random() < 0.3 else None,
                    started_on=start,
                    today=today,
                    batch="demo",
                )
                count += 1
    return count


def build(rng: random.Random, today: dt.date) -> str:
    office = Organization.objects.filter(kind=OrgKind.DISTRICT).order_by("path").first()
    if office is None:
        return ""
    talents = list(Talent.objects.order_by("pk")[:200])
    universities, institutes, enterprises = _members(office, today)
    agreements = _agreements(office, today, universities, enterprises)
    trainees = _programmes(rng, office, today, agreements, universities, talents)
    challenges, _open = _challenges(office, today, agreements, universities, institutes)
    students = _bases(rng, office, today, agreements, universities, enterprises)
    graduates = _graduates(rng, office, today, agreements, universities)
    members = len(universities) + len(institutes) + len(enterprises)
    return (
        f"产学研合作：联盟成员{members}家，校企合作协议{len(agreements)}份（满12个月无成效2份），"
        f"合作项目{2 * len(PROGRAMMES)}个（学员{trainees}人），揭榜挂帅榜单{challenges}个，"
        f"实践基地4个（实践学生{students}人次），留区毕业生{graduates}人"
    )
