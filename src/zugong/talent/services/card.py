"""The talent card's life (人才卡, seed point 15; next-modules R14): application (by the
talent on the portal or by the office), review, issue with a number and a validity by
rule, renewal from the window's first day, change reports (late after 10 days; no longer
eligible makes the card invalid), loss and reissue (the lost card's code stops
verifying), dependants' attached cards for the tiers carrying them, and the sweep that
expires cards past their validity. Every step is audited (CARD_SAVED) and refused in
Chinese naming the field; nothing half-written is kept.

Who may do what: the talent over their own person (CHANGE_OWN) applies, renews,
reports changes and losses; the office applies for a talent (CHANGE_TALENT: township
officers too); reviewing, issuing, reissuing, dependants' cards and renewals by the
office need MANAGE_CARDS (the talent office)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize, authorize_either
from zugong.talent import capabilities as caps
from zugong.talent.models import CardChange, CardStatus, CardTier, Talent, TalentCard
from zugong.talent.rules import card as rules
from zugong.talent.services.card_common import date, day, log, nonce, text

# A card in these states is the talent's live card: no second application meanwhile.
LIVE = (CardStatus.APPLIED, CardStatus.REVIEWED, CardStatus.ISSUED, CardStatus.LOST)


def _log(card, actor, **changes) -> None:
    log(caps.CARD_SAVED, card, actor, **changes)


def _as_talent_or(actor, capability: str, card_or_talent) -> None:
    talent = getattr(card_or_talent, "talent", card_or_talent)
    authorize_either(actor, capability, talent.township, caps.CHANGE_OWN, talent.person_id)


def _status(card: TalentCard, *allowed: str, field: str = "status") -> None:
    if card.status not in allowed:
        raise ApplicationError(
            _("人才卡当前状态为“%(s)s”，不能办理此项") % {"s": card.get_status_display()},
            field=field,
        )


def _main(card: TalentCard) -> None:
    if card.holder_card_id:
        raise ApplicationError(_("家属附卡随主卡办理，不能单独办理此项"), field="card")


def _next_number(tier: CardTier, year: int) -> str:
    # Card numbers are unique over the whole table, whoever issues: not a scoped read.
    taken = TalentCard.objects.unscoped()
    seq = taken.filter(tier=tier, holder_card__isnull=True, issued_on__year=year).count() + 1
    while True:
        number = rules.card_number(tier.code, year, seq)
        if not taken.filter(number=number).exists():
            return number
        seq += 1


@transaction.atomic
def card_apply(
    *,
    actor,
    talent: Talent,
    tier: CardTier,
    reason: str = "",
    contract_until: dt.date | None = None,
    by_portal: bool = False,
    today: dt.date | None = None,
) -> TalentCard:
    """An application for a card of ``tier``; one live card per talent."""
    today = today or dt.date.today()
    if talent is None:
        raise ApplicationError(_("请选择人才"), field="talent")
    _as_talent_or(actor, caps.CHANGE_TALENT, talent)
    if tier is None:
        raise ApplicationError(_("请选择人才卡类别"), field="tier")
    reason = text(reason, field="reason", label=_("申请理由"), required=False, max_length=1000)
    if contract_until is not None and contract_until <= today:
        raise ApplicationError(
            _("劳动（聘用）合同期满日期%(d)s已过，不能申请人才卡") % {"d": day(contract_until)},
            field="contract_until",
        )
    # One live card per talent over the whole table, whoever applies.
    live = (
        TalentCard.objects.unscoped()
        .filter(talent=talent, holder_card__isnull=True, status__in=LIVE)
        .first()
    )
    if live is not None:
        raise ApplicationError(
            _("%(n)s已有一张“%(s)s”的人才卡，不能重复申请")
            % {"n": talent.person.name, "s": live.get_status_display()},
            field="talent",
        )
    card = TalentCard.objects.create(
        talent=talent,
        tier=tier,
        applied_on=today,
        by_portal=bool(by_portal),
        reason=reason,
        contract_until=contract_until,
    )
    _log(card, actor, step="apply", tier=tier.code, by_portal=bool(by_portal))
    return card


@transaction.atomic
def card_review(
    *, actor, card: TalentCard, approve: bool, opinion: str = "", today: dt.date | None = None
) -> TalentCard:
    today = today or dt.date.today()
    authorize(actor, caps.MANAGE_CARDS, card.talent.township)
    _main(card)
    _status(card, CardStatus.APPLIED)
    opinion = text(
        opinion, field="opinion", label=_("审核意见"), required=not approve, max_length=500
    )
    card.status = CardStatus.REVIEWED if approve else CardStatus.REFUSED
    card.reviewed_on, card.review_opinion = today, opinion
    if not approve:
        card.ended_on, card.end_reason = today, _("审核未通过")
    card.save()
    _log(card, actor, step="review", approve=bool(approve), opinion=opinion)
    return card


@transaction.atomic
def card_issue(*, actor, card: TalentCard, today: dt.date | None = None) -> TalentCard:
    """Issue a reviewed card: its number, the day, the validity by rule, a fresh nonce."""
    today = today or dt.date.today()
    authorize(actor, caps.MANAGE_CARDS, card.talent.township)
    _main(card)
    _status(card, CardStatus.REVIEWED)
    if card.contract_until is not None and card.contract_until <= today:
        raise ApplicationError(
            _("劳动（聘用）合同已于%(d)s期满，不能发卡") % {"d": day(card.contract_until)},
            field="contract_until",
        )
    card.number = _next_number(card.tier, today.year)
    card.issued_on = today
    card.valid_until = rules.valid_until(today, card.contract_until)
    card.status, card.nonce = CardStatus.ISSUED, nonce()
    card.save()
    _log(card, actor, step="issue", number=card.number, valid_until=card.valid_until.isoformat())
    return card


@transaction.atomic
def card_renew(
    *,
    actor,
    card: TalentCard,
    contract_until: dt.date | None = None,
    today: dt.date | None = None,
) -> TalentCard:
    """Renew a valid card inside the renewal window: the term runs again from the old
    expiry, not beyond the (new) contract."""
    today = today or dt.date.today()
    _as_talent_or(actor, caps.MANAGE_CARDS, card)
    _main(card)
    if card.status != CardStatus.ISSUED or card.valid_until < today:
        raise ApplicationError(
            _("人才卡已过期或失效（%(s)s），不能续期，请重新申请")
            % {"s": card.get_status_display()},
            field="card",
        )
    opens = rules.renewal_opens(card.valid_until)
    if today < opens:
        raise ApplicationError(
            _("人才卡有效期至%(v)s，续期自%(o)s起办理（有效期满前%(n)d天内）")
            % {"v": day(card.valid_until), "o": day(opens), "n": rules.renew_before_days()},
            field="card",
        )
    contract = contract_until or card.contract_until
    if contract is not None and contract <= card.valid_until:
        raise ApplicationError(
            _("劳动（聘用）合同期满日期%(d)s不晚于现有效期，不能续期") % {"d": day(contract)},
            field="contract_until",
        )
    old = card.valid_until
    card.contract_until = contract
    card.valid_until = rules.valid_until(old + dt.timedelta(days=1), contract, renewal=True)
    card.save()
    TalentCard.objects.unscoped().filter(holder_card=card, status=CardStatus.ISSUED).update(
        valid_until=card.valid_until
    )
    _log(
        card,
        actor,
        step="renew",
        valid_until={"old": old.isoformat(), "new": str(card.valid_until)},
    )
    return card


def _end(card: TalentCard, status: str, today: dt.date, reason: str) -> None:
    card.status, card.ended_on, card.end_reason, card.nonce = status, today, reason, nonce()
    card.save()


@transaction.atomic
def card_report_change(
    *,
    actor,
    card: TalentCard,
    item: str,
    old_value: str = "",
    new_value: str,
    changed_on: dt.date,
    still_eligible: bool = True,
    today: dt.date | None = None,
) -> CardChange:
    """A change the holder reports; late after the days of the rule; a holder no longer
    eligible makes the card (and its attached cards) invalid at once."""
    today = today or dt.date.today()
    _as_talent_or(actor, caps.CHANGE_TALENT, card)
    _main(card)
    _status(card, CardStatus.ISSUED, CardStatus.APPLIED, CardStatus.REVIEWED)
    item = text(item, field="item", label=_("变更事项"), max_length=50)
    old_value = text(
        old_value, field="old_value", label=_("原内容"), required=False, max_length=100
    )
    new_value = text(new_value, field="new_value", label=_("新内容"), max_length=100)
    changed_on = date(changed_on, field="changed_on", label=_("变更日期"))
    if changed_on > today:
        raise ApplicationError(
            _("变更日期%(d)s晚于今天") % {"d": day(changed_on)}, field="changed_on"
        )
    late = rules.change_reported_late(changed_on, today)
    change = CardChange.objects.create(
        card=card,
        changed_on=changed_on,
        reported_on=today,
        item=item,
        old_value=old_value,
        new_value=new_value,
        late=late,
        still_eligible=bool(still_eligible),
    )
    if not still_eligible:
        reason = _("%(i)s变更后不再符合条件") % {"i": item}
        for attached in TalentCard.objects.unscoped().filter(holder_card=card):
            _end(attached, CardStatus.INVALID, today, reason)
        _end(card, CardStatus.INVALID, today, reason)
    _log(card, actor, step="change", item=item, late=late, still_eligible=bool(still_eligible))
    return change


@transaction.atomic
def card_report_loss(*, actor, card: TalentCard, today: dt.date | None = None) -> TalentCard:
    """The card is lost: it stops verifying at once (a fresh nonce) until reissued."""
    today = today or dt.date.today()
    _as_talent_or(actor, caps.CHANGE_TALENT, card)
    _status(card, CardStatus.ISSUED)
    _end(card, CardStatus.LOST, today, _("挂失"))
    _log(card, actor, step="loss")
    return card


@transaction.atomic
def card_reissue(*, actor, card: TalentCard, today: dt.date | None = None) -> TalentCard:
    """A new card for a lost one: a new number and nonce, the same validity; the lost card
    is marked replaced and its attached cards move to the new one."""
    today = today or dt.date.today()
    authorize(actor, caps.MANAGE_CARDS, card.talent.township)
    _main(card)
    _status(card, CardStatus.LOST)
    if card.valid_until < today:
        raise ApplicationError(
            _("原卡有效期已于%(d)s届满，请重新申请") % {"d": day(card.valid_until)}, field="card"
        )
    new = TalentCard.objects.create(
        talent=card.talent,
        tier=card.tier,
        status=CardStatus.ISSUED,
        number=_next_number(card.tier, today.year),
        applied_on=today,
        reason=_("挂失补办"),
        contract_until=card.contract_until,
        reviewed_on=today,
        issued_on=today,
        valid_until=card.valid_until,
        previous=card,
        nonce=nonce(),
    )
    card.status, card.end_reason = CardStatus.REPLACED, _("挂失补办，新卡%(n)s") % {"n": new.number}
    card.save()
    TalentCard.objects.unscoped().filter(holder_card=card).update(holder_card=new)
    _log(new, actor, step="reissue", previous=card.number, number=new.number)
    return new


@transaction.atomic
def card_add_dependant(
    *, actor, card: TalentCard, name: str, relation: str, today: dt.date | None = None
) -> TalentCard:
    """An attached card for a spouse, a minor child or a parent (tiers carrying them)."""
    today = today or dt.date.today()
    authorize(actor, caps.MANAGE_CARDS, card.talent.township)
    _main(card)
    _status(card, CardStatus.ISSUED)
    if not rules.dependants_allowed(card.tier):
        raise ApplicationError(
            _("“%(t)s”人才卡不能办理家属附卡") % {"t": card.tier.name}, field="card"
        )
    name = text(name, field="name", label=_("家属姓名"), max_length=50)
    if not rules.relation_allowed(relation):
        raise ApplicationError(_("家属附卡只办理给配偶、未成年子女和父母"), field="relation")
    attached = TalentCard.objects.unscoped().filter(holder_card=card)
    if attached.count() >= rules.dependants_max():
        raise ApplicationError(
            _("每张主卡最多办理%(n)d张家属附卡") % {"n": rules.dependants_max()}, field="name"
        )
    if attached.filter(dependant_name=name, dependant_relation=relation).exists():
        raise ApplicationError(_("%(n)s已有家属附卡") % {"n": name}, field="name")
    dependant = TalentCard.objects.create(
        talent=card.talent,
        tier=card.tier,
        status=CardStatus.ISSUED,
        number=f"{card.number}-{attached.count() + 1}",
        applied_on=today,
        reviewed_on=today,
        issued_on=today,
        valid_until=card.valid_until,
        holder_card=card,
        dependant_name=name,
        dependant_relation=relation,
        nonce=nonce(),
    )
    _log(card, actor, step="dependant", name=name, relation=relation, number=dependant.number)
    return dependant


@transaction.atomic
def cards_expire(*, today: dt.date | None = None) -> dict:
    """The sweep (a daily job): issued cards past their validity become expired. Run by
    the system over the whole table."""
    today = today or dt.date.today()
    # The system's own sweep: every township's cards, no user.
    due = TalentCard.objects.unscoped().filter(status=CardStatus.ISSUED, valid_until__lt=today)
    main = due.filter(holder_card__isnull=True).count()
    attached = due.filter(holder_card__isnull=False).count()
    for card in due:
        card.status, card.ended_on, card.end_reason = CardStatus.EXPIRED, today, _("有效期届满")
        card.save(update_fields=["status", "ended_on", "end_reason"])
        if card.holder_card_id is None:
            _log(card, None, step="expire", valid_until=card.valid_until.isoformat())
    return {"cards": main, "dependants": attached}
