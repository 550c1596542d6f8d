"""API of urban co-building (/api/v1/grassroots/cobuilding/…); grids and in-service
members' reports are in urban_grids and urban_dual, imported at the end."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.urban import (
    CoBuildingContract,
    ContractItem,
    JointMeeting,
    ResidentUnit,
)
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·城市共建"]


class UnitOut(Schema):
    id: int
    street_id: int
    name: str
    kind: str
    credit_code: str
    party_organization_id: int | None
    superior: str
    contact: str


class UnitIn(Strict):
    street_id: int
    name: str = Field(..., max_length=100)
    kind: str = Field(..., max_length=24)
    credit_code: str = Field("", max_length=18)
    party_organization_id: int | None = None
    superior: str = Field("", max_length=100)
    contact: str = Field("", max_length=50)


@router.get("/cobuilding/units", response=list[UnitOut], tags=TAG, summary="驻区单位")
@requires(VIEW)
@paginate(Pagination)
def list_units(request):
    return ResidentUnit.objects.order_by("street__path", "name")


@router.post("/cobuilding/units", response={201: UnitOut}, tags=TAG, summary="登记驻区单位")
@requires(CHANGE)
def create_unit(request, payload: UnitIn):
    street = get_scoped_or_404(Organization, pk=payload.street_id)
    party = (
        get_scoped_or_404(Organization, pk=payload.party_organization_id)
        if payload.party_organization_id
        else None
    )
    data = payload.model_dump(exclude={"street_id", "party_organization_id"})
    unit = services.unit_save(actor=request.user, street=street, party_organization=party, **data)
    return Status(201, unit)


class ItemOut(Schema):
    id: int
    kind: str
    content: str
    responsible: str
    due_on: dt.date
    fulfilled_on: dt.date | None


class UrbanContractOut(Schema):
    id: int
    community_id: int
    unit_id: int
    title: str
    year: int
    step: str
    signed_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None


class ContractDetail(UrbanContractOut):
    content: str
    items: list[ItemOut]


class UrbanContractIn(Strict):
    community_id: int
    unit_id: int
    title: str = Field(..., max_length=100)
    year: int = year_field()
    content: str = ""


class UrbanStepIn(Strict):
    step: str = Field(..., max_length=10, description="下一环节（商约→签约→履约→评约）")
    signed_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    starts_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)
    ends_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


class ItemIn(Strict):
    kind: str = Field(..., max_length=16, description="need / resource / project")
    content: str = Field(..., max_length=200)
    responsible: str = Field("", max_length=50)
    due_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


class FulfilmentIn(Strict):
    done_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    description: str = Field(..., max_length=2000)
    participants: str = Field("", max_length=200)
    completes: bool = False


class FulfilmentOut(Schema):
    id: int
    item_id: int
    done_on: dt.date
    description: str
    completes: bool


class EvaluationIn(Strict):
    year: int = year_field()
    score: Decimal = Field(..., ge=0, le=100, decimal_places=1)
    grade: str = Field("", max_length=16, description="空：按得分确定")
    evaluated_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    comments: str = ""
    sent_to: str = Field("", max_length=100)
    sent_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


class EvaluationOut(Schema):
    id: int
    contract_id: int
    year: int
    score: Decimal
    grade: str
    sent_to: str
    sent_on: dt.date | None


def _contract(contract_id: int) -> CoBuildingContract:
    return get_scoped_or_404(
        CoBuildingContract.objects.select_related("community", "unit"), pk=contract_id
    )


@router.get("/cobuilding/contracts", response=list[UrbanContractOut], tags=TAG, summary="共建契约")
@requires(VIEW)
@paginate(Pagination)
def list_contracts(request, year: int | None = None):
    contracts = CoBuildingContract.objects.order_by("-year", "community__path", "pk")
    return contracts.filter(year=year) if year else contracts


@router.get(
    "/cobuilding/contracts/{contract_id}", response=ContractDetail, tags=TAG, summary="契约详情"
)
@requires(VIEW)
def get_contract(request, contract_id: int):
    return _contract(contract_id)


@router.post(
    "/cobuilding/contracts",
    response={201: UrbanContractOut},
    tags=TAG,
    summary="新建共建契约（商约）",
)
@requires(CHANGE)
def create_contract(request, payload: UrbanContractIn):
    community = get_scoped_or_404(Organization, pk=payload.community_id)
    unit = get_scoped_or_404(ResidentUnit.objects.select_related("street"), pk=payload.unit_id)
    contract = services.contract_create(
        actor=request.user,
        community=community,
        unit=unit,
        title=payload.title,
        year=payload.year,
        content=payload.content,
    )
    return Status(201, contract)


@router.post(
    "/cobuilding/contracts/{contract_id}/step",
    response=UrbanContractOut,
    tags=TAG,
    summary="契约进入下一环节",
)
@requires(CHANGE)
def advance_contract(request, contract_id: int, payload: UrbanStepIn):
    return services.contract_advance(
        actor=request.user, contract=_contract(contract_id), **payload.model_dump()
    )


@router.post(
    "/cobuilding/contracts/{contract_id}/items",
    response={201: ItemOut},
    tags=TAG,
    summary="增加清单事项",
)
@requires(CHANGE)
def add_item(request, contract_id: int, payload: ItemIn):
    item = services.item_add(
        actor=request.user, contract=_contract(contract_id), **payload.model_dump()
    )
    return Status(201, item)


@router.post(
    "/cobuilding/items/{item_id}/fulfilments",
    response={201: FulfilmentOut},
    tags=TAG,
    summary="登记履约",
)
@requires(CHANGE)
def add_fulfilment(request, item_id: int, payload: FulfilmentIn):
    item = get_scoped_or_404(ContractItem.objects.select_related("contract__community"), pk=item_id)
    record = services.fulfilment_record(actor=request.user, item=item, **payload.model_dump())
    return Status(201, record)


@router.post(
    "/cobuilding/contracts/{contract_id}/evaluations",
    response={201: EvaluationOut},
    tags=TAG,
    summary="年度评约",
)
@requires(CHANGE)
def evaluate_contract(request, contract_id: int, payload: EvaluationIn):
    evaluation = services.evaluation_record(
        actor=request.user, contract=_contract(contract_id), **payload.model_dump()
    )
    return Status(201, evaluation)


class HealthOut(Schema):
    contract_id: int
    title: str
    community_id: int
    total: int
    due: int
    fulfilled: int
    overdue: int
    not_due: int
    overdue_items: list[ItemOut]


@router.get("/cobuilding/health", response=list[HealthOut], tags=TAG, summary="契约履约情况")
@requires(VIEW)
def contract_health(request, on: dt.date | None = None):
    data = selectors.contract_health(on or dt.date.today())
    return [
        {
            "contract_id": r["contract"].pk,
            "title": r["contract"].title,
            "community_id": r["contract"].community_id,
            "total": r["health"].total,
            "due": r["health"].due,
            "fulfilled": r["health"].fulfilled,
            "overdue": r["health"].overdue,
            "not_due": r["health"].not_due,
            "overdue_items": r["overdue_items"],
        }
        for r in data["contracts"]
    ]


class UrbanMeetingIn(Strict):
    organization_id: int
    held_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    topic: str = Field(..., max_length=200)
    attendees: str = ""
    minutes: str = ""


class UrbanMeetingOut(Schema):
    id: int
    organization_id: int
    level: str
    held_on: dt.date
    topic: str


@router.get("/cobuilding/meetings", response=list[UrbanMeetingOut], tags=TAG, summary="联席会议")
@requires(VIEW)
@paginate(Pagination)
def list_meetings(request):
    return JointMeeting.objects.order_by("-held_on", "pk")


@router.post(
    "/cobuilding/meetings", response={201: UrbanMeetingOut}, tags=TAG, summary="记录联席会议"
)
@requires(CHANGE)
def create_meeting(request, payload: UrbanMeetingIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id"})
    meeting = services.joint_meeting_record(actor=request.user, organization=organization, **data)
    return Status(201, meeting)


from zugong.grassroots.api import urban_dual, urban_grids  # noqa: E402, F401
