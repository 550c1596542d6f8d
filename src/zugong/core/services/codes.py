"""Editing the code tables and the working-day calendar; the synonyms beside the code
tables (the words offices write for a code: 汉 for 汉族, 本科 for 大学本科毕业)."""

from __future__ import annotations

import csv

from django.db import models, transaction
from django.utils.translation import gettext as _

from zugong.core import audit, codes, workdays
from zugong.core.capabilities import MANAGE_CODES
from zugong.core.errors import ApplicationError
from zugong.core.models import CalendarDay, CodeItem
from zugong.core.models.codes import CodeSynonym
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


def load_shipped_synonyms() -> int:
    """The synonyms shipped beside the code tables (core/data/code_synonyms.csv), into an
    empty synonym table: a new or flushed database. Once administrators keep the list,
    a later migrate leaves it as they left it (a synonym they deleted stays deleted)."""
    if CodeSynonym.objects.exists():
        return 0
    codes.load_shipped()  # the codes the synonyms name (after_migrate may run later)
    items = {(i.table, i.code): i for i in CodeItem.objects.all()}
    with open(SYNONYMS_FILE, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["table"], r["code"].strip()) in items]
    created = CodeSynonym.objects.bulk_create(
        [
            CodeSynonym(
                item=items[row["table"], row["code"].strip()],
                table=row["table"],
                synonym=row["synonym"].strip(),
                note=(row.get("note") or "").strip(),
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
    return len(created)


def synonyms(table: str) -> dict[str, str]:
    """synonym → code for one code table, only synonyms of active codes (kept by
    administrators on each code's page; the shipped list is core/data/code_synonyms.csv)."""
    return dict(
        CodeSynonym.objects.filter(table=table, item__is_active=True).values_list(
            "synonym", "item__code"
        )
    )


def check_synonym(*, item: CodeItem, synonym: str, pk: int | None = None) -> str:
    """The synonym as kept, or ApplicationError: it must not be the code or name of
    another item of the table (an import could not tell which is meant), nor be kept
    already for the table."""
    synonym = " ".join(str(synonym or "").split())
    if not synonym:
        raise ApplicationError(_("同义词不能为空"), field="synonym")
    other = (
        CodeItem.objects.filter(table=item.table)
        .exclude(pk=item.pk)
        .filter(models.Q(code=synonym) | models.Q(name=synonym))
        .first()
    )
    if other is not None:
        raise ApplicationError(
            _("“%(s)s”已是代码表中另一项（%(o)s）的代码或名称，不能作为“%(n)s”的同义词")
            % {"s": synonym, "o": f"{other.code} {other.name}", "n": item.name},
            field="synonym",
        )
    taken = (
        CodeSynonym.objects.filter(table=item.table, synonym=synonym)
        .exclude(pk=pk)
        .select_related("item")
        .first()
    )
    if taken is not None:
        raise ApplicationError(
            _("同义词“%(s)s”已用于“%(n)s”") % {"s": synonym, "n": taken.item.name},
            field="synonym",
        )
    return synonym


@transaction.atomic
def code_synonym_save(*, actor, item: CodeSynonym, data: dict) -> CodeSynonym:
    """Add or correct a synonym of ``data["item"]`` (a CodeItem)."""
    authorize(actor, MANAGE_CODES)
    code_item = data.get("item") or (item.item if item.item_id else None)
    if code_item is None:
        raise ApplicationError(_("请选择同义词所属的代码"), field="item")
    synonym = check_synonym(item=code_item, synonym=data.get("synonym"), pk=item.pk)
    changes = {}
    values = {
        "item": code_item,
        "table": code_item.table,
        "synonym": synonym,
        "note": str(data.get("note", item.note) or ""),
    }
    for field, value in values.items():
        old = getattr(item, field) if field != "item" else item.item_id
        new = value if field != "item" else value.pk
        if old != new:
            changes[field] = {"old": old, "new": new}
        setattr(item, field, value)
    item.save()
    if changes:
        audit.log_action(audit.CODE_CHANGED, actor=actor, obj=item, changes=changes)
    return item


@transaction.atomic
def code_synonym_delete(*, actor, item: CodeSynonym) -> None:
    authorize(actor, MANAGE_CODES)
    audit.log_action(
        audit.CODE_CHANGED,
        actor=actor,
        obj=item,
        changes={"synonym": {"old": item.synonym, "new": ""}},
    )
    item.delete()
