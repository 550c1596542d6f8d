"""More of the demonstration chain API (/api/v1/grassroots/demonstration/…): a site's
projects (registered and updated through services.demonstration.project_save) and the
resumption of a suspended site (site_resume)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.demonstration import SiteOut
from zugong.grassroots.api.router import router
from zugong.grassroots.models.demonstration import DemoProject, DemoSite
from zugong.grassroots.services import demonstration as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·示范创建"]


class DemoProjectOut(Schema):
    id: int
    site_id: int
    name: str
    kind: str
    scale: Decimal | None
    scale_unit: str
    higher_support: Decimal
    self_raised: Decimal
    starts_on: dt.date | None
    ends_on: dt.date | None
    progress: int
    responsible: str
    in_five_year_plan: bool


class DemoProjectIn(Strict):
    name: str = Field(..., max_length=100, description="项目名称")
    kind: str = Field("", max_length=50, description="项目类型")
    scale: Decimal | None = Field(None, ge=0, le=10**9, max_digits=12, decimal_places=2)
    scale_unit: str = Field("", max_length=10, description="规模单位")
    higher_support: str = Field("0", max_length=20, description="上级扶持资金（元）")
    self_raised: str = Field("0", max_length=20, description="自筹资金（元）")
    starts_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX, description="开工日期")
    ends_on: dt.date | None = Field(None, ge=DATE_MIN, le=DATE_MAX, description="计划完工日期")
    progress: int = Field(0, ge=0, le=100, description="进度（%）")
    responsible: str = Field("", max_length=50, description="责任人")
    in_five_year_plan: bool = False


def _site(site_id: int) -> DemoSite:
    return get_scoped_or_404(DemoSite.objects.select_related("organization"), pk=site_id)


@router.get(
    "/demonstration/sites/{site_id}/projects",
    response=list[DemoProjectOut],
    tags=TAG,
    summary="示范点的建设项目",
)
@requires(VIEW)
@paginate(Pagination)
def list_site_projects(request, site_id: int):
    return DemoProject.objects.filter(site=_site(site_id)).order_by("pk")


@router.post(
    "/demonstration/sites/{site_id}/projects",
    response={201: DemoProjectOut},
    tags=TAG,
    summary="登记示范点建设项目",
)
@requires(CHANGE)
def create_site_project(request, site_id: int, payload: DemoProjectIn):
    project = services.project_save(actor=request.user, site=_site(site_id), **payload.model_dump())
    return Status(201, DemoProject.objects.get(pk=project.pk))


@router.put(
    "/demonstration/projects/{project_id}",
    response=DemoProjectOut,
    tags=TAG,
    summary="修改示范点建设项目（含进度）",
)
@requires(CHANGE)
def update_site_project(request, project_id: int, payload: DemoProjectIn):
    project = get_scoped_or_404(
        DemoProject.objects.select_related("site__organization"), pk=project_id
    )
    services.project_save(
        actor=request.user, site=project.site, project=project, **payload.model_dump()
    )
    return DemoProject.objects.get(pk=project.pk)


@router.post(
    "/demonstration/sites/{site_id}/resume",
    response=SiteOut,
    tags=TAG,
    summary="恢复已暂停的示范点",
)
@requires(CHANGE)
def resume_site(request, site_id: int):
    return services.site_resume(actor=request.user, site=_site(site_id))
