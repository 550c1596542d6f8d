"""The demo cadres' five years of annual results within the quota, and the
supervision records (reminders, inquiries, admonishments, sanctions, one clearance)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from zugong.cadres import rules
from zugong.cadres.demo_records import DOC
from zugong.cadres.models import (
    AnnualAssessment,
    AnnualGrade,
    Cadre,
    Clearance,
    Measure,
    SupervisionKind,
    SupervisionRecord,
)
from zugong.cadres.services.supervision import reply_due

if TYPE_CHECKING:
    from zugong.cadres.demo import Build

# (kind, measure, days ago, issue, outcome): an open record has no outcome yet.
SPECS = [
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


def annual_results(b: Build) -> None:
    """Each unit's leaders and staff, year by year, excellent within the quota."""
    rng, today, maker, cadres = b.rng, b.today, b.maker, b.cadres
    grades = []
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
    b.grades = grades


def supervision(b: Build) -> None:
    rng, maker, cadres = b.rng, b.maker, b.cadres
    now = maker.today
    leaders = b.leaders = [c for p, c in zip(maker.plans, cadres, strict=True) if p["level"]]
    staffers = [c for p, c in zip(maker.plans, cadres, strict=True) if not p["level"]]
    picks = rng.sample(leaders, 9) + rng.sample(staffers, 5)
    records = []
    for cadre, (kind, measure, days_ago, issue, outcome) in zip(picks, SPECS, strict=True):
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
    b.records = records
