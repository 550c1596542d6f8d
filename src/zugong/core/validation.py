"""Field checks shared by services and imports, each raising ApplicationError in Chinese."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from zugong.core import codes
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·•A-Za-z ]{2,30}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－　", "0123456789- ")


def check_not_future(value: dt.date, *, field: str, label, today: dt.date | None = None) -> dt.date:
    if value > (today or dt.date.today()):
        raise ApplicationError(
            _("%(label)s%(date)s晚于今天") % {"label": label, "date": value.isoformat()},
            field=field,
        )
    return value


def check_code(table: str, value: str, *, field: str, label, required: bool = True) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise ApplicationError(_("%(label)s不能为空") % {"label": label}, field=field)
        return ""
    if value not in codes.names(table):
        raise ApplicationError(
            _("%(label)s代码“%(v)s”不在%(table)s中")
            % {"label": label, "v": value, "table": CodeTable(table).label},
            field=field,
        )
    return value


def check_region(value: str, *, field: str) -> str:
    return check_code(CodeTable.REGION, value, field=field, label=_("行政区划"))


def normalize_phone(raw: str) -> str:
    return "".join(str(raw or "").translate(_FULLWIDTH).split())


def check_phone(raw: str, *, field: str = "phone") -> str:
    phone = normalize_phone(raw)
    if phone and not (MOBILE.match(phone) or LANDLINE.match(phone)):
        raise ApplicationError(
            _("联系电话“%(v)s”格式不正确：手机号应为1开头的11位数字，固定电话如0773-1234567")
            % {"v": phone},
            field=field,
        )
    return phone


def check_name(raw: str, *, field: str = "name") -> str:
    name = " ".join(str(raw or "").split())
    if not name:
        raise ApplicationError(_("姓名不能为空"), field=field)
    if not NAME.match(name):
        raise ApplicationError(
            _("姓名“%(v)s”含有不允许的字符或长度不在2至30个字之间") % {"v": name}, field=field
        )
    return name
