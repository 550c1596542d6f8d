"""The demo cadres' records: the cadre rows, then for each its education, résumé,
posts and rank, family, rewards and the quarters' regular assessments, each kind
saved in one bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zugong.cadres import rules
from zugong.cadres.models import (
    Cadre,
    Education,
    FamilyMember,
    Position,
    PostLevel,
    Rank,
    RankRecord,
    RegularAssessment,
    ResumeEntry,
    RewardPunishment,
    StaffGradeRecord,
)
from zugong.core import crypto
from zugong.core.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES

if TYPE_CHECKING:
    from zugong.cadres.demo import Build

DOC = "中共桂林市临桂区委"
SCHOOLS = [
    ("广西师范大学", "中文系汉语言文学专业", "文学学士"),
    ("广西大学", "农学院农学专业", "农学学士"),
    ("桂林理工大学", "土木工程学院土木工程专业", "工学学士"),
    ("广西民族大学", "政治与公共管理学院行政管理专业", "管理学学士"),
    ("桂林电子科技大学", "计算机学院计算机科学与技术专业", "工学学士"),
    ("广西财经学院", "会计学院会计学专业", "管理学学士"),
    ("桂林医学院", "公共卫生学院预防医学专业", "医学学士"),
]


@dataclass
class Rows:
    """What the records phase collects before saving each kind in one bulk."""

    positions: list = field(default_factory=list)
    ranks: list = field(default_factory=list)
    educations: list = field(default_factory=list)
    resumes: list = field(default_factory=list)
    families: list = field(default_factory=list)
    staff: list = field(default_factory=list)
    rewards: list = field(default_factory=list)
    regular: list = field(default_factory=list)


def make_cadres(b: Build, by_number: dict, photos: dict) -> None:
    rng, today, maker = b.rng, b.today, b.maker
    cadres: list[Cadre] = []
    for plan in maker.plans:
        person = by_number[crypto.keyed_hash(plan["person"]["id_number"])]
        plan["person_obj"] = person
        birth = person.birth_date
        start_age = rng.choice([21, 22, 22, 22, 23, 24])
        work = rules.add_years(birth, start_age).replace(day=1, month=rng.choice([7, 7, 8, 9]))
        party = person.political_status == "01"
        joined = None
        if party:
            joined = rules.add_years(birth, rng.randint(19, min(start_age + 6, 35)))
            joined = min(joined, today - dt.timedelta(days=400))
        cadre = Cadre(
            person=person,
            unit=plan["unit"],
            unit_name=plan["unit_name"],
            unit_kind=plan["kind"],
            unit_level=plan["unit_level"],
            work_started_on=min(work, today - dt.timedelta(days=200)),
            party_joined_on=joined,
            other_party={"06": "民建", "12": "无党派"}.get(person.political_status, ""),
            birth_place=person.native_place,
            health="健康",
            professional_title=rng.choice(["", "", "", "经济师", "助理经济师", "农艺师", "工程师"]),
            expertise=rng.choice(
                ["基层党建", "乡村振兴", "财政经济", "社会治理", "农业技术", "综合文字"]
            ),
            current_post_text=plan["title"],
            last_training_on=today - dt.timedelta(days=rng.randint(60, 2200))
            if plan["level"]
            else None,
            photo=photos[plan["woman"]],
            photo_type="jpeg",
        )
        if work > today - dt.timedelta(days=540) and not plan["level"]:
            cadre.probation_started_on = work
        cadres.append(cadre)
    Cadre.objects.bulk_create(cadres)
    b.cadres = cadres


def make_records(b: Build) -> None:
    rows = Rows()
    for plan, cadre in zip(b.maker.plans, b.cadres, strict=True):
        since = _study_and_resume(b, rows, plan, cadre)
        rank = _posts_and_rank(b, rows, plan, cadre, since)
        _rank_record(b, rows, plan, cadre, rank)
        _family(b, rows, cadre)
        _reward_and_quarters(b, rows, cadre)
    Position.objects.bulk_create(rows.positions)
    RankRecord.objects.bulk_create(rows.ranks)
    StaffGradeRecord.objects.bulk_create(rows.staff)
    Education.objects.bulk_create(rows.educations)
    ResumeEntry.objects.bulk_create(rows.resumes)
    FamilyMember.objects.bulk_create(rows.families)
    RewardPunishment.objects.bulk_create(rows.rewards)
    RegularAssessment.objects.bulk_create(rows.regular)
    b.positions = rows.positions


def _study_and_resume(b: Build, rows: Rows, plan: dict, cadre: Cadre) -> dt.date:
    """The full-time education and the résumé; the day the current post began."""
    rng, today = b.rng, b.today
    work = cadre.work_started_on
    school, department, degree = rng.choice(SCHOOLS)
    code = cadre.person.education
    rows.educations.append(
        Education(
            cadre=cadre,
            kind=Education.Kind.FULL_TIME,
            education={"21": "大学", "14": "研究生", "31": "大专"}[code],
            degree=degree if code in ("21", "14") else "",
            education_school=f"{school}{department}",
            degree_school=school if code in ("21", "14") else "",
            education_code=code,
            graduated_on=min(work, work.replace(month=7)),
        )
    )
    # Résumé: study, then posts, continuous, the last one open.
    study_start = dt.date(work.year - (3 if code == "31" else 4), 9, 1)
    periods = [(study_start, work, f"{school}{department}学习")]
    current_start = today - dt.timedelta(days=rng.randint(200, 2000))
    current_start = max(current_start, work + dt.timedelta(days=400))
    current_start = current_start.replace(day=1)
    middle = work
    steps = rng.randint(1, 3)
    span = (current_start - work).days
    for step in range(steps):
        end = (work + dt.timedelta(days=span * (step + 1) // (steps + 1))).replace(day=1)
        if end <= middle:
            continue
        place = rng.choice(
            [
                "临桂区六塘镇",
                "临桂区会仙镇",
                "临桂区两江镇",
                "临桂区宛田瑶族乡",
                plan["unit_name"],
            ]
        )
        periods.append(
            (
                middle,
                end,
                f"{place}{rng.choice(['科员', '办事员', '党建工作办公室干事', '经济发展办公室副主任'])}",
            )
        )
        middle = end
    periods.append((middle, None, plan["title"]))
    for order, (start, end, text) in enumerate(periods, start=1):
        rows.resumes.append(
            ResumeEntry(
                cadre=cadre,
                order=order,
                start=start,
                end=end,
                text=text,
                is_grassroots=order > 1 and any(w in text for w in ("镇", "乡", "村")),
            )
        )
    return current_start


def _posts_and_rank(b: Build, rows: Rows, plan: dict, cadre: Cadre, since: dt.date) -> str:
    """A leader's post (a principal's earlier deputy post too) and the rank that goes
    with it; a staff member's rank by years of work."""
    rng, today = b.rng, b.today
    work = cadre.work_started_on
    if plan["level"]:
        serial_doc = f"临组干〔{since.year}〕{rng.randint(1, 80)}号"
        promoted = since > today - dt.timedelta(days=365)
        if plan["level"].endswith("principal"):
            lower = PostLevel.TOWNSHIP_DEPUTY
            begun = since - dt.timedelta(days=rng.randint(800, 2400))
            rows.positions.append(
                Position(
                    cadre=cadre,
                    unit_name=plan["unit_name"],
                    title="副职",
                    level=lower,
                    started_on=max(begun, work + dt.timedelta(days=300)),
                    ended_on=since,
                    appointment_doc=f"临组干〔{begun.year}〕{rng.randint(1, 80)}号",
                    appointment_approved_by=DOC,
                    removal_doc=serial_doc,
                    removal_approved_by=DOC,
                    is_promotion=True,
                )
            )
        rows.positions.append(
            Position(
                cadre=cadre,
                unit_name=plan["unit_name"],
                title=plan["title"].removeprefix(plan["unit_name"]),
                level=plan["level"],
                leading_group=plan["group"],
                is_party_post="党委" in plan["title"],
                started_on=since,
                probation=promoted,
                is_promotion=True,
                appointment_doc=serial_doc,
                appointment_approved_by=DOC,
            )
        )
        rank = rng.choice(
            [Rank.PRINCIPAL_CLERK_1, Rank.PRINCIPAL_CLERK_2]
            if plan["level"].endswith("principal")
            else [Rank.PRINCIPAL_CLERK_3, Rank.PRINCIPAL_CLERK_4]
        )
    else:
        years = (today - work).days // 365
        ladder = [
            Rank.CLERK_2,
            Rank.CLERK_1,
            Rank.PRINCIPAL_CLERK_4,
            Rank.PRINCIPAL_CLERK_3,
            Rank.PRINCIPAL_CLERK_2,
            Rank.PRINCIPAL_CLERK_1,
            Rank.RESEARCHER_4,
        ]
        rank = ladder[min(len(ladder) - 2, years // 4)]
        if rank == Rank.PRINCIPAL_CLERK_1 and rng.random() < 0.06:
            rank = Rank.RESEARCHER_4  # a few long-serving staff reach 四级调研员
    return rank


def _rank_record(b: Build, rows: Rows, plan: dict, cadre: Cadre, rank: str) -> None:
    rng, today = b.rng, b.today
    work = cadre.work_started_on
    rank_since = (today - dt.timedelta(days=rng.randint(120, 1600))).replace(day=1)
    rank_since = max(rank_since, work)
    if not plan.get("staff_grade"):
        rows.ranks.append(
            RankRecord(
                cadre=cadre,
                rank=rank,
                started_on=rank_since,
                pay_grade=rng.randint(19, 24),
                document=f"临组干〔{rank_since.year}〕{rng.randint(1, 90)}号",
                approved_by=DOC,
            )
        )
    else:
        rows.staff.append(
            StaffGradeRecord(
                cadre=cadre,
                grade=8,
                started_on=rank_since,
                document=f"临人社〔{rank_since.year}〕{rng.randint(1, 40)}号",
            )
        )


def _family(b: Build, rows: Rows, cadre: Cadre) -> None:
    """Spouse, a child, parents."""
    rng, today = b.rng, b.today
    birth = cadre.person.birth_date
    order = 0
    woman = cadre.person.gender == "2"
    if birth.year < today.year - 27:
        order += 1
        rows.families.append(
            FamilyMember(
                cadre=cadre,
                order=order,
                relation="丈夫" if woman else "妻子",
                name=rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if woman else GIVEN_FEMALE),
                birth_month=f"{birth.year + rng.randint(-3, 3)}{rng.randint(1, 12):02d}",
                political_status=rng.choice(["中共党员", "群众", "中共党员"]),
                unit_post=rng.choice(
                    [
                        "临桂区第一中学教师",
                        "临桂区人民医院护士",
                        "临桂区财政局科员",
                        "个体经营户",
                        "临桂区供销社职工",
                    ]
                ),
            )
        )
    if birth.year < today.year - 30:
        order += 1
        child_year = min(today.year - 1, birth.year + rng.randint(25, 32))
        rows.families.append(
            FamilyMember(
                cadre=cadre,
                order=order,
                relation=rng.choice(["儿子", "女儿"]),
                name=cadre.person.name[0] + rng.choice(GIVEN_MALE + GIVEN_FEMALE),
                birth_month=f"{child_year}{rng.randint(1, 12):02d}",
                political_status="群众" if today.year - child_year < 14 else "共青团员",
                unit_post="临桂区某学校学生"
                if today.year - child_year < 23
                else "桂林市某公司职员",
            )
        )
    for relation, years in (("父亲", rng.randint(24, 32)), ("母亲", rng.randint(22, 30))):
        order += 1
        parent_year = birth.year - years
        rows.families.append(
            FamilyMember(
                cadre=cadre,
                order=order,
                relation=relation,
                name=(cadre.person.name[0] if relation == "父亲" else rng.choice(SURNAMES))
                + rng.choice(GIVEN_MALE if relation == "父亲" else GIVEN_FEMALE),
                birth_month=f"{parent_year}{rng.randint(1, 12):02d}",
                political_status=rng.choice(["中共党员", "群众", "群众"]),
                unit_post="临桂区"
                + rng.choice(["临桂镇", "六塘镇", "会仙镇"])
                + ("农民" if rng.random() < 0.6 else "退休职工（已退休）")
                if parent_year > 1940
                else "（已去世）",
            )
        )


def _reward_and_quarters(b: Build, rows: Rows, cadre: Cadre) -> None:
    rng, today, maker = b.rng, b.today, b.maker
    if rng.random() < 0.12:
        rows.rewards.append(
            RewardPunishment(
                cadre=cadre,
                kind="reward",
                name=rng.choice(["嘉奖", "记三等功", "全区优秀共产党员"]),
                on=dt.date(today.year - rng.randint(1, 5), 12, 20),
                issuer="中共临桂区委、临桂区人民政府",
            )
        )
    for quarter in range(1, (maker.today.month - 1) // 3 + 1):
        rows.regular.append(
            RegularAssessment(
                cadre=cadre,
                year=maker.today.year,
                quarter=quarter,
                grade=rng.choices(["good", "fairly_good", "average"], [35, 55, 10])[0],
            )
        )
