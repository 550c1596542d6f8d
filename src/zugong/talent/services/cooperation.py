"""University–enterprise cooperation (产学研) ledgers: alliance members, agreements,
programmes with cohorts and trainees, practice bases with their terms, and graduates
retained. Every write is authorized (CHANGE_TALENT on the row's office organization),
checked, audited (COOPERATION_SAVED) and atomic; a refusal names the field in Chinese.
The challenges' steps (揭榜挂帅) are in cooperation_challenges."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind
from zugong.core.services.access import authorize
from zugong.grassroots.rules.twonew import credit_code_problem
from zugong.talent import capabilities as caps
from zugong.talent.models.cooperation import (
    Agreement,
    AllianceMember,
    Cohort,
    Graduate,
    MemberKind,
    PracticeBase,
    PracticeTerm,
    Programme,
    ProgrammeKind,
    RetentionKind,
    Trainee,
)

OFFICE_KINDS = (OrgKind.DISTRICT, OrgKind.TOWNSHIP)


# Shared checks --------------------------------------------------------------------------


def text(value, *, field: str, label, required: bool = True, max_length: int = 100) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


def day(value, *, field: str, label, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ApplicationError(_("%(l)s不是有效的日期") % {"l": label}, field=field) from None


def not_future(value: dt.date, today: dt.date, *, field: str, label) -> dt.date:
    if value > today:
        raise ApplicationError(_("%(l)s不能晚于今天") % {"l": label}, field=field)
    return value


def whole(value, *, field: str, label, low: int = 0, high: int = 1_000_000) -> int:
    try:
        number = int(str(value).strip()) if value not in (None, "") else 0
    except (TypeError, ValueError):
        raise ApplicationError(_("%(l)s应为整数") % {"l": label}, field=field) from None
    if not low <= number <= high:
        raise ApplicationError(
            _("%(l)s应在%(a)d至%(b)d之间") % {"l": label, "a": low, "b": high}, field=field
        )
    return number


def year_of(value, *, today: dt.date, field: str = "year", label=None) -> int:
    return whole(value, field=field, label=label or _("年度"), low=2000, high=today.year + 1)


def office_of(actor, office, field: str = "office") -> Organization:
    """The office organization keeping the row (the district or a township), authorized."""
    if office is None:
        raise ApplicationError(_("请选择所属单位"), field=field)
    if office.kind not in OFFICE_KINDS:
        raise ApplicationError(
            _("“%(o)s”不是区委或乡镇（街道）党委，不能作为产学研台账的所属单位")
            % {"o": office.name},
            field=field,
        )
    authorize(actor, caps.CHANGE_TALENT, office)
    return office


def same_office(row, office, *, field: str, what) -> None:
    if row is not None and row.office_id != office.pk:
        raise ApplicationError(
            _("%(w)s“%(r)s”不属于“%(o)s”的台账") % {"w": what, "r": row, "o": office.name},
            field=field,
        )


def _log(obj, actor, step: str, **changes) -> None:
    audit.log_action(
        caps.COOPERATION_SAVED, obj=obj, actor=actor, changes={"step": step, **changes}
    )


# Alliance members -----------------------------------------------------------------------


def check_credit_code(kind: str, code: str) -> str:
    code = (code or "").strip().upper()
    if kind == MemberKind.ENTERPRISE and not code:
        raise ApplicationError(_("企业成员请填写统一社会信用代码"), field="credit_code")
    if code:
        problem = credit_code_problem(code)
        if problem:
            raise ApplicationError(problem, field="credit_code")
    return code


@transaction.atomic
def member_save(
    *,
    actor,
    office,
    name: str,
    kind: str,
    credit_code: str = "",
    contact_person: str = "",
    joined_on=None,
    in_district: bool = False,
    member: AllianceMember | None = None,
) -> AllianceMember:
    office = office_of(actor, member.office if member is not None else office)
    name = text(name, field="name", label=_("名称"))
    if kind not in MemberKind.values:
        raise ApplicationError(_("请选择成员类型（高校、企业或科研院所）"), field="kind")
    values = {
        "name": name,
        "kind": kind,
        "credit_code": check_credit_code(kind, credit_code),
        "contact_person": text(
            contact_person, field="contact_person", label=_("联系人"), required=False, max_length=50
        ),
        "joined_on": day(joined_on, field="joined_on", label=_("加入日期"), required=False),
        "in_district": bool(in_district),
    }
    twin = AllianceMember.objects.filter(office=office, name=name)
    if member is not None:
        twin = twin.exclude(pk=member.pk)
    if twin.exists():
        raise ApplicationError(_("联盟成员“%(n)s”已登记") % {"n": name}, field="name")
    if member is None:
        member = AllianceMember.objects.create(office=office, **values)
    else:
        for key, value in values.items():
            setattr(member, key, value)
        member.save()
    _log(member, actor, "member", name=name, kind=kind)
    return member


# Agreements -----------------------------------------------------------------------------


@transaction.atomic
def agreement_save(
    *,
    actor,
    office,
    title: str,
    members,
    signed_on,
    ends_on=None,
    content: str = "",
    agreement: Agreement | None = None,
    today: dt.date | None = None,
) -> Agreement:
    today = today or dt.date.today()
    office = office_of(actor, agreement.office if agreement is not None else office)
    title = text(title, field="title", label=_("协议名称"))
    signed_on = not_future(
        day(signed_on, field="signed_on", label=_("签订日期")),
        today,
        field="signed_on",
        label=_("签订日期"),
    )
    ends_on = day(ends_on, field="ends_on", label=_("到期日期"), required=False)
    if ends_on is not None and ends_on < signed_on:
        raise ApplicationError(
            _("到期日期（%(e)s）不能早于签订日期（%(s)s）")
            % {"e": ends_on.isoformat(), "s": signed_on.isoformat()},
            field="ends_on",
        )
    members = list(members or [])
    if not members:
        raise ApplicationError(_("请选择至少一个签约方"), field="members")
    for member in members:
        same_office(member, office, field="members", what=_("签约方"))
    values = {
        "title": title,
        "signed_on": signed_on,
        "ends_on": ends_on,
        "content": text(
            content, field="content", label=_("合作内容"), required=False, max_length=4000
        ),
    }
    if agreement is None:
        agreement = Agreement.objects.create(office=office, **values)
    else:
        for key, value in values.items():
            setattr(agreement, key, value)
        agreement.save()
    agreement.members.set(members)
    _log(
        agreement,
        actor,
        "agreement",
        title=title,
        signed_on=signed_on.isoformat(),
        members=[m.name for m in members],
    )
    return agreement


# Programmes, cohorts and trainees ---------------------------------------------------------


@transaction.atomic
def programme_save(
    *,
    actor,
    office,
    name: str,
    kind: str,
    year,
    agreement: Agreement | None = None,
    partner: AllianceMember | None = None,
    description: str = "",
    target=0,
    programme: Programme | None = None,
    today: dt.date | None = None,
) -> Programme:
    today = today or dt.date.today()
    office = office_of(actor, programme.office if programme is not None else office)
    if kind not in ProgrammeKind.values:
        raise ApplicationError(_("请选择项目类型"), field="kind")
    same_office(agreement, office, field="agreement", what=_("依托协议"))
    same_office(partner, office, field="partner", what=_("合作方"))
    values = {
        "name": text(name, field="name", label=_("项目名称")),
        "kind": kind,
        "year": year_of(year, today=today),
        "agreement": agreement,
        "partner": partner,
        "description": text(
            description, field="description", label=_("内容"), required=False, max_length=4000
        ),
        "target": whole(target, field="target", label=_("目标人数（人次）")),
    }
    if programme is None:
        programme = Programme.objects.create(office=office, **values)
    else:
        for key, value in values.items():
            setattr(programme, key, value)
        programme.save()
    _log(programme, actor, "programme", name=values["name"], kind=kind, year=values["year"])
    return programme


@transaction.atomic
def cohort_save(
    *, actor, programme: Programme, name: str, starts_on, ends_on, cohort: Cohort | None = None
) -> Cohort:
    if programme is None:
        raise ApplicationError(_("请选择项目"), field="programme")
    office_of(actor, programme.office)
    starts_on = day(starts_on, field="starts_on", label=_("开班日期"))
    ends_on = day(ends_on, field="ends_on", label=_("结业日期"))
    if ends_on < starts_on:
        raise ApplicationError(
            _("结业日期（%(e)s）不能早于开班日期（%(s)s）")
            % {"e": ends_on.isoformat(), "s": starts_on.isoformat()},
            field="ends_on",
        )
    values = {
        "name": text(name, field="name", label=_("期次"), max_length=50),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    if cohort is None:
        cohort = Cohort.objects.create(programme=programme, **values)
    else:
        for key, value in values.items():
            setattr(cohort, key, value)
        cohort.save()
    _log(cohort, actor, "cohort", name=values["name"], starts_on=starts_on.isoformat())
    return cohort


@transaction.atomic
def trainee_save(
    *,
    actor,
    cohort: Cohort,
    name: str = "",
    talent=None,
    employer: str = "",
    completed: bool = False,
    trainee: Trainee | None = None,
) -> Trainee:
    if cohort is None:
        raise ApplicationError(_("请选择期次"), field="cohort")
    office_of(actor, cohort.programme.office)
    if not (name or "").strip() and talent is not None:
        name = talent.person.name
    values = {
        "name": text(name, field="name", label=_("姓名"), max_length=50),
        "talent": talent,
        "employer": text(employer, field="employer", label=_("单位"), required=False),
        "completed": bool(completed),
    }
    if trainee is None:
        trainee = Trainee.objects.create(cohort=cohort, **values)
    else:
        for key, value in values.items():
            setattr(trainee, key, value)
        trainee.save()
    _log(trainee, actor, "trainee", name=values["name"], completed=values["completed"])
    return trainee


@transaction.atomic
def trainees_complete(*, actor, trainees) -> int:
    """Record the trainees as completed (结业), all or none: one refused stops all."""
    count = 0
    for trainee in trainees:
        office_of(actor, trainee.cohort.programme.office)
        if trainee.completed:
            continue
        trainee.completed = True
        trainee.save(update_fields=["completed"])
        _log(trainee, actor, "trainee_completed", name=trainee.name)
        count += 1
    return count


# Practice bases and terms ----------------------------------------------------------------


def check_university(university, office, field: str = "university") -> AllianceMember:
    if university is None:
        raise ApplicationError(_("请选择合作高校"), field=field)
    if university.kind != MemberKind.UNIVERSITY:
        raise ApplicationError(
            _("“%(n)s”不是联盟成员中的高校（类型为%(k)s）")
            % {"n": university.name, "k": university.get_kind_display()},
            field=field,
        )
    same_office(university, office, field=field, what=_("高校"))
    return university


@transaction.atomic
def base_save(
    *,
    actor,
    office,
    name: str,
    host: str,
    university: AllianceMember,
    places,
    established_on,
    agreement: Agreement | None = None,
    base: PracticeBase | None = None,
    today: dt.date | None = None,
) -> PracticeBase:
    today = today or dt.date.today()
    office = office_of(actor, base.office if base is not None else office)
    check_university(university, office)
    same_office(agreement, office, field="agreement", what=_("依托协议"))
    values = {
        "name": text(name, field="name", label=_("基地名称")),
        "host": text(host, field="host", label=_("承建单位")),
        "university": university,
        "agreement": agreement,
        "places": whole(places, field="places", label=_("每期岗位数"), low=1, high=10000),
        "established_on": not_future(
            day(established_on, field="established_on", label=_("挂牌日期")),
            today,
            field="established_on",
            label=_("挂牌日期"),
        ),
    }
    if base is not None and values["places"] < max(
        base.terms.values_list("students", flat=True), default=0
    ):
        raise ApplicationError(
            _("已有实践期次的学生多于%(p)d人，不能把每期岗位数减到%(p)d个")
            % {"p": values["places"]},
            field="places",
        )
    if base is None:
        base = PracticeBase.objects.create(office=office, **values)
    else:
        for key, value in values.items():
            setattr(base, key, value)
        base.save()
    _log(base, actor, "practice_base", name=values["name"], places=values["places"])
    return base


@transaction.atomic
def term_save(
    *,
    actor,
    base: PracticeBase,
    term: str,
    starts_on,
    students,
    practice_term: PracticeTerm | None = None,
) -> PracticeTerm:
    if base is None:
        raise ApplicationError(_("请选择实践基地"), field="base")
    office_of(actor, base.office)
    label = text(term, field="term", label=_("学期"), max_length=20)
    students = whole(students, field="students", label=_("实践学生（人）"), high=100000)
    if students > base.places:
        raise ApplicationError(
            _("实践学生%(s)d人，超过基地每期岗位数%(p)d个") % {"s": students, "p": base.places},
            field="students",
        )
    twin = PracticeTerm.objects.filter(base=base, term=label)
    if practice_term is not None:
        twin = twin.exclude(pk=practice_term.pk)
    if twin.exists():
        raise ApplicationError(_("学期“%(t)s”已登记") % {"t": label}, field="term")
    values = {
        "term": label,
        "starts_on": day(starts_on, field="starts_on", label=_("开始日期")),
        "students": students,
    }
    if practice_term is None:
        practice_term = PracticeTerm.objects.create(base=base, **values)
    else:
        for key, value in values.items():
            setattr(practice_term, key, value)
        practice_term.save()
    _log(practice_term, actor, "practice_term", term=label, students=students)
    return practice_term


# Graduates retained ----------------------------------------------------------------------


def check_graduate_values(data: dict, *, office, today: dt.date) -> dict:
    """A graduate's values checked and cleaned (the form, the API and the import)."""
    university = check_university(data.get("university"), office)
    kind = data.get("kind")
    if kind not in RetentionKind.values:
        raise ApplicationError(_("请选择留区方式（就业或创业）"), field="kind")
    year = year_of(data.get("year"), today=today, label=_("毕业年度"))
    if year > today.year:
        raise ApplicationError(_("毕业年度不能晚于今年"), field="year")
    started_on = not_future(
        day(data.get("started_on"), field="started_on", label=_("到岗或创办日期")),
        today,
        field="started_on",
        label=_("到岗或创办日期"),
    )
    if started_on.year < year - 1:
        raise ApplicationError(
            _("到岗或创办日期（%(d)s）早于毕业年度%(y)d年的前一年")
            % {"d": started_on.isoformat(), "y": year},
            field="started_on",
        )
    agreement = data.get("agreement")
    same_office(agreement, office, field="agreement", what=_("依托协议"))
    return {
        "university": university,
        "name": text(data.get("name"), field="name", label=_("姓名"), max_length=50),
        "year": year,
        "major": text(
            data.get("major"), field="major", label=_("专业"), required=False, max_length=50
        ),
        "kind": kind,
        "employer": text(data.get("employer"), field="employer", label=_("就业或创业单位")),
        "agreement": agreement,
        "started_on": started_on,
    }


@transaction.atomic
def graduate_save(
    *,
    actor,
    office,
    graduate: Graduate | None = None,
    today: dt.date | None = None,
    batch: str = "",
    **data,
) -> Graduate:
    today = today or dt.date.today()
    office = office_of(actor, graduate.office if graduate is not None else office)
    values = check_graduate_values(data, office=office, today=today)
    if graduate is None:
        graduate = Graduate.objects.create(office=office, **values)
    else:
        for key, value in values.items():
            setattr(graduate, key, value)
        graduate.save()
    if not batch:  # an import writes one entry for the file
        _log(graduate, actor, "graduate", name=values["name"], year=values["year"])
    return graduate
