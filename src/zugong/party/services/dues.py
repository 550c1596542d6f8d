"""Recording dues bases and payments, checked against the 2008 rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import DuesBase, DuesPayment, Member, MemberStatus, Occupation

CENT = Decimal("0.01")
# Registered here beside the one service that writes it (party.capabilities holds the
# other party actions).
DUES_CORRECTED = audit.register("party.dues.corrected", gettext_lazy("更正党费交纳记录"))


def ledger_start() -> dt.date:
    return dt.date.fromisoformat(settings.ZUGONG_DUES_LEDGER_START).replace(day=1)


def first_due_month(member: Member) -> dt.date:
    """Dues are owed from the month of acceptance (probationary members included), and
    counted from the month the ledger starts."""
    return max(rules.month_start(member.joined_on), ledger_start())


def base_for(member: Member, month: dt.date) -> DuesBase | None:
    return member.dues_bases.filter(effective_from__lte=month).order_by("-effective_from").first()


def due_for(member: Member, month: dt.date) -> Decimal | None:
    base = base_for(member, month)
    return rules.monthly_dues(
        member.occupation,
        base.base if base else None,
        farmer_amount=base.farmer_amount if base else None,
    )


def _money(value, field: str, label) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            _("%(l)s“%(v)s”不是有效金额") % {"l": label, "v": value}, field=field
        ) from None
    if amount < 0:
        raise ApplicationError(_("%(l)s不能为负数") % {"l": label}, field=field)
    return amount


@transaction.atomic
def dues_set_base(
    *, actor, member: Member, effective_from: dt.date, base=None, farmer_amount=None
) -> DuesBase:
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    month = rules.month_start(effective_from)
    if member.occupation == Occupation.FARMER:
        if farmer_amount is None:
            raise ApplicationError(
                _("农民党员请填写每月交纳额（0.2元至1元）"), field="farmer_amount"
            )
        amount = _money(farmer_amount, "farmer_amount", _("月缴额"))
        low, high = rules.DUES_FARMER_RANGE.value
        if not low <= amount <= high:
            raise ApplicationError(
                _("农民党员每月交纳0.2元至1元（%(s)s）") % {"s": rules.DUES_FARMER_RANGE.source},
                field="farmer_amount",
            )
        values = {"base": None, "farmer_amount": amount}
    elif member.occupation in (Occupation.STUDENT, Occupation.LOW_INCOME):
        raise ApplicationError(_("该类党员每月固定交纳0.2元，无需核定基数"), field="base")
    else:
        if base is None:
            raise ApplicationError(_("请填写计算基数"), field="base")
        values = {"base": _money(base, "base", _("计算基数")), "farmer_amount": None}
    record, _created = DuesBase.objects.update_or_create(
        member=member, effective_from=month, defaults={**values, "recorded_by": actor}
    )
    audit.log_action(
        caps.DUES_BASE_SET,
        actor=actor,
        obj=member,
        changes={"from": month.isoformat(), "base": str(values["base"] or values["farmer_amount"])},
    )
    return record


def _check_regular(
    member: Member, month: dt.date, paid_on: dt.date, amount, *, payment: DuesPayment | None = None
) -> tuple[dt.date, Decimal, Decimal]:
    """The checks of one month's dues (new or corrected): the month, its due and the amount
    paid. Refused: a month already paid, a month not yet begun (dues are not collected in
    advance, Art. 14), a month before membership, back-payment of more than six months
    (Art. 12), and an amount other than the month's due."""
    month = rules.month_start(month)
    check_not_future(paid_on, field="paid_on", label=_("交纳日期"))
    if member.status in (MemberStatus.REMOVED, MemberStatus.DECEASED):
        raise ApplicationError(
            _("“%(s)s”的党员不再交纳党费") % {"s": member.get_status_display()}, field="member"
        )
    if month < rules.month_start(member.joined_on):
        raise ApplicationError(
            _("%(m)s早于入党时间%(j)s")
            % {"m": f"{month:%Y年%m月}", "j": member.joined_on.isoformat()},
            field="month",
        )
    if month > rules.month_start(paid_on):
        raise ApplicationError(
            _("不能预交%(m)s的党费（党组织不得提前收取党费）") % {"m": f"{month:%Y年%m月}"},
            field="month",
        )
    if not rules.backpay_allowed(month, paid_on):
        raise ApplicationError(
            _("%(m)s的党费已超过补交期限（%(s)s）")
            % {"m": f"{month:%Y年%m月}", "s": rules.DUES_BACKPAY_MONTHS.source},
            field="month",
        )
    same_month = DuesPayment.objects.filter(
        member=member, kind=DuesPayment.Kind.REGULAR, month=month
    )
    if payment is not None:
        same_month = same_month.exclude(pk=payment.pk)
    if same_month.exists():
        raise ApplicationError(
            _("%(n)s%(m)s的党费已交纳") % {"n": member.person.name, "m": f"{month:%Y年%m月}"},
            field="month",
        )
    due = due_for(member, month)
    if due is None:
        raise ApplicationError(
            _("%(n)s尚未核定党费计算基数") % {"n": member.person.name}, field="member"
        )
    paid = due if amount in (None, "") else _money(amount, "amount", _("实交金额"))
    if paid != due:
        raise ApplicationError(
            _("应交%(d)s元，实交%(p)s元不符；少交须经批准，多交请另行登记“自愿多交”")
            % {"d": due, "p": paid},
            field="amount",
        )
    return month, due, paid


@transaction.atomic
def dues_pay(
    *, actor, member: Member, month: dt.date, paid_on: dt.date, amount=None, note: str = ""
) -> DuesPayment:
    """One month's dues, checked by ``_check_regular``."""
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    month, due, paid = _check_regular(member, month, paid_on, amount)
    payment = DuesPayment.objects.create(
        member=member,
        kind=DuesPayment.Kind.REGULAR,
        month=month,
        due=due,
        amount=paid,
        paid_on=paid_on,
        note=note,
        recorded_by=actor,
    )
    audit.log_action(
        caps.DUES_PAID,
        actor=actor,
        obj=member,
        changes={"month": f"{month:%Y-%m}", "amount": str(paid), "paid_on": paid_on.isoformat()},
    )
    return payment


def _shown(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


@transaction.atomic
def dues_correct(
    *,
    actor,
    payment: DuesPayment,
    paid_on: dt.date,
    reason: str,
    month: dt.date | None = None,
    amount=None,
    note: str = "",
) -> DuesPayment:
    """Correct a payment entered wrongly (its month, amount, date or note), with the
    reason for the correction. A month's dues are checked as when paid; a voluntary
    payment keeps going wholly to the Centre at 1000 元 or more (Art. 11). The audit
    entry keeps the old and the new values."""
    authorize(actor, caps.CHANGE_MEMBER, payment.member.person.organization)
    payment = (
        DuesPayment.objects.select_for_update().select_related("member__person").get(pk=payment.pk)
    )
    member = payment.member
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写更正原因"), field="reason")
    before = {f: getattr(payment, f) for f in ("month", "due", "amount", "paid_on", "note")}
    if payment.kind == DuesPayment.Kind.REGULAR:
        if month is None:
            raise ApplicationError(_("请填写所属月份"), field="month")
        payment.month, payment.due, payment.amount = _check_regular(
            member, month, paid_on, amount, payment=payment
        )
    else:
        check_not_future(paid_on, field="paid_on", label=_("交纳日期"))
        if amount in (None, ""):
            raise ApplicationError(_("请填写金额"), field="amount")
        payment.amount = _money(amount, "amount", _("金额"))
        if payment.amount <= 0:
            raise ApplicationError(_("金额应大于0"), field="amount")
        payment.to_central = payment.amount >= rules.DUES_CENTRAL_THRESHOLD.value
    payment.paid_on, payment.note = paid_on, note
    changes = {
        field: {"old": _shown(old), "new": _shown(getattr(payment, field))}
        for field, old in before.items()
        if old != getattr(payment, field)
    }
    if not changes:
        raise ApplicationError(_("没有需要更正的内容"))
    payment.save(update_fields=["month", "due", "amount", "paid_on", "note", "to_central"])
    audit.log_action(
        DUES_CORRECTED,
        actor=actor,
        obj=member,
        changes=changes,
        extra={"payment": payment.pk, "reason": reason},
    )
    return payment


@transaction.atomic
def dues_voluntary(
    *, actor, member: Member, amount, paid_on: dt.date, note: str = ""
) -> DuesPayment:
    """A voluntary extra payment; one of 1000 元 or more goes wholly to the Centre (Art. 11)."""
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    check_not_future(paid_on, field="paid_on", label=_("交纳日期"))
    paid = _money(amount, "amount", _("金额"))
    if paid <= 0:
        raise ApplicationError(_("金额应大于0"), field="amount")
    payment = DuesPayment.objects.create(
        member=member,
        kind=DuesPayment.Kind.VOLUNTARY,
        amount=paid,
        paid_on=paid_on,
        to_central=paid >= rules.DUES_CENTRAL_THRESHOLD.value,
        note=note,
        recorded_by=actor,
    )
    audit.log_action(
        caps.DUES_PAID,
        actor=actor,
        obj=member,
        changes={"voluntary": str(paid), "to_central": payment.to_central},
    )
    return payment
