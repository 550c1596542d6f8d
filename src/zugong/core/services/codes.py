"""Editing the code tables."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, codes
from zugong.core.capabilities import MANAGE_CODES
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeItem
from zugong.core.services.access import authorize

FIELDS = ("table", "code", "name", "parent_code", "level", "sort", "is_active", "note")


@transaction.atomic
def code_item_save(*, actor, item: CodeItem, data: dict) -> CodeItem:
    authorize(actor, MANAGE_CODES)
    if not str(data.get("code", "")).strip():
        raise ApplicationError(_("代码不能为空"), field="code")
    if not str(data.get("name", "")).strip():
        raise ApplicationError(_("名称不能为空"), field="name")
    duplicate = CodeItem.objects.filter(table=data["table"], code=data["code"]).exclude(pk=item.pk)
    if duplicate.exists():
        raise ApplicationError(
            _("代码“%(c)s”在该代码表中已存在") % {"c": data["code"]}, field="code"
        )
    changes = {}
    for field in FIELDS:
        if field in data and getattr(item, field) != data[field]:
            changes[field] = {"old": getattr(item, field), "new": data[field]}
            setattr(item, field, data[field])
    item.save()
    codes.clear_cache()
    if changes:
        audit.log_action(audit.CODE_CHANGED, actor=actor, obj=item, changes=changes)
    return item
