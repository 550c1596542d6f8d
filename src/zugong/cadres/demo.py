"""The demo district's cadres: about 400 in the township and district-organ teams and
offices, with posts and ranks and their history, education, résumé, family, five
years of annual results within the quota, a few supervision records (some with an
active bar), young-cadre pool, secondments, rectification tasks and dossier loans.
Some teams lack a woman, a young cadre or the age gradient, as real teams do.

Histories are drawn against the builder's fixed day; what must be current to be seen
(bars, inquiries awaiting a reply, secondments ending, loans overdue, deadlines) is
placed relative to the real today.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from zugong.cadres import capabilities as caps
from zugong.cadres import rules
from zugong.cadres.demo_notices import make_notices
from zugong.cadres.models import (
    AnnualAssessment,
    AnnualGrade,
    AppointmentForm,
    Cadre,
    Clearance,
    DossierCategory,
    DossierLoan,
    DossierMaterial,
    Education,
    FamilyMember,
    LeadingGroup,
    Measure,
    Position,
    PostLevel,
    Rank,
    RankRecord,
    Rectification,
    RegularAssessment,
    ResumeEntry,
    RewardPunishment,
    Secondment,
    StaffGradeRecord,
    SupervisionKind,
    SupervisionRecord,
    UnitEstablishment,
    UnitKind,
    UnitLevel,
    YoungCadreEntry,
)
from zugong.cadres.services.supervision import reply_due
from zugong.core import audit, crypto, idnumber
from zugong.core.demo import GIVEN_FEMALE, GIVEN_MALE, NATIVE, SURNAMES
from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.core.services import persons as person_services

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
TOWNSHIP_TEAM = [
    ("党委书记", PostLevel.TOWNSHIP_PRINCIPAL, True, (40, 54)),
    ("党委副书记、镇长", PostLevel.TOWNSHIP_PRINCIPAL, True, (36, 50)),
    ("人大主席", PostLevel.TOWNSHIP_PRINCIPAL, True, (45, 57)),
    ("党委副书记", PostLevel.TOWNSHIP_DEPUTY, True, (32, 48)),
    ("党委委员、纪委书记", PostLevel.TOWNSHIP_DEPUTY, True, (33, 52)),
    ("党委委员、组织委员", PostLevel.TOWNSHIP_DEPUTY, True, (29, 45)),
    ("党委委员、宣传委员", PostLevel.TOWNSHIP_DEPUTY, True, (29, 48)),
    ("党委委员、副镇长", PostLevel.TOWNSHIP_DEPUTY, False, (30, 50)),
    ("副镇长", PostLevel.TOWNSHIP_DEPUTY, False, (29, 52)),
]
OFFICE_POSTS = [
    "党政综合办公室",
    "党建工作办公室",
    "经济发展办公室",
    "社会事务办公室",
    "综合行政执法队",
]


class Maker:
    def __init__(self, rng: random.Random, fixed: dt.date):
        self.rng = rng
        self.fixed = fixed
        self.today = dt.date.today()
        self.taken = set(Person.objects.values_list("id_number_hash", flat=True))
        self.rows: list[tuple[Organization, dict]] = []
        self.plans: list[dict] = []

    def birth(self, low: int, high: int) -> dt.date:
        age = self.rng.randint(low, high)
        return self.fixed - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def person(self, organization, *, woman: bool, low: int, high: int, party: bool = True):
        rng = self.rng
        if woman:  # women cadres retire at 55 (before the delay): none in the demo is past it
            high = min(high, 53)
            low = min(low, high)
        birth = self.birth(low, high)
        while True:
            number = idnumber.make("450312", birth, rng.randint(0, 499) * 2 + (0 if woman else 1))
            if crypto.keyed_hash(number) not in self.taken:
                self.taken.add(crypto.keyed_hash(number))
                break
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_FEMALE if woman else GIVEN_MALE)
        ethnicity = rng.choices(["01", "08", "13", "12"], [74, 18, 6, 2])[0]
        education = rng.choices(["21", "14", "31"], [64, 18, 18])[0]
        data = {
            "name": name,
            "id_number": number,
            "ethnicity": ethnicity,
            "education": education,
            "political_status": "01" if party else rng.choice(["13", "06", "12"]),
            "native_place": rng.choice(NATIVE),
            "work_unit": organization.host_unit or organization.name,
            "phone": f"139{rng.randint(10000000, 99999999)}",
        }
        self.rows.append((organization, data))
        return data


def _photo(woman: bool) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 150), (58, 108, 190))
    draw = ImageDraw.Draw(image)
    draw.ellipse((36, 22, 84, 80), fill=(238, 205, 176))
    if woman:
        draw.pieslice((30, 14, 90, 84), 180, 360, fill=(40, 30, 30))
    else:
        draw.chord((36, 18, 84, 54), 180, 360, fill=(30, 30, 30))
    draw.rectangle((22, 90, 98, 150), fill=(35, 38, 48))
    draw.polygon([(52, 90), (60, 112), (68, 90)], fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def extend(rng: random.Random, today: dt.date) -> str:
    maker = Maker(rng, today)
    townships = list(Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path"))
    organs = list(
        Organization.objects.filter(
            kind=OrgKind.BRANCH, category=OrgCategory.ORGAN, code__startswith="450312JG"
        ).order_by("path")
    )
    institutions = {
        o.parent_id: o
        for o in Organization.objects.filter(
            kind=OrgKind.BRANCH, category=OrgCategory.PUBLIC_INSTITUTION
        ).order_by("path")
    }
    groups: list[LeadingGroup] = []
    # ------------------------------------------------------------ who sits where
    for index, town in enumerate(townships):
        short = (
            town.name.removeprefix("中共临桂区")
            .removesuffix("街道工作委员会")
            .removesuffix("委员会")
        )
        group = LeadingGroup.objects.create(
            organization=town,
            name=f"{short}党政领导班子",
            level=LeadingGroup.Level.TOWNSHIP,
            establishment=len(TOWNSHIP_TEAM),
            is_government=False,
        )
        groups.append(group)
        # A few teams lack a woman or a young cadre, as the analysis should show.
        lacks_woman = index % 4 == 1
        lacks_young = index % 3 == 2
        women = (
            set() if lacks_woman else set(rng.sample(range(len(TOWNSHIP_TEAM)), rng.randint(1, 3)))
        )
        street = "街道" in short
        for seat, (title, level, party, (low, high)) in enumerate(TOWNSHIP_TEAM):
            woman = seat in women
            if street:
                title = title.replace("镇长", "主任").replace("人大主席", "人大工委主任")
            if lacks_young:
                low = max(low, 37)
            elif title == "党委委员、组织委员":
                low, high = 29, 34  # every other team has a young cadre here
            data = maker.person(town, woman=woman, low=low, high=max(low, high), party=party)
            maker.plans.append(
                {
                    "person": data,
                    "unit": town,
                    "unit_name": f"{short}人民政府" if "街道" not in short else f"{short}办事处",
                    "title": f"{short}{title}",
                    "level": level,
                    "group": group,
                    "woman": woman,
                    "kind": UnitKind.PARTY_GOVERNMENT,
                    "unit_level": UnitLevel.TOWNSHIP,
                }
            )
        for _ in range(rng.randint(19, 22)):
            woman = rng.random() < 0.42
            data = maker.person(town, woman=woman, low=23, high=58)
            maker.plans.append(
                {
                    "person": data,
                    "unit": town,
                    "unit_name": f"{short}人民政府",
                    "title": f"{short}{rng.choice(OFFICE_POSTS)}工作人员",
                    "level": "",
                    "group": None,
                    "woman": woman,
                    "kind": UnitKind.PARTY_GOVERNMENT,
                    "unit_level": UnitLevel.TOWNSHIP,
                }
            )
        institution = institutions.get(town.pk)
        if institution is not None:
            woman = rng.random() < 0.5
            data = maker.person(institution, woman=woman, low=32, high=55)
            maker.plans.append(
                {
                    "person": data,
                    "unit": town,
                    "unit_name": institution.host_unit,
                    "title": f"{institution.host_unit}办公室主任",
                    "level": "",
                    "group": None,
                    "woman": woman,
                    "kind": UnitKind.PUBLIC_INSTITUTION,
                    "unit_level": UnitLevel.TOWNSHIP,
                    "staff_grade": True,
                }
            )
    for organ_index, organ in enumerate(organs):
        unit = organ.host_unit or organ.name
        group = LeadingGroup.objects.create(
            organization=organ,
            name=f"{unit}领导班子",
            level=LeadingGroup.Level.DEPARTMENT,
            establishment=4,
            is_government=False,  # a bureau's team; the government team is the district's
        )
        groups.append(group)
        head = "部长" if unit.endswith("部") else ("主任" if unit.endswith("室") else "局长")
        for number, (title, level, low, high) in enumerate(
            [
                (head, PostLevel.TOWNSHIP_PRINCIPAL, 40, 55),
                (f"副{head}", PostLevel.TOWNSHIP_DEPUTY, 33, 52),
                (f"副{head}", PostLevel.TOWNSHIP_DEPUTY, 30, 50),
                (f"副{head}", PostLevel.TOWNSHIP_DEPUTY, 30, 54),
            ]
        ):
            woman = rng.random() < 0.3 or (number == 1 and organ_index % 4 != 0)
            if number == 2 and organ_index % 3 != 0:
                low, high = 29, 33  # most teams have a young deputy
            party = not (number == 3 and rng.random() < 0.3)  # some bureaus have a non-party deputy
            data = maker.person(organ, woman=woman, low=low, high=high, party=party)
            maker.plans.append(
                {
                    "person": data,
                    "unit": organ,
                    "unit_name": unit,
                    "title": f"{unit}{title}",
                    "level": level,
                    "group": group,
                    "woman": woman,
                    "kind": UnitKind.PARTY_GOVERNMENT,
                    "unit_level": UnitLevel.COUNTY,
                }
            )
        for _ in range(rng.randint(5, 7)):
            woman = rng.random() < 0.45
            data = maker.person(organ, woman=woman, low=24, high=58)
            maker.plans.append(
                {
                    "person": data,
                    "unit": organ,
                    "unit_name": unit,
                    "title": f"{unit}{rng.choice(['办公室', '业务股', '综合股', '法规股'])}工作人员",
                    "level": "",
                    "group": None,
                    "woman": woman,
                    "kind": UnitKind.PARTY_GOVERNMENT,
                    "unit_level": UnitLevel.COUNTY,
                }
            )

    UnitEstablishment.objects.bulk_create(
        [
            UnitEstablishment(
                organization=town, posts=rng.randint(42, 58), document="临编〔2024〕12号"
            )
            for town in townships
        ]
        + [
            UnitEstablishment(
                organization=organ, posts=rng.randint(14, 26), document="临编〔2024〕12号"
            )
            for organ in organs
        ]
    )
    persons = person_services.person_bulk_create(actor=None, rows=maker.rows, source="demo")
    by_number = {p.id_number_hash: p for p in persons}
    photos = {True: _photo(True), False: _photo(False)}

    # ------------------------------------------------------------ the records
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
    positions, ranks, grades, educations, resumes, families, staff = [], [], [], [], [], [], []
    rewards, forms, regular = [], [], []
    serial = 0
    for plan, cadre in zip(maker.plans, cadres, strict=True):
        serial += 1
        birth = cadre.person.birth_date
        work = cadre.work_started_on
        school, department, degree = rng.choice(SCHOOLS)
        code = cadre.person.education
        educations.append(
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
            resumes.append(
                ResumeEntry(
                    cadre=cadre,
                    order=order,
                    start=start,
                    end=end,
                    text=text,
                    is_grassroots=order > 1 and any(w in text for w in ("镇", "乡", "村")),
                )
            )
        # Posts and ranks.
        since = current_start
        if plan["level"]:
            serial_doc = f"临组干〔{since.year}〕{rng.randint(1, 80)}号"
            promoted = since > today - dt.timedelta(days=365)
            if plan["level"].endswith("principal"):
                lower = PostLevel.TOWNSHIP_DEPUTY
                begun = since - dt.timedelta(days=rng.randint(800, 2400))
                positions.append(
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
            positions.append(
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
        rank_since = (today - dt.timedelta(days=rng.randint(120, 1600))).replace(day=1)
        rank_since = max(rank_since, work)
        if not plan.get("staff_grade"):
            ranks.append(
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
            staff.append(
                StaffGradeRecord(
                    cadre=cadre,
                    grade=8,
                    started_on=rank_since,
                    document=f"临人社〔{rank_since.year}〕{rng.randint(1, 40)}号",
                )
            )
        # Family: spouse, a child, parents.
        order = 0
        woman = cadre.person.gender == "2"
        if birth.year < today.year - 27:
            order += 1
            families.append(
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
            families.append(
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
            families.append(
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
        if rng.random() < 0.12:
            rewards.append(
                RewardPunishment(
                    cadre=cadre,
                    kind="reward",
                    name=rng.choice(["嘉奖", "记三等功", "全区优秀共产党员"]),
                    on=dt.date(today.year - rng.randint(1, 5), 12, 20),
                    issuer="中共临桂区委、临桂区人民政府",
                )
            )
        for quarter in range(1, (maker.today.month - 1) // 3 + 1):
            regular.append(
                RegularAssessment(
                    cadre=cadre,
                    year=maker.today.year,
                    quarter=quarter,
                    grade=rng.choices(["good", "fairly_good", "average"], [35, 55, 10])[0],
                )
            )
    Position.objects.bulk_create(positions)
    RankRecord.objects.bulk_create(ranks)
    StaffGradeRecord.objects.bulk_create(staff)
    Education.objects.bulk_create(educations)
    ResumeEntry.objects.bulk_create(resumes)
    FamilyMember.objects.bulk_create(families)
    RewardPunishment.objects.bulk_create(rewards)
    RegularAssessment.objects.bulk_create(regular)

    # ------------------------------------------------------------ annual results within quota
    by_unit: dict[tuple[int, bool], list[Cadre]] = {}
    for plan, cadre in zip(maker.plans, cadres, strict=True):
        by_unit.setdefault((plan["unit"].pk, bool(plan["level"])), []).append(cadre)
    for (unit_id, leader), members in by_unit.items():
        for year in range(today.year - 5, today.year):
            eligible = [c for c in members if c.work_started_on.year < year]
            if not eligible:
                continue
            quota = rules.excellent_quota(len(eligible))
            excellent = set(rng.sample(range(len(eligible)), min(quota, len(eligible))))
            for i, cadre in enumerate(eligible):
                if cadre.probation_started_on and cadre.probation_started_on.year == year:
                    grade = AnnualGrade.COMMENTS_ONLY
                elif i in excellent:
                    grade = AnnualGrade.EXCELLENT
                else:
                    grade = AnnualGrade.BASIC if rng.random() < 0.015 else AnnualGrade.COMPETENT
                grades.append(
                    AnnualAssessment(
                        cadre=cadre, year=year, unit_id=unit_id, is_leader=leader, grade=grade
                    )
                )
    AnnualAssessment.objects.bulk_create(grades)

    # ------------------------------------------------------------ supervision, clearance
    now = maker.today
    leaders = [c for p, c in zip(maker.plans, cadres, strict=True) if p["level"]]
    staffers = [c for p, c in zip(maker.plans, cadres, strict=True) if not p["level"]]
    picks = rng.sample(leaders, 9) + rng.sample(staffers, 5)
    records = []
    specs = [
        (
            SupervisionKind.REMINDER,
            "",
            200,
            "苗头性问题：工作作风不够扎实，群众有反映",
            "已谈话提醒，本人表示改正",
        ),
        (SupervisionKind.REMINDER, "", 90, "个人有关事项报告漏报房产一处", "已提醒并补报"),
        (SupervisionKind.REMINDER, "", 30, "下乡调研走过场", "已谈话提醒"),
        (
            SupervisionKind.INQUIRY,
            "",
            160,
            "信访反映其亲属承揽本镇工程项目",
            "书面说明属实情况清楚，予以了结",
        ),
        (SupervisionKind.INQUIRY, "", 25, "信访反映其违规参与经营活动", ""),  # awaiting the reply
        (SupervisionKind.INQUIRY, "", 50, "反映其在征地拆迁中优亲厚友", ""),  # overdue
        (SupervisionKind.ADMONISHMENT, "", 70, "履行全面从严治党主体责任不力", "已诫勉谈话"),
        (SupervisionKind.ADMONISHMENT, "", 150, "违规发放津补贴", "已诫勉并责令退回"),
        (SupervisionKind.ADMONISHMENT, "", 400, "落实安全生产责任不到位", "已诫勉，影响期已满"),
        (
            SupervisionKind.PARTY_SANCTION,
            Measure.PARTY_WARNING,
            120,
            "违反中央八项规定精神，违规公款吃喝",
            "给予党内警告处分",
        ),
        (
            SupervisionKind.PARTY_SANCTION,
            Measure.PARTY_SERIOUS_WARNING,
            300,
            "违规收受礼金",
            "给予党内严重警告处分",
        ),
        (
            SupervisionKind.STATE_SANCTION,
            Measure.STATE_DEMERIT,
            240,
            "在扶贫资金管理中失职",
            "给予记过处分",
        ),
        (
            SupervisionKind.ORG_HANDLING,
            Measure.ORG_POST_ADJUSTMENT,
            180,
            "工作不在状态，推进重点工作不力",
            "调整职务",
        ),
        (SupervisionKind.INQUIRY, "", 220, "举报其收受工程老板财物", "经核查反映失实"),
    ]
    for cadre, (kind, measure, days_ago, issue, outcome) in zip(picks, specs, strict=True):
        decided = now - dt.timedelta(days=days_ago)
        record = SupervisionRecord(
            cadre=cadre,
            kind=kind,
            measure=measure,
            issue=issue,
            decided_on=decided,
            decided_by=DOC
            if kind != SupervisionKind.PARTY_SANCTION
            else "中共桂林市临桂区纪律检查委员会",
            document=f"临纪〔{decided.year}〕{rng.randint(1, 60)}号" if measure else "",
            outcome=outcome,
            status=SupervisionRecord.Status.CLOSED if outcome else SupervisionRecord.Status.OPEN,
        )
        if kind == SupervisionKind.INQUIRY:
            record.letter_received_on = decided + dt.timedelta(days=2)
            record.reply_due = reply_due(record.letter_received_on)
            if outcome:
                record.replied_on = record.letter_received_on + dt.timedelta(days=12)
        records.append(record)
    SupervisionRecord.objects.bulk_create(records)
    Clearance.objects.create(
        record=records[-1],
        finding=Clearance.Finding.UNTRUE,
        initiated_by=Clearance.Initiator.DEPARTMENT,
        form=Clearance.Form.MEETING,
        scope_text="所在镇党委班子会议及村（社区）干部会议",
        cleared_on=records[-1].decided_on + dt.timedelta(days=40),
        note="经核查，反映其收受工程老板财物问题失实，予以澄清。",
    )

    # ------------------------------------------------------------ pool, secondments, rectification, dossiers
    young = [c for c in cadres if rules.age_on(c.person.birth_date, now) <= 35]
    pool = [
        YoungCadreEntry(
            cadre=c,
            entered_on=now - dt.timedelta(days=rng.randint(30, 700)),
            source=rng.choice(list(YoungCadreEntry.Source.values)),
            evaluation=rng.choice(
                [
                    "政治素质好，敢于担当，群众基础好",
                    "综合素质好，文字功底扎实",
                    "基层经验丰富，处理复杂问题能力强",
                ]
            ),
            follow_up=rng.choice(
                ["安排到信访岗位锻炼", "参加全区中青年干部培训班", "下派驻村第一书记"]
            ),
        )
        for c in rng.sample(young, min(28, len(young)))
    ]
    YoungCadreEntry.objects.bulk_create(pool)
    secondments = []
    for i, c in enumerate(rng.sample(young or cadres, min(9, len(young or cadres)))):
        start = now - dt.timedelta(days=rng.randint(200, 700))
        ends = now + dt.timedelta(days=[12, 25, -6, 90, 200, 300, 160, 40, 400][i])
        secondments.append(
            Secondment(
                cadre=c,
                kind=[
                    Secondment.Kind.VILLAGE,
                    Secondment.Kind.SEASONING,
                    Secondment.Kind.SECONDMENT,
                ][i % 3],
                place=rng.choice(
                    [
                        "临桂区宛田瑶族乡东江村",
                        "临桂区黄沙瑶族乡",
                        "桂林市发展和改革委员会",
                        "临桂区两江镇",
                    ]
                ),
                post=["驻村第一书记", "党委副书记（墩苗）", "挂职副主任"][i % 3],
                started_on=start,
                ends_on=ends,
            )
        )
    Secondment.objects.bulk_create(secondments)
    responsible = townships + organs
    Rectification.objects.bulk_create(
        Rectification(
            source=Rectification.Source.DISTRICT if i % 3 else Rectification.Source.CITY,
            round_name=f"{now.year}年区委第{1 + i % 3}轮巡察"
            if i % 3
            else f"{now.year - 1}年市委巡察",
            finding=finding,
            responsible_unit=responsible[i % len(responsible)],
            responsible_person="党委书记",
            measures="制定整改方案，明确责任人和时限，建立整改台账，逐项销号",
            deadline=now + dt.timedelta(days=[-40, -10, 20, 60, -5, 90, 120, 30, -70, 45][i]),
            status=Rectification.Status.DONE if i in (3, 7) else Rectification.Status.OPEN,
            completed_on=now - dt.timedelta(days=5) if i in (3, 7) else None,
        )
        for i, finding in enumerate(
            [
                "“三会一课”制度落实不严格，部分支部组织生活流于形式",
                "村级集体经济发展思路不清，空壳村问题仍然存在",
                "干部选拔任用工作中动议程序不规范",
                "党员发展工作把关不严，个别材料不完整",
                "落实意识形态工作责任制不到位",
                "基层党组织软弱涣散问题整顿不彻底",
                "干部人事档案专项审核发现问题整改不到位",
                "惠民资金监管存在漏洞",
                "年轻干部培养选拔力度不够",
                "形式主义、官僚主义问题仍有发生",
            ]
        )
    )
    materials, loans = [], []
    for c in cadres[:160]:
        materials.extend(
            [
                DossierMaterial(
                    cadre=c,
                    category=DossierCategory.RESUME,
                    title="干部履历表",
                    formed_on=c.work_started_on,
                    received_on=c.work_started_on + dt.timedelta(days=30),
                    pages=4,
                    sent_by=c.unit_name,
                ),
                DossierMaterial(
                    cadre=c,
                    category=DossierCategory.ASSESSMENT,
                    title=f"{now.year - 1}年度公务员考核登记表",
                    formed_on=dt.date(now.year, 1, 15),
                    received_on=dt.date(now.year, 2, 20),
                    pages=2,
                    sent_by=c.unit_name,
                ),
                DossierMaterial(
                    cadre=c,
                    category=DossierCategory.EDUCATION,
                    title="学历证书复印件",
                    formed_on=c.work_started_on,
                    received_on=c.work_started_on + dt.timedelta(days=45),
                    pages=1,
                    sent_by=c.unit_name,
                ),
            ]
        )
    for i, c in enumerate(rng.sample(cadres, 7)):
        lent = now - dt.timedelta(days=[5, 12, 40, 60, 20, 90, 3][i])
        loans.append(
            DossierLoan(
                cadre=c,
                borrower=rng.choice(SURNAMES) + rng.choice(GIVEN_MALE),
                borrower_unit=rng.choice(["区纪委监委", "区委巡察办", "区委组织部干部科"]),
                purpose=rng.choice(["干部考察", "信访核查", "专项审核"]),
                approved_by="区委组织部副部长",
                lent_on=lent,
                due_on=lent + dt.timedelta(days=15),
                returned_on=lent + dt.timedelta(days=10) if i in (2, 3, 5) else None,
            )
        )
    DossierMaterial.objects.bulk_create(materials)
    DossierLoan.objects.bulk_create(loans)
    # A few forms awaiting the committee, for the print and export screens.
    for c in rng.sample(leaders, 5):
        forms.append(
            AppointmentForm(
                cadre=c,
                proposed_post=c.current_post_text.replace("副", "", 1),
                proposed_removal=c.current_post_text,
                reason="工作需要",
                reporting_unit="中共桂林市临桂区委组织部",
                filled_by="李明",
                filled_on=f"{now:%Y%m}",
                age_basis=f"{now:%Y%m%d}",
                version="3.2.1.16",
                assessment_text="；".join(
                    f"{a.year}年度{a.get_grade_display()}"
                    for a in AnnualAssessment.objects.filter(cadre=c).order_by("year")[:3]
                ),
                rewards_text="无",
            )
        )
    AppointmentForm.objects.bulk_create(forms)
    make_notices(forms, positions, now)
    audit.log_action(caps.CADRE_SAVED, extra={"source": "demo", "cadres": len(cadres)})
    lacking = sum(
        1
        for g in groups
        if rules.team_structure(
            [
                rules.TeamMember(
                    p["person_obj"].name,
                    rules.age_on(p["person_obj"].birth_date, now),
                    p["person_obj"].gender,
                    p["person_obj"].ethnicity,
                    p["person_obj"].political_status,
                    p["person_obj"].education,
                )
                for p in maker.plans
                if p["group"] is g
            ],
            level="township",
            is_government=g.is_government,
            gradient=g.level != LeadingGroup.Level.DEPARTMENT,
        ).warnings
    )
    return (
        f"干部{len(cadres)}名（领导班子{len(groups)}个，其中结构有缺项{lacking}个），任职记录{len(positions)}条，"
        f"年度考核{len(grades)}条，监督记录{len(records)}条，优秀年轻干部{len(pool)}名，挂职{len(secondments)}名，"
        f"巡视巡察整改{10}项，档案借阅{len(loans)}次"
    )
