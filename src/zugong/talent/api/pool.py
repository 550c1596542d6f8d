"""API of the talent pool (/api/v1/talent/pool/…): the list with its filters and free
text, a talent, create and update, matching a need (POST /pool/match) and the user's
own saved searches (/pool/saved-searches)."""

from typing import Annotated

from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from zugong.core.api import Pagination, Strict, unset
from zugong.core.authz import requires
from zugong.core.models import Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.api.router import router
from zugong.talent.models import ReturnInterest, SavedSearch, TalentCategory, TalentTag
from zugong.talent.rules import pool as rules
from zugong.talent.selectors import pool as selectors
from zugong.talent.services import pool as services

VIEW, CHANGE = caps.VIEW_TALENT, caps.CHANGE_TALENT
TAG = ["人才工作·人才库"]
ID = {"ge": 1, "le": 2**63 - 1}
# Ids in a list, bounded like every other id (the database's 64-bit integers).
Ids = list[Annotated[int, Field(ge=1, le=2**63 - 1)]]


class PoolTagOut(Schema):
    id: int
    name: str
    group: str


class PoolCategoryOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class PoolTalentOut(Schema):
    id: int
    person_id: int
    name: str
    township_id: int
    township_name: str
    village: str
    title: str
    title_level: int
    title_level_name: str
    honours: str
    specialty: str
    employer: str
    employer_credit_code: str
    contact_consent: bool
    outside: bool
    current_city: str
    field_of_work: str
    return_interest: str
    categories: list[PoolCategoryOut]
    tags: list[PoolTagOut]

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_township_name(obj) -> str:
        return obj.township.name

    @staticmethod
    def resolve_title_level_name(obj) -> str:
        return rules.title_label(obj.title_level)

    @staticmethod
    def resolve_categories(obj) -> list:
        return list(obj.categories.all())

    @staticmethod
    def resolve_tags(obj) -> list:
        return list(obj.tags.all())


class PoolFilter(Schema):
    q: str = Field(
        "", max_length=100, description="姓名（汉字、全拼或首字母）、单位、专长、职称、荣誉"
    )
    tags: Ids = Field([], max_length=50, description="标签（须全部具备）")
    categories: Ids = Field([], max_length=50, description="人才类别（须全部属于）")
    township_id: int | None = Field(None, **ID, description="所在乡镇（街道）")
    title_level_min: int | None = Field(None, ge=0, le=4, description="最低职称等级")
    outside: bool | None = Field(None, description="在外籍贯人才")


class PoolPersonIn(Strict):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=18)
    phone: str = Field("", max_length=20)
    ethnicity: str = Field("01", max_length=2)
    political_status: str = Field("13", max_length=2)
    education: str = Field("", max_length=2)


class PoolTalentFields(Strict):
    village: str = Field("", max_length=50)
    title: str = Field("", max_length=50)
    title_level: int = Field(0, ge=0, le=4)
    honours: str = Field("", max_length=2000)
    specialty: str = Field("", max_length=200)
    employer: str = Field("", max_length=100)
    employer_credit_code: str = Field("", max_length=18)
    contact_consent: bool = True
    outside: bool = False
    current_city: str = Field("", max_length=50)
    field_of_work: str = Field("", max_length=100)
    return_interest: ReturnInterest = ReturnInterest.UNKNOWN
    note: str = Field("", max_length=2000)


class PoolTalentIn(PoolTalentFields):
    person_id: int | None = Field(
        None, **ID, description="已有人员；不填则按new_person新建或按身份号码查找"
    )
    new_person: PoolPersonIn | None = None
    township_id: int = Field(..., **ID)
    categories: Ids = Field([], max_length=50)
    tags: Ids = Field([], max_length=50)


class PoolTalentPatch(Strict):
    township_id: int | None = unset(**ID)
    village: str | None = unset(max_length=50)
    title: str | None = unset(max_length=50)
    title_level: int | None = unset(ge=0, le=4)
    honours: str | None = unset(max_length=2000)
    specialty: str | None = unset(max_length=200)
    employer: str | None = unset(max_length=100)
    employer_credit_code: str | None = unset(max_length=18)
    contact_consent: bool | None = unset()
    outside: bool | None = unset()
    current_city: str | None = unset(max_length=50)
    field_of_work: str | None = unset(max_length=100)
    return_interest: ReturnInterest | None = unset()
    note: str | None = unset(max_length=2000)
    categories: Ids | None = unset()
    tags: Ids | None = unset()


class PoolNeedIn(Strict):
    tags: Ids = Field([], max_length=50, description="需要的标签")
    categories: Ids = Field([], max_length=50, description="需要的人才类别")
    title_level_min: int | None = Field(None, ge=0, le=4, description="最低职称等级（要求）")
    township_id: int | None = Field(None, **ID, description="优先的乡镇（街道）")
    text: str = Field("", max_length=100, description="其他要求（关键词）")
    top: int | None = Field(None, ge=1, le=rules.MATCH_MAX, description="返回条数")


class PoolMatchOut(Schema):
    score: int
    reasons: list[str]
    talent: PoolTalentOut


class PoolSavedIn(Strict):
    name: str = Field(..., max_length=50)
    query: dict = Field(
        {}, description="条件：q、tags、categories、township、title_level_min、outside"
    )


class PoolSavedOut(Schema):
    id: int
    name: str
    query: dict


def _tags(ids) -> list:
    return list(TalentTag.objects.filter(pk__in=ids))


def _categories(ids) -> list:
    return list(TalentCategory.objects.filter(pk__in=ids))


def _talent(talent_id: int):
    return get_scoped_or_404(selectors.with_details(selectors.search()), pk=talent_id)


@router.post("/pool/match", response=list[PoolMatchOut], tags=TAG, summary="按需求匹配人才")
@requires(VIEW)
def match_talents(request, payload: PoolNeedIn):
    need = payload.model_dump()
    need["township"] = need.pop("township_id")
    return [
        {"score": m.score, "reasons": m.reasons, "talent": m.talent} for m in selectors.match(need)
    ]


@router.get("/pool/saved-searches", response=list[PoolSavedOut], tags=TAG, summary="本人保存的查询")
@requires(VIEW)
def list_saved(request):
    return list(selectors.saved_searches(request.user))


@router.post("/pool/saved-searches", response={201: PoolSavedOut}, tags=TAG, summary="保存查询")
@requires(VIEW)
def save_search(request, payload: PoolSavedIn):
    return Status(
        201, services.saved_search_save(actor=request.user, name=payload.name, query=payload.query)
    )


@router.delete(
    "/pool/saved-searches/{saved_id}", response={204: None}, tags=TAG, summary="删除保存的查询"
)
@requires(VIEW)
def delete_search(request, saved_id: int):
    saved = get_scoped_or_404(SavedSearch.objects.filter(user=request.user), pk=saved_id)
    services.saved_search_delete(actor=request.user, saved=saved)
    return Status(204, None)


@router.get("/pool/", response=list[PoolTalentOut], tags=TAG, summary="人才库（检索）")
@requires(VIEW)
@paginate(Pagination)
def list_talents(request, filters: Query[PoolFilter]):
    return selectors.with_details(
        selectors.search(
            tags=filters.tags,
            categories=filters.categories,
            township=filters.township_id,
            title_level_min=filters.title_level_min,
            text=filters.q,
            outside=filters.outside,
        )
    )


@router.get("/pool/{talent_id}", response=PoolTalentOut, tags=TAG, summary="一名人才")
@requires(VIEW)
def get_talent(request, talent_id: int):
    return _talent(talent_id)


@router.post("/pool/", response={201: PoolTalentOut}, tags=TAG, summary="登记人才")
@requires(CHANGE)
def create_talent(request, payload: PoolTalentIn):
    township = get_scoped_or_404(Organization, pk=payload.township_id)
    person = get_scoped_or_404(Person, pk=payload.person_id) if payload.person_id else None
    fields = payload.model_dump(
        exclude={"person_id", "new_person", "township_id", "categories", "tags"}
    )
    talent = services.talent_create(
        actor=request.user,
        person=person,
        person_data=payload.new_person.model_dump() if payload.new_person else None,
        township=township,
        categories=_categories(payload.categories),
        tags=_tags(payload.tags),
        **fields,
    )
    return Status(201, _talent(talent.pk))


@router.patch("/pool/{talent_id}", response=PoolTalentOut, tags=TAG, summary="修改人才信息")
@requires(CHANGE)
def update_talent(request, talent_id: int, payload: PoolTalentPatch):
    talent = get_scoped_or_404(selectors.search(), pk=talent_id)
    data = payload.model_dump(exclude_unset=True)
    categories, tags = data.pop("categories", None), data.pop("tags", None)
    if "township_id" in data:
        data["township"] = get_scoped_or_404(Organization, pk=data.pop("township_id"))
    if data:
        services.talent_update(actor=request.user, talent=talent, data=data)
    if categories is not None or tags is not None:
        services.talent_set_tags(
            actor=request.user,
            talent=talent,
            categories=_categories(categories)
            if categories is not None
            else list(talent.categories.all()),
            tags=_tags(tags) if tags is not None else list(talent.tags.all()),
        )
    return _talent(talent.pk)
