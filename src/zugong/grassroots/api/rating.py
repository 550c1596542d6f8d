"""Star rating API (/api/v1/grassroots/ratings/…): list, detail with scores and evidence,
what-if and the workflow transitions, through the same services as the back office."""

import datetime as dt
from decimal import Decimal

from django.db.models import F
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination
from zugong.core.authz import requires
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.rating import Rating, RatingObjection
from zugong.grassroots.selectors import rating as selectors
from zugong.grassroots.services import rating as services


class RatingOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    year: int
    status: str
    status_name: str
    draft_score: Decimal | None
    score: Decimal | None
    star: int | None
    previous_star: int | None
    move: str
    unsupported_count: int = 0
    notice_starts_on: dt.date | None
    notice_ends_on: dt.date | None
    published_on: dt.date | None

    @staticmethod
    def resolve_organization_name(obj):
        return obj["organization_name"] if isinstance(obj, dict) else obj.organization.name

    @staticmethod
    def resolve_status_name(obj):
        return obj["status_name"] if isinstance(obj, dict) else obj.get_status_display()

    @staticmethod
    def resolve_move(obj):
        return obj["move"] if isinstance(obj, dict) else services.move_of(obj)


class RefOut(Schema):
    kind: str
    id: int
    label: str


class ScoreOut(Schema):
    indicator_id: int
    code: str
    standard: str
    name: str
    max_points: Decimal
    evidence_source: str
    draft_points: Decimal | None
    points: Decimal | None
    evidence_summary: str
    evidence_refs: list[RefOut]
    evidence_note: str
    unsupported: bool


class RatingStepOut(Schema):
    status: str
    score: Decimal | None
    star: int | None
    comment: str
    at: dt.datetime


class RatingDetailOut(RatingOut):
    scores: list[ScoreOut]
    vetoes: list[str]
    steps: list[RatingStepOut]
    review_comment: str
    returned_reason: str


class RatingFilter(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
    status: str | None = Field(None, max_length=16, description="状态")
    star: int | None = Field(None, ge=1, le=5, description="星级")
    township_id: int | None = Field(None, ge=1, le=2**63 - 1, description="乡镇（街道）党组织编号")
    move: str | None = Field(None, pattern="^(up|down|same|new)$", description="升降")


@router.get("/ratings", response=list[RatingOut], summary="星级评定列表")
@requires(caps.VIEW_GRASSROOTS)
@paginate(Pagination)
def list_ratings(request, filters: Query[RatingFilter]):
    from zugong.core.models import Organization

    qs = selectors.ratings(filters.year).order_by("-year", "organization__path")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.star:
        qs = qs.filter(star=filters.star)
    if filters.township_id:
        town = get_scoped_or_404(Organization, pk=filters.township_id)
        qs = qs.filter(organization__path__startswith=town.path)
    moves = {
        "up": {"star__gt": F("previous_star")},
        "down": {"star__lt": F("previous_star")},
        "same": {"star": F("previous_star")},
        "new": {"previous_star__isnull": True},
    }
    if filters.move:
        qs = qs.filter(**moves[filters.move])
    return qs


def _detail(rating: Rating) -> dict:
    rating = selectors.ratings().get(pk=rating.pk)
    scores = [
        {
            "indicator_id": s.indicator_id,
            "code": s.indicator.code,
            "standard": s.indicator.standard,
            "name": s.indicator.name,
            "max_points": s.indicator.max_points,
            "evidence_source": s.indicator.evidence,
            "draft_points": s.draft_points,
            "points": s.points,
            "evidence_summary": s.evidence_summary,
            "evidence_refs": s.evidence_refs,
            "evidence_note": s.evidence_note,
            "unsupported": s.unsupported,
        }
        for s in rating.scores.select_related("indicator")
    ]
    data = {name: getattr(rating, name, None) for name in RatingOut.model_fields}
    return {
        **data,
        "organization_name": rating.organization.name,
        "status_name": rating.get_status_display(),
        "move": services.move_of(rating),
        "scores": scores,
        "vetoes": [str(v.veto) for v in rating.vetoes.select_related("veto")],
        "steps": list(rating.steps.values("status", "score", "star", "comment", "at")),
        "review_comment": rating.review_comment,
        "returned_reason": rating.returned_reason,
    }


def _rating(rating_id: int) -> Rating:
    return get_scoped_or_404(
        Rating.objects.select_related("organization", "indicator_set"), pk=rating_id
    )


@router.get(
    "/ratings/{int:rating_id}",
    response=RatingDetailOut,
    summary="星级评定详情（含指标得分及依据记录）",
)
@requires(caps.VIEW_GRASSROOTS)
def get_rating(request, rating_id: int):
    return _detail(_rating(rating_id))


class OptionOut(Schema):
    code: str
    name: str
    headroom: Decimal
    reaches_next: bool


class WhatIfOut(Schema):
    next_star: int | None
    points_needed: Decimal
    reachable: bool
    blocked_by_veto: bool
    indicators: list[OptionOut]


@router.get(
    "/ratings/{int:rating_id}/what-if",
    response=WhatIfOut,
    summary="升星测算：升至下一星级各指标还差多少分",
)
@requires(caps.VIEW_GRASSROOTS)
def what_if(request, rating_id: int):
    result = selectors.what_if(_rating(rating_id))
    return {
        "next_star": result.next_star,
        "points_needed": result.points_needed,
        "reachable": result.reachable,
        "blocked_by_veto": result.blocked_by_veto,
        "indicators": [o.__dict__ for o in result.indicators],
    }


class DraftsIn(Schema):
    model_config = {"extra": "forbid"}
    year: int = Field(..., ge=YEAR_MIN, le=YEAR_MAX)


class DraftsOut(Schema):
    created: int
    refreshed: int
    kept: int


@router.post(
    "/ratings/drafts",
    response=DraftsOut,
    summary="按系统记录生成或刷新初评（权限范围内全部村、社区）",
)
@requires(caps.ASSESS_RATING)
def compute_drafts(request, payload: DraftsIn):
    return services.compute_drafts(actor=request.user, year=payload.year)


class AssessIn(Schema):
    model_config = {"extra": "forbid"}
    points: dict[int, Decimal] = Field(default_factory=dict, description="指标编号 → 得分")
    notes: dict[int, str] = Field(default_factory=dict, description="指标编号 → 佐证说明")
    vetoes: list[int] | None = Field(None, description="触发的否决事项编号；不填则不变")


@router.post(
    "/ratings/{int:rating_id}/self-assessment",
    response=RatingDetailOut,
    summary="村（社区）自评打分",
)
@requires(caps.ASSESS_RATING)
def self_assess(request, rating_id: int, payload: AssessIn):
    rating = _rating(rating_id)
    services.self_assess(actor=request.user, rating=rating, **payload.dict())
    return _detail(rating)


class CommentIn(Schema):
    model_config = {"extra": "forbid"}
    comment: str = Field("", max_length=2000)


@router.post("/ratings/{int:rating_id}/submit", response=RatingDetailOut, summary="提交乡镇审核")
@requires(caps.ASSESS_RATING)
def submit(request, rating_id: int, payload: CommentIn):
    rating = _rating(rating_id)
    services.submit(actor=request.user, rating=rating, comment=payload.comment)
    return _detail(rating)


class DecisionIn(AssessIn):
    passed: bool
    comment: str = Field("", max_length=2000, description="意见；退回时必填退回理由")


@router.post(
    "/ratings/{int:rating_id}/review", response=RatingDetailOut, summary="乡镇审核（通过或退回）"
)
@requires(caps.REVIEW_RATING)
def review(request, rating_id: int, payload: DecisionIn):
    rating = _rating(rating_id)
    services.review(actor=request.user, rating=rating, **payload.dict())
    return _detail(rating)


class ApproveIn(Schema):
    model_config = {"extra": "forbid"}
    passed: bool = True
    comment: str = Field("", max_length=2000)


@router.post(
    "/ratings/{int:rating_id}/approve", response=RatingDetailOut, summary="区级审定（通过或退回）"
)
@requires(caps.APPROVE_RATING)
def approve(request, rating_id: int, payload: ApproveIn):
    rating = _rating(rating_id)
    services.approve(actor=request.user, rating=rating, **payload.dict())
    return _detail(rating)


class NoticeIn(Schema):
    model_config = {"extra": "forbid"}
    starts_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


@router.post(
    "/ratings/{int:rating_id}/notice",
    response=RatingDetailOut,
    summary="开始公示（结束日期按工作日历计算）",
)
@requires(caps.APPROVE_RATING)
def notice(request, rating_id: int, payload: NoticeIn):
    rating = _rating(rating_id)
    services.start_notice(actor=request.user, rating=rating, starts_on=payload.starts_on)
    return _detail(rating)


class ObjectionIn(Schema):
    model_config = {"extra": "forbid"}
    received_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    content: str = Field(..., max_length=2000)
    raised_by: str = Field("", max_length=50)


class ObjectionOut(Schema):
    id: int
    received_on: dt.date
    content: str
    finding: str
    upheld: bool | None
    handled_on: dt.date | None


@router.post(
    "/ratings/{int:rating_id}/objections", response={201: ObjectionOut}, summary="登记公示期间反映"
)
@requires(caps.APPROVE_RATING)
def objection(request, rating_id: int, payload: ObjectionIn):
    rating = _rating(rating_id)
    return 201, services.objection_record(actor=request.user, rating=rating, **payload.dict())


class HandleIn(Schema):
    model_config = {"extra": "forbid"}
    finding: str = Field(..., max_length=2000)
    upheld: bool
    handled_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


@router.post(
    "/ratings/{int:rating_id}/objections/{objection_id}/handle",
    response=ObjectionOut,
    summary="核查处理公示期间反映",
)
@requires(caps.APPROVE_RATING)
def handle_objection(request, rating_id: int, objection_id: int, payload: HandleIn):
    rating = _rating(rating_id)
    found = get_scoped_or_404(RatingObjection.objects.filter(rating=rating), pk=objection_id)
    return services.objection_handle(actor=request.user, objection=found, **payload.dict())


@router.post(
    "/ratings/{int:rating_id}/publish", response=RatingDetailOut, summary="公示期满后发布星级"
)
@requires(caps.APPROVE_RATING)
def publish(request, rating_id: int):
    rating = _rating(rating_id)
    services.publish(actor=request.user, rating=rating)
    return _detail(rating)


@router.get("/ratings-overview", response=dict, summary="年度星级概况（各星级、各乡镇、升降）")
@requires(caps.VIEW_GRASSROOTS)
def overview(request, year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX)):
    data = selectors.overview(year)
    data["statuses"] = [[str(label), n] for label, n in data["statuses"]]
    return data
