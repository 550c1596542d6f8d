"""Supervision records (提醒、函询、诫勉、处分、组织处理), clearances and rectification.

Only holders of ``cadres.view_supervision`` read them and every read is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.cadres import capabilities as caps
from zugong.cadres.models import (
    Cadre,
    Clearance,
    Measure,
    Rectification,
    SupervisionKind,
    SupervisionRecord,
)
from zugong.cadres.rules.supervision import INQUIRY_REPLY_DAYS, reply_due  # noqa: F401
from zugong.cadres.services.records import raise_all
from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future

MEASURE_KIND = {
    "party_": SupervisionKind.PARTY_SANCTION,
    "state_": SupervisionKind.STATE_SANCTION,
    "org_": SupervisionKind.ORG_HANDLING,
}


def measure_problem(kind: str, measure: str) -> str | None:
    if kind not in SupervisionKind.values:
        return _("监督类别无效")
    if measure and measure not in Measure.values:
        return _("处分或处理种类无效")
    needs = kind in (
        SupervisionKind.PARTY_SANCTION,
        SupervisionKind.STATE_SANCTION,
        SupervisionKind.ORG_HANDLING,
    )
    if needs and not measure:
        return _("%(k)s须选择处分或处理种类") % {"k": SupervisionKind(kind).label}
    if measure:
        prefix = next(p for p in MEASURE_KIND if measure.startswith(p))
        if MEASURE_KIND[prefix] != kind:
            return _("“%(m)s”不属于%(k)s") % {
                "m": Measure(measure).label,
                "k": SupervisionKind(kind).label,
            }
    return None


@transaction.atomic
def supervision_record(*, actor, cadre: Cadre, data: dict[str, Any]) -> SupervisionRecord:
    authorize(actor, caps.CHANGE_SUPERVISION, cadre.unit)
    kind, measure = data.get("kind", ""), data.get("measure", "") or ""
    problems = []
    problem = measure_problem(kind, measure)
    if problem:
        problems.append(ApplicationError(problem, field="measure"))
    if not str(data.get("issue", "")).strip():
        problems.append(ApplicationError(_("请填写反映问题或事由"), field="issue"))
    decided = data.get("decided_on")
    if not decided:
        problems.append(ApplicationError(_("请填写决定（生效）日期"), field="decided_on"))
    else:
        try:
            check_not_future(decided, field="decided_on", label=_("决定日期"))
        except ApplicationError as error:
            problems.append(error)
    received = data.get("letter_received_on")
    if kind == SupervisionKind.INQUIRY and not received:
        problems.append(
            ApplicationError(_("函询须填写被函询人收到函件日期"), field="letter_received_on")
        )
    if received and decided and received < decided:
        problems.append(ApplicationError(_("收到函件日期早于发函日期"), field="letter_received_on"))
    raise_all(problems)
    record = SupervisionRecord(
        cadre=cadre,
        kind=kind,
        measure=measure,
        issue=data["issue"].strip(),
        decided_on=decided,
        decided_by=data.get("decided_by", ""),
        document=data.get("document", ""),
        letter_received_on=received,
        replied_on=data.get("replied_on"),
        outcome=data.get("outcome", ""),
        status=data.get("status") or SupervisionRecord.Status.OPEN,
    )
    if data.get("attachment"):
        record.attachment = data["attachment"]
    if received:
        record.reply_due = reply_due(received)
    record.save()
    audit.log_action(
        caps.SUPERVISION_SAVED,
        actor=actor,
        obj=cadre,
        changes={
            "record": record.pk,
            "kind": kind,
            "measure": measure,
            "decided_on": str(decided),
            "reply_due": str(record.reply_due or ""),
        },
    )
    return record


@transaction.atomic
def supervision_update(
    *,
    actor,
    record: SupervisionRecord,
    replied_on: dt.date | None = None,
    outcome: str = "",
    status: str = "",
) -> SupervisionRecord:
    authorize(actor, caps.CHANGE_SUPERVISION, record.cadre.unit)
    changes = {}
    if replied_on:
        check_not_future(replied_on, field="replied_on", label=_("回复日期"))
        if record.letter_received_on and replied_on < record.letter_received_on:
            raise ApplicationError(_("回复日期早于收到函件日期"), field="replied_on")
        record.replied_on = replied_on
        changes["replied_on"] = str(replied_on)
    if outcome:
        record.outcome = outcome
        changes["outcome"] = outcome
    if status:
        if status not in SupervisionRecord.Status.values:
            raise ApplicationError(_("状态无效"), field="status")
        record.status = status
        changes["status"] = status
    record.save()
    audit.log_action(caps.SUPERVISION_SAVED, actor=actor, obj=record.cadre, changes=changes)
    return record


def supervision_view(*, actor, record: SupervisionRecord) -> SupervisionRecord:
    """Record that ``actor`` read a supervision record (each view is audited)."""
    authorize(actor, caps.VIEW_SUPERVISION, record.cadre.unit)
    audit.log_action(
        caps.SUPERVISION_VIEWED,
        actor=actor,
        obj=record.cadre,
        extra={"record": record.pk, "kind": record.kind},
    )
    return record


def supervision_list_viewed(*, actor, cadre: Cadre, count: int) -> None:
    authorize(actor, caps.VIEW_SUPERVISION, cadre.unit)
    audit.log_action(caps.SUPERVISION_VIEWED, actor=actor, obj=cadre, extra={"records": count})


@transaction.atomic
def clearance_record(*, actor, record: SupervisionRecord, data: dict[str, Any]) -> Clearance:
    """澄清正名: only for a report found seriously untrue, untrue or fabricated."""
    authorize(actor, caps.CHANGE_SUPERVISION, record.cadre.unit)
    problems = []
    if data.get("finding") not in Clearance.Finding.values:
        problems.append(
            ApplicationError(
                _("只有经核查属于严重失实、失实或诬告陷害的，才能澄清正名"), field="finding"
            )
        )
    for field, choices, label in (
        ("initiated_by", Clearance.Initiator, _("启动方式")),
        ("form", Clearance.Form, _("澄清方式")),
    ):
        if data.get(field) not in choices.values:
            problems.append(ApplicationError(_("%(l)s无效") % {"l": label}, field=field))
    if not str(data.get("scope_text", "")).strip():
        problems.append(ApplicationError(_("请填写澄清范围"), field="scope_text"))
    cleared = data.get("cleared_on")
    if not cleared:
        problems.append(ApplicationError(_("请填写澄清日期"), field="cleared_on"))
    elif cleared < record.decided_on:
        problems.append(ApplicationError(_("澄清日期早于被澄清事项的日期"), field="cleared_on"))
    else:
        try:
            check_not_future(cleared, field="cleared_on", label=_("澄清日期"))
        except ApplicationError as error:
            problems.append(error)
    raise_all(problems)
    clearance = Clearance.objects.create(
        record=record,
        finding=data["finding"],
        initiated_by=data["initiated_by"],
        form=data["form"],
        scope_text=data["scope_text"].strip(),
        cleared_on=cleared,
        note=data.get("note", ""),
    )
    if record.status == SupervisionRecord.Status.OPEN:
        record.status = SupervisionRecord.Status.CLOSED
        record.outcome = record.outcome or _("经核查反映不实，已澄清正名")
        record.save(update_fields=["status", "outcome"])
    audit.log_action(
        caps.CLEARANCE_SAVED,
        actor=actor,
        obj=record.cadre,
        changes={"record": record.pk, "finding": data["finding"], "cleared_on": str(cleared)},
    )
    return clearance


@transaction.atomic
def rectification_save(*, actor, task: Rectification, data: dict[str, Any]) -> Rectification:
    unit = data.get("responsible_unit") or (task.responsible_unit if task.pk else None)
    if unit is None:
        raise ApplicationError(_("请选择责任单位"), field="responsible_unit")
    authorize(actor, caps.CHANGE_SUPERVISION, unit)
    if task.pk and unit.pk != task.responsible_unit_id:
        authorize(actor, caps.CHANGE_SUPERVISION, task.responsible_unit)
    problems = []
    for field, label in (("finding", _("反馈问题")), ("measures", _("整改措施"))):
        value = data.get(field, getattr(task, field))
        if not str(value or "").strip():
            problems.append(ApplicationError(_("请填写%(l)s") % {"l": label}, field=field))
    if data.get("source", task.source) not in Rectification.Source.values:
        problems.append(ApplicationError(_("来源无效"), field="source"))
    if not data.get("deadline", task.deadline):
        problems.append(ApplicationError(_("请填写整改时限"), field="deadline"))
    status = data.get("status") or task.status or Rectification.Status.OPEN
    completed = data.get("completed_on", task.completed_on)
    if status == Rectification.Status.DONE and not completed:
        problems.append(ApplicationError(_("已完成的整改须填写完成日期"), field="completed_on"))
    if completed:
        try:
            check_not_future(completed, field="completed_on", label=_("完成日期"))
        except ApplicationError as error:
            problems.append(error)
    raise_all(problems)
    created = task.pk is None
    for field in (
        "source",
        "round_name",
        "finding",
        "responsible_person",
        "measures",
        "deadline",
        "progress",
    ):
        if field in data:
            setattr(task, field, data[field])
    task.responsible_unit = unit
    task.status = status
    task.completed_on = completed
    task.save()
    audit.log_action(
        caps.RECTIFICATION_SAVED,
        actor=actor,
        obj=task,
        changes={"created": created, "status": status, "deadline": str(task.deadline)},
    )
    return task
