"""Writing member records: one service each, checked and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Person
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import Member, MemberKind, MemberStatus, MemberStatusChange, Occupation

MIN_AGE = rules.MIN_AGE
# Labels built once; gettext runs only when a message is shown (imports call this per row).
JOINED_LABEL, FULL_LABEL = gettext_lazy("入党时间"), gettext_lazy("转正时间")
POLITICAL_STATUS = {MemberKind.FULL: "01", MemberKind.PROBATIONARY: "02"}
KINDS = frozenset(MemberKind.values)  # built once: imports check a hundred thousand rows


def check_membership(
    *,
    birth_date: dt.date,
    kind: str,
    joined_on: dt.date | None,
    full_on: dt.date | None,
    today: dt.date | None = None,
) -> list[ApplicationError]:
    """The dates of a membership against each other, the person's age and the rules."""
    problems: list[ApplicationError] = []
    if kind not in KINDS:
        problems.append(ApplicationError(_("党员类别应为“正式党员”或“预备党员”"), field="kind"))
        return problems
    if joined_on is None:
        problems.append(ApplicationError(_("入党时间不能为空"), field="joined_on"))
        return problems
    try:
        check_not_future(joined_on, field="joined_on", label=JOINED_LABEL, today=today)
    except ApplicationError as error:
        problems.append(error)
    if rules.add_years(birth_date, MIN_AGE.value) > joined_on:
        problems.append(
            ApplicationError(
                _("入党时间%(j)s时未满%(age)d周岁（出生日期%(b)s）")
                % {"j": joined_on.isoformat(), "age": MIN_AGE.value, "b": birth_date.isoformat()},
                field="joined_on",
            )
        )
    if kind == MemberKind.PROBATIONARY:
        if full_on is not None:
            problems.append(ApplicationError(_("预备党员不应填写转正时间"), field="full_on"))
        return problems
    if full_on is None:
        problems.append(
            ApplicationError(_("正式党员须填写转正时间（党龄起算日）"), field="full_on")
        )
        return problems
    earliest, latest = (
        rules.probation_end(joined_on),
        rules.probation_end(joined_on, extension_months=12),
    )
    if not earliest <= full_on <= latest:
        problems.append(
            ApplicationError(
                _("转正时间%(f)s应为入党时间满一年之日%(e)s（延长预备期的，不晚于%(l)s）")
                % {"f": full_on.isoformat(), "e": earliest.isoformat(), "l": latest.isoformat()},
                field="full_on",
            )
        )
    try:
        check_not_future(full_on, field="full_on", label=FULL_LABEL, today=today)
    except ApplicationError as error:
        problems.append(error)
    return problems


def raise_all(problems: list[ApplicationError]) -> None:
    if problems:
        first = problems[0].message
        raise ApplicationError(
            first
            if len(problems) == 1
            else _("有%(n)d处填写有误：%(first)s等") % {"n": len(problems), "first": first},
            details=[{"field": p.field, "message": p.message} for p in problems],
        )


@transaction.atomic
def member_create(*, actor, person: Person, data: dict[str, Any]) -> Member:
    authorize(actor, caps.CHANGE_MEMBER, person.organization)
    # Unscoped on purpose: a person has one membership, wherever it is recorded.
    if Member.objects.unscoped().filter(person=person).exists():
        raise ApplicationError(_("%(name)s已有党员记录") % {"name": person.name}, field="person")
    kind, joined_on, full_on = data.get("kind", ""), data.get("joined_on"), data.get("full_on")
    raise_all(
        check_membership(
            birth_date=person.birth_date, kind=kind, joined_on=joined_on, full_on=full_on
        )
    )
    occupation = data.get("occupation") or Occupation.EMPLOYED
    if occupation not in Occupation.values:
        raise ApplicationError(_("职业类别无效"), field="occupation")
    member = Member.objects.create(
        person=person,
        kind=kind,
        joined_on=joined_on,
        full_on=full_on,
        occupation=occupation,
        status=MemberStatus.NORMAL,
    )
    if person.political_status != POLITICAL_STATUS[kind]:
        Person.objects.filter(pk=person.pk).update(political_status=POLITICAL_STATUS[kind])
    audit.log_action(
        caps.MEMBER_CREATED,
        actor=actor,
        obj=member,
        changes={"kind": kind, "joined_on": str(joined_on), "full_on": str(full_on or "")},
    )
    changes_module.organizations_changed([person.organization_id])
    return member


@transaction.atomic
def member_update(*, actor, member: Member, data: dict[str, Any]) -> Member:
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    values = {
        f: data.get(f, getattr(member, f)) for f in ("kind", "joined_on", "full_on", "occupation")
    }
    raise_all(
        check_membership(
            birth_date=member.person.birth_date,
            kind=values["kind"],
            joined_on=values["joined_on"],
            full_on=values["full_on"],
        )
    )
    changes = {
        f: {"old": str(getattr(member, f) or ""), "new": str(v or "")}
        for f, v in values.items()
        if getattr(member, f) != v
    }
    if changes:
        for f, v in values.items():
            setattr(member, f, v)
        member.save()
        Person.objects.filter(pk=member.person_id).update(
            political_status=POLITICAL_STATUS[member.kind]
        )
        audit.log_action(caps.MEMBER_UPDATED, actor=actor, obj=member, changes=changes)
        changes_module.organizations_changed([member.person.organization_id])
    return member


@transaction.atomic
def member_change_status(
    *, actor, member: Member, status: str, occurred_on: dt.date, reason: str = ""
) -> Member:
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    if status not in MemberStatus.values:
        raise ApplicationError(_("党籍状态无效"), field="status")
    if status == member.status:
        raise ApplicationError(
            _("党籍状态已是“%(s)s”") % {"s": member.get_status_display()}, field="status"
        )
    if member.status in (MemberStatus.REMOVED, MemberStatus.DECEASED):
        raise ApplicationError(
            _("“%(s)s”的党员不能再变更状态") % {"s": member.get_status_display()}, field="status"
        )
    check_not_future(occurred_on, field="occurred_on", label=_("日期"))
    MemberStatusChange.objects.create(
        member=member,
        old_status=member.status,
        new_status=status,
        occurred_on=occurred_on,
        reason=reason,
        actor=actor,
    )
    old = member.status
    member.status = status
    member.save(update_fields=["status", "updated_at"])
    audit.log_action(
        caps.MEMBER_STATUS_CHANGED,
        actor=actor,
        obj=member,
        changes={"status": {"old": old, "new": status}},
        extra={"on": str(occurred_on), "reason": reason},
    )
    changes_module.organizations_changed([member.person.organization_id])
    return member
