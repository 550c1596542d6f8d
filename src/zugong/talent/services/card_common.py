"""What the card services share: field checks, the audit entry, the card's township."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError


def text(value, *, field: str, label, required: bool = True, max_length: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


def date(value, *, field: str, label) -> dt.date:
    if not isinstance(value, dt.date):
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    return value


def day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def nonce() -> str:
    return secrets.token_hex(8)


def log(action: str, obj, actor, **changes) -> None:
    audit.log_action(action, obj=obj, actor=actor, changes=changes)


def mask_name(name: str) -> str:
    """A holder's name as a verifier sees it: the surname, the rest starred (唐**)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)
