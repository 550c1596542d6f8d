"""``GET /api/v1/search?q=``: the search across everything, as the palette runs it.

Mounted in zugong/api.py as ``api.add_router("/search", search_router)``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Schema

from zugong.core import capabilities as caps
from zugong.core.authz import requires
from zugong.core.errors import ApplicationError
from zugong.core.search import MAX_QUERY, registered, search

router = Router()
MAX_LIMIT = 50


class HitOut(Schema):
    kind: str
    kind_label: str
    title: str
    subtitle: str
    url: str
    score: float


class KindOut(Schema):
    name: str
    label: str


class SearchOut(Schema):
    query: str
    message: str
    kinds: list[KindOut]
    hits: list[HitOut]


@router.get(
    "",
    response=SearchOut,
    tags=["全局检索"],
    summary="全局检索：人员、党组织、党员、干部、人才、两新组织等，限于本人权限和数据范围",
)
@requires(requirement=caps.SIGNED_IN)
def search_everything(request, q: str = "", kind: str = "", limit: int = 20):
    """``q``: a name, pinyin or initials, a full ID number or phone, an organization's
    name or code; ``kind``: only that kind (names in ``kinds`` of an answer);
    ``limit``: 1–50 hits."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ApplicationError(
            _("条数（limit）应为1至%(n)d之间的整数") % {"n": MAX_LIMIT}, field="limit"
        )
    if len(q) > MAX_QUERY * 4:
        raise ApplicationError(
            _("检索内容（q）过长：最多%(n)d个字符") % {"n": MAX_QUERY}, field="q"
        )
    if kind and kind not in {k.name for k in registered()}:
        raise ApplicationError(
            _("没有名为“%(k)s”的检索类别（kind）") % {"k": kind[:40]}, field="kind"
        )
    results = search(q, limit=limit, kinds={kind} if kind else None, actor=request.user)
    return {
        "query": results.query,
        "message": results.message,
        "kinds": [{"name": k.name, "label": str(k.label)} for k in results.kinds],
        "hits": [h.as_dict() for h in results.hits],
    }
