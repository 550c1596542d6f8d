"""API of the village collective economy (/api/v1/grassroots/collective/…): the year's
ledger by village, a village-year by month and source, income entries, contracts with
their receipt schedules and the weak villages' forecast. The demonstration chain's
operations are in api/demonstration, imported at the end."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.collective import CollectiveContract
from zugong.grassroots.selectors import collective as selectors
from zugong.grassroots.services import collective as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·村级集体经济"]


class LedgerOut(Schema):
    organization_id: int
    organization_name: str
    township_name: str
    by_source: dict[str, Decimal]
    total: Decimal
    operating: Decimal
    tier: str
    tier_label: str
    measured: Decimal
    last_year: Decimal
    change: Decimal


def _ledger_row(r) -> dict:
    return {
        "organization_id": r["organization"].pk,
        "organization_name": r["organization"].name,
        "township_name": r["township"].name,
        "by_source": dict(
            zip([s["code"] for s in selectors.sources()], r["by_source"], strict=True)
        ),
        "total": r["total"],
        "operating": r["operating"],
        "tier": r["tier"].code,
        "tier_label": r["tier"].label,
        "measured": r["tier"].amount,
        "last_year": r["last_year"],
        "change": r["change"],
    }


@router.get(
    "/collective/ledger", response=list[LedgerOut], tags=TAG, summary="村级集体经济年度台账"
)
@requires(VIEW)
def ledger(
    request,
    year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度"),
    township_id: int | None = Query(None, ge=1, le=2**63 - 1, description="乡镇党组织编号"),
    tier: str = Query("", description="分档：weak薄弱村、middle一般村、strong较强村"),
):
    return [_ledger_row(r) for r in selectors.ledger(year, township_id=township_id, tier=tier)]


class MonthOut(Schema):
    month: int
    by_source: dict[str, Decimal]
    total: Decimal


class VillageYearOut(Schema):
    organization_id: int
    year: int
    months: list[MonthOut]
    total: Decimal
    operating: Decimal
    tier: str


@router.get(
    "/collective/villages/{organization_id}/{year}",
    response=VillageYearOut,
    tags=TAG,
    summary="村年度收入（按月、按来源）",
)
@requires(VIEW)
def village_year(request, organization_id: int, year: int):
    organization = get_scoped_or_404(Organization, pk=organization_id)
    data = selectors.village_year(organization, year)
    codes = [s["code"] for s in selectors.sources()]
    return {
        "organization_id": organization.pk,
        "year": year,
        "months": [
            {
                "month": m["month"],
                "by_source": dict(zip(codes, m["cells"], strict=True)),
                "total": m["total"],
            }
            for m in data["months"]
        ],
        "total": data["total"],
        "operating": data["operating"],
        "tier": data["tier"].code,
    }


class CollectiveIncomeOut(Schema):
    id: int
    organization_id: int
    year: int
    month: int
    source: str
    amount: Decimal
    voucher: str
    note: str
    contract_id: int | None


class CollectiveIncomeIn(Strict):
    organization_id: int
    year: int = year_field()
    month: int = Field(..., description="月份，1至12")
    source: str = Field(..., max_length=20)
    amount: str = Field(..., max_length=20, description="金额（元），不能为负")
    voucher: str = Field("", max_length=40)
    note: str = Field("", max_length=200)


@router.get(
    "/collective/incomes", response=list[CollectiveIncomeOut], tags=TAG, summary="集体经济收入明细"
)
@requires(VIEW)
@paginate(Pagination)
def incomes(request, year: int | None = None, organization_id: int | None = None):
    return selectors.income_list(year, organization_id)


@router.post(
    "/collective/incomes", response={201: CollectiveIncomeOut}, tags=TAG, summary="登记集体经济收入"
)
@requires(CHANGE)
def create_income(request, payload: CollectiveIncomeIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    income = services.income_record(
        actor=request.user,
        organization=organization,
        **payload.model_dump(exclude={"organization_id"}),
    )
    return Status(201, income)


class ReceiptOut(Schema):
    id: int
    due_on: dt.date
    amount: Decimal
    received_on: dt.date | None
    received_amount: Decimal | None


class CollectiveContractOut(Schema):
    id: int
    organization_id: int
    code: str
    counterparty: str
    subject: str
    source: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    amount: Decimal
    deposit: Decimal
    receipts: list[ReceiptOut]

    @staticmethod
    def resolve_receipts(obj):
        return list(obj.receipts.all())


class ReceiptIn(Strict):
    due_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    amount: str = Field(..., max_length=20)


class CollectiveContractIn(Strict):
    organization_id: int
    code: str = Field(..., max_length=40)
    counterparty: str = Field(..., max_length=100)
    subject: str = Field(..., max_length=200)
    source: str = Field(..., max_length=20)
    signed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    starts_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    ends_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    amount: str = Field(..., max_length=20)
    deposit: str = Field("0", max_length=20)
    receipts: list[ReceiptIn] = Field(default_factory=list, max_length=120)


@router.get(
    "/collective/contracts", response=list[CollectiveContractOut], tags=TAG, summary="集体经济合同"
)
@requires(VIEW)
@paginate(Pagination)
def contracts(request, expiring_before: dt.date | None = None):
    return selectors.contract_list(expiring_before=expiring_before).prefetch_related("receipts")


@router.get(
    "/collective/contracts/{contract_id}",
    response=CollectiveContractOut,
    tags=TAG,
    summary="合同详情",
)
@requires(VIEW)
def contract_detail(request, contract_id: int):
    return get_scoped_or_404(CollectiveContract, pk=contract_id)


@router.post(
    "/collective/contracts",
    response={201: CollectiveContractOut},
    tags=TAG,
    summary="登记集体经济合同",
)
@requires(CHANGE)
def create_contract(request, payload: CollectiveContractIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id", "receipts"})
    contract = services.contract_save(
        actor=request.user,
        organization=organization,
        receipts=[(r.due_on, r.amount) for r in payload.receipts],
        **data,
    )
    return Status(201, contract)


class ForecastOut(Schema):
    organization_id: int
    organization_name: str
    received: Decimal
    scheduled_rest: Decimal
    run_rate: Decimal
    run_rate_months: int
    projected: Decimal
    threshold: Decimal
    crosses: bool
    shortfall: Decimal


@router.get(
    "/collective/forecast", response=list[ForecastOut], tags=TAG, summary="薄弱村年末收入预测"
)
@requires(VIEW)
def forecast(request, year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")):
    return [
        {
            "organization_id": r["organization"].pk,
            "organization_name": r["organization"].name,
            **{
                k: getattr(r["forecast"], k)
                for k in (
                    "received",
                    "scheduled_rest",
                    "run_rate",
                    "run_rate_months",
                    "projected",
                    "threshold",
                    "crosses",
                    "shortfall",
                )
            },
        }
        for r in selectors.forecast(year, dt.date.today())
    ]


from zugong.grassroots.api import demonstration  # noqa: E402, F401
