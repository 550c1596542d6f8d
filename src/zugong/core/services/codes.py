"""Editing the code tables and the working-day calendar; the synonyms beside the code
tables (the words offices write for a code: 汉 for 汉族, 本科 for 大学本科毕业)."""

from __future__ import annotations

import csv

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, codes, workdays
from zugong.core.capabilities import MANAGE_CODES
from zugong.core.errors import ApplicationError
from zugong.core.models import CalendarDay, CodeItem
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


@transaction.atomic
def calendar_day_save(*, actor, day: CalendarDay, data: dict) -> CalendarDay:
    """Add or correct one holiday or make-up working day (a new year's notice, a local
    adjustment)."""
    authorize(actor, MANAGE_CODES)
    if data.get("day") is None:
        raise ApplicationError(_("日期不能为空"), field="day")
    if not str(data.get("name", "")).strip():
        raise ApplicationError(_("名称不能为空"), field="name")
    if CalendarDay.objects.filter(day=data["day"]).exclude(pk=day.pk).exists():
        raise ApplicationError(
            _("%(d)s已在工作日历中") % {"d": data["day"].isoformat()}, field="day"
        )
    changes = {}
    for field in ("day", "is_working", "name", "source"):
        if field in data and getattr(day, field) != data[field]:
            changes[field] = {"old": str(getattr(day, field)), "new": str(data[field])}
            setattr(day, field, data[field])
    day.save()
    workdays.clear_cache()
    if changes:
        audit.log_action(audit.CALENDAR_CHANGED, actor=actor, obj=day, changes=changes)
    return day


@transaction.atomic
def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    authorize(actor, MANAGE_CODES)
    audit.log_action(
        audit.CALENDAR_CHANGED,
        actor=actor,
        obj=day,
        changes={"day": {"old": day.day.isoformat(), "new": ""}},
    )
    day.delete()
    workdays.clear_cache()


SYNONYMS_FILE = codes.DATA_DIR / "code_synonyms.csv"


def shipped_synonyms() -> list[dict]:
    """The synonyms shipped with the code tables (core/data/code_synonyms.csv)."""
    with open(SYNONYMS_FILE, encoding="utf-8", newline="") as handle:
        return [
            {
                "table": row["table"],
                "synonym": row["synonym"].strip(),
                "code": row["code"].strip(),
                "note": (row.get("note") or "").strip(),
            }
            for row in csv.DictReader(handle)
        ]


def synonyms(table: str) -> dict[str, str]:
    """synonym → code for one code table; only synonyms of active codes."""
    active = codes.names(table)
    return {
        row["synonym"]: row["code"]
        for row in shipped_synonyms()
        if row["table"] == table and row["code"] in active
    }
