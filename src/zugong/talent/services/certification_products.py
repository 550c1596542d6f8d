"""One town, one product (一镇一品): the township's product with its linked talents and
output by year; and the retired-soldier status the village structure check reads.

Written by the township or the talent office (CHANGE_TALENT over the township), in one
transaction with an audit entry (CERT_SAVED)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.models import OrgKind
from zugong.core.services.access import authorize
from zugong.talent import capabilities as caps
from zugong.talent.models import Talent, TownProduct, TownProductYear
from zugong.talent.models.certification import RetiredSoldier
from zugong.talent.services.certification import _text


def _log(actor, obj, step: str, **extra) -> None:
    audit.log_action(caps.CERT_SAVED, obj=obj, actor=actor, extra={"step": step, **extra})


def _talents(talents, township) -> list[Talent]:
    talents = list(talents or [])
    outside = [t for t in talents if not t.township.path.startswith(township.path)]
    if outside:
        raise ApplicationError(
            _("%(n)s不是本乡镇（街道）的人才，不能关联")
            % {"n": "、".join(str(t) for t in outside)},
            field="talents",
        )
    return talents


@transaction.atomic
def town_product_save(
    *,
    actor,
    township,
    product: str,
    industry: str = "",
    description: str = "",
    talents=None,
    town_product: TownProduct | None = None,
) -> TownProduct:
    """Create or change a township's product; ``talents`` (if given) replaces the links."""
    township = town_product.township if town_product is not None else township
    if township is None:
        raise ApplicationError(_("请选择乡镇（街道）"), field="township")
    authorize(actor, caps.CHANGE_TALENT, township)
    if town_product is None and township.kind != OrgKind.TOWNSHIP:
        raise ApplicationError(_("一镇一品应登记在乡镇（街道）党委"), field="township")
    product = _text(product, field="product", label=_("特色产品或产业"), max_length=50)
    industry = _text(industry, field="industry", label=_("产业类别"), required=False, max_length=30)
    description = _text(description, field="description", label=_("简介"), required=False)
    clash = TownProduct.objects.unscoped().filter(township=township, product=product)
    if town_product is not None:
        clash = clash.exclude(pk=town_product.pk)
    if clash.exists():
        raise ApplicationError(
            _("%(t)s已登记“%(p)s”") % {"t": township.name, "p": product}, field="product"
        )
    linked = None if talents is None else _talents(talents, township)
    item = town_product or TownProduct(township=township)
    item.product, item.industry, item.description = product, industry, description
    item.save()
    if linked is not None:
        item.talents.set(linked)
    _log(actor, item, "product", township=township.pk)
    return item


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("产值应为数字"), field=field) from None
    if not number.is_finite() or number < 0:
        raise ApplicationError(_("产值不能为负"), field=field)
    if number >= Decimal("10000000000"):
        raise ApplicationError(_("产值过大，请以万元为单位填写"), field=field)
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def town_product_year_save(
    *,
    actor,
    town_product: TownProduct,
    year: int,
    output_value,
    projects: str = "",
    households: int = 0,
    today: dt.date | None = None,
) -> TownProductYear:
    """A year's output (万元), projects and households driven; one row per year."""
    authorize(actor, caps.CHANGE_TALENT, town_product.township)
    today = today or dt.date.today()
    if year is None or not (2000 <= int(year) <= today.year):
        raise ApplicationError(_("年度应在2000年至%(y)d年之间") % {"y": today.year}, field="year")
    if households is None or int(households) < 0:
        raise ApplicationError(_("带动农户数不能为负"), field="households")
    value = _decimal(output_value, "output_value")
    projects = _text(projects, field="projects", label=_("项目"), required=False)
    row, _created = TownProductYear.objects.unscoped().update_or_create(
        product=town_product,
        year=int(year),
        defaults={"output_value": value, "projects": projects, "households": int(households)},
    )
    _log(actor, town_product, "product_year", year=int(year), output_value=str(value))
    return row


@transaction.atomic
def retired_soldier_save(
    *, actor, person, enlisted_year=None, discharged_year=None, note: str = ""
) -> RetiredSoldier:
    """Record a person as a retired soldier (退役军人) for the structure check."""
    if person is None:
        raise ApplicationError(_("请选择人员"), field="person")
    authorize(actor, caps.CHANGE_TALENT, person.organization)
    if enlisted_year and discharged_year and int(discharged_year) < int(enlisted_year):
        raise ApplicationError(_("退役年份不能早于入伍年份"), field="discharged_year")
    note = _text(note, field="note", label=_("备注"), required=False, max_length=100)
    row, _created = RetiredSoldier.objects.unscoped().update_or_create(
        person=person,
        defaults={
            "enlisted_year": enlisted_year or None,
            "discharged_year": discharged_year or None,
            "note": note,
        },
    )
    _log(actor, row, "retired_soldier", person=person.pk)
    return row


@transaction.atomic
def retired_soldier_remove(*, actor, record: RetiredSoldier) -> None:
    authorize(actor, caps.CHANGE_TALENT, record.person.organization)
    _log(actor, record, "retired_soldier_removed", person=record.person_id)
    record.delete()


@transaction.atomic
def table_save(*, actor, obj, changes=()) -> object:
    """A row of the certification code tables (levels, criteria), by the talent office."""
    authorize(actor, caps.MANAGE_TABLES)
    from zugong.talent.models import CertificationLevel

    if isinstance(obj, CertificationLevel) and (obj.validity_years or 0) < 1:
        raise ApplicationError(_("有效期应至少1年"), field="validity_years")
    obj.save()
    audit.log_action(
        caps.TABLES_SAVED,
        obj=obj,
        actor=actor,
        extra={"table": obj._meta.model_name, "fields": list(changes)},
    )
    return obj
