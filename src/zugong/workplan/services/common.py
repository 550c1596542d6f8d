"""What the ledger's services share: text and date checks with Chinese messages."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from zugong.core.errors import ApplicationError


def clean(value) -> str:
    return " ".join(str(value or "").split())


def text(value, field: str, limit: int | None = None) -> str:
    found = str(value or "").strip()
    if limit and len(found) > limit:
        raise ApplicationError(_("内容过长，最多%(n)d个字") % {"n": limit}, field=field)
    return found


def required(value, field: str, message: str, limit: int | None = None) -> str:
    found = text(value, field, limit)
    if not found:
        raise ApplicationError(message, field=field)
    return found


def a_date(value, field: str, label: str) -> dt.date:
    if value in (None, ""):
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise ApplicationError(
            _("%(l)s“%(v)s”不是有效日期") % {"l": label, "v": value}, field=field
        ) from error


def day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
