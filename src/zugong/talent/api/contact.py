"""Talent API: leaders in contact with experts (/contacts/…): pairs, their log and
problems, the frequency check. Native talents are in api.native. Scoped; errors in the
shared shape."""

import datetime as dt

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import DATE_MAX, DATE_MIN, Pagination, Strict
from zugong.core.authz import requires
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import ContactPair, ContactProblem, Talent
from zugong.talent.selectors import contact as selectors
from zugong.talent.services import contact as services

DAY = Field(..., ge=DATE_MIN, le=DATE_MAX)
ON = Query(None, ge=DATE_MIN, le=DATE_MAX, description="核查日期，默认今天")


class ContactPairOut(Schema):
    id: int
    office_id: int
    leader: str
    leader_post: str
    leader_level: str
    talent_id: int
    talent_name: str = Field(..., alias="talent.person.name")
    since: dt.date
    until: dt.date | None


class ContactPairIn(Strict):
    office_id: int
    leader: str = Field(..., max_length=50)
    leader_post: str = Field(..., max_length=100)
    leader_level: str = Field(..., max_length=12)
    talent_id: int
    since: dt.date = DAY


class ContactEndIn(Strict):
    until: dt.date = DAY


class ContactRecordIn(Strict):
    contacted_on: dt.date = DAY
    kind: str = Field(..., max_length=10)
    summary: str = Field(..., max_length=2000)


class ContactRecordOut(Schema):
    id: int
    pair_id: int
    contacted_on: dt.date
    kind: str
    summary: str


class ContactProblemIn(Strict):
    raised_on: dt.date = DAY
    content: str = Field(..., max_length=2000)


class ContactSolveIn(Strict):
    solved_on: dt.date = DAY
    solution: str = Field(..., max_length=2000)


class ContactProblemOut(Schema):
    id: int
    pair_id: int
    raised_on: dt.date
    content: str
    solved_on: dt.date | None
    solution: str


class ContactExpertOut(Schema):
    pair_id: int
    talent_id: int
    talent_name: str
    contacts: int
    visits: int
    last_contact: dt.date | None
    missing: list[str]


class ContactLeaderOut(Schema):
    leader: str
    post: str
    level: str
    experts: list[ContactExpertOut]


class ContactCheckOut(Schema):
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    closed: bool
    leaders: list[ContactLeaderOut]


def _pair(pair_id: int) -> ContactPair:
    return get_scoped_or_404(
        ContactPair.objects.select_related("office", "talent__person"), pk=pair_id
    )


@router.get("/contacts/pairs", response=list[ContactPairOut], summary="领导联系专家")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_pairs(request, q: str = Query("", max_length=50), active: bool | None = None):
    return selectors.pair_list(q=q, active=active)


@router.get("/contacts/pairs/{pair_id}", response=ContactPairOut, summary="联系对子详情")
@requires(caps.VIEW_TALENT)
def get_pair(request, pair_id: int):
    return _pair(pair_id)


@router.post("/contacts/pairs", response={201: ContactPairOut}, summary="建立领导联系专家")
@requires(caps.CHANGE_TALENT)
def create_pair(request, payload: ContactPairIn):
    data = payload.model_dump()
    data["office"] = get_scoped_or_404(Organization, pk=data.pop("office_id"))
    data["talent"] = get_scoped_or_404(
        Talent.objects.select_related("person"), pk=data.pop("talent_id")
    )
    return Status(201, services.pair_save(actor=request.user, data=data))


@router.post("/contacts/pairs/{pair_id}/end", response=ContactPairOut, summary="结束联系")
@requires(caps.CHANGE_TALENT)
def end_pair(request, pair_id: int, payload: ContactEndIn):
    return services.pair_end(actor=request.user, pair=_pair(pair_id), until=payload.until)


@router.get(
    "/contacts/pairs/{pair_id}/records", response=list[ContactRecordOut], summary="联系记录"
)
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_records(request, pair_id: int):
    return _pair(pair_id).records.order_by("-contacted_on", "-id")


@router.post(
    "/contacts/pairs/{pair_id}/records", response={201: ContactRecordOut}, summary="登记联系"
)
@requires(caps.CHANGE_TALENT)
def create_record(request, pair_id: int, payload: ContactRecordIn):
    record = services.contact_record(
        actor=request.user, pair=_pair(pair_id), **payload.model_dump()
    )
    return Status(201, record)


@router.get("/contacts/problems", response=list[ContactProblemOut], summary="问题诉求")
@requires(caps.VIEW_TALENT)
@paginate(Pagination)
def list_problems(request, solved: bool | None = None):
    queryset = ContactProblem.objects.order_by("raised_on", "id")
    if solved is not None:
        queryset = queryset.filter(solved_on__isnull=not solved)
    return queryset


@router.post(
    "/contacts/pairs/{pair_id}/problems", response={201: ContactProblemOut}, summary="登记问题诉求"
)
@requires(caps.CHANGE_TALENT)
def create_problem(request, pair_id: int, payload: ContactProblemIn):
    problem = services.problem_raise(
        actor=request.user, pair=_pair(pair_id), **payload.model_dump()
    )
    return Status(201, problem)


@router.post(
    "/contacts/problems/{problem_id}/solve", response=ContactProblemOut, summary="办结问题诉求"
)
@requires(caps.CHANGE_TALENT)
def solve_problem(request, problem_id: int, payload: ContactSolveIn):
    problem = get_scoped_or_404(
        ContactProblem.objects.select_related("pair__office"), pk=problem_id
    )
    return services.problem_solve(actor=request.user, problem=problem, **payload.model_dump())


@router.get("/contacts/frequency", response=ContactCheckOut, summary="未达联系频次的领导")
@requires(caps.VIEW_TALENT)
def frequency_check(request, on: dt.date | None = ON):
    result = selectors.frequency_check(on or dt.date.today())
    period = result["period"]
    return {
        "year": period.year,
        "quarter": period.quarter,
        "start": period.start,
        "end": period.end,
        "closed": period.closed,
        "leaders": [
            {
                **{k: leader[k] for k in ("leader", "post", "level")},
                "experts": [
                    {
                        "pair_id": e["pair"].pk,
                        "talent_id": e["talent"].pk,
                        "talent_name": e["talent"].person.name,
                        **{k: e[k] for k in ("contacts", "visits", "last_contact", "missing")},
                    }
                    for e in leader["experts"]
                ],
            }
            for leader in result["leaders"]
        ],
    }


from zugong.talent.api import native  # noqa: E402,F401
