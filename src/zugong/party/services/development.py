"""Carrying a person through the development pipeline, step by dated step."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Person
from zugong.core.services.access import authorize
from zugong.party import capabilities as caps
from zugong.party import pipeline
from zugong.party.models import (
    DevelopmentCase,
    DevelopmentStep,
    Member,
    MemberKind,
    MemberStatus,
    Stage,
)
from zugong.party.services.members import POLITICAL_STATUS

OPEN = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY]


def steps_of(case: DevelopmentCase) -> dict[str, list]:
    steps: dict[str, list] = {}
    for step in case.steps.order_by("occurred_on", "id"):
        steps.setdefault(step.step, []).append((step.occurred_on, step.details))
    return steps


@transaction.atomic
def development_start(
    *, actor, person: Person, applied_on: dt.date, note: str = ""
) -> DevelopmentCase:
    """A written application opens a case (党章第一条: from the age of 18)."""
    authorize(actor, caps.CHANGE_MEMBER, person.organization)
    # Unscoped on purpose: a person is a member or in a pipeline only once, anywhere.
    if Member.objects.unscoped().filter(person=person).exists():
        raise ApplicationError(_("%(n)s已是党员") % {"n": person.name}, field="person")
    if DevelopmentCase.objects.unscoped().filter(person=person, stage__in=OPEN).exists():
        raise ApplicationError(_("%(n)s已在发展程序中") % {"n": person.name}, field="person")
    problems = pipeline.check_step(
        stage=Stage.APPLICANT,
        steps={},
        code="application",
        day=applied_on,
        details={},
        birth_date=person.birth_date,
        today=dt.date.today(),
    )
    if problems:
        raise ApplicationError(
            problems[0],
            field="applied_on",
            details=[{"field": "applied_on", "message": p} for p in problems],
        )
    case = DevelopmentCase.objects.create(person=person, rule_set=pipeline.rule_set_for(applied_on))
    DevelopmentStep.objects.create(
        case=case, step="application", occurred_on=applied_on, note=note, recorded_by=actor
    )
    audit.log_action(
        caps.DEVELOPMENT_STEP,
        actor=actor,
        obj=case,
        changes={"step": "application", "on": applied_on.isoformat()},
    )
    changes_module.organizations_changed([person.organization_id])  # the pipeline
    return case


def _full_members(case: DevelopmentCase, ids: list) -> list[str]:
    members = Member.objects.filter(
        person_id__in=ids, kind=MemberKind.FULL, status=MemberStatus.NORMAL
    ).select_related("person")
    if len(members) != len(set(ids)):
        raise ApplicationError(_("培养联系人和入党介绍人须是党籍正常的正式党员"), field="persons")
    return [m.person.name for m in members]


@transaction.atomic
def development_step(
    *,
    actor,
    case: DevelopmentCase,
    step: str,
    occurred_on: dt.date,
    details: dict | None = None,
    note: str = "",
) -> DevelopmentStep:
    """Record one step if the rules allow it on that day; move the stage when it does."""
    authorize(actor, caps.CHANGE_MEMBER, case.person.organization)
    details = dict(details or {})
    steps = steps_of(case)
    problems = pipeline.check_step(
        stage=case.stage,
        steps=steps,
        code=step,
        day=occurred_on,
        details=details,
        birth_date=case.person.birth_date,
        today=dt.date.today(),
    )
    if problems:
        raise ApplicationError(
            problems[0]
            if len(problems) == 1
            else _("有%(n)d处问题：%(f)s等") % {"n": len(problems), "f": problems[0]},
            details=[{"field": "step", "message": p} for p in problems],
        )
    late = pipeline.lateness(step, occurred_on, steps, details)
    reason = str(details.pop("late_reason", "") or "").strip()
    if late is not None:
        if not reason and pipeline.late_reason_required():
            raise ApplicationError(
                _("“%(s)s”应于%(d)s前完成（%(src)s），%(o)s记录已超期%(n)d天，请填写超期说明")
                % {
                    "s": late.label,
                    "d": late.deadline.isoformat(),
                    "src": late.source,
                    "o": occurred_on.isoformat(),
                    "n": late.days,
                },
                field="late_reason",
            )
        # The trace a late record keeps: its deadline, how late, and why.
        details["late"] = {"deadline": late.deadline.isoformat(), "days": late.days}
        details["late_reason"] = reason[:200]
    if step in ("contacts", "sponsors"):
        details["names"] = _full_members(case, details.get("persons", []))
    details["rule_set"] = pipeline.rule_set_for(
        occurred_on
    )  # the rules the step was checked against
    record = DevelopmentStep.objects.create(
        case=case, step=step, occurred_on=occurred_on, details=details, note=note, recorded_by=actor
    )
    steps.setdefault(step, []).append((occurred_on, details))
    spec = pipeline.STEPS[step]
    if spec.to_stage:
        case.stage = spec.to_stage
        case.save(update_fields=["stage"])
    person = case.person
    if step == "approval":
        # Probation and 入党时间 run from the branch meeting that accepted the person.
        joined = steps["branch_meeting"][-1][0]
        Member.objects.create(person=person, kind=MemberKind.PROBATIONARY, joined_on=joined)
        Person.objects.filter(pk=person.pk).update(
            political_status=POLITICAL_STATUS[MemberKind.PROBATIONARY]
        )
    elif step == "full_approval":
        member = Member.objects.get(person=person)
        member.kind, member.full_on = MemberKind.FULL, pipeline.probation_end(steps)
        member.save(update_fields=["kind", "full_on", "updated_at"])
        Person.objects.filter(pk=person.pk).update(
            political_status=POLITICAL_STATUS[MemberKind.FULL]
        )
    elif step == "cancel":
        member = Member.objects.filter(person=person).first()
        if member is not None:
            member.status = MemberStatus.REMOVED
            member.save(update_fields=["status", "updated_at"])
    audit.log_action(
        caps.DEVELOPMENT_STEP,
        actor=actor,
        obj=case,
        changes={
            "step": step,
            "on": occurred_on.isoformat(),
            "stage": case.stage,
            **({"late_days": late.days, "late_reason": reason} if late else {}),
        },
    )
    changes_module.organizations_changed([case.person.organization_id])  # the pipeline
    return record
