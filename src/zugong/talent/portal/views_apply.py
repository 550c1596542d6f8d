"""The portal's applications: rural talent certification (with evidence), the talent
card (apply, the signed QR code, renewal, changes, loss), service requests and talent
housing. Every write goes through the module's services with the talent as actor; a
record of another person is not in the talent's scope (404)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.talent.models import (
    CardStatus,
    CardTier,
    Certification,
    CertificationLevel,
    HousingApplication,
    ServiceRequest,
    TalentCard,
    TalentCategory,
)
from zugong.talent.portal.base import add_error, portal_page, talent_of
from zugong.talent.portal.forms import (
    CardChangeForm,
    CardForm,
    CertificationForm,
    EvidenceForm,
    HousingForm,
    ServiceRequestForm,
)
from zugong.talent.rules import card as card_rules

LIVE_CARD = (CardStatus.APPLIED, CardStatus.REVIEWED, CardStatus.ISSUED, CardStatus.LOST)


def _done(request, message: str, to: str, *args):
    messages.success(request, message)
    return redirect(to, *args)


# Certification ---------------------------------------------------------------------------


@never_cache
@portal_page()
def certifications(request):
    from zugong.talent.services import certification as services

    talent = talent_of(request)
    form = CertificationForm(
        request.POST or None,
        categories=list(TalentCategory.objects.filter(kind="national").values_list("pk", "name")),
        levels=list(CertificationLevel.objects.values_list("pk", "name")),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.certification_apply(
                actor=request.user,
                talent=talent,
                category=TalentCategory.objects.get(pk=data["category"]),
                level=CertificationLevel.objects.get(pk=data["level"]),
                statement=data["statement"],
                by_portal=True,
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            return _done(
                request, _("申请已提交，请上传佐证材料"), "talent_portal:certification", created.pk
            )
    rows = Certification.objects.filter(talent=talent).select_related("category", "level")
    return render(
        request,
        "talent/portal/certifications.html",
        {"form": form, "rows": rows, "title": _("乡村人才认定")},
    )


@never_cache
@portal_page()
def certification(request, pk: int):
    from zugong.talent.services import certification as services

    item = get_scoped_or_404(
        Certification.objects.select_related("category", "level", "talent"), pk=pk
    )
    checks = list(item.checks.select_related("criterion"))
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        criteria=[(c.criterion_id, c.criterion.text) for c in checks],
    )
    if request.method == "POST":
        try:
            if request.POST.get("withdraw"):
                services.certification_withdraw(actor=request.user, certification=item)
                return _done(request, _("申请已撤回"), "talent_portal:certifications")
            if form.is_valid():
                data = form.cleaned_data
                criterion = next(c.criterion for c in checks if c.criterion_id == data["criterion"])
                services.certification_attach(
                    actor=request.user,
                    certification=item,
                    criterion=criterion,
                    evidence=data["evidence"],
                    note=data["note"],
                )
                return _done(request, _("佐证材料已上传"), "talent_portal:certification", item.pk)
        except ApplicationError as error:
            add_error(form, error)
    return render(
        request,
        "talent/portal/certification.html",
        {"item": item, "checks": checks, "form": form, "title": _("认定申请")},
    )


# The card ----------------------------------------------------------------------------------


def _tiers():
    return list(CardTier.objects.values_list("pk", "name"))


@never_cache
@portal_page()
def card(request):
    """The talent's card with its signed QR code (the service worker keeps this page for
    a weak network), or the application form when there is none."""
    from zugong.talent.services import card as services

    talent = talent_of(request)
    current = (
        TalentCard.objects.filter(talent=talent, holder_card__isnull=True, status__in=LIVE_CARD)
        .select_related("tier")
        .prefetch_related("tier__entitlements", "dependants")
        .first()
    )
    form = CardForm(request.POST or None, tiers=_tiers())
    if request.method == "POST" and current is None and form.is_valid():
        data = form.cleaned_data
        try:
            services.card_apply(
                actor=request.user,
                talent=talent,
                tier=CardTier.objects.get(pk=data["tier"]),
                reason=data["reason"],
                contract_until=data["contract_until"],
                by_portal=True,
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            return _done(request, _("人才卡申请已提交，请等待人才办审核"), "talent_portal:card")
    from zugong.talent.services.card_verify import card_qr_svg

    qr = card_qr_svg(current) if current and current.status == CardStatus.ISSUED else ""
    history = TalentCard.objects.filter(talent=talent, holder_card__isnull=True).select_related(
        "tier"
    )
    renew_from = (
        card_rules.renewal_opens(current.valid_until) if current and current.valid_until else None
    )
    return render(
        request,
        "talent/portal/card.html",
        {
            "card": current,
            "qr": qr,
            "form": form,
            "history": history,
            "change_form": CardChangeForm(),
            "renew_from": renew_from,
            "renew_open": bool(renew_from and renew_from <= dt.date.today()),
            "title": _("我的人才卡"),
        },
    )


@portal_page()
def card_action(request, pk: int):
    """Renew, report a change or report a loss (POST only)."""
    from zugong.talent.services import card as services

    item = get_scoped_or_404(TalentCard.objects.select_related("tier"), pk=pk)
    if request.method != "POST":
        return redirect("talent_portal:card")
    action = request.POST.get("action")
    try:
        if action == "renew":
            services.card_renew(actor=request.user, card=item)
            message = _("续期申请已提交")
        elif action == "loss":
            services.card_report_loss(actor=request.user, card=item)
            message = _("已挂失，原卡二维码即时失效；补办请联系人才办")
        elif action == "change":
            form = CardChangeForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("请完整填写变更事项、新内容和变更日期"), field="item")
            services.card_report_change(actor=request.user, card=item, **form.cleaned_data)
            message = _("变更已报告")
        else:
            raise ApplicationError(_("未知的操作"), field="action")
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("talent_portal:card")
    return _done(request, message, "talent_portal:card")


# Service requests -----------------------------------------------------------------------------


@never_cache
@portal_page()
def service_requests(request):
    from zugong.talent.services import card_requests as services

    talent = talent_of(request)
    current = (
        TalentCard.objects.filter(talent=talent, holder_card__isnull=True, status=CardStatus.ISSUED)
        .select_related("tier")
        .first()
    )
    entitlements = list(current.tier.entitlements.values_list("pk", "name")) if current else []
    form = ServiceRequestForm(request.POST or None, entitlements=entitlements)
    if request.method == "POST" and form.is_valid():
        try:
            if current is None:
                raise ApplicationError(
                    _("您没有有效的人才卡，不能申请服务事项"), field="entitlement"
                )
            services.service_request_submit(
                actor=request.user,
                card=current,
                entitlement=current.tier.entitlements.get(pk=form.cleaned_data["entitlement"]),
                content=form.cleaned_data["content"],
                by_portal=True,
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            return _done(
                request, _("服务需求已提交，承办单位将在期限内办理"), "talent_portal:services"
            )
    rows = ServiceRequest.objects.filter(card__talent=talent).select_related("entitlement")
    return render(
        request,
        "talent/portal/services.html",
        {
            "form": form,
            "rows": rows,
            "card": current,
            "today": dt.date.today(),
            "title": _("人才服务"),
        },
    )


# Housing ----------------------------------------------------------------------------------------


@never_cache
@portal_page()
def housing(request):
    from zugong.talent.services import housing as services

    talent = talent_of(request)
    form = HousingForm(request.POST or None, initial={"employer": talent.employer})
    if request.method == "POST" and form.is_valid():
        try:
            services.housing_apply(
                actor=request.user, talent=talent, by_portal=True, **form.cleaned_data
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            return _done(request, _("人才公寓申请已提交"), "talent_portal:housing")
    rows = HousingApplication.objects.filter(talent=talent).select_related("lease__room__apartment")
    return render(
        request, "talent/portal/housing.html", {"form": form, "rows": rows, "title": _("人才公寓")}
    )
