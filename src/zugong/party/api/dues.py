"""Party dues: arrears, payments and the incomes of self-employed members."""

import datetime as dt

from ninja import Field, Query, Schema, Status

from zugong.core.api import DATE_MAX, DATE_MIN
from zugong.core.authz import requires
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import selectors
from zugong.party.api.router import router
from zugong.party.models import Member


class ArrearsOut(Schema):
    member_id: int
    name: str
    organization_name: str
    last_paid: dt.date | None
    since: dt.date
    unpaid_months: int
    lapse: bool


@router.get(
    "/dues/arrears", response=list[ArrearsOut], summary="党费欠缴（连续6个月未交标记lapse）"
)
@requires(caps.VIEW_MEMBER)
def dues_arrears(
    request,
    on: dt.date | None = Query(None, ge=DATE_MIN, le=DATE_MAX, description="默认今天"),  # noqa: B008
):
    return [
        {
            "member_id": r["member"].pk,
            "name": r["member"].person.name,
            "organization_name": r["member"].person.organization.name,
            "last_paid": r["last_paid"],
            "since": r["since"],
            "unpaid_months": r["unpaid_months"],
            "lapse": r["lapse"],
        }
        for r in selectors.dues_arrears(on or dt.date.today())
    ]


class PaymentIn(Schema):
    model_config = {"extra": "forbid"}
    member_id: int
    month: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="所交月份（取该月）")
    paid_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    amount: str | None = Field(
        None, max_length=20, description="不填则按核定基数计算；农民党员超过1元的部分记为自愿多交"
    )
    backpay_reason: str = Field(
        "", max_length=200, description="超期补交原因：补交超过6个月的党费时必填"
    )


class PaymentOut(Schema):
    id: int
    member_id: int
    month: dt.date
    due: str
    amount: str
    extra: str = Field(description="其中自愿多交（元）")
    to_central: bool
    paid_on: dt.date
    backpay_reason: str
    warnings: list[str] = Field(description="按规定可以接受但须注意的情况，如超期补交")


@router.post("/dues/payments", response={201: PaymentOut}, summary="登记党费交纳")
@requires(caps.CHANGE_MEMBER)
def pay_dues(request, payload: PaymentIn):
    from zugong.party.services import dues as dues_services

    member = get_scoped_or_404(
        Member.objects.select_related("person__organization"), pk=payload.member_id
    )
    payment = dues_services.dues_pay(
        actor=request.user,
        member=member,
        month=payload.month,
        paid_on=payload.paid_on,
        amount=payload.amount,
        backpay_reason=payload.backpay_reason,
    )
    return Status(
        201,
        {
            "id": payment.pk,
            "member_id": member.pk,
            "month": payment.month,
            "due": str(payment.due),
            "amount": str(payment.amount),
            "extra": str(payment.extra),
            "to_central": payment.to_central,
            "paid_on": payment.paid_on,
            "backpay_reason": payment.backpay_reason,
            "warnings": payment.warnings,
        },
    )


class IncomeIn(Schema):
    model_config = {"extra": "forbid"}
    member_id: int
    month: dt.date = Field(
        ..., ge=DATE_MIN, le=DATE_MAX, description="起始月份（取该月；按季度登记取该季度）"
    )
    period: int = Field(1, description="1 月度，3 季度")
    amount: str = Field(..., max_length=20, description="该月（或该季度合计）的纯收入（元）")
    note: str = Field("", max_length=200)


class IncomeOut(Schema):
    id: int
    member_id: int
    month: dt.date
    period: int
    amount: str


@router.post(
    "/dues/incomes",
    response={201: IncomeOut},
    summary="登记党员收入（无固定工资收入的党员按上季度月平均纯收入交纳党费）",
)
@requires(caps.CHANGE_MEMBER)
def record_income(request, payload: IncomeIn):
    from zugong.party.services import dues as dues_services

    member = get_scoped_or_404(
        Member.objects.select_related("person__organization"), pk=payload.member_id
    )
    income = dues_services.dues_income_record(
        actor=request.user,
        member=member,
        month=payload.month,
        period=payload.period,
        amount=payload.amount,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": income.pk,
            "member_id": member.pk,
            "month": income.month,
            "period": income.period,
            "amount": str(income.amount),
        },
    )
