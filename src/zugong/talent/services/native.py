"""Every write about native talents outside the district (籍贯人才): their profile's
native fields, the contact log, the return outcomes, the liaison office's contacts and
the alumni enterprises. Each write is authorized, checked, atomic and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.grassroots.rules.twonew import credit_code_problem
from zugong.talent import capabilities as caps
from zugong.talent.models import (
    AlumniEnterprise,
    ContactKind,
    LiaisonContact,
    NativeContact,
    ReturnInterest,
    ReturnOutcome,
    Talent,
)
from zugong.talent.rules import native as rules


def clean(value) -> str:
    return " ".join(str(value or "").split())


def required_text(value, field: str, message: str, limit: int | None = None) -> str:
    text = clean(value) if limit else str(value or "").strip()
    if not text:
        raise ApplicationError(message, field=field)
    if limit and len(text) > limit:
        raise ApplicationError(_("内容过长，最多%(n)d个字") % {"n": limit}, field=field)
    return text


def past_date(value, field: str, label: str, today: dt.date) -> dt.date:
    if value is None:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if value > today:
        raise ApplicationError(_("%(l)s晚于今天") % {"l": label}, field=field)
    return value


def to_amount(value, field: str, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ApplicationError(_("%(l)s应为数字") % {"l": label}, field=field) from error
    if number < 0:
        raise ApplicationError(_("%(l)s不能为负数") % {"l": label}, field=field)
    if number >= Decimal("1e10"):
        raise ApplicationError(_("%(l)s过大") % {"l": label}, field=field)
    return number.quantize(Decimal("0.01"))


def _talent(talent) -> Talent:
    if talent is None:
        raise ApplicationError(_("请选择人才"), field="talent")
    return talent


@transaction.atomic
def native_profile_update(
    *, actor, talent: Talent, outside: bool, current_city: str, field_of_work: str, return_interest
) -> Talent:
    """Mark a talent as a native talent outside (or no longer) with the city, the field
    and the interest in returning; only these fields are saved."""
    authorize(actor, caps.CHANGE_TALENT, _talent(talent).township)
    city = clean(current_city)
    if outside and not city:
        raise ApplicationError(_("在外籍贯人才请填写现工作城市"), field="current_city")
    if len(city) > 50:
        raise ApplicationError(_("现工作城市最多50个字"), field="current_city")
    work = clean(field_of_work)
    if len(work) > 100:
        raise ApplicationError(_("从事领域最多100个字"), field="field_of_work")
    interest = return_interest or ReturnInterest.UNKNOWN
    if interest not in ReturnInterest.values:
        raise ApplicationError(_("请选择回归意向"), field="return_interest")
    old = {
        "outside": talent.outside,
        "current_city": talent.current_city,
        "field_of_work": talent.field_of_work,
        "return_interest": talent.return_interest,
    }
    talent.outside = bool(outside)
    talent.current_city = city
    talent.field_of_work = work
    talent.return_interest = interest
    talent.save(update_fields=[*old, "updated_at"])
    changes = {
        name: {"old": value, "new": getattr(talent, name)}
        for name, value in old.items()
        if value != getattr(talent, name)
    }
    audit.log_action(
        caps.TALENT_SAVED, obj=talent, actor=actor, changes=changes, extra={"what": "native"}
    )
    return talent


def check_native_contact(*, talent, contacted_on, kind, by, summary, today) -> dict:
    """The values of a contact with a native talent, checked (also for the import)."""
    talent = _talent(talent)
    if not talent.outside:
        raise ApplicationError(
            _("“%(n)s”未登记为在外籍贯人才") % {"n": talent.person.name}, field="talent"
        )
    if kind not in ContactKind.values:
        raise ApplicationError(_("请选择联络方式"), field="kind")
    return {
        "talent": talent,
        "contacted_on": past_date(contacted_on, "contacted_on", _("联络日期"), today),
        "kind": kind,
        "by": required_text(by, "by", _("请填写联络人"), 50),
        "summary": required_text(summary, "summary", _("请填写联络情况")),
    }


@transaction.atomic
def native_contact_record(
    *, actor, talent, contacted_on, kind, by, summary, today: dt.date | None = None
) -> NativeContact:
    """Log a contact with a native talent outside; a date in the future is refused."""
    today = today or dt.date.today()
    authorize(actor, caps.CHANGE_TALENT, _talent(talent).township)
    values = check_native_contact(
        talent=talent, contacted_on=contacted_on, kind=kind, by=by, summary=summary, today=today
    )
    contact = NativeContact.objects.create(**values)
    audit.log_action(
        caps.CONTACT_SAVED,
        obj=contact,
        actor=actor,
        extra={"what": "native_contact", "talent": talent.pk},
    )
    return contact


@transaction.atomic
def return_outcome_save(
    *,
    actor,
    talent,
    kind,
    achieved_on,
    description,
    amount=None,
    outcome: ReturnOutcome | None = None,
    today: dt.date | None = None,
) -> ReturnOutcome:
    """A return outcome (人才回桂、项目回移、资本回流、技术回归、智力回哺); capital and
    project returns need their amount (万元), never negative."""
    today = today or dt.date.today()
    if outcome is not None and outcome.pk:
        authorize(actor, caps.CHANGE_TALENT, outcome.talent.township)
    talent = _talent(talent)
    authorize(actor, caps.CHANGE_TALENT, talent.township)
    if kind not in rules.return_kind_codes():
        raise ApplicationError(_("请选择回归类型"), field="kind")
    number = to_amount(amount, "amount", _("金额"))
    problem = rules.amount_problem(kind, number)
    if problem:
        raise ApplicationError(problem, field="amount")
    outcome = outcome or ReturnOutcome()
    creating = outcome.pk is None
    outcome.talent = talent
    outcome.kind = kind
    outcome.achieved_on = past_date(achieved_on, "achieved_on", _("回归日期"), today)
    outcome.description = required_text(description, "description", _("请填写回归内容"))
    outcome.amount = number
    outcome.save()
    audit.log_action(
        caps.CONTACT_SAVED,
        obj=outcome,
        actor=actor,
        extra={"what": "return", "created": creating, "kind": kind},
    )
    return outcome


LIAISON_FIELDS = (
    "office",
    "station",
    "enterprise",
    "project",
    "contacted_on",
    "contact_person",
    "summary",
    "outcome",
    "talent",
)


@transaction.atomic
def liaison_contact_save(
    *, actor, data: dict, contact: LiaisonContact | None = None, today: dt.date | None = None
) -> LiaisonContact:
    """The liaison office's contact with an enterprise or project; the office is an
    organization where the actor keeps the talent ledgers."""
    today = today or dt.date.today()
    contact = contact or LiaisonContact()
    if contact.pk:
        authorize(actor, caps.CHANGE_TALENT, contact.office)
    values = {
        name: data[name] if name in data else getattr(contact, name, None)
        for name in LIAISON_FIELDS
    }
    office = values["office"] if contact.pk is None or "office" in data else contact.office
    if office is None:
        raise ApplicationError(_("请选择所属单位"), field="office")
    authorize(actor, caps.CHANGE_TALENT, office)
    contact.office = office
    contact.station = clean(values["station"]) or "驻深圳人才工作联络站"
    contact.enterprise = required_text(values["enterprise"], "enterprise", _("请填写企业"), 100)
    contact.project = clean(values["project"])[:100]
    contact.contacted_on = past_date(values["contacted_on"], "contacted_on", _("对接日期"), today)
    contact.contact_person = clean(values["contact_person"])[:50]
    contact.summary = required_text(values["summary"], "summary", _("请填写对接情况"))
    contact.outcome = clean(values["outcome"])[:200]
    talent = values["talent"]
    if talent is not None:
        authorize(actor, caps.VIEW_TALENT, talent.township)
    contact.talent = talent
    creating = contact.pk is None
    contact.save()
    audit.log_action(
        caps.CONTACT_SAVED, obj=contact, actor=actor, extra={"what": "liaison", "created": creating}
    )
    return contact


ALUMNI_FIELDS = (
    "office",
    "name",
    "credit_code",
    "university",
    "founder",
    "returned_on",
    "registered_capital",
    "jobs",
    "tax",
)


def _credit_code(code: str, pk) -> str:
    code = "".join(str(code or "").split()).upper()
    if not code:
        return ""
    problem = credit_code_problem(code)
    if problem:
        raise ApplicationError(problem, field="credit_code")
    # Unscoped on purpose: one enterprise is registered once; the answer names no one.
    if AlumniEnterprise.objects.unscoped().filter(credit_code=code).exclude(pk=pk).exists():
        raise ApplicationError(_("该统一社会信用代码已登记"), field="credit_code")
    return code


@transaction.atomic
def alumni_enterprise_save(
    *,
    actor,
    data: dict,
    enterprise: AlumniEnterprise | None = None,
    today: dt.date | None = None,
) -> AlumniEnterprise:
    """An alumni enterprise returning to the district; a well-formed, unique credit code."""
    today = today or dt.date.today()
    enterprise = enterprise or AlumniEnterprise()
    if enterprise.pk:
        authorize(actor, caps.CHANGE_TALENT, enterprise.office)
    values = {
        name: data[name] if name in data else getattr(enterprise, name, None)
        for name in ALUMNI_FIELDS
    }
    office = values["office"]
    if office is None:
        raise ApplicationError(_("请选择所属单位"), field="office")
    authorize(actor, caps.CHANGE_TALENT, office)
    enterprise.office = office
    enterprise.name = required_text(values["name"], "name", _("请填写企业名称"), 100)
    enterprise.credit_code = _credit_code(values["credit_code"], enterprise.pk)
    enterprise.university = required_text(
        values["university"], "university", _("请填写校友所在高校"), 100
    )
    enterprise.founder = clean(values["founder"])[:50]
    enterprise.returned_on = past_date(values["returned_on"], "returned_on", _("落户日期"), today)
    enterprise.registered_capital = to_amount(
        values["registered_capital"], "registered_capital", _("注册资金")
    )
    jobs = values["jobs"] or 0
    if int(jobs) < 0:
        raise ApplicationError(_("带动就业人数不能为负数"), field="jobs")
    enterprise.jobs = int(jobs)
    enterprise.tax = to_amount(values["tax"], "tax", _("年纳税"))
    creating = enterprise.pk is None
    enterprise.save()
    audit.log_action(
        caps.CONTACT_SAVED,
        obj=enterprise,
        actor=actor,
        extra={"what": "alumni", "created": creating},
    )
    return enterprise
