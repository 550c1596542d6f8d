"""API of talent housing (/api/v1/talent/housing/…): apartments and rooms, applications
with their eligibility, the waiting list, allocation, leases with re-reviews and exit."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import Apartment, Lease, Room, Talent
from zugong.talent.selectors import housing as selectors
from zugong.talent.services import housing as services

VIEW, CHANGE, MANAGE = caps.VIEW_TALENT, caps.CHANGE_TALENT, caps.MANAGE_HOUSING
TAG = ["人才工作·人才公寓"]
ID = Field(..., ge=1, le=2**63 - 1)


class HousingRoomOut(Schema):
    id: int
    apartment_id: int
    apartment: str
    number: str
    layout: str
    area: float
    monthly_rent: float
    out_of_service: bool

    @staticmethod
    def resolve_apartment(obj) -> str:
        return obj.apartment.name


class HousingApartmentOut(Schema):
    id: int
    township_id: int
    name: str
    address: str
    rooms: list[HousingRoomOut]

    @staticmethod
    def resolve_rooms(obj) -> list:
        return list(obj.rooms.all())


class HousingConditionOut(Schema):
    code: str
    met: bool
    reason: str


class HousingApplicationOut(Schema):
    id: int
    talent_id: int
    applicant: str
    submitted_on: dt.date
    by_portal: bool
    employer: str
    employer_in_district: bool
    insurance_months: int
    owns_housing: bool
    household: int
    status: str
    eligibility: list[HousingConditionOut]
    queued_on: dt.date | None
    decided_on: dt.date | None
    refused_reason: str

    @staticmethod
    def resolve_applicant(obj) -> str:
        return obj.talent.person.name


class HousingApplyIn(Strict):
    talent_id: int = ID
    employer: str = Field(..., max_length=100)
    employer_in_district: bool
    insurance_months: int = Field(..., ge=0, le=600)
    owns_housing: bool
    household: int = Field(1, ge=1, le=10)


class HousingAllocateIn(Strict):
    room_id: int = ID
    starts_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    ends_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    occupants: str = Field("", max_length=500)


class HousingReviewOut(Schema):
    id: int
    reviewed_on: dt.date
    eligible: bool
    note: str


class HousingLeaseOut(Schema):
    id: int
    application_id: int
    tenant: str
    room: str
    starts_on: dt.date
    ends_on: dt.date
    occupants: str
    next_review_on: dt.date
    exited_on: dt.date | None
    exit_reason: str

    @staticmethod
    def resolve_tenant(obj) -> str:
        return obj.application.talent.person.name

    @staticmethod
    def resolve_room(obj) -> str:
        return str(obj.room)


class HousingLeaseReviewIn(Strict):
    eligible: bool
    note: str = Field("", max_length=150)


class HousingExitIn(Strict):
    on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    reason: str = Field(..., max_length=200)


class HousingApplicationFilter(Schema):
    status: str | None = Field(None, max_length=10, description="状态")


class HousingLeaseFilter(Schema):
    reviews_due: bool = Field(False, description="只列30天内待资格复核的")
    ending: bool = Field(False, description="只列60天内租期届满的")


@router.get(
    "/housing/apartments", response=list[HousingApartmentOut], tags=TAG, summary="人才公寓与房间"
)
@requires(VIEW)
@paginate(Pagination)
def list_apartments(request):
    return Apartment.objects.prefetch_related("rooms__apartment").order_by("name", "pk")


@router.get(
    "/housing/vacant-rooms", response=list[HousingRoomOut], tags=TAG, summary="今日空置房间"
)
@requires(VIEW)
@paginate(Pagination)
def vacant_rooms(request):
    return selectors.vacant_rooms(dt.date.today())


@router.get(
    "/housing/applications",
    response=list[HousingApplicationOut],
    tags=TAG,
    summary="人才公寓申请",
)
@requires(VIEW)
@paginate(Pagination)
def list_applications(request, filters: Query[HousingApplicationFilter]):
    rows = selectors.applications()
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows.order_by("-submitted_on", "-pk")


@router.get(
    "/housing/waiting-list",
    response=list[HousingApplicationOut],
    tags=TAG,
    summary="轮候名单（按进入轮候先后）",
)
@requires(VIEW)
@paginate(Pagination)
def waiting_list(request):
    return selectors.waiting_list()


@router.get(
    "/housing/applications/{application_id}",
    response=HousingApplicationOut,
    tags=TAG,
    summary="一份公寓申请",
)
@requires(VIEW)
def get_application(request, application_id: int):
    return get_scoped_or_404(selectors.applications(), pk=application_id)


@router.post(
    "/housing/applications",
    response={201: HousingApplicationOut},
    tags=TAG,
    summary="申请人才公寓（代人才申请）",
)
@requires(CHANGE)
def apply(request, payload: HousingApplyIn):
    talent = get_scoped_or_404(
        Talent.objects.select_related("person", "township"), pk=payload.talent_id
    )
    application = services.housing_apply(
        actor=request.user, talent=talent, **payload.model_dump(exclude={"talent_id"})
    )
    return Status(201, application)


@router.post(
    "/housing/applications/{application_id}/decide",
    response=HousingApplicationOut,
    tags=TAG,
    summary="资格审查（符合条件进入轮候）",
)
@requires(MANAGE)
def decide(request, application_id: int):
    application = get_scoped_or_404(selectors.applications(), pk=application_id)
    return services.housing_decide(actor=request.user, application=application)


@router.post(
    "/housing/applications/{application_id}/allocate",
    response={201: HousingLeaseOut},
    tags=TAG,
    summary="配租",
)
@requires(MANAGE)
def allocate(request, application_id: int, payload: HousingAllocateIn):
    application = get_scoped_or_404(selectors.applications(), pk=application_id)
    room = get_scoped_or_404(Room.objects.select_related("apartment__township"), pk=payload.room_id)
    lease = services.housing_allocate(
        actor=request.user,
        application=application,
        room=room,
        **payload.model_dump(exclude={"room_id"}),
    )
    return Status(201, lease)


@router.get("/housing/leases", response=list[HousingLeaseOut], tags=TAG, summary="租赁")
@requires(VIEW)
@paginate(Pagination)
def list_leases(request, filters: Query[HousingLeaseFilter]):
    today = dt.date.today()
    if filters.reviews_due:
        return selectors.reviews_due(today)
    if filters.ending:
        return selectors.leases_ending(today)
    return selectors.leases().order_by("-starts_on", "-pk")


@router.get(
    "/housing/leases/{lease_id}/reviews",
    response=list[HousingReviewOut],
    tags=TAG,
    summary="租赁的资格复核记录",
)
@requires(VIEW)
def lease_reviews(request, lease_id: int):
    lease = get_scoped_or_404(Lease, pk=lease_id)
    return list(lease.reviews.all())


@router.post(
    "/housing/leases/{lease_id}/review",
    response={201: HousingReviewOut},
    tags=TAG,
    summary="资格复核",
)
@requires(MANAGE)
def review(request, lease_id: int, payload: HousingLeaseReviewIn):
    lease = get_scoped_or_404(selectors.leases(), pk=lease_id)
    made = services.lease_review(actor=request.user, lease=lease, **payload.model_dump())
    return Status(201, made)


@router.post("/housing/leases/{lease_id}/exit", response=HousingLeaseOut, tags=TAG, summary="退租")
@requires(MANAGE)
def exit_lease(request, lease_id: int, payload: HousingExitIn):
    lease = get_scoped_or_404(selectors.leases(), pk=lease_id)
    return services.lease_exit(actor=request.user, lease=lease, **payload.model_dump())
