"""More of the collective economy API (/api/v1/grassroots/collective/…): the receipt
schedule of a contract (an instalment added, an instalment received), support projects,
the disclosures of village finances, and first secretaries (assignment and leave).
Every write goes through services.collective; ids are resolved within the scope."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.models import Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.collective import ReceiptOut
from zugong.grassroots.api.router import router
from zugong.grassroots.models.collective import (
    CollectiveContract,
    ContractReceipt,
    Disclosure,
    FirstSecretary,
    SupportProject,
)
from zugong.grassroots.services import collective as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·村级集体经济"]
ID = {"ge": 1, "le": 2**63 - 1}


# Receipts ---------------------------------------------------------------------------------


class ReceiptAddIn(Strict):
    due_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="应收日期")
    amount: str = Field(..., max_length=20, description="应收金额（元）")


class ReceiptRecordIn(Strict):
    received_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="实收日期")
    received_amount: str = Field(..., max_length=20, description="实收金额（元）")
    record_income: bool = Field(True, description="同时计入当月集体经济收入")


@router.post(
    "/collective/contracts/{contract_id}/receipts",
    response={201: ReceiptOut},
    tags=TAG,
    summary="合同增加一笔应收款",
)
@requires(CHANGE)
def add_receipt(request, contract_id: int, payload: ReceiptAddIn):
    contract = get_scoped_or_404(
        CollectiveContract.objects.select_related("organization"), pk=contract_id
    )
    receipt = services.receipt_add(actor=request.user, contract=contract, **payload.model_dump())
    return Status(201, ContractReceipt.objects.get(pk=receipt.pk))


@router.post(
    "/collective/receipts/{receipt_id}/received",
    response=ReceiptOut,
    tags=TAG,
    summary="登记合同收款（可同时计入当月收入）",
)
@requires(CHANGE)
def record_receipt(request, receipt_id: int, payload: ReceiptRecordIn):
    receipt = get_scoped_or_404(
        ContractReceipt.objects.select_related("contract__organization"), pk=receipt_id
    )
    services.receipt_record(actor=request.user, receipt=receipt, **payload.model_dump())
    return ContractReceipt.objects.get(pk=receipt.pk)


# Support projects -------------------------------------------------------------------------


class SupportProjectOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    year: int
    name: str
    subsidy: Decimal
    expected_return: Decimal
    actual_return: Decimal | None
    started_on: dt.date | None
    note: str


class SupportProjectIn(Strict):
    year: int = year_field(description="扶持年度")
    name: str = Field(..., max_length=100, description="项目名称")
    subsidy: str = Field(..., max_length=20, description="扶持资金（元）")
    expected_return: str = Field("0", max_length=20, description="预期年收益（元）")
    actual_return: str | None = Field(None, max_length=20, description="实际年收益（元）")
    started_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX, description="实施日期")
    note: str = Field("", max_length=2000)


class SupportProjectCreateIn(SupportProjectIn):
    organization_id: int


class OrgYearFilter(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
    organization_id: int | None = Field(None, **ID, description="村党组织编号")


def _filtered(rows, filters: OrgYearFilter):
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.organization_id:
        rows = rows.filter(organization_id=filters.organization_id)
    return rows


def _projects():
    return SupportProject.objects.select_related("organization")


@router.get(
    "/collective/projects",
    response=list[SupportProjectOut],
    tags=TAG,
    summary="扶持壮大村级集体经济项目",
)
@requires(VIEW)
@paginate(Pagination)
def list_projects(request, filters: Query[OrgYearFilter]):
    rows = _projects()
    return _filtered(rows, filters).order_by("-year", "organization__path", "pk")


@router.get(
    "/collective/projects/{project_id}",
    response=SupportProjectOut,
    tags=TAG,
    summary="扶持项目详情",
)
@requires(VIEW)
def get_project(request, project_id: int):
    return get_scoped_or_404(_projects(), pk=project_id)


@router.post(
    "/collective/projects", response={201: SupportProjectOut}, tags=TAG, summary="登记扶持项目"
)
@requires(CHANGE)
def create_project(request, payload: SupportProjectCreateIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    project = services.project_save(
        actor=request.user,
        organization=organization,
        **payload.model_dump(exclude={"organization_id"}),
    )
    return Status(201, _projects().get(pk=project.pk))


@router.put(
    "/collective/projects/{project_id}",
    response=SupportProjectOut,
    tags=TAG,
    summary="修改扶持项目（含实际年收益）",
)
@requires(CHANGE)
def update_project(request, project_id: int, payload: SupportProjectIn):
    project = get_scoped_or_404(_projects(), pk=project_id)
    services.project_save(
        actor=request.user,
        organization=project.organization,
        project=project,
        **payload.model_dump(),
    )
    return _projects().get(pk=project.pk)


# Disclosures ------------------------------------------------------------------------------


class DisclosureOut(Schema):
    id: int
    organization_id: int
    year: int
    period: str
    kind: str
    disclosed_on: dt.date
    summary: str


class DisclosureIn(Strict):
    organization_id: int
    year: int = year_field()
    period: str = Field(..., max_length=10, description="公开期间：Q1至Q4或01至12")
    kind: str = Field(Disclosure.Kind.REGULAR, max_length=16, description="regular或special")
    disclosed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="公开日期")
    summary: str = Field("", max_length=200, description="公开内容")


@router.get(
    "/collective/disclosures", response=list[DisclosureOut], tags=TAG, summary="村务财务公开记录"
)
@requires(VIEW)
@paginate(Pagination)
def list_disclosures(request, filters: Query[OrgYearFilter]):
    return _filtered(Disclosure.objects.all(), filters).order_by("-disclosed_on", "pk")


@router.post(
    "/collective/disclosures", response={201: DisclosureOut}, tags=TAG, summary="登记村务财务公开"
)
@requires(CHANGE)
def create_disclosure(request, payload: DisclosureIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    disclosure = services.disclosure_record(
        actor=request.user,
        organization=organization,
        **payload.model_dump(exclude={"organization_id"}),
    )
    return Status(201, disclosure)


# First secretaries ------------------------------------------------------------------------


class FirstSecretaryOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    person_id: int
    person_name: str = Field(..., alias="person.name")
    from_unit: str
    started_on: dt.date
    ends_on: dt.date | None
    left_on: dt.date | None
    reason: str


class FirstSecretaryIn(Strict):
    organization_id: int
    person_id: int
    from_unit: str = Field(..., max_length=100, description="派出单位")
    started_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="到村日期")
    ends_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX, description="任期届满日期")
    reason: str = Field("", max_length=100, description="选派原因")


class LeaveIn(Strict):
    left_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="离任日期")


def _secretaries():
    return FirstSecretary.objects.select_related("organization", "person")


@router.get(
    "/collective/first-secretaries",
    response=list[FirstSecretaryOut],
    tags=TAG,
    summary="驻村第一书记",
)
@requires(VIEW)
@paginate(Pagination)
def list_first_secretaries(
    request,
    organization_id: int | None = Query(None, **ID, description="村党组织编号"),
    serving: bool | None = Query(None, description="true只列在任，false只列已离任"),
):
    rows = _secretaries()
    if organization_id:
        rows = rows.filter(organization_id=organization_id)
    if serving is not None:
        rows = rows.filter(left_on__isnull=serving)
    return rows.order_by("organization__path", "-started_on", "pk")


@router.post(
    "/collective/first-secretaries",
    response={201: FirstSecretaryOut},
    tags=TAG,
    summary="选派驻村第一书记",
)
@requires(CHANGE)
def assign_first_secretary(request, payload: FirstSecretaryIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    person = get_scoped_or_404(Person, pk=payload.person_id)
    secretary = services.first_secretary_assign(
        actor=request.user,
        organization=organization,
        person=person,
        **payload.model_dump(exclude={"organization_id", "person_id"}),
    )
    return Status(201, _secretaries().get(pk=secretary.pk))


@router.post(
    "/collective/first-secretaries/{secretary_id}/leave",
    response=FirstSecretaryOut,
    tags=TAG,
    summary="登记第一书记离任",
)
@requires(CHANGE)
def first_secretary_leave(request, secretary_id: int, payload: LeaveIn):
    secretary = get_scoped_or_404(_secretaries(), pk=secretary_id)
    return services.first_secretary_leave(
        actor=request.user, secretary=secretary, left_on=payload.left_on
    )
