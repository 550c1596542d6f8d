"""Writing and verifying the audit log.

Services call :func:`log_action` inside their transaction, so a write and its audit
entry are kept or rolled back together. Each entry's hash is SM3 over the previous
entry's hash and the entry's own content; :func:`verify_chain` recomputes the chain.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zugong.core.crypto import mask_id_number, mask_phone, sm3

GENESIS = "0" * 64
SYSTEM_ACTOR = "系统"  # entries written by the system itself (demo builder, commands)

ACTIONS: dict[str, Any] = {}


def register(code: str, label) -> str:
    ACTIONS[code] = label
    return code


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


ORG_CREATED = register("core.organization.created", _("新建党组织"))
ORG_UPDATED = register("core.organization.updated", _("修改党组织"))
ORG_MOVED = register("core.organization.moved", _("调整党组织隶属关系"))
ORG_DISSOLVED = register("core.organization.dissolved", _("撤销党组织"))
ORG_MERGED = register("core.organization.merged", _("合并党组织"))
PERSON_CREATED = register("core.person.created", _("新增人员"))
PERSON_UPDATED = register("core.person.updated", _("修改人员"))
PERSON_DELETED = register("core.person.deleted", _("删除人员"))
PERSON_REVEALED = register("core.person.revealed", _("查看敏感信息明文"))
PERSON_LOOKED_UP = register("core.person.looked_up", _("按身份证号查询人员"))
EXPORTED = register("core.export.created", _("导出数据"))
CODE_CHANGED = register("core.code.changed", _("修改代码表"))
CALENDAR_CHANGED = register("core.calendar.changed", _("修改工作日历"))
ROLE_CHANGED = register("core.role.changed", _("修改角色"))
ROLE_GRANTED = register("core.role.granted", _("授予角色"))
ROLE_REVOKED = register("core.role.revoked", _("收回角色"))
USER_CREATED = register("core.user.created", _("新建用户"))
USER_CHANGED = register("core.user.changed", _("修改用户"))
USER_PASSWORD_SET = register("core.user.password_set", _("设置密码"))
TOKEN_CREATED = register("core.token.created", _("签发接口令牌"))
TOKEN_REVOKED = register("core.token.revoked", _("吊销接口令牌"))
LOGIN = register("core.auth.login", _("登录"))
LOGIN_FAILED = register("core.auth.login_failed", _("登录失败"))
LOGOUT = register("core.auth.logout", _("退出"))
LOCKOUT_CLEARED = register("core.auth.lockout_cleared", _("解除账号锁定"))
JOB_STARTED = register("core.job.started", _("发起后台任务"))
DOWNLOADED = register("core.download", _("下载文件"))
AUDIT_VERIFIED = register("core.audit.verified", _("校验审计日志"))

# Keys whose values never enter the log in clear.
SENSITIVE_KEYS = {"id_number": mask_id_number, "phone": mask_phone}
SECRET_KEYS = {"password", "token", "key", "secret"}


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip: str = ""


_actor: ContextVar[Actor | None] = ContextVar("zugong_audit_actor", default=None)


@contextlib.contextmanager
def acting_as(user, ip: str = "") -> Iterator[Actor]:
    token = _actor.set(Actor(user=user, ip=ip))
    try:
        yield current_actor()
    finally:
        _actor.reset(token)


def replace_actor(user, ip: str) -> None:
    """See zugong.core.scope.replace: the same for the audit actor."""
    _actor.set(Actor(user=user, ip=ip))


def current_actor() -> Actor:
    return _actor.get() or Actor()


def mask_value(key: str, value: Any) -> Any:
    if key in SECRET_KEYS:
        return "******"
    if key in SENSITIVE_KEYS and isinstance(value, str):
        return SENSITIVE_KEYS[key](value)
    return value


def masked(data: dict[str, Any]) -> dict[str, Any]:
    """Mask sensitive values, also inside {"old": ..., "new": ...} pairs."""
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and set(value) <= {"old", "new"}:
            result[key] = {k: mask_value(key, v) for k, v in value.items()}
        else:
            result[key] = mask_value(key, value)
    return result


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def entry_content(entry) -> bytes:
    content = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_name,
        "ip": entry.ip,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "extra": entry.extra,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(prev_hash: str, entry) -> str:
    return sm3(prev_hash.encode() + entry_content(entry))


def log_action(
    action: str,
    *,
    obj: Any = None,
    changes: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    actor: Any = None,
    actor_name: str | None = None,
    ip: str | None = None,
):
    """Append one entry. ``changes`` maps field → {"old": …, "new": …} or → value.

    Two statements on PostgreSQL: the chain head read under its row lock (which
    serializes appends), then the entry's INSERT and the head's UPDATE as one statement.
    Inside the caller's transaction no savepoint is taken: a failure here fails the
    caller's write with it (nothing is kept without its entry)."""
    from zugong.core.models import AuditEntry

    context = current_actor()
    user = actor if actor is not None else context.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    entry = AuditEntry(
        actor=user,
        actor_name=actor_name if actor_name is not None else (user.get_username() if user else ""),
        ip=ip if ip is not None else context.ip,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=_jsonable(masked(changes or {})),
        extra=_jsonable(masked(extra or {})),
    )
    with transaction.atomic(savepoint=False):
        entry.prev_hash = _locked_head_hash()
        entry.at = timezone.now()  # taken under the lock: the chain's order is the time's
        entry.hash = entry_hash(entry.prev_hash, entry)
        _append(entry)
    return entry


def _locked_head_hash() -> str:
    """The newest hash, the head's row locked until the transaction ends."""
    from zugong.core.models import AuditChainHead

    found = (
        AuditChainHead.objects.select_for_update().filter(pk=1).values_list("last_hash", flat=True)
    )
    for last_hash in found:
        return last_hash
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
    return head.last_hash


def _append(entry) -> None:
    """INSERT the entry and move the head to it."""
    from zugong.core.models import AuditChainHead, AuditEntry

    if connection.vendor != "postgresql":  # in-process: two statements cost nothing
        entry.save()
        AuditChainHead.objects.filter(pk=1).update(last_hash=entry.hash, last_entry_id=entry.pk)
        return
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    query = InsertQuery(AuditEntry)
    query.insert_values(fields, [entry])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [AuditEntry._meta.pk]
    [(insert_sql, insert_params)] = compiler.as_sql()
    head = connection.ops.quote_name(AuditChainHead._meta.db_table)
    sql = (
        f"WITH e AS ({insert_sql}) UPDATE {head} SET last_hash = %s, "
        "last_entry_id = (SELECT id FROM e) WHERE id = 1 RETURNING last_entry_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*insert_params, entry.hash])
        (entry.pk,) = cursor.fetchone()
    entry._state.adding = False
    entry._state.db = connection.alias


@dataclass
class ChainReport:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(batch: int = 5000) -> ChainReport:
    """Recompute every hash; report altered, removed or inserted entries in Chinese."""
    from zugong.core.models import AuditChainHead, AuditEntry

    problems: list[str] = []
    previous = GENESIS
    checked = 0
    last_id = 0
    queryset = AuditEntry.objects.order_by("id")
    for entry in queryset.iterator(chunk_size=batch):
        if entry.prev_hash != previous:
            problems.append(
                str(_("第%(id)d条的前序摘要与上一条不符（其前有记录被删除、插入或修改）"))
                % {"id": entry.pk}
            )
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            problems.append(str(_("第%(id)d条的内容与其摘要不符（记录被修改）")) % {"id": entry.pk})
        previous = entry.hash
        last_id = entry.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.last_entry_id != last_id):
        problems.append(
            str(_("链头记录的最后一条为第%(id)d条，与现存日志不符（末尾记录被删除或修改）"))
            % {"id": head.last_entry_id}
        )
    return ChainReport(checked=checked, problems=problems)
