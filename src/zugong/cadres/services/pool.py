"""The young-cadre pool, secondments and front-line postings, and the dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.models import (
    Cadre,
    DossierCategory,
    DossierLoan,
    DossierMaterial,
    PostLevel,
    Secondment,
    YoungCadreEntry,
)
from zugong.cadres.services.records import raise_all
from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future

LINE_OF_LEVEL = {
    PostLevel.TOWNSHIP_DEPUTY: "township",
    PostLevel.TOWNSHIP_PRINCIPAL: "township",
    PostLevel.COUNTY_DEPUTY: "department",
    PostLevel.COUNTY_PRINCIPAL: "county",
}


def young_line_of(cadre: Cadre) -> int:
    post = selectors.current_position(cadre)
    return rules.young_line(LINE_OF_LEVEL.get(post.level, "county") if post else "township")


def _date(value, field, label, problems):
    if not value:
        problems.append(ApplicationError(_("请填写%(l)s") % {"l": label}, field=field))
        return
    try:
        check_not_future(value, field=field, label=label)
    except ApplicationError as error:
        problems.append(error)


@transaction.atomic
def young_enter(*, actor, cadre: Cadre, data: dict[str, Any]) -> YoungCadreEntry:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    problems: list[ApplicationError] = []
    _date(data.get("entered_on"), "entered_on", _("入库时间"), problems)
    if data.get("source") not in YoungCadreEntry.Source.values:
        problems.append(ApplicationError(_("来源无效"), field="source"))
    if not str(data.get("evaluation", "")).strip():
        problems.append(ApplicationError(_("请填写综合评价"), field="evaluation"))
    raise_all(problems)
    line = young_line_of(cadre)
    age = rules.age_on(cadre.person.birth_date, data["entered_on"])
    if age > line:
        raise ApplicationError(
            _("%(n)s入库时%(a)d岁，超过该层次优秀年轻干部年龄界限%(l)d岁")
            % {"n": cadre.person.name, "a": age, "l": line},
            field="entered_on",
        )
    if YoungCadreEntry.objects.filter(cadre=cadre, status=YoungCadreEntry.Status.ACTIVE).exists():
        raise ApplicationError(_("%(n)s已在库") % {"n": cadre.person.name}, field="cadre")
    entry = YoungCadreEntry.objects.create(
        cadre=cadre,
        entered_on=data["entered_on"],
        source=data["source"],
        evaluation=data["evaluation"].strip(),
        follow_up=data.get("follow_up", ""),
    )
    audit.log_action(
        caps.POOL_SAVED, actor=actor, obj=cadre, changes={"pool": "entered", "age": age}
    )
    return entry


@transaction.atomic
def young_follow_up(
    *, actor, entry: YoungCadreEntry, follow_up: str, status: str = "", left_on=None
) -> YoungCadreEntry:
    authorize(actor, caps.CHANGE_CADRE, entry.cadre.unit)
    if status and status not in YoungCadreEntry.Status.values:
        raise ApplicationError(_("状态无效"), field="status")
    if status and status != YoungCadreEntry.Status.ACTIVE:
        if not left_on:
            raise ApplicationError(_("出库须填写出库时间"), field="left_on")
        check_not_future(left_on, field="left_on", label=_("出库时间"))
        entry.left_on = left_on
    if status:
        entry.status = status
    if follow_up.strip():
        stamp = f"{dt.date.today():%Y-%m-%d}"
        entry.follow_up = (
            entry.follow_up + "\n" if entry.follow_up else ""
        ) + f"{stamp} {follow_up.strip()}"
    entry.save()
    audit.log_action(caps.POOL_SAVED, actor=actor, obj=entry.cadre, changes={"pool": entry.status})
    return entry


@transaction.atomic
def secondment_start(*, actor, cadre: Cadre, data: dict[str, Any]) -> Secondment:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    problems: list[ApplicationError] = []
    if data.get("kind") not in Secondment.Kind.values:
        problems.append(ApplicationError(_("类别无效"), field="kind"))
    for field, label in (("place", _("挂职（锻炼）单位")), ("post", _("挂任职务"))):
        if not str(data.get(field, "")).strip():
            problems.append(ApplicationError(_("请填写%(l)s") % {"l": label}, field=field))
    _date(data.get("started_on"), "started_on", _("开始时间"), problems)
    ends = data.get("ends_on")
    if not ends:
        problems.append(ApplicationError(_("请填写期满时间"), field="ends_on"))
    elif data.get("started_on") and ends <= data["started_on"]:
        problems.append(ApplicationError(_("期满时间应晚于开始时间"), field="ends_on"))
    raise_all(problems)
    if Secondment.objects.filter(cadre=cadre, returned_on__isnull=True).exists():
        raise ApplicationError(_("%(n)s正在挂职，不能重复登记") % {"n": cadre.person.name})
    record = Secondment.objects.create(
        cadre=cadre,
        kind=data["kind"],
        place=data["place"].strip(),
        post=data["post"].strip(),
        started_on=data["started_on"],
        ends_on=ends,
    )
    audit.log_action(
        caps.POOL_SAVED,
        actor=actor,
        obj=cadre,
        changes={"secondment": record.place, "ends_on": str(ends)},
    )
    return record


@transaction.atomic
def secondment_return(
    *, actor, secondment: Secondment, returned_on: dt.date, evaluation: str = ""
) -> Secondment:
    authorize(actor, caps.CHANGE_CADRE, secondment.cadre.unit)
    check_not_future(returned_on, field="returned_on", label=_("实际结束时间"))
    if returned_on < secondment.started_on:
        raise ApplicationError(_("结束时间早于开始时间"), field="returned_on")
    secondment.returned_on = returned_on
    secondment.evaluation = evaluation
    secondment.save()
    audit.log_action(
        caps.POOL_SAVED,
        actor=actor,
        obj=secondment.cadre,
        changes={"returned_on": str(returned_on)},
    )
    return secondment


@transaction.atomic
def dossier_receive(*, actor, cadre: Cadre, data: dict[str, Any]) -> DossierMaterial:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    problems: list[ApplicationError] = []
    if data.get("category") not in DossierCategory.values:
        problems.append(ApplicationError(_("档案材料类别无效"), field="category"))
    if not str(data.get("title", "")).strip():
        problems.append(ApplicationError(_("请填写材料名称"), field="title"))
    _date(data.get("formed_on"), "formed_on", _("形成时间"), problems)
    _date(data.get("received_on"), "received_on", _("收到时间"), problems)
    if not data.get("pages") or int(data["pages"]) < 1:
        problems.append(ApplicationError(_("页数应大于0"), field="pages"))
    if (
        data.get("formed_on")
        and data.get("received_on")
        and data["received_on"] < data["formed_on"]
    ):
        problems.append(ApplicationError(_("收到时间早于形成时间"), field="received_on"))
    raise_all(problems)
    material = DossierMaterial.objects.create(
        cadre=cadre,
        category=data["category"],
        title=data["title"].strip(),
        formed_on=data["formed_on"],
        received_on=data["received_on"],
        pages=data["pages"],
        sent_by=data.get("sent_by", ""),
    )
    audit.log_action(
        caps.DOSSIER_SAVED, actor=actor, obj=cadre, changes={"material": material.title}
    )
    return material


@transaction.atomic
def dossier_lend(*, actor, cadre: Cadre, data: dict[str, Any]) -> DossierLoan:
    authorize(actor, caps.CHANGE_CADRE, cadre.unit)
    problems: list[ApplicationError] = []
    for field, label in (
        ("borrower", _("借阅人")),
        ("borrower_unit", _("借阅单位")),
        ("purpose", _("借阅事由")),
        ("approved_by", _("审批人")),
    ):
        if not str(data.get(field, "")).strip():
            problems.append(ApplicationError(_("请填写%(l)s") % {"l": label}, field=field))
    _date(data.get("lent_on"), "lent_on", _("借出日期"), problems)
    due = data.get("due_on")
    if not due:
        problems.append(ApplicationError(_("请填写应归还日期"), field="due_on"))
    elif data.get("lent_on") and due < data["lent_on"]:
        problems.append(ApplicationError(_("应归还日期早于借出日期"), field="due_on"))
    raise_all(problems)
    if DossierLoan.objects.filter(cadre=cadre, returned_on__isnull=True).exists():
        raise ApplicationError(
            _("%(n)s的档案已借出未还，不能再借") % {"n": cadre.person.name}, field="lent_on"
        )
    loan = DossierLoan.objects.create(
        cadre=cadre,
        **{
            k: data[k]
            for k in ("borrower", "borrower_unit", "purpose", "approved_by", "lent_on", "due_on")
        },
    )
    audit.log_action(
        caps.DOSSIER_SAVED,
        actor=actor,
        obj=cadre,
        changes={"lent_to": loan.borrower, "approved_by": loan.approved_by, "due_on": str(due)},
    )
    return loan


@transaction.atomic
def dossier_return(*, actor, loan: DossierLoan, returned_on: dt.date) -> DossierLoan:
    authorize(actor, caps.CHANGE_CADRE, loan.cadre.unit)
    if loan.returned_on:
        raise ApplicationError(_("档案已归还"), field="returned_on")
    check_not_future(returned_on, field="returned_on", label=_("归还日期"))
    if returned_on < loan.lent_on:
        raise ApplicationError(_("归还日期早于借出日期"), field="returned_on")
    loan.returned_on = returned_on
    loan.save(update_fields=["returned_on"])
    audit.log_action(
        caps.DOSSIER_SAVED, actor=actor, obj=loan.cadre, changes={"returned_on": str(returned_on)}
    )
    return loan
