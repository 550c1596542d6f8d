"""Recording dues bases and payments, checked against the 2008 rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.core.validation import check_not_future
from zugong.party import capabilities as caps
from zugong.party import rules
from zugong.party.models import (
    DuesBase,
    DuesPayment,
    Member,
    MemberIncome,
    MemberStatus,
    Occupation,
)

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal("1e8")  # the amount columns hold 10 digits, two of them decimals
QUARTER_NAMES = "一二三四"
# Registered here beside the one service that writes each (party.capabilities holds the
# other party actions).


def ledger_start() -> dt.date:
    return dt.date.fromisoformat(settings.ZUGONG_DUES_LEDGER_START).replace(day=1)


def first_due_month(member: Member) -> dt.date:
    """Dues are owed from the month of acceptance (probationary members included), and
    counted from the month the ledger starts."""
    return max(rules.month_start(member.joined_on), ledger_start())


def base_for(member: Member, month: dt.date) -> DuesBase | None:
    return member.dues_bases.filter(effective_from__lte=month).order_by("-effective_from").first()


def income_base_for(member: Member, month: dt.date) -> Decimal:
    """The dues base for ``month`` of a member without a monthly wage: the previous
    quarter's average monthly net income from the recorded incomes (Art. 4). A quarter not
    fully recorded is refused with the months missing; no base is guessed."""
    year, quarter, first = rules.previous_quarter(month)
    incomes = member.incomes.filter(
        month__gte=first, month__lt=rules.add_months(first, 3)
    ).values_list("month", "period", "amount")
    try:
        return rules.self_employed_base(month, incomes)
    except rules.IncomeMissing as missing:
        raise ApplicationError(
            _("缺少%(y)d年第%(q)s季度的收入记录（%(m)s），无法计算%(n)s%(month)s的党费（%(s)s）")
            % {
                "y": year,
                "q": QUARTER_NAMES[quarter - 1],
                "m": "、".join(f"{m:%Y年%m月}" for m in missing.months),
                "n": member.person.name,
                "month": f"{rules.month_start(month):%Y年%m月}",
                "s": rules.DUES_INCOME_QUARTER.source,
            },
            field="member",
        ) from None


def due_for(member: Member, month: dt.date) -> Decimal | None:
    """The month's dues; None when no base is set. A self-employed member's base comes
    from the previous quarter's incomes (ApplicationError when they are missing); a
    farmer's is the dues part of the amount the branch set."""
    if member.occupation == Occupation.SELF_EMPLOYED:
        return rules.monthly_dues(member.occupation, income_base_for(member, month))
    base = base_for(member, month)
    return rules.monthly_dues(
        member.occupation,
        base.base if base else None,
        farmer_amount=base.farmer_amount if base else None,
    )


def _farmer_split(amount: Decimal, field: str, label) -> rules.FarmerDues:
    try:
        return rules.farmer_dues(amount)
    except ValueError:
        raise ApplicationError(
            _("%(l)s%(a)s元低于农民党员每月0.2元至1元的标准（%(s)s）；超过1元的部分记为自愿多交")
            % {"l": label, "a": amount, "s": rules.DUES_FARMER_RANGE.source},
            field=field,
        ) from None


def _money(value, field: str, label) -> Decimal:
    try:
        amount = Decimal(str(value).strip()).quantize(CENT)
        if not amount.is_finite():
            raise ValueError(value)
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            _("%(l)s“%(v)s”不是有效金额") % {"l": label, "v": value}, field=field
        ) from None
    if amount < 0:
        raise ApplicationError(_("%(l)s不能为负数") % {"l": label}, field=field)
    if amount >= MONEY_LIMIT:
        raise ApplicationError(
            _("%(l)s%(v)s元超出可登记的金额") % {"l": label, "v": amount}, field=field
        )
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
        # Above the band is accepted: the part over 1 元 is a voluntary extra (Art. 11).
        _farmer_split(amount, "farmer_amount", _("农民党员月缴额"))
        values = {"base": None, "farmer_amount": amount}
    elif member.occupation in (Occupation.STUDENT, Occupation.LOW_INCOME):
        raise ApplicationError(_("该类党员每月固定交纳0.2元，无需核定基数"), field="base")
    elif member.occupation == Occupation.SELF_EMPLOYED:
        raise ApplicationError(
            _(
                "无固定工资收入的党员以上季度月平均纯收入为基数（%(s)s），请登记“党员收入记录”，无需填写基数"
            )
            % {"s": rules.DUES_INCOME_QUARTER.source},
            field="base",
        )
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


class Checked(NamedTuple):
    month: dt.date
    due: Decimal
    paid: Decimal
    extra: Decimal
    backpay_reason: str
    warnings: list[str]


def _check_backpay(member: Member, month: dt.date, paid_on: dt.date, reason: str) -> list[str]:
    """Back-payment past six months (Art. 12 says "generally"): refused under the
    "refuse" policy; under "warn" accepted with a recorded reason, and a warning."""
    if rules.backpay_allowed(month, paid_on):
        return []
    shown = {"m": f"{month:%Y年%m月}", "s": rules.DUES_BACKPAY_MONTHS.source}
    if rules.backpay_policy() == "refuse":
        raise ApplicationError(_("%(m)s的党费已超过补交期限（%(s)s）") % shown, field="month")
    if not reason:
        raise ApplicationError(
            _("%(m)s的党费已超过补交期限（补交一般不超过6个月，%(s)s），请填写超期补交原因")
            % shown,
            field="backpay_reason",
        )
    return [
        _(
            "%(n)s%(m)s的党费为超期补交（交纳时已过%(k)d个月，%(s)s：补交一般不超过6个月），原因：%(r)s"
        )
        % {
            **shown,
            "n": member.person.name,
            "k": rules.months_between(month, paid_on),
            "r": reason,
        }
    ]


def _check_regular(
    member: Member,
    month: dt.date,
    paid_on: dt.date,
    amount,
    *,
    backpay_reason: str = "",
    payment: DuesPayment | None = None,
) -> Checked:
    """The checks of one month's dues (new or corrected). Refused: a month already paid,
    a month not yet begun (dues are not collected in advance, Art. 14), a month before
    membership, an amount other than the month's due, and back-payment past six months
    (Art. 12) under the "refuse" policy or without a reason under "warn". A farmer's
    amount above 1 元 is accepted: the part above is voluntary extra (Arts. 6, 11)."""
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
    backpay_reason = (backpay_reason or "").strip()
    warnings = _check_backpay(member, month, paid_on, backpay_reason)
    reason = backpay_reason if warnings else ""  # kept only where the limit is passed
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
    if member.occupation == Occupation.FARMER:
        base = base_for(member, month)
        low, _high = rules.DUES_FARMER_RANGE.value
        pledged = base.farmer_amount if base and base.farmer_amount is not None else low
        due = rules.farmer_dues(pledged).due
        paid = pledged if amount in (None, "") else _money(amount, "amount", _("实交金额"))
        split = _farmer_split(paid, "amount", _("实交金额"))
        if split.due < due:
            raise ApplicationError(
                _("应交%(d)s元，实交%(p)s元不符；少交须经批准，多交请另行登记“自愿多交”")
                % {"d": due, "p": paid},
                field="amount",
            )
        return Checked(month, split.due, paid, split.extra, reason, warnings)
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
    return Checked(month, due, paid, Decimal("0.00"), reason, warnings)


def paid_through_refresh(member_ids) -> int:
    """Set each member's ``dues_paid_through`` to their latest regular month paid (None
    without one). Called by every write of payments (``member_ids``: the members
    written; None for all, after a bulk load)."""
    from django.db.models import Max, OuterRef, Subquery

    latest = (
        DuesPayment.objects.unscoped()
        .filter(member=OuterRef("pk"), kind=DuesPayment.Kind.REGULAR)
        .values("member")
        .annotate(latest=Max("month"))
        .values("latest")
    )
    # Unscoped: the callers wrote these members' payments in their scope (or load them all).
    members = Member.objects.unscoped()
    if member_ids is not None:
        members = members.filter(pk__in=list(member_ids))
        # The dues figures of their organizations (a bulk load is counted by the next scan).
        changes_module.organizations_changed(
            members.values_list("person__organization_id", flat=True)
        )
    return members.update(dues_paid_through=Subquery(latest))


@transaction.atomic
def dues_pay(
    *,
    actor,
    member: Member,
    month: dt.date,
    paid_on: dt.date,
    amount=None,
    note: str = "",
    backpay_reason: str = "",
) -> DuesPayment:
    """One month's dues, checked by ``_check_regular``. The payment's ``warnings`` (not
    stored) say what was accepted against a convention: a back-payment past six months."""
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    checked = _check_regular(member, month, paid_on, amount, backpay_reason=backpay_reason)
    payment = DuesPayment.objects.create(
        member=member,
        kind=DuesPayment.Kind.REGULAR,
        month=checked.month,
        due=checked.due,
        amount=checked.paid,
        extra=checked.extra,
        to_central=rules.goes_to_centre(checked.extra),
        backpay_reason=checked.backpay_reason,
        paid_on=paid_on,
        note=note,
        recorded_by=actor,
    )
    paid_through_refresh([member.pk])
    changes = {
        "month": f"{checked.month:%Y-%m}",
        "amount": str(checked.paid),
        "paid_on": paid_on.isoformat(),
    }
    if checked.extra:
        changes["extra"] = str(checked.extra)
    if checked.backpay_reason:
        changes["backpay_reason"] = checked.backpay_reason
    audit.log_action(caps.DUES_PAID, actor=actor, obj=member, changes=changes)
    payment.warnings = checked.warnings
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
    backpay_reason: str | None = None,
) -> DuesPayment:
    """Correct a payment entered wrongly (its month, amount, date or note), with the
    reason for the correction. A month's dues are checked as when paid (a back-payment
    past six months keeps its recorded reason unless a new one is given); a voluntary
    payment or extra keeps going wholly to the Centre at 1000 元 or more (Art. 11). The
    audit entry keeps the old and the new values."""
    authorize(actor, caps.CHANGE_MEMBER, payment.member.person.organization)
    payment = (
        DuesPayment.objects.select_for_update().select_related("member__person").get(pk=payment.pk)
    )
    member = payment.member
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写更正原因"), field="reason")
    fields = ("month", "due", "amount", "extra", "paid_on", "backpay_reason", "note")
    before = {f: getattr(payment, f) for f in fields}
    warnings: list[str] = []
    if payment.kind == DuesPayment.Kind.REGULAR:
        if month is None:
            raise ApplicationError(_("请填写所属月份"), field="month")
        checked = _check_regular(
            member,
            month,
            paid_on,
            amount,
            backpay_reason=payment.backpay_reason if backpay_reason is None else backpay_reason,
            payment=payment,
        )
        payment.month, payment.due, payment.amount = checked.month, checked.due, checked.paid
        payment.extra, payment.backpay_reason = checked.extra, checked.backpay_reason
        payment.to_central = rules.goes_to_centre(checked.extra)
        warnings = checked.warnings
    else:
        check_not_future(paid_on, field="paid_on", label=_("交纳日期"))
        if amount in (None, ""):
            raise ApplicationError(_("请填写金额"), field="amount")
        payment.amount = _money(amount, "amount", _("金额"))
        if payment.amount <= 0:
            raise ApplicationError(_("金额应大于0"), field="amount")
        payment.to_central = rules.goes_to_centre(payment.amount)
    payment.paid_on, payment.note = paid_on, note
    changes = {
        field: {"old": _shown(old), "new": _shown(getattr(payment, field))}
        for field, old in before.items()
        if old != getattr(payment, field)
    }
    if not changes:
        raise ApplicationError(_("没有需要更正的内容"))
    payment.save(update_fields=[*fields, "to_central"])
    paid_through_refresh([member.pk])
    audit.log_action(
        caps.DUES_CORRECTED,
        actor=actor,
        obj=member,
        changes=changes,
        extra={"payment": payment.pk, "reason": reason},
    )
    payment.warnings = warnings
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
        to_central=rules.goes_to_centre(paid),
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


@transaction.atomic
def dues_income_record(
    *,
    actor,
    member: Member,
    month: dt.date,
    amount,
    period: int = MemberIncome.Period.MONTH,
    note: str = "",
    today: dt.date | None = None,
) -> MemberIncome:
    """Record a member's net income for a month or a quarter (a quarterly record starts on
    the quarter's first month), the base of a self-employed member's dues (Art. 4).
    Recording a period again replaces its amount; the audit entry keeps both. A month is
    recorded once: by itself or inside one quarterly record, never both."""
    authorize(actor, caps.CHANGE_MEMBER, member.person.organization)
    if member.occupation != Occupation.SELF_EMPLOYED:
        raise ApplicationError(
            _("%(n)s的党费不按收入计算：收入记录只用于无固定工资收入的党员（%(s)s）")
            % {"n": member.person.name, "s": rules.DUES_INCOME_QUARTER.source},
            field="member",
        )
    if month is None:
        raise ApplicationError(_("请填写起始月份"), field="month")
    try:
        period = MemberIncome.Period(int(period))
    except ValueError:
        raise ApplicationError(_("期间只能是月度或季度"), field="period") from None
    month = rules.month_start(month)
    if period == MemberIncome.Period.QUARTER:
        month = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    check_not_future(month, field="month", label=_("起始月份"), today=today)
    if amount in (None, ""):
        raise ApplicationError(_("请填写纯收入"), field="amount")
    income = _money(amount, "amount", _("纯收入"))
    months = [rules.add_months(month, i) for i in range(period)]
    quarter_start = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    clash = (
        MemberIncome.objects.select_for_update()
        .filter(member=member)
        .filter(
            models.Q(month__in=months, period=MemberIncome.Period.MONTH)
            | models.Q(month=quarter_start, period=MemberIncome.Period.QUARTER)
        )
        .exclude(month=month, period=period)
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            _("%(m)s已有%(p)s收入记录（%(c)s），同一月份只能按月或按季度登记一次")
            % {
                "m": f"{month:%Y年%m月}",
                "p": clash.get_period_display(),
                "c": f"{clash.month:%Y年%m月}",
            },
            field="month",
        )
    old = MemberIncome.objects.filter(member=member, month=month, period=period).first()
    record, _created = MemberIncome.objects.update_or_create(
        member=member,
        month=month,
        period=period,
        defaults={"amount": income, "note": note, "recorded_by": actor},
    )
    audit.log_action(
        caps.DUES_INCOME_RECORDED,
        actor=actor,
        obj=member,
        changes={
            "month": f"{month:%Y-%m}",
            "period": record.get_period_display(),
            "amount": {"old": _shown(old.amount if old else None), "new": str(income)},
        },
    )
    return record
