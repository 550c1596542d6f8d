"""Recording assessments: annual (with the 优秀 quota and the special cases), regular
(quarterly), special and tenure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.models import (
    AnnualAssessment,
    AnnualGrade,
    Cadre,
    Measure,
    RegularAssessment,
    RegularGrade,
    SpecialAssessment,
    SupervisionRecord,
    UngradedReason,
)
from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future

WARNINGS = (Measure.PARTY_WARNING, Measure.STATE_WARNING)
HEAVIER = (
    Measure.STATE_DEMERIT,
    Measure.STATE_MAJOR_DEMERIT,
    Measure.STATE_DEMOTION,
    Measure.STATE_REMOVAL,
)


def year_facts(
    cadre: Cadre, year: int, ungraded_reason: str = "", leave_days: tuple[int, int] = (0, 0)
) -> rules.YearFacts:
    """What the records say about the cadre's assessment year (Arts. 25–29); long leave
    comes from the sick and personal leave days (or, for records kept before the days
    were recorded, from the reason the officer picked)."""
    # The cadre is in the actor's scope, and so are its records; whether the actor may
    # read them is a capability the grade does not show.
    records = list(
        SupervisionRecord.objects.filter(
            cadre=cadre, decided_on__year=year, clearances__isnull=True
        )
    )
    probation = cadre.probation_started_on
    new_recruit = bool(
        probation
        and probation.year <= year
        and rules.shift_months(probation, 12) > dt.date(year, 12, 31)
    )
    return rules.YearFacts(
        new_recruit=new_recruit or ungraded_reason == UngradedReason.NEW_RECRUIT,
        long_leave=rules.leave_exceeds_half_year(year, *leave_days)
        or ungraded_reason == UngradedReason.LEAVE,
        under_investigation=ungraded_reason == UngradedReason.INVESTIGATION,
        warning_sanction=any(r.measure in WARNINGS for r in records),
        admonished=any(r.kind == "admonishment" for r in records),
        heavier_sanction=ungraded_reason == UngradedReason.SANCTION
        or any(r.measure in HEAVIER for r in records),
    )


def is_leader(cadre: Cadre) -> bool:
    return selectors.current_position(cadre) is not None


def _check_year(year: int) -> None:
    if not 1950 <= int(year) <= dt.date.today().year:
        raise ApplicationError(_("考核年度%(y)s无效：不能晚于今年") % {"y": year}, field="year")


def _at(where: str, message: str) -> str:
    """A row's message: 第2行（唐建华）：… in a batch or an import; the message alone
    for one record (its form shows it beside the field)."""
    return f"{where}：{message}" if where else message


def _leave_days(row: dict, year: int, where: str) -> tuple[int, int]:
    """The row's sick and personal leave days, checked: whole days within the year."""
    days = []
    for field, label in (
        ("sick_leave_days", _("病假天数")),
        ("personal_leave_days", _("事假天数")),
    ):
        value = row.get(field) or 0
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = -1
        if value < 0 or value > rules.year_length(year):
            raise ApplicationError(
                _at(
                    where,
                    _("%(l)s应为0至%(n)d的整数") % {"l": label, "n": rules.year_length(year)},
                ),
                field=field,
            )
        days.append(value)
    if sum(days) > rules.year_length(year):
        raise ApplicationError(
            _at(
                where,
                _("病假、事假合计%(d)d天，超过%(y)d年全年天数") % {"d": sum(days), "y": year},
            ),
            field="sick_leave_days",
        )
    return days[0], days[1]


def _leave_grade(year: int, grade: str, reason: str, days: tuple[int, int], where: str):
    """Leave of more than half the year gives no grade: the reason is set from the days,
    and a grade is refused naming the days and the article."""
    total = sum(days)
    if not rules.leave_exceeds_half_year(year, *days):
        if reason == UngradedReason.LEAVE and total:
            raise ApplicationError(
                _at(
                    where,
                    _("病假、事假合计%(d)d天，未超过考核年度半年（%(h)d天），不能以此不定等次")
                    % {"d": total, "h": rules.leave_half_year(year)},
                ),
                field="ungraded_reason",
            )
        return grade, reason
    if grade not in (AnnualGrade.UNGRADED, ""):
        raise ApplicationError(
            _at(
                where,
                _(
                    "%(y)d年病假%(s)d天、事假%(p)d天，累计%(d)d天，超过考核年度半年（%(h)d天），"
                    "不确定等次（%(a)s）；考核等次请不选，由系统确定为不定等次"
                )
                % {
                    "y": year,
                    "s": days[0],
                    "p": days[1],
                    "d": total,
                    "h": rules.leave_half_year(year),
                    "a": rules.LEAVE_HALF_YEAR.source,
                },
            ),
            field="grade",
        )
    return AnnualGrade.UNGRADED, UngradedReason.LEAVE


@transaction.atomic
def annual_record(
    *,
    actor,
    cadre: Cadre,
    year: int,
    grade: str,
    ungraded_reason: str = "",
    comments: str = "",
    unit: Organization | None = None,
    sick_leave_days: int = 0,
    personal_leave_days: int = 0,
) -> AnnualAssessment:
    """One cadre's annual result. The 优秀 quota is checked against everyone recorded
    for the unit and year in the same group (leaders, non-leaders); record a whole unit
    at once with ``annual_batch``."""
    rows = annual_batch(
        actor=actor,
        unit=unit or cadre.unit,
        year=year,
        rows=[
            {
                "cadre": cadre,
                "grade": grade,
                "ungraded_reason": ungraded_reason,
                "comments": comments,
                "sick_leave_days": sick_leave_days,
                "personal_leave_days": personal_leave_days,
            }
        ],
        numbered=False,
    )
    return rows[0]


@dataclass(frozen=True)
class _Row:
    cadre: Cadre
    grade: str
    reason: str
    comments: str
    leader: bool
    leave: tuple[int, int]


def _annual_row(actor, cadre: Cadre, year: int, row: dict, where: str) -> _Row:
    """One row of a batch checked: the grade, the reason, the leave days, the special
    cases; raises the row's first problem."""
    grade = row.get("grade", "") or ""
    reason = row.get("ungraded_reason", "") or ""
    if reason not in UngradedReason.values:
        raise ApplicationError(_at(where, _("不定等次原因无效")), field="ungraded_reason")
    leave = _leave_days(row, year, where)
    grade, reason = _leave_grade(year, grade, reason, leave, where)
    if grade not in AnnualGrade.values:
        raise ApplicationError(
            _at(where, _("考核等次应为优秀、称职、基本称职、不称职之一")), field="grade"
        )
    problem = rules.annual_grade_problem(grade, year_facts(cadre, year, reason, leave))
    if problem:
        raise ApplicationError(_at(where, problem), field="grade")
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    return _Row(cadre, grade, reason, row.get("comments", ""), is_leader(cadre), leave)


@transaction.atomic
def annual_batch(
    *, actor, unit: Organization, year: int, rows: list[dict], numbered: bool = True
) -> list[AnnualAssessment]:
    """A unit's annual results for a year: every row checked, the quota checked for
    leaders and non-leaders apart, then all written or none. A row's problem names its
    row number and cadre (第2行（唐建华）：…) unless ``numbered`` is false (one record
    entered on its own form)."""
    authorize(actor, caps.CHANGE_CADRE, unit)
    _check_year(year)
    problems: list[dict] = []
    prepared = []
    for index, row in enumerate(rows, start=1):
        cadre = row["cadre"]
        where = _("第%(i)d行（%(n)s）") % {"i": index, "n": cadre.person.name} if numbered else ""
        try:
            prepared.append(_annual_row(actor, cadre, year, row, where))
        except ApplicationError as error:
            problems.append({"field": error.field, "message": error.message})
    ids = {p.cadre.pk for p in prepared}
    for leader in (True, False):
        group = [p for p in prepared if p.leader == leader]
        if not group:
            continue
        others = AnnualAssessment.objects.filter(unit=unit, year=year, is_leader=leader).exclude(
            cadre_id__in=ids
        )
        total = others.count() + len(group)
        excellent = others.filter(grade=AnnualGrade.EXCELLENT).count() + sum(
            1 for p in group if p.grade == AnnualGrade.EXCELLENT
        )
        quota = rules.excellent_quota(total)
        if excellent > quota:
            problems.append(
                {
                    "field": "grade",
                    "message": _(
                        "%(g)s优秀%(e)d人，名额为%(q)d人，超过名额%(o)d人"
                        "（参加考核%(t)d人的%(p)s%%，%(s)s）"
                    )
                    % {
                        "g": _("领导成员") if leader else _("非领导成员"),
                        "e": excellent,
                        "q": quota,
                        "o": excellent - quota,
                        "t": total,
                        "p": rules.setting(
                            "ZUGONG_EXCELLENT_QUOTA_PERCENT", rules.EXCELLENT_QUOTA.value
                        ),
                        "s": rules.EXCELLENT_QUOTA.source.split("：")[0],
                    },
                }
            )
    if problems:
        raise ApplicationError(
            problems[0]["message"]
            if len(problems) == 1
            else _("有%(n)d处问题：%(f)s等") % {"n": len(problems), "f": problems[0]["message"]},
            details=problems,
        )
    saved = []
    for p in prepared:
        record, _created = AnnualAssessment.objects.update_or_create(
            cadre=p.cadre,
            year=year,
            defaults={
                "unit": unit,
                "grade": p.grade,
                "ungraded_reason": p.reason,
                "comments": p.comments,
                "is_leader": p.leader,
                "sick_leave_days": p.leave[0],
                "personal_leave_days": p.leave[1],
            },
        )
        saved.append(record)
    audit.log_action(
        caps.ASSESSMENT_SAVED,
        actor=actor,
        obj=unit,
        changes={
            "year": year,
            "results": {p.cadre.person.name: AnnualGrade(p.grade).label for p in prepared},
        },
    )
    return saved


@transaction.atomic
def regular_record(
    *, actor, cadre: Cadre, year: int, quarter: int, grade: str, note: str = ""
) -> RegularAssessment:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    _check_year(year)
    if grade not in RegularGrade.values:
        raise ApplicationError(_("平时考核等次应为好、较好、一般、较差之一"), field="grade")
    if int(quarter) not in (1, 2, 3, 4):
        raise ApplicationError(_("季度应为1至4"), field="quarter")
    if dt.date(int(year), 3 * int(quarter) - 2, 1) > dt.date.today():
        raise ApplicationError(_("该季度尚未开始，不能考核"), field="quarter")
    record, _created = RegularAssessment.objects.update_or_create(
        cadre=cadre, year=year, quarter=quarter, defaults={"grade": grade, "note": note}
    )
    audit.log_action(
        caps.ASSESSMENT_SAVED,
        actor=actor,
        obj=cadre,
        changes={"regular": f"{year}Q{quarter}", "grade": str(RegularGrade(grade).label)},
    )
    return record


@transaction.atomic
def special_record(
    *, actor, cadre: Cadre, kind: str, subject: str, on: dt.date, report: str = ""
) -> SpecialAssessment:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    if kind not in SpecialAssessment.Kind.values:
        raise ApplicationError(_("考核类别无效"), field="kind")
    if not subject.strip():
        raise ApplicationError(_("请填写考核事项"), field="subject")
    check_not_future(on, field="on", label=_("考核时间"))
    record = SpecialAssessment.objects.create(
        cadre=cadre, kind=kind, subject=subject.strip(), on=on, report=report
    )
    audit.log_action(
        caps.ASSESSMENT_SAVED, actor=actor, obj=cadre, changes={"special": subject, "kind": kind}
    )
    return record
