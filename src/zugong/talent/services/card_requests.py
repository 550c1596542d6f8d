"""Service requests per entitlement (人才服务事项, ★ entitlement clock): a holder of a
valid card asks for a service its tier includes; the request goes to the
entitlement's handling unit with a due day by rule (working days), and the handling
unit accepts, completes or rejects it. Audited as SERVICE_SAVED."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize, authorize_either
from zugong.talent import capabilities as caps
from zugong.talent.models import CardStatus, Entitlement, RequestStatus, ServiceRequest, TalentCard
from zugong.talent.rules import card as rules
from zugong.talent.services.card_common import day, log, text

OPEN = (RequestStatus.SUBMITTED, RequestStatus.ACCEPTED)


def card_valid_on(card: TalentCard, on: dt.date) -> bool:
    return (
        card.status == CardStatus.ISSUED
        and card.valid_until is not None
        and card.issued_on is not None
        and card.issued_on <= on <= card.valid_until
    )


def _not_valid_reason(card: TalentCard, on: dt.date) -> str:
    if card.status == CardStatus.ISSUED and card.valid_until and card.valid_until < on:
        return _("人才卡已于%(d)s过期") % {"d": day(card.valid_until)}
    return _("人才卡当前状态为“%(s)s”") % {"s": card.get_status_display()}


@transaction.atomic
def service_request_submit(
    *,
    actor,
    card: TalentCard,
    entitlement: Entitlement,
    content: str,
    by_portal: bool = False,
    today: dt.date | None = None,
) -> ServiceRequest:
    today = today or dt.date.today()
    if card is None:
        raise ApplicationError(_("请选择人才卡"), field="card")
    talent = card.talent
    authorize_either(actor, caps.CHANGE_TALENT, talent.township, caps.CHANGE_OWN, talent.person_id)
    if card.holder_card_id:
        raise ApplicationError(_("服务事项由主卡持卡人提出"), field="card")
    if not card_valid_on(card, today):
        raise ApplicationError(
            _("%(r)s，不能申请服务事项") % {"r": _not_valid_reason(card, today)}, field="card"
        )
    if entitlement is None:
        raise ApplicationError(_("请选择服务事项"), field="entitlement")
    if not card.tier.entitlements.filter(pk=entitlement.pk).exists():
        raise ApplicationError(
            _("“%(t)s”人才卡不含“%(e)s”服务") % {"t": card.tier.name, "e": entitlement.name},
            field="entitlement",
        )
    content = text(content, field="content", label=_("需求"), max_length=1000)
    request = ServiceRequest.objects.create(
        card=card,
        entitlement=entitlement,
        content=content,
        submitted_on=today,
        by_portal=bool(by_portal),
        handling_unit=entitlement.handling_unit,
        due_on=rules.service_due(today, entitlement.time_limit_days),
    )
    log(
        caps.SERVICE_SAVED,
        request,
        actor,
        step="submit",
        entitlement=entitlement.code,
        handling_unit=request.handling_unit,
        due_on=request.due_on.isoformat(),
    )
    return request


def _handle(actor, request: ServiceRequest, *allowed: str) -> None:
    authorize(actor, caps.HANDLE_SERVICES, request.card.talent.township)
    if request.status not in allowed:
        raise ApplicationError(
            _("该服务事项当前状态为“%(s)s”，不能办理此项") % {"s": request.get_status_display()},
            field="status",
        )


@transaction.atomic
def service_request_accept(
    *, actor, request: ServiceRequest, result: str = "", today: dt.date | None = None
) -> ServiceRequest:
    _handle(actor, request, RequestStatus.SUBMITTED)
    request.status = RequestStatus.ACCEPTED
    request.result = text(
        result, field="result", label=_("受理意见"), required=False, max_length=1000
    )
    request.save()
    log(caps.SERVICE_SAVED, request, actor, step="accept")
    return request


@transaction.atomic
def service_request_complete(
    *, actor, request: ServiceRequest, result: str, today: dt.date | None = None
) -> ServiceRequest:
    today = today or dt.date.today()
    _handle(actor, request, *OPEN)
    request.result = text(result, field="result", label=_("办理结果"), max_length=1000)
    request.status, request.handled_on = RequestStatus.DONE, today
    request.save()
    log(caps.SERVICE_SAVED, request, actor, step="complete", late=today > request.due_on)
    return request


@transaction.atomic
def service_request_reject(
    *, actor, request: ServiceRequest, result: str, today: dt.date | None = None
) -> ServiceRequest:
    today = today or dt.date.today()
    _handle(actor, request, *OPEN)
    request.result = text(result, field="result", label=_("不予办理的理由"), max_length=1000)
    request.status, request.handled_on = RequestStatus.REJECTED, today
    request.save()
    log(caps.SERVICE_SAVED, request, actor, step="reject")
    return request
