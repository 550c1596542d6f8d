"""API of grids (/api/v1/grassroots/grids/…)."""

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import Pagination, Strict
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.api.router import router
from zugong.grassroots.models.urban import Grid
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban_grids as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS
TAG = ["基层党建·网格"]


class GridOut(Schema):
    id: int
    community_id: int
    parent_id: int | None
    level: str
    code: str
    name: str
    party_unit_id: int | None
    households: int


class StaffOut(Schema):
    id: int
    role: str
    name: str
    party_member: bool


class GridDetail(GridOut):
    staff: list[StaffOut]
    member_ids: list[int]


class GridIn(Strict):
    community_id: int
    parent_id: int | None = None
    code: str = Field("", max_length=32, description="留空自动编号")
    name: str = Field(..., max_length=100)
    party_unit_id: int | None = None
    households: int = Field(0, ge=0)


class GridPatch(Strict):
    parent_id: int | None = None
    code: str = Field("", max_length=32)
    name: str = Field(..., max_length=100)
    party_unit_id: int | None = None
    households: int = Field(0, ge=0)


class StaffIn(Strict):
    role: str = Field(..., max_length=16, description="head / worker / instructor")
    name: str = Field(..., max_length=50)
    party_member: bool = False


class MemberIn(Strict):
    person_id: int
    move: bool = False


class GridFindingOut(Schema):
    grid_id: int
    code: str
    name: str
    findings: list[str]


def _grid(grid_id: int) -> Grid:
    return get_scoped_or_404(Grid.objects.select_related("community"), pk=grid_id)


def _org(org_id):
    return get_scoped_or_404(Organization, pk=org_id) if org_id else None


@router.get("/grids", response=list[GridOut], tags=TAG, summary="网格")
@requires(VIEW)
@paginate(Pagination)
def list_grids(request):
    return Grid.objects.order_by("code")


@router.get("/grids/findings", response=list[GridFindingOut], tags=TAG, summary="网格问题清单")
@requires(VIEW)
def grid_findings(request):
    return [
        {
            "grid_id": r["grid"].pk,
            "code": r["grid"].code,
            "name": r["grid"].name,
            "findings": [f.message for f in r["findings"]],
        }
        for r in selectors.grid_findings()
        if r["findings"]
    ]


@router.get("/grids/{grid_id}", response=GridDetail, tags=TAG, summary="网格详情")
@requires(VIEW)
def get_grid(request, grid_id: int):
    grid = _grid(grid_id)
    grid.member_ids = list(grid.members.values_list("person_id", flat=True))
    return grid


@router.post("/grids", response={201: GridOut}, tags=TAG, summary="新建网格或微网格")
@requires(CHANGE)
def create_grid(request, payload: GridIn):
    grid = services.grid_save(
        actor=request.user,
        community=_org(payload.community_id),
        parent=_grid(payload.parent_id) if payload.parent_id else None,
        code=payload.code,
        name=payload.name,
        party_unit=_org(payload.party_unit_id),
        households=payload.households,
    )
    return Status(201, grid)


@router.post("/grids/{grid_id}", response=GridOut, tags=TAG, summary="修改或调整网格")
@requires(CHANGE)
def update_grid(request, grid_id: int, payload: GridPatch):
    grid = _grid(grid_id)
    return services.grid_save(
        actor=request.user,
        grid=grid,
        community=grid.community,
        parent=_grid(payload.parent_id) if payload.parent_id else None,
        code=payload.code,
        name=payload.name,
        party_unit=_org(payload.party_unit_id),
        households=payload.households,
    )


@router.post(
    "/grids/{grid_id}/staff", response={201: StaffOut}, tags=TAG, summary="增加网格工作人员"
)
@requires(CHANGE)
def add_staff(request, grid_id: int, payload: StaffIn):
    staff = services.staff_add(actor=request.user, grid=_grid(grid_id), **payload.model_dump())
    return Status(201, staff)


@router.post("/grids/{grid_id}/members", response={201: dict}, tags=TAG, summary="编入党员")
@requires(CHANGE)
def assign_member(request, grid_id: int, payload: MemberIn):
    member = services.member_assign(actor=request.user, grid=_grid(grid_id), **payload.model_dump())
    return Status(201, {"grid_id": member.grid_id, "person_id": member.person_id})
