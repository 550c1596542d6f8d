"""Rectification items (整改清单) of ratings at four stars or below and of weak and lax
organizations (软弱涣散), the listings and their delisting; audited RECTIFICATION_SAVED."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import (
    Rating,
    RatingStatus,
    Rectification,
    WeakLaxListing,
    WeakLaxStatus,
)
from zugong.grassroots.rules import rating as rules
from zugong.grassroots.selectors import evidence as ev


def _text(value: str, field: str, label, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if max_length and len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


@transaction.atomic
def rectification_add(
    *,
    actor,
    item: str,
    deadline: dt.date,
    responsible: str,
    rating: Rating | None = None,
    listing: WeakLaxListing | None = None,
) -> Rectification:
    """An item for a published rating needing rectification, or for a listing."""
    if (rating is None) == (listing is None):
        raise ApplicationError(_("整改事项应属于一项星级评定或一项软弱涣散整顿"), field="rating")
    owner = rating or listing
    authorize(actor, caps.CHANGE_GRASSROOTS, owner.organization)
    if rating is not None and (
        rating.status != RatingStatus.PUBLISHED or not rules.needs_rectification(rating.star or 0)
    ):
        raise ApplicationError(_("只有已发布且需整改星级的评定可列整改事项"), field="rating")
    if deadline is None:
        raise ApplicationError(_("请填写整改时限"), field="deadline")
    rectification = Rectification.objects.create(
        organization=owner.organization,
        year=owner.year,
        rating=rating,
        listing=listing,
        item=_text(item, "item", _("整改事项")),
        deadline=deadline,
        responsible=_text(responsible, "responsible", _("责任人"), 50),
    )
    audit.log_action(
        caps.RECTIFICATION_SAVED, obj=rectification, actor=actor, extra={"step": "add"}
    )
    return rectification


@transaction.atomic
def rectification_complete(
    *,
    actor,
    rectification: Rectification,
    result: str,
    completed_on: dt.date,
    today: dt.date | None = None,
) -> Rectification:
    authorize(actor, caps.CHANGE_GRASSROOTS, rectification.organization)
    today = today or dt.date.today()
    if completed_on is None or completed_on > today:
        raise ApplicationError(_("完成日期不能晚于今天"), field="completed_on")
    rectification.result = _text(result, "result", _("整改结果"))
    rectification.completed_on = completed_on
    rectification.save(update_fields=["result", "completed_on"])
    audit.log_action(
        caps.RECTIFICATION_SAVED, obj=rectification, actor=actor, extra={"step": "complete"}
    )
    return rectification


@transaction.atomic
def weaklax_list(
    *,
    actor,
    organization,
    year: int,
    listed_on: dt.date,
    reasons: str,
    leader: str = "",
    instructor: str = "",
) -> WeakLaxListing:
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    if not ev.rated_organizations([organization.pk]).exists():
        raise ApplicationError(_("只能将村（社区）党组织列为软弱涣散党组织"), field="organization")
    if listed_on is None or listed_on.year != year:
        raise ApplicationError(_("列入日期应在%(y)d年内") % {"y": year}, field="listed_on")
    if WeakLaxListing.objects.filter(organization=organization, year=year).exists():
        raise ApplicationError(_("该党组织本年度已列为软弱涣散党组织"), field="organization")
    listing = WeakLaxListing.objects.create(
        organization=organization,
        year=year,
        listed_on=listed_on,
        reasons=_text(reasons, "reasons", _("主要问题")),
        leader=(leader or "").strip()[:50],
        instructor=(instructor or "").strip()[:50],
    )
    audit.log_action(caps.RECTIFICATION_SAVED, obj=listing, actor=actor, extra={"step": "weak_lax"})
    from zugong.grassroots.services.rating import review_demonstration

    review_demonstration(actor, [organization.pk])
    return listing


@transaction.atomic
def weaklax_delist(
    *, actor, listing: WeakLaxListing, delisted_on: dt.date, note: str
) -> WeakLaxListing:
    """Delisting (销号) once every rectification item of the listing is done."""
    authorize(actor, caps.CHANGE_GRASSROOTS, listing.organization)
    if listing.status == WeakLaxStatus.DELISTED:
        raise ApplicationError(_("该党组织已销号"), field="status")
    open_items = listing.rectifications.filter(completed_on__isnull=True).count()
    if open_items:
        raise ApplicationError(
            _("尚有%(n)d项整改事项未完成，不能销号") % {"n": open_items}, field="status"
        )
    if delisted_on is None or delisted_on < listing.listed_on:
        raise ApplicationError(_("销号日期不能早于列入日期"), field="delisted_on")
    listing.status, listing.delisted_on = WeakLaxStatus.DELISTED, delisted_on
    listing.delisting_note = _text(note, "delisting_note", _("销号验收意见"))
    listing.save()
    audit.log_action(caps.RECTIFICATION_SAVED, obj=listing, actor=actor, extra={"step": "delist"})
    return listing
