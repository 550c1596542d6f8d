"""``/api/v1/todo`` and ``/api/v1/notifications``: the user's to-do list and messages."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from zugong.core import capabilities as caps
from zugong.core import notify, todo
from zugong.core.authz import requires

router = Router()
MAX_LIMIT = 500


class TodoOut(Schema):
    source: str
    source_title: str
    key: str
    title: str
    due_on: dt.date | None
    url: str
    severity: str
    severity_label: str
    organization: str


class SourceCountOut(Schema):
    source: str
    title: str
    count: int


class TodoListOut(Schema):
    count: int
    computed_at: dt.datetime | None
    sources: list[SourceCountOut]
    items: list[TodoOut]


@router.get(
    "/todo",
    response=TodoListOut,
    tags=["我的待办"],
    summary="我的待办：各模块的期限事项，限于本人权限和数据范围，逾期和临近的在前",
)
@requires(requirement=caps.SIGNED_IN)
def todo_list(request, limit: int = Query(100, ge=1, le=MAX_LIMIT), source: str = ""):
    """``limit``: 1–500 items; ``source``: only that source (names in ``sources``)."""
    rows = todo.items_for(request.user, limit=limit, source=source)
    counts = todo.counts_by_source(request.user)
    return {
        "count": sum(n for _s, _t, n in counts),
        "computed_at": max((r.computed_at for r in rows), default=None),
        "sources": [{"source": s, "title": t, "count": n} for s, t, n in counts],
        "items": [{**row.__dict__, "severity_label": row.severity_label} for row in rows],
    }


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    kind: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationsOut(Schema):
    unread: int
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[int] | None = Field(None, max_length=1000, description="不填则全部标为已读")


class MarkedOut(Schema):
    marked: int
    unread: int


@router.get("/notifications", response=NotificationsOut, tags=["站内消息"], summary="我的站内消息")
@requires(requirement=caps.SIGNED_IN)
def notifications(request, unread: bool = False, limit: int = Query(50, ge=1, le=MAX_LIMIT)):
    items = notify.recent_for(request.user, limit=limit, unread_only=unread)
    return {"unread": notify.unread_count(request.user), "items": items}


@router.post(
    "/notifications/read", response=MarkedOut, tags=["站内消息"], summary="标记站内消息已读"
)
@requires(requirement=caps.SIGNED_IN)
def notifications_read(request, payload: MarkReadIn):
    marked = notify.mark_read(request.user, payload.ids)
    return {"marked": marked, "unread": notify.unread_count(request.user)}
