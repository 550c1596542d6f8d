"""Urban co-building (契约化共建): resident units, contracts and their items, fulfilment
records, the annual evaluation (评约) and joint-meeting minutes. Every write is audited
(COBUILDING_SAVED) and refused with a Chinese reason naming the field."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgCategory, OrgKind
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import (
    CoBuildingContract,
    ContractEvaluation,
    ContractItem,
    Fulfilment,
    JointMeeting,
    ResidentUnit,
    UnitKind,
)
from zugong.grassroots.rules import urban as rules

EVIDENCE_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def _text(value: str, *, field: str, label, required: bool = True, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


def _community(org: Organization, field: str = "community") -> Organization:
    if org is None or org.category not in (OrgCategory.COMMUNITY, OrgCategory.VILLAGE):
        raise ApplicationError(_("请选择社区（村）党组织"), field=field)
    return org


def check_evidence(upload, field: str = "evidence") -> None:
    """An evidence file: a document or picture of at most 20 MB (the extension decides
    the type; the file is stored under media, never executed or served inline)."""
    if not upload:
        return
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ApplicationError(_("佐证材料只接受PDF、图片、Word或Excel文件"), field=field)
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ApplicationError(_("佐证材料不能超过20MB"), field=field)


# Resident units -------------------------------------------------------------------------


@transaction.atomic
def unit_save(*, actor, unit: ResidentUnit | None = None, **data) -> ResidentUnit:
    street = data.get("street") if unit is None else unit.street
    if street is None:
        raise ApplicationError(_("请选择所在街道（乡镇）"), field="street")
    authorize(actor, caps.CHANGE_GRASSROOTS, street)
    kind = data.get("kind", "")
    if kind not in UnitKind.values:
        raise ApplicationError(_("请选择单位性质"), field="kind")
    party_org = data.get("party_organization")
    fields = {
        "name": _text(data.get("name", ""), field="name", label=_("单位名称"), max_length=100),
        "kind": kind,
        "credit_code": (data.get("credit_code") or "").strip().upper(),
        "party_organization": party_org,
        "superior": _text(
            data.get("superior", ""),
            field="superior",
            label=_("上级主管单位"),
            required=False,
            max_length=100,
        ),
        "contact": _text(
            data.get("contact", ""),
            field="contact",
            label=_("联系人"),
            required=False,
            max_length=50,
        ),
    }
    if fields["credit_code"] and len(fields["credit_code"]) != 18:
        raise ApplicationError(_("统一社会信用代码应为18位"), field="credit_code")
    if unit is None:
        unit = ResidentUnit.objects.create(street=street, **fields)
    else:
        for key, value in fields.items():
            setattr(unit, key, value)
        unit.save()
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=unit,
        actor=actor,
        changes={"name": unit.name, "kind": unit.kind, "street": street.name},
    )
    return unit


# Contracts ------------------------------------------------------------------------------


@transaction.atomic
def contract_create(
    *, actor, community: Organization, unit: ResidentUnit, title: str, year: int, content=""
) -> CoBuildingContract:
    _community(community)
    authorize(actor, caps.CHANGE_GRASSROOTS, community)
    if unit is None:
        raise ApplicationError(_("请选择驻区单位"), field="unit")
    if not community.path.startswith(unit.street.path):
        raise ApplicationError(
            _("驻区单位“%(u)s”不在该社区所在的街道（乡镇）") % {"u": unit.name}, field="unit"
        )
    if not year or not 2000 <= int(year) <= 2100:
        raise ApplicationError(_("年度不正确"), field="year")
    contract = CoBuildingContract.objects.create(
        community=community,
        unit=unit,
        title=_text(title, field="title", label=_("契约名称"), max_length=100),
        year=int(year),
        step=rules.contract_steps()[0],
        content=(content or "").strip(),
    )
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=contract,
        actor=actor,
        changes={"title": contract.title, "step": contract.step, "unit": unit.name},
    )
    return contract


@transaction.atomic
def contract_advance(
    *,
    actor,
    contract: CoBuildingContract,
    step: str,
    signed_on: dt.date | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    today: dt.date | None = None,
) -> CoBuildingContract:
    """Move a contract to the next step of rules.urban.CONTRACT_STEPS. Signing (签约)
    needs the signing date and the fulfilment period; the last step (评约) needs the
    year's evaluation recorded first (evaluation_record)."""
    authorize(actor, caps.CHANGE_GRASSROOTS, contract.community)
    original = contract
    contract = CoBuildingContract.objects.select_for_update().get(pk=contract.pk)
    rules.check_step_order(contract.step, step)
    steps = rules.contract_steps()
    old = contract.step
    if step == "签约":
        if signed_on is None:
            raise ApplicationError(_("签约须填写签约日期"), field="signed_on")
        if signed_on > (today or dt.date.today()):
            raise ApplicationError(_("签约日期不能晚于今天"), field="signed_on")
        if starts_on and ends_on and ends_on < starts_on:
            raise ApplicationError(_("履约结束日期不能早于履约开始日期"), field="ends_on")
        contract.signed_on = signed_on
        contract.starts_on = starts_on or signed_on
        contract.ends_on = ends_on
    if step == steps[-1] and not contract.evaluations.exists():
        raise ApplicationError(_("进入“%(s)s”须先登记年度评价") % {"s": step}, field="step")
    if step == "履约" and not contract.items.exists():
        raise ApplicationError(_("契约没有需求、资源或项目清单事项，不能履约"), field="step")
    contract.step = step
    contract.save()
    for name in ("step", "signed_on", "starts_on", "ends_on"):
        setattr(original, name, getattr(contract, name))
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=contract,
        actor=actor,
        changes={"step": {"old": old, "new": step}},
    )
    return contract


@transaction.atomic
def item_add(
    *,
    actor,
    contract: CoBuildingContract,
    kind: str,
    content: str,
    due_on: dt.date,
    responsible: str = "",
) -> ContractItem:
    authorize(actor, caps.CHANGE_GRASSROOTS, contract.community)
    contract = CoBuildingContract.objects.get(pk=contract.pk)
    if kind not in ContractItem.Kind.values:
        raise ApplicationError(_("请选择清单类别"), field="kind")
    if due_on is None:
        raise ApplicationError(_("请填写完成时限"), field="due_on")
    if contract.step == rules.contract_steps()[-1]:
        raise ApplicationError(_("契约已评约，不能再增加事项"), field="contract")
    item = ContractItem.objects.create(
        contract=contract,
        kind=kind,
        content=_text(content, field="content", label=_("事项")),
        responsible=_text(
            responsible, field="responsible", label=_("责任方"), required=False, max_length=50
        ),
        due_on=due_on,
    )
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=item,
        actor=actor,
        changes={"content": item.content, "kind": kind, "due_on": due_on.isoformat()},
    )
    return item


@transaction.atomic
def fulfilment_record(
    *,
    actor,
    item: ContractItem,
    done_on: dt.date,
    description: str,
    participants: str = "",
    completes: bool = False,
    evidence=None,
    today: dt.date | None = None,
) -> Fulfilment:
    """A fulfilment record of one item (with an optional evidence file); ``completes``
    marks the item fulfilled on that day."""
    contract = CoBuildingContract.objects.select_related("community").get(pk=item.contract_id)
    authorize(actor, caps.CHANGE_GRASSROOTS, contract.community)
    today = today or dt.date.today()
    if done_on is None:
        raise ApplicationError(_("请填写履约日期"), field="done_on")
    if done_on > today:
        raise ApplicationError(_("履约日期不能晚于今天"), field="done_on")
    if contract.signed_on is None:
        raise ApplicationError(_("契约尚未签约，不能登记履约"), field="item")
    if done_on < contract.signed_on:
        raise ApplicationError(
            _("履约日期早于签约日期%(d)s") % {"d": contract.signed_on.isoformat()},
            field="done_on",
        )
    check_evidence(evidence)
    record = Fulfilment(
        item=item,
        done_on=done_on,
        description=_text(description, field="description", label=_("履约情况"), max_length=2000),
        participants=_text(participants, field="participants", label=_("参与人员"), required=False),
        completes=bool(completes),
    )
    record.save()
    if evidence:
        record.evidence.save(os.path.basename(evidence.name), evidence, save=True)
    if completes and item.fulfilled_on is None:
        item.fulfilled_on = done_on
        item.save(update_fields=["fulfilled_on"])
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=record,
        actor=actor,
        changes={"item": item.content, "done_on": done_on.isoformat(), "completes": completes},
    )
    return record


GRADE_BANDS = ((Decimal(90), "excellent"), (Decimal(80), "good"), (Decimal(60), "fair"))


def grade_of(score: Decimal) -> str:
    for floor, grade in GRADE_BANDS:
        if score >= floor:
            return grade
    return "poor"


@transaction.atomic
def evaluation_record(
    *,
    actor,
    contract: CoBuildingContract,
    year: int,
    score,
    evaluated_on: dt.date,
    comments: str = "",
    grade: str = "",
    sent_to: str = "",
    sent_on: dt.date | None = None,
) -> ContractEvaluation:
    """The annual evaluation of the unit's fulfilment; its result is sent to the unit's
    superior (``sent_to``, by default the unit's 上级主管单位) on ``sent_on``."""
    authorize(actor, caps.CHANGE_GRASSROOTS, contract.community)
    contract = CoBuildingContract.objects.select_related("unit").get(pk=contract.pk)
    if contract.signed_on is None:
        raise ApplicationError(_("契约尚未签约，不能评约"), field="contract")
    try:
        score = Decimal(str(score))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("得分应为0至100的数"), field="score") from None
    if not Decimal(0) <= score <= Decimal(100):
        raise ApplicationError(_("得分应为0至100的数"), field="score")
    grade = grade or grade_of(score)
    if grade not in ContractEvaluation.Grade.values:
        raise ApplicationError(_("请选择等次"), field="grade")
    if evaluated_on is None:
        raise ApplicationError(_("请填写评价日期"), field="evaluated_on")
    if sent_on and sent_on < evaluated_on:
        raise ApplicationError(_("报送日期不能早于评价日期"), field="sent_on")
    if ContractEvaluation.objects.filter(contract=contract, year=year).exists():
        raise ApplicationError(_("该契约%(y)d年度已评约") % {"y": year}, field="year")
    sent_to = (sent_to or contract.unit.superior or "").strip()
    if sent_on and not sent_to:
        raise ApplicationError(_("请填写报送单位"), field="sent_to")
    evaluation = ContractEvaluation.objects.create(
        contract=contract,
        year=year,
        score=score,
        grade=grade,
        comments=(comments or "").strip(),
        evaluated_on=evaluated_on,
        sent_to=sent_to,
        sent_on=sent_on,
    )
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=evaluation,
        actor=actor,
        changes={"year": year, "score": str(score), "grade": grade, "sent_to": sent_to},
    )
    return evaluation


@transaction.atomic
def joint_meeting_record(
    *,
    actor,
    organization: Organization,
    held_on: dt.date,
    topic: str,
    attendees: str = "",
    minutes: str = "",
    today: dt.date | None = None,
) -> JointMeeting:
    """Minutes of a joint meeting: at street level for a township (street) committee,
    at community level for a community organization."""
    if organization is None:
        raise ApplicationError(_("请选择党组织"), field="organization")
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    if organization.category in (OrgCategory.COMMUNITY, OrgCategory.VILLAGE):
        level = JointMeeting.Level.COMMUNITY
    elif organization.kind == OrgKind.TOWNSHIP:
        level = JointMeeting.Level.STREET
    else:
        raise ApplicationError(
            _("联席会议由街道（乡镇）党（工）委或社区党组织召开"), field="organization"
        )
    if held_on is None or held_on > (today or dt.date.today()):
        raise ApplicationError(_("会议日期不能为空或晚于今天"), field="held_on")
    meeting = JointMeeting.objects.create(
        organization=organization,
        level=level,
        held_on=held_on,
        topic=_text(topic, field="topic", label=_("议题")),
        attendees=(attendees or "").strip(),
        minutes=(minutes or "").strip(),
    )
    audit.log_action(
        caps.COBUILDING_SAVED,
        obj=meeting,
        actor=actor,
        changes={"topic": meeting.topic, "level": level, "held_on": held_on.isoformat()},
    )
    return meeting
