"""Import of the graduates retained (毕业生留区): one sheet of 姓名、毕业院校、毕业年度、
专业、留区方式、就业或创业单位、到岗或创办日期 into one office's ledger. Through the
shared engine (zugong.core.imports): every problem is (row, column, reason) in Chinese;
all-or-nothing by default, or only the good rows; one audit entry per import."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, imports
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.talent import capabilities as caps
from zugong.talent.models.cooperation import AllianceMember, Graduate, MemberKind, RetentionKind
from zugong.talent.services import cooperation as services

COLUMNS = [
    ("姓名", 10),
    ("毕业院校", 24),
    ("毕业年度", 10),
    ("专业", 18),
    ("留区方式", 10),
    ("就业或创业单位", 28),
    ("到岗或创办日期", 14),
]
REQUIRED = ["姓名", "毕业院校", "毕业年度", "留区方式", "就业或创业单位", "到岗或创办日期"]
FIELDS = {
    "name": "姓名",
    "university": "毕业院校",
    "year": "毕业年度",
    "major": "专业",
    "kind": "留区方式",
    "employer": "就业或创业单位",
    "started_on": "到岗或创办日期",
}
ALIASES = {
    "学校": "毕业院校",
    "毕业学校": "毕业院校",
    "院校": "毕业院校",
    "年度": "毕业年度",
    "毕业年份": "毕业年度",
    "方式": "留区方式",
    "就业创业单位": "就业或创业单位",
    "单位": "就业或创业单位",
    "到岗日期": "到岗或创办日期",
    "创办日期": "到岗或创办日期",
}
KIND_BY_LABEL = {str(label): code for code, label in RetentionKind.choices}


@dataclass
class Result:
    rows: int = 0
    imported: int = 0
    batch: str = ""
    report: imports.Report = field(default_factory=imports.Report)


def universities(office=None) -> list[AllianceMember]:
    queryset = AllianceMember.objects.filter(kind=MemberKind.UNIVERSITY)
    if office is not None:
        queryset = queryset.filter(office=office)
    return list(queryset.order_by("name"))


def template(path: Path, office=None) -> None:
    names = sorted({u.name for u in universities(office)})
    imports.write_template(
        path,
        columns=COLUMNS,
        choices={
            "毕业院校": names,
            "留区方式": [str(label) for _c, label in RetentionKind.choices],
        },
        notes={
            "毕业院校": _("须是联盟成员中的高校"),
            "毕业年度": _("如2026"),
            "到岗或创办日期": _("如2026-07-01，不能晚于今天"),
        },
        sheet_name=_("毕业生留区"),
    )


def _row(values, row, by_name, office, today, report) -> dict | None:
    name = imports.text(values["毕业院校"])
    university = by_name.get(name)
    if university is None:
        report.add(row, "毕业院校", _("“%(n)s”不是本单位联盟成员中的高校") % {"n": name})
        return None
    try:
        started_on = imports.date(values["到岗或创办日期"], today=today)
    except imports.CellError as error:
        report.add(row, "到岗或创办日期", str(error))
        return None
    kind_raw = imports.text(values["留区方式"])
    data = {
        "university": university,
        "name": imports.text(values["姓名"]),
        "year": imports.compact(values["毕业年度"]),
        "major": imports.text(values.get("专业")),
        "kind": KIND_BY_LABEL.get(kind_raw, kind_raw),
        "employer": imports.text(values["就业或创业单位"]),
        "started_on": started_on,
    }
    try:
        return services.check_graduate_values(data, office=office, today=today)
    except ApplicationError as error:
        report.add(row, FIELDS.get(error.field, _("其他")), error.message)
        return None


def run_import(
    path: Path | str,
    *,
    actor,
    office,
    good_rows_only: bool = False,
    today: dt.date | None = None,
) -> Result:
    """Read and write one sheet into ``office``'s ledger; nothing is written when any
    row is refused, unless ``good_rows_only``. A file that is not Excel or lacks a
    column is refused whole."""
    today = today or dt.date.today()
    services.office_of(actor, office)
    authorize(actor, caps.IMPORT_TALENT, office)
    sheet = imports.read_sheet(
        path, required=REQUIRED, known=[c for c, _w in COLUMNS], aliases=ALIASES
    )
    result = Result(rows=len(sheet.rows), batch=uuid.uuid4().hex[:12])
    by_name = {u.name: u for u in universities(office)}
    existing = set(
        Graduate.objects.filter(office=office).values_list("university_id", "name", "year")
    )
    good, seen = [], set()
    for row, values in sheet.rows:
        data = _row(values, row, by_name, office, today, result.report)
        if data is None:
            continue
        key = (data["university"].pk, data["name"], data["year"])
        if key in seen or key in existing:
            result.report.add(
                row,
                "姓名",
                _("%(n)s（%(u)s %(y)d届）已登记")
                % {"n": data["name"], "u": data["university"].name, "y": data["year"]},
            )
            continue
        seen.add(key)
        good.append(data)
    if result.report.problems and not good_rows_only:
        return result
    with transaction.atomic():
        for data in good:
            services.graduate_save(
                actor=actor, office=office, today=today, batch=result.batch, **data
            )
        result.imported = len(good)
        audit.log_action(
            caps.TALENT_IMPORTED,
            actor=actor,
            extra={
                "kind": "graduates",
                "office": office.name,
                "rows": result.rows,
                "imported": result.imported,
                "refused": len(result.report.bad_rows),
                "batch": result.batch,
            },
        )
    return result


def write_report(path: Path, result: Result) -> None:
    imports.write_error_report(path, result.report, title=_("导入错误"))
