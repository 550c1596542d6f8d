"""More of the star rating API: rectification items of a published rating or a weak and
lax listing (rectification_add, rectification_complete), the weak-and-lax listings
(weaklax_list, weaklax_delist) and the year's indicator set (make, save, check). Writes
go through services.rating_rectify and services.rating_indicators."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.rating import IndicatorSet, Rating, Rectification, WeakLaxListing
from zugong.grassroots.services import rating_indicators, rating_rectify

VIEW, CHANGE, MANAGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS, caps.MANAGE_INDICATORS
TAG = ["基层党建·星级化管理"]
ID = {"ge": 1, "le": 2**63 - 1}
POINTS = {"ge": 0, "le": 1000, "max_digits": 6, "decimal_places": 2}


# Rectifications -----------------------------------------------------------------------------


class RatingRectificationOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    year: int
    rating_id: int | None
    listing_id: int | None
    item: str
    deadline: dt.date
    responsible: str
    result: str
    completed_on: dt.date | None


class RectificationIn(Strict):
    item: str = Field(..., max_length=2000, description="整改事项")
    deadline: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="整改时限")
    responsible: str = Field(..., max_length=50, description="责任人")


class CompleteIn(Strict):
    result: str = Field(..., max_length=2000, description="整改结果")
    completed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="完成日期")


class RectificationFilter(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
    organization_id: int | None = Field(None, **ID, description="党组织编号")
    open: bool | None = Field(None, description="true只列未完成，false只列已完成")


def _rectifications():
    return Rectification.objects.select_related("organization")


@router.get(
    "/rectifications",
    response=list[RatingRectificationOut],
    tags=TAG,
    summary="整改清单（星级评定、软弱涣散）",
)
@requires(VIEW)
@paginate(Pagination)
def list_rectifications(request, filters: Query[RectificationFilter]):
    rows = _rectifications()
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.organization_id:
        rows = rows.filter(organization_id=filters.organization_id)
    if filters.open is not None:
        rows = rows.filter(completed_on__isnull=filters.open)
    return rows.order_by("deadline", "pk")


@router.post(
    "/ratings/{int:rating_id}/rectifications",
    response={201: RatingRectificationOut},
    tags=TAG,
    summary="为已发布且需整改的星级评定列整改事项",
)
@requires(CHANGE)
def add_rating_rectification(request, rating_id: int, payload: RectificationIn):
    rating = get_scoped_or_404(Rating.objects.select_related("organization"), pk=rating_id)
    item = rating_rectify.rectification_add(
        actor=request.user, rating=rating, **payload.model_dump()
    )
    return Status(201, _rectifications().get(pk=item.pk))


@router.post(
    "/weak-lax/{listing_id}/rectifications",
    response={201: RatingRectificationOut},
    tags=TAG,
    summary="为软弱涣散党组织列整改事项",
)
@requires(CHANGE)
def add_listing_rectification(request, listing_id: int, payload: RectificationIn):
    listing = get_scoped_or_404(
        WeakLaxListing.objects.select_related("organization"), pk=listing_id
    )
    item = rating_rectify.rectification_add(
        actor=request.user, listing=listing, **payload.model_dump()
    )
    return Status(201, _rectifications().get(pk=item.pk))


@router.post(
    "/rectifications/{rectification_id}/complete",
    response=RatingRectificationOut,
    tags=TAG,
    summary="登记整改完成",
)
@requires(CHANGE)
def complete_rectification(request, rectification_id: int, payload: CompleteIn):
    item = get_scoped_or_404(_rectifications(), pk=rectification_id)
    return rating_rectify.rectification_complete(
        actor=request.user, rectification=item, **payload.model_dump()
    )


# Weak and lax listings ------------------------------------------------------------------------


class WeakLaxOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    year: int
    listed_on: dt.date
    reasons: str
    leader: str
    instructor: str
    status: str
    delisted_on: dt.date | None
    delisting_note: str


class WeakLaxIn(Strict):
    organization_id: int
    year: int = year_field()
    listed_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="列入日期")
    reasons: str = Field(..., max_length=2000, description="主要问题")
    leader: str = Field("", max_length=50, description="包联领导")
    instructor: str = Field("", max_length=50, description="驻村指导员（第一书记）")


class DelistIn(Strict):
    delisted_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="销号日期")
    note: str = Field(..., max_length=2000, description="销号验收意见")


def _listings():
    return WeakLaxListing.objects.select_related("organization")


@router.get("/weak-lax", response=list[WeakLaxOut], tags=TAG, summary="软弱涣散基层党组织")
@requires(VIEW)
@paginate(Pagination)
def list_weak_lax(
    request,
    year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度"),
    status: str | None = Query(None, pattern="^(listed|delisted)$", description="listed或delisted"),
):
    rows = _listings()
    if year:
        rows = rows.filter(year=year)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-year", "organization__path")


@router.post("/weak-lax", response={201: WeakLaxOut}, tags=TAG, summary="列为软弱涣散基层党组织")
@requires(CHANGE)
def list_as_weak_lax(request, payload: WeakLaxIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    listing = rating_rectify.weaklax_list(
        actor=request.user,
        organization=organization,
        **payload.model_dump(exclude={"organization_id"}),
    )
    return Status(201, _listings().get(pk=listing.pk))


@router.post(
    "/weak-lax/{listing_id}/delist",
    response=WeakLaxOut,
    tags=TAG,
    summary="软弱涣散党组织整顿销号（整改事项须全部完成）",
)
@requires(CHANGE)
def delist_weak_lax(request, listing_id: int, payload: DelistIn):
    listing = get_scoped_or_404(_listings(), pk=listing_id)
    return rating_rectify.weaklax_delist(
        actor=request.user, listing=listing, **payload.model_dump()
    )


# Indicator sets ---------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    standard: str
    name: str
    max_points: Decimal
    evidence: str
    guidance: str
    order: int


class BandOut(Schema):
    star: int
    min_score: Decimal


class VetoOut(Schema):
    code: str
    name: str
    cap_star: int


class IndicatorSetOut(Schema):
    id: int
    year: int
    name: str
    total_points: Decimal
    basis: str
    note: str
    indicators: list[IndicatorOut]
    bands: list[BandOut]
    vetoes: list[VetoOut]

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.order_by("order", "pk"))

    @staticmethod
    def resolve_bands(obj):
        return list(obj.bands.order_by("-star"))

    @staticmethod
    def resolve_vetoes(obj):
        return list(obj.vetoes.order_by("code"))


class MakeIn(Strict):
    year: int = year_field(description="年度")


class IndicatorSetIn(Strict):
    name: str | None = Field(None, max_length=100, description="名称")
    total_points: Decimal | None = Field(None, **POINTS, description="总分")
    basis: str | None = Field(None, max_length=200, description="制定依据")
    note: str | None = Field(None, max_length=5000, description="说明")
    max_points: dict[str, Decimal] = Field(
        default_factory=dict, max_length=200, description="指标编号 → 满分"
    )
    bands: dict[int, Decimal] = Field(
        default_factory=dict, max_length=5, description="星级 → 最低得分"
    )
    caps: dict[str, int] = Field(
        default_factory=dict, max_length=200, description="否决事项编号 → 最高可评星级"
    )


class IndicatorSetCheckOut(Schema):
    year: int
    ok: bool
    field: str
    message: str


def _set(year: int) -> IndicatorSet:
    found = IndicatorSet.objects.filter(year=year).first()
    if found is None:
        raise Http404
    return found


@router.get("/indicator-sets", response=list[IndicatorSetOut], tags=TAG, summary="星级评定指标体系")
@requires(VIEW)
def list_indicator_sets(request):
    return list(IndicatorSet.objects.order_by("-year"))


@router.get(
    "/indicator-sets/{int:year}", response=IndicatorSetOut, tags=TAG, summary="年度指标体系详情"
)
@requires(VIEW)
def get_indicator_set(request, year: int):
    return _set(year)


@router.post(
    "/indicator-sets",
    response={201: IndicatorSetOut},
    tags=TAG,
    summary="生成年度指标体系（复制上一年度，首个年度按默认体系）",
)
@requires(MANAGE)
def make_indicator_set(request, payload: MakeIn):
    return Status(201, rating_indicators.indicator_set_make(actor=request.user, year=payload.year))


def _apply(rows, values: dict, key: str, attribute: str, field: str) -> None:
    found = {str(getattr(row, key)): row for row in rows}
    for code, value in values.items():
        row = found.get(str(code))
        if row is None:
            raise ApplicationError(_("指标体系中没有编号为%(c)s的项") % {"c": code}, field=field)
        setattr(row, attribute, value)
        row.save(update_fields=[attribute])


@router.put(
    "/indicator-sets/{int:year}",
    response=IndicatorSetOut,
    tags=TAG,
    summary="修改年度指标体系（名称、总分、各指标满分、星级分档、否决事项；整体校验，不通过不保存）",
)
@requires(MANAGE)
def save_indicator_set(request, year: int, payload: IndicatorSetIn):
    indicator_set = _set(year)
    header = payload.model_dump(
        include={"name", "total_points", "basis", "note"}, exclude_none=True
    )
    with transaction.atomic():
        for name, value in header.items():
            setattr(indicator_set, name, value)
        indicator_set.save()
        _apply(
            indicator_set.indicators.all(), payload.max_points, "code", "max_points", "max_points"
        )
        _apply(indicator_set.bands.all(), payload.bands, "star", "min_score", "min_score")
        _apply(indicator_set.vetoes.all(), payload.caps, "code", "cap_star", "cap_star")
        rating_indicators.indicator_set_saved(
            actor=request.user,
            indicator_set=indicator_set,
            changes={"fields": sorted(payload.model_dump(exclude_unset=True))},
        )
    return IndicatorSet.objects.get(pk=indicator_set.pk)


@router.get(
    "/indicator-sets/{int:year}/check",
    response=IndicatorSetCheckOut,
    tags=TAG,
    summary="校验年度指标体系（满分合计、星级分档、否决事项）",
)
@requires(VIEW)
def check_indicator_set(request, year: int):
    indicator_set = _set(year)
    try:
        rating_indicators.indicator_set_check(indicator_set)
    except ApplicationError as error:
        detail = (error.details or [{}])[0]
        return {
            "year": year,
            "ok": False,
            "field": detail.get("field", ""),
            "message": error.message,
        }
    return {"year": year, "ok": True, "field": "", "message": ""}
