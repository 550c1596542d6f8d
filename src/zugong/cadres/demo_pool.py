"""The demo cadres' young-cadre pool, secondments, rectification tasks, dossier
materials and loans, and the appointment forms awaiting the committee."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zugong.cadres import demo_notices, rules
from zugong.cadres.models import (
    AnnualAssessment,
    AppointmentForm,
    DossierCategory,
    DossierLoan,
    DossierMaterial,
    Rectification,
    Secondment,
    YoungCadreEntry,
)
from zugong.core.demo import GIVEN_MALE, SURNAMES

if TYPE_CHECKING:
    from zugong.cadres.demo import Build

FINDINGS = [
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


def young_pool(b: Build) -> None:
    rng, now, cadres = b.rng, b.now, b.cadres
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
    b.pool, b.young = pool, young


def place_secondments(b: Build) -> None:
    rng, now, cadres, young = b.rng, b.now, b.cadres, b.young
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
    b.secondments = secondments


def rectifications(b: Build) -> None:
    now = b.now
    responsible = b.townships + b.organs
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
        for i, finding in enumerate(FINDINGS)
    )


def dossiers(b: Build) -> None:
    rng, now, cadres = b.rng, b.now, b.cadres
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
    b.loans = loans


def appointment_forms(b: Build) -> None:
    """A few forms awaiting the committee, for the print and export screens."""
    rng, now, leaders, forms = b.rng, b.now, b.leaders, b.forms
    held = demo_notices.current_posts(b.positions)
    for c in rng.sample(leaders, 5):
        # The promotion proposed: one level above the post held, never the post itself.
        promoted = demo_notices.promotion(held[c.pk]) if c.pk in held else None
        forms.append(
            AppointmentForm(
                cadre=c,
                proposed_post=promoted[0] if promoted else "",
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
