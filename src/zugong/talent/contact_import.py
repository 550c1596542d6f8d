"""Import of the native talents' contact log (联络记录): 姓名、公民身份号码、日期、方式、
联络人、情况. The talent is found by the ID number's keyed hash within the importer's
scope and must carry the same name. Through the shared engine (zugong.core.imports):
every problem is (row, column, reason) in Chinese; all-or-nothing by default, or only
the good rows; one audit entry per import (TALENT_IMPORTED)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, crypto, idnumber, imports
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize, get_access
from zugong.talent import capabilities as caps
from zugong.talent.models import ContactKind, Talent
from zugong.talent.services import native as services

COLUMNS = [
    ("姓名", 10),
    ("公民身份号码", 22),
    ("日期", 12),
    ("方式", 10),
    ("联络人", 12),
    ("情况", 50),
]
REQUIRED = ["姓名", "公民身份号码", "日期", "方式", "联络人", "情况"]
ALIASES = {"身份证号": "公民身份号码", "身份证号码": "公民身份号码", "联络日期": "日期"}
FIELDS = {
    "talent": "公民身份号码",
    "contacted_on": "日期",
    "kind": "方式",
    "by": "联络人",
    "summary": "情况",
}
KIND_BY_LABEL = {str(label): code for code, label in ContactKind.choices}


@dataclass
class Result:
    rows: int = 0
    imported: int = 0
    report: imports.Report = field(default_factory=imports.Report)

    @property
    def summary(self) -> str:
        if self.report.problems and not self.imported:
            return _("共%(n)d行，发现%(p)d处错误，未导入任何记录") % {
                "n": self.rows,
                "p": len(self.report.problems),
            }
        return _("共%(n)d行，导入%(i)d条联络记录") % {"n": self.rows, "i": self.imported}


def template(path: Path) -> None:
    imports.write_template(
        path,
        columns=COLUMNS,
        choices={"方式": list(KIND_BY_LABEL)},
        notes={"公民身份号码": _("18位公民身份号码，用于查找人才"), "日期": _("不能晚于今天")},
        sheet_name=_("联络记录"),
    )


def _talents(hashes: set[str]) -> dict[str, Talent]:
    found = Talent.objects.filter(person__id_number_hash__in=hashes).select_related(
        "person", "township"
    )
    return {t.person.id_number_hash: t for t in found}


def _rows(sheet, actor, today, report) -> list[dict]:
    numbers = {}
    for row, values in sheet.rows:
        try:
            info = idnumber.parse(imports.compact(values["公民身份号码"]), field="id_number")
        except ApplicationError as error:
            report.add(row, "公民身份号码", error.message)
            continue
        numbers[row] = crypto.keyed_hash(info.number)
    talents = _talents(set(numbers.values()))
    access = get_access(actor) if actor is not None else None
    good = []
    for row, values in sheet.rows:
        if row not in numbers:
            continue
        talent = talents.get(numbers[row])
        name = imports.text(values["姓名"])
        if talent is None:
            report.add(row, "公民身份号码", _("在您的数据范围内未找到该公民身份号码的人才"))
            continue
        if talent.person.name != name:
            report.add(row, "姓名", _("姓名与该公民身份号码的人才“%(n)s”不符") % {"n": name})
            continue
        if access is not None and not access.has(caps.IMPORT_TALENT, talent.township.path):
            report.add(row, "公民身份号码", _("无权导入该人才的联络记录"))
            continue
        try:
            contacted_on = imports.date(values["日期"], today=today)
        except imports.CellError as error:
            report.add(row, "日期", str(error))
            continue
        label = imports.text(values["方式"])
        data = {
            "talent": talent,
            "contacted_on": contacted_on,
            "kind": KIND_BY_LABEL.get(label, label if label in ContactKind.values else ""),
            "by": imports.text(values["联络人"]),
            "summary": imports.text(values["情况"]),
        }
        try:
            good.append(services.check_native_contact(**data, today=today))
        except ApplicationError as error:
            report.add(row, FIELDS.get(error.field, _("其他")), error.message)
    return good


def run_import(
    path: Path | str, *, actor, good_rows_only: bool = False, today: dt.date | None = None
) -> Result:
    """Read and write the sheet; nothing is written when any row is refused, unless
    ``good_rows_only``. A file that is not Excel or lacks a column is refused whole."""
    today = today or dt.date.today()
    authorize(actor, caps.IMPORT_TALENT)
    sheet = imports.read_sheet(
        path, required=REQUIRED, known=[c for c, _w in COLUMNS], aliases=ALIASES
    )
    result = Result(rows=len(sheet.rows))
    good = _rows(sheet, actor, today, result.report)
    if result.report.problems and not good_rows_only:
        return result
    with transaction.atomic():
        for data in good:
            services.native_contact_record(actor=actor, today=today, **data)
        result.imported = len(good)
        audit.log_action(
            caps.TALENT_IMPORTED,
            actor=actor,
            extra={
                "what": "native_contacts",
                "rows": result.rows,
                "imported": result.imported,
                "refused": len(result.report.bad_rows),
            },
        )
    return result


def write_report(path: Path, result: Result) -> None:
    imports.write_error_report(path, result.report, title=_("导入错误"))
