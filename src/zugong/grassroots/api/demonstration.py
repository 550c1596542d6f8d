"""API of the demonstration chain (/api/v1/grassroots/demonstration/…): the year's tree
with its gaps and the sites."""

from decimal import Decimal

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import YEAR_MAX, YEAR_MIN, Pagination, Strict, year_field
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.demonstration import DemoSite
from zugong.grassroots.selectors import demonstration as selectors
from zugong.grassroots.services import demonstration as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·示范创建"]


class SiteOut(Schema):
    id: int
    parent_id: int | None
    level: str
    name: str
    organization_id: int
    hamlet: str
    theme: str
    year: int
    leader: str
    belt: bool
    enterprise_id: int | None
    status: str
    suspended_on: str | None = None
    suspended_reason: str

    @staticmethod
    def resolve_suspended_on(obj):
        return obj.suspended_on.isoformat() if obj.suspended_on else None


class NodeOut(Schema):
    site: SiteOut
    projects: int
    higher_support: Decimal
    self_raised: Decimal
    children: list["NodeOut"]


NodeOut.model_rebuild()


class GapOut(Schema):
    organization_id: int
    name: str


class TreeOut(Schema):
    year: int
    nodes: list[NodeOut]
    townships_without_model: list[GapOut]
    villages_without_highlight: list[GapOut]


def _node(n) -> dict:
    site = n["site"]
    return {
        "site": site,
        "projects": site.project_count,
        "higher_support": site.higher,
        "self_raised": site.raised,
        "children": [_node(c) for c in n["children"]],
    }


@router.get("/demonstration/tree", response=TreeOut, tags=TAG, summary="示范创建体系（含缺口）")
@requires(VIEW)
def tree(request, year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")):
    data = selectors.tree(year)
    return {
        "year": year,
        "nodes": [_node(n) for n in data["nodes"]],
        "townships_without_model": [
            {"organization_id": t.pk, "name": t.name} for t in data["townships_without_model"]
        ],
        "villages_without_highlight": [
            {"organization_id": s.organization_id, "name": s.name}
            for s in data["villages_without_highlight"]
        ],
    }


@router.get("/demonstration/sites", response=list[SiteOut], tags=TAG, summary="示范点")
@requires(VIEW)
@paginate(Pagination)
def sites(request, belt: bool | None = None):
    queryset = DemoSite.objects.order_by("organization__path", "name")
    return queryset.filter(belt=belt) if belt is not None else queryset


@router.get("/demonstration/sites/{site_id}", response=SiteOut, tags=TAG, summary="示范点详情")
@requires(VIEW)
def site_detail(request, site_id: int):
    return get_scoped_or_404(DemoSite, pk=site_id)


class SiteIn(Strict):
    level: str = Field(..., max_length=16)
    parent_id: int | None = None
    name: str = Field(..., max_length=100)
    organization_id: int
    hamlet: str = Field("", max_length=50)
    theme: str = Field(..., max_length=100)
    year: int = year_field()
    leader: str = Field(..., max_length=50)


@router.post("/demonstration/sites", response={201: SiteOut}, tags=TAG, summary="登记示范点")
@requires(CHANGE)
def create_site(request, payload: SiteIn):
    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    parent = get_scoped_or_404(DemoSite, pk=payload.parent_id) if payload.parent_id else None
    data = payload.model_dump(exclude={"organization_id", "parent_id"})
    site = services.site_save(actor=request.user, organization=organization, parent=parent, **data)
    return Status(201, site)
