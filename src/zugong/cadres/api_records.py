"""API of the cadres app, the recording operations (assessments, appointments, ranks,
supervision records) and the supervision lists; registered on ``zugong.cadres.api.router``.
"""

import datetime as dt

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.cadres import capabilities as caps
from zugong.cadres import selectors
from zugong.cadres.api import (
    AnnualOut,
    PositionOut,
    RankOut,
    SupervisionOut,
    _cadre,
    router,
)
from zugong.cadres.models import Rectification, SupervisionRecord
from zugong.cadres.services import assessments as assessment_services
from zugong.cadres.services import records as record_services
from zugong.cadres.services import supervision as supervision_services
from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, year_field
from zugong.core.authz import requires


class AnnualIn(Schema):
    year: int = year_field(description="考核年度")
    grade: str = Field(
        "", max_length=16, description="病假、事假合计超过半年的可留空，自动不定等次"
    )
    ungraded_reason: str = Field("", max_length=16)
    comments: str = ""
    sick_leave_days: int = Field(0, ge=0, le=366, description="考核年度内病假天数")
    personal_leave_days: int = Field(0, ge=0, le=366, description="考核年度内事假天数")


@router.post("/{int:cadre_id}/assessments", response={201: AnnualOut}, summary="录入年度考核结果")
@requires(caps.CHANGE_CADRE)
def record_annual(request, cadre_id: int, payload: AnnualIn):
    cadre = _cadre(cadre_id)
    return Status(
        201,
        assessment_services.annual_record(actor=request.user, cadre=cadre, **payload.model_dump()),
    )


class PositionIn(Schema):
    title: str = Field(..., max_length=100)
    level: str = Field("", max_length=24)
    unit_name: str = Field("", max_length=100)
    started_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    probation: bool = False
    appointment_doc: str = Field("", max_length=100)
    appointment_approved_by: str = Field("", max_length=100)
    notice_exemption: str = Field(
        "",
        max_length=20,
        description="提拔任职未经任前公示的原因：special_post、general_election、earlier_record",
    )
    notice_exemption_note: str = Field("", max_length=200)


@router.post(
    "/{int:cadre_id}/positions",
    response={201: PositionOut},
    summary="任职（影响期、试用期内提拔，责令辞职或免职影响期内任领导职务，或任前公示未期满的，予以拒绝并说明原因）",
)
@requires(caps.CHANGE_CADRE)
def appoint(request, cadre_id: int, payload: PositionIn):
    cadre = _cadre(cadre_id)
    return Status(
        201,
        record_services.position_add(actor=request.user, cadre=cadre, data=payload.model_dump()),
    )


class RankIn(Schema):
    rank: str = Field(..., max_length=8)
    started_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    pay_grade: int | None = Field(None, ge=1, le=27, description="级别，1至27")
    document: str = Field("", max_length=100)
    approved_by: str = Field("", max_length=100)


@router.post("/{int:cadre_id}/ranks", response={201: RankOut}, summary="职级晋升或任定")
@requires(caps.CHANGE_CADRE)
def set_rank(request, cadre_id: int, payload: RankIn):
    cadre = _cadre(cadre_id)
    return Status(
        201, record_services.rank_set(actor=request.user, cadre=cadre, **payload.model_dump())
    )


@router.get(
    "/supervision",
    response=list[SupervisionOut],
    summary="干部监督记录（需“查看干部监督记录”权限；查看记入审计日志）",
)
@requires(caps.VIEW_SUPERVISION)
@paginate(Pagination)
def supervision_list(request, kind: str = ""):
    from zugong.core import audit

    audit.log_action(
        caps.SUPERVISION_VIEWED, actor=request.user, extra={"api": "list", "kind": kind}
    )
    queryset = SupervisionRecord.objects.select_related("cadre")
    return queryset.filter(kind=kind) if kind else queryset


class SupervisionIn(Schema):
    kind: str = Field(..., max_length=16)
    measure: str = Field("", max_length=32)
    issue: str
    decided_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    decided_by: str = Field("", max_length=100)
    document: str = Field("", max_length=100)
    letter_received_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX)


@router.post(
    "/{int:cadre_id}/supervision",
    response={201: SupervisionOut},
    summary="登记干部监督记录（函询按工作日历计算15个工作日的回复期限）",
)
@requires(caps.CHANGE_SUPERVISION)
def record_supervision(request, cadre_id: int, payload: SupervisionIn):
    cadre = _cadre(cadre_id)
    return Status(
        201,
        supervision_services.supervision_record(
            actor=request.user, cadre=cadre, data=payload.model_dump()
        ),
    )


class RectificationOut(Schema):
    id: int
    source: str
    round_name: str
    finding: str
    responsible_unit_id: int
    responsible_person: str
    measures: str
    deadline: dt.date
    status: str
    completed_on: dt.date | None


@router.get(
    "/rectifications",
    response=list[RectificationOut],
    summary="巡视巡察整改任务（overdue=true只看逾期未完成）",
)
@requires(caps.VIEW_SUPERVISION)
def rectifications(request, overdue: bool = False):
    if overdue:
        return list(selectors.overdue_rectifications())
    return list(Rectification.objects.all()[:1000])
