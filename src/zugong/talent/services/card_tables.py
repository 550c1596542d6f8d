"""The card's editable tables: services (entitlements) with their handling unit and
time limit, and tiers with the services they carry (MANAGE_TABLES, audited as
TABLES_SAVED). The shipped defaults are in zugong.talent.defaults."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.talent import capabilities as caps
from zugong.talent.models import CardTier, Entitlement
from zugong.talent.services.card_common import log, text


@transaction.atomic
def entitlement_save(
    *,
    actor,
    entitlement: Entitlement | None,
    code: str,
    name: str,
    handling_unit: str,
    time_limit_days,
    description: str = "",
) -> Entitlement:
    authorize(actor, caps.MANAGE_TABLES)
    entitlement = entitlement or Entitlement()
    code = text(code, field="code", label=_("代码"), max_length=20)
    if Entitlement.objects.filter(code=code).exclude(pk=entitlement.pk).exists():
        raise ApplicationError(_("代码“%(c)s”已被使用") % {"c": code}, field="code")
    try:
        days = int(time_limit_days)
    except (TypeError, ValueError):
        raise ApplicationError(_("请填写办理时限"), field="time_limit_days") from None
    if not 1 <= days <= 365:
        raise ApplicationError(_("办理时限应在1至365个工作日之间"), field="time_limit_days")
    entitlement.code = code
    entitlement.name = text(name, field="name", label=_("名称"), max_length=50)
    entitlement.handling_unit = text(
        handling_unit, field="handling_unit", label=_("承办单位"), max_length=100
    )
    entitlement.time_limit_days = days
    entitlement.description = text(
        description, field="description", label=_("说明"), required=False, max_length=2000
    )
    entitlement.save()
    log(caps.TABLES_SAVED, entitlement, actor, table="entitlement", code=code, days=days)
    return entitlement


@transaction.atomic
def tier_save(
    *,
    actor,
    tier: CardTier | None,
    code: str,
    name: str,
    order=0,
    criteria: str = "",
    entitlements=(),
    dependant_cards: bool = False,
    source: str = "",
) -> CardTier:
    authorize(actor, caps.MANAGE_TABLES)
    tier = tier or CardTier()
    code = text(code, field="code", label=_("类别代码"), max_length=10)
    if CardTier.objects.filter(code=code).exclude(pk=tier.pk).exists():
        raise ApplicationError(_("类别代码“%(c)s”已被使用") % {"c": code}, field="code")
    tier.code = code
    tier.name = text(name, field="name", label=_("名称"), max_length=30)
    tier.order = int(order or 0)
    tier.criteria = text(
        criteria, field="criteria", label=_("认定标准"), required=False, max_length=2000
    )
    tier.dependant_cards = bool(dependant_cards)
    tier.source = text(source, field="source", label=_("依据"), required=False, max_length=200)
    tier.save()
    tier.entitlements.set(list(entitlements or []))
    log(
        caps.TABLES_SAVED,
        tier,
        actor,
        table="card_tier",
        code=code,
        entitlements=sorted(e.code for e in tier.entitlements.all()),
        dependant_cards=tier.dependant_cards,
    )
    return tier
