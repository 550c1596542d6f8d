"""Talent API: native talents outside (/native/…): the list with the next contact due,
contacts, returns with their figures, the liaison office and the alumni enterprises."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import (
    AlumniEnterprise,
    LiaisonContact,
    NativeContact,
    ReturnOutcome,
    Talent,
)
from zugong.talent.selectors import native as selectors
from zugong.talent.services import native as services

DAY = Field(..., ge=DATE_MIN, le=DATE_MAX)
MONEY = Field(None, ge=0, le=9_999_999_999)


class NativeTalentOut(Schema):
    id: int
    name: str
    township_id: int
    current_city: str
    field_of_work: str
    return_interest: str
    last_contact: dt.date | None
    next_due: dt.date
    overdue: bool


class NativeProfileIn(Strict):
    outside: bool
    current_city: str = Field("", max_length=50)
    field_of_work: str = Field("", max_length=100)
    return_interest: str = Field("unknown", max_length=10)


class NativeContactIn(Strict):
    contacted_on: dt.date = DAY
    kind: str = Field(..., max_length=10)
    by: str = Field(..., max_length=50)
    summary: str = Field(..., max_length=2000)


class NativeContactOut(Schema):
    id: int
    talent_id: int
    contacted_on: dt.date
    kind: str
    by: str
    summary: str


class NativeReturnIn(Strict):
    talent_id: int
    kind: str = Field(..., max_length=12)
    achieved_on: dt.date = DAY
    description: str = Field(..., max_length=2000)
    amount: Decimal | None = MONEY


class NativeReturnOut(Schema):
    id: int
    talent_id: int
    kind: str
    achieved_on: dt.date
    description: str
    amount: Decimal | None


class NativeKindTotal(Schema):
    kind: str
    label: str
    count: int
    amount: Decimal


class NativeYear(Schema):
    year: int
    kinds: list[NativeKindTotal]


class NativeReturnsSummary(Schema):
    totals: list[NativeKindTotal]
    years: list[NativeYear]
    count: int
    amount: Decimal


class NativeLiaisonIn(Strict):
    office_id: int
    station: str = Field("驻深圳人才工作联络站", max_length=50)
    enterprise: str = Field(..., max_length=100)
    project: str = Field("", max_length=100)
    contacted_on: dt.date = DAY
    contact_person: str = Field("", max_length=50)
    summary: str = Field(..., max_length=2000)
    outcome: str = Field("", max_length=200)
    talent_id: int | None = None


class NativeLiaisonOut(Schema):
    id: int
    office_id: int
    station: str
    enterprise: str
    project: str
    contacted_on: dt.date
    contact_person: str
    summary: str
    outcome: str
    talent_id: int | None


class NativeAlumniIn(Strict):
    office_id: int
    name: str = Field(..., max_length=100)
    credit_code: str = Field("", max_length=30)
    university: str = Field(..., max_length=100)
    founder: str = Field("", max_length=50)
    returned_on: dt.date = DAY
    registered_capital: Decimal | None = MONEY
    jobs: int = Field(0, ge=0, le=10_000_000)
    tax: Decimal | None = MONEY


class NativeAlumniOut(Schema):
    id: int
    office_id: int
    name: str
    credit_code: str
    university: str
    founder: str
    returned_on: dt.date
    registered_capital: Decimal | None
    jobs: int
    tax: Decimal | None


def _talent(talent_id: int) -> Talent:
    return get_scoped_or_404(Talent.objects.select_related("person", "township"), pk=talent_id)


def _native_out(talent, today) -> dict:
    return {
        "id": talent.pk,
        "name": talent.person.name,
        "township_id": talent.township_id,
        "current_city": talent.current_city,
        "field_of_work": talent.field_of_work,
        "return_interest": talent.return_interest,
        **selectors.contact_state(talent, today),
    }


@router.get("/native/talents", response=list[NativeTalentOut], summary="在外籍贯人才")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_native(
    request,
    q: str = Query("", max_length=50),
    city: str = Query("", max_length=50),
    interest: str = Query("", max_length=10),
    overdue: bool | None = None,
):
    today = dt.date.today()
    queryset = selectors.native_talents(
        today=today, q=q, city=city, interest=interest, overdue=overdue
    )
    return [_native_out(t, today) for t in queryset]


@router.put(
    "/native/talents/{talent_id}", response=NativeTalentOut, summary="登记或修改在外籍贯人才"
)
@requires(caps.CHANGE_TALENT)
def update_native(request, talent_id: int, payload: NativeProfileIn):
    talent = services.native_profile_update(
        actor=request.user, talent=_talent(talent_id), **payload.model_dump()
    )
    today = dt.date.today()
    listed = selectors.native_talents(today=today).filter(pk=talent.pk).first()
    return _native_out(listed or talent, today)


@router.get(
    "/native/talents/{talent_id}/contacts", response=list[NativeContactOut], summary="联络记录"
)
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_contacts(request, talent_id: int):
    return NativeContact.objects.filter(talent=_talent(talent_id)).order_by("-contacted_on", "-id")


@router.post(
    "/native/talents/{talent_id}/contacts", response={201: NativeContactOut}, summary="登记联络"
)
@requires(caps.CHANGE_TALENT)
def create_contact(request, talent_id: int, payload: NativeContactIn):
    contact = services.native_contact_record(
        actor=request.user, talent=_talent(talent_id), **payload.model_dump()
    )
    return Status(201, contact)


@router.get("/native/returns", response=list[NativeReturnOut], summary="回归成效")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_returns(request, kind: str = Query("", max_length=12)):
    queryset = ReturnOutcome.objects.order_by("-achieved_on", "-id")
    return queryset.filter(kind=kind) if kind else queryset


@router.post("/native/returns", response={201: NativeReturnOut}, summary="登记回归成效")
@requires(caps.CHANGE_TALENT)
def create_return(request, payload: NativeReturnIn):
    data = payload.model_dump()
    talent = _talent(data.pop("talent_id"))
    return Status(201, services.return_outcome_save(actor=request.user, talent=talent, **data))


@router.get("/native/returns/summary", response=NativeReturnsSummary, summary="回归成效统计")
@requires(caps.VIEW_TALENT)
def returns_summary(request, year: int | None = Query(None, ge=1900, le=2999)):
    return selectors.returns_summary(year=year)


@router.get("/native/liaison", response=list[NativeLiaisonOut], summary="联络站对接")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_liaison(request):
    return LiaisonContact.objects.order_by("-contacted_on", "-id")


@router.post("/native/liaison", response={201: NativeLiaisonOut}, summary="登记联络站对接")
@requires(caps.CHANGE_TALENT)
def create_liaison(request, payload: NativeLiaisonIn):
    data = payload.model_dump()
    data["office"] = get_scoped_or_404(Organization, pk=data.pop("office_id"))
    pk = data.pop("talent_id")
    data["talent"] = _talent(pk) if pk else None
    return Status(201, services.liaison_contact_save(actor=request.user, data=data))


@router.get("/native/alumni", response=list[NativeAlumniOut], summary="校友企业回归")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_alumni(request, q: str = Query("", max_length=50)):
    return selectors.alumni_list(q=q)


@router.post("/native/alumni", response={201: NativeAlumniOut}, summary="登记校友企业")
@requires(caps.CHANGE_TALENT)
def create_alumni(request, payload: NativeAlumniIn):
    data = payload.model_dump()
    data["office"] = get_scoped_or_404(Organization, pk=data.pop("office_id"))
    return Status(201, services.alumni_enterprise_save(actor=request.user, data=data))


@router.get("/native/alumni/{enterprise_id}", response=NativeAlumniOut, summary="校友企业详情")
@requires(caps.VIEW_TALENT)
def get_alumni(request, enterprise_id: int):
    return get_scoped_or_404(AlumniEnterprise, pk=enterprise_id)
