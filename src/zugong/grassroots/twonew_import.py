"""The two-new registry as an Excel sheet: the template with drop-downs, and the import
through the shared engine (zugong.core.imports) with its error report.

All-or-nothing by default: one bad row and nothing is written; with ``good_rows_only``
the good rows are written and the others reported. A code already registered in the
importer's scope updates that organization (an exported registry imports back); one
registered elsewhere is refused without saying where; a code twice in the file is
refused on its second row. Every row is checked by the same function as the form
(services.twonew.entity_problems), so the reasons are the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, imports
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.twonew import Coverage, Entity, EntityKind, OperatingStatus
from zugong.grassroots.services import twonew as services

CODE, NAME, KIND, TOWNSHIP = "统一社会信用代码", "名称", "类别", "所在乡镇（街道）"
INDUSTRY, ADDRESS, EMPLOYEES = "行业", "地址", "从业人员数"
MEMBERS, FULL, HEAD = "党员数", "正式党员数", "出资人或负责人"
STATUS, PLACE, REAL = "经营状态", "有固定经营场所", "实体运营"
COVERAGE, ORG_CODE, FORMED, HOW = "组建情况", "所在党组织编码", "党组织成立日期", "组建方式"
REASON, LIAISON = "未组建原因", "党建工作联络员"

COLUMNS = [
    (CODE, 22),
    (NAME, 30),
    (KIND, 14),
    (TOWNSHIP, 16),
    (INDUSTRY, 12),
    (ADDRESS, 30),
    (EMPLOYEES, 10),
    (MEMBERS, 8),
    (FULL, 10),
    (HEAD, 12),
    (STATUS, 14),
    (PLACE, 12),
    (REAL, 8),
    (COVERAGE, 10),
    (ORG_CODE, 16),
    (FORMED, 14),
    (HOW, 16),
    (REASON, 30),
    (LIAISON, 12),
]
REQUIRED = [CODE, NAME, KIND, TOWNSHIP]
FIELD_COLUMNS = {
    "credit_code": CODE,
    "name": NAME,
    "kind": KIND,
    "township": TOWNSHIP,
    "industry": INDUSTRY,
    "address": ADDRESS,
    "employees": EMPLOYEES,
    "party_members": MEMBERS,
    "full_members": FULL,
    "head": HEAD,
    "operating_status": STATUS,
    "fixed_place": PLACE,
    "real_operation": REAL,
    "coverage": COVERAGE,
    "party_organization": ORG_CODE,
    "formed_on": FORMED,
    "formed_how": HOW,
    "not_formed_reason": REASON,
    "liaison": LIAISON,
}
YES_NO = {"是": True, "否": False, "有": True, "无": False}


def short_name(organization: Organization) -> str:
    """临桂镇 for 中共临桂区临桂镇委员会, 临桂街道 for …街道工作委员会."""
    name = organization.name.removeprefix("中共")
    for suffix in ("工作委员会", "委员会"):
        name = name.removesuffix(suffix)
    if "区" in name[:-1] and not name.endswith("区"):
        name = name.split("区", 1)[1] or name
    return name


def townships() -> dict[str, Organization]:
    found = {}
    for org in Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path"):
        found[org.name] = org
        found.setdefault(short_name(org), org)
    return found


def template(path: Path) -> None:
    names = sorted({short_name(o) for o in townships().values()})
    imports.write_template(
        path,
        columns=COLUMNS,
        sheet_name=_("两新组织台账"),
        choices={
            KIND: [str(label) for _v, label in EntityKind.choices],
            TOWNSHIP: names or ["—"],
            STATUS: [str(label) for _v, label in OperatingStatus.choices],
            COVERAGE: [str(label) for _v, label in Coverage.choices],
            PLACE: ["是", "否"],
            REAL: ["是", "否"],
        },
        notes={
            CODE: _("18位，末位为校验码（GB 32100）"),
            ORG_CODE: _("已组建党组织的填写党组织编码，须在您的数据范围内"),
            FORMED: _("如2020-07-01"),
            REASON: _("未组建党组织的必填"),
        },
    )


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    written: bool = False
    report: imports.Report = field(default_factory=imports.Report)

    @property
    def failed_rows(self) -> int:
        return len(self.report.bad_rows)

    def summary(self) -> str:
        if not self.written:
            return _("共%(t)d行，%(f)d行有误，未导入任何数据；请下载错误报告，改正后重新导入") % {
                "t": self.total,
                "f": self.failed_rows,
            }
        return _("共%(t)d行：新增%(c)d个，更新%(u)d个，%(f)d行有误未导入") % {
            "t": self.total,
            "c": self.created,
            "u": self.updated,
            "f": self.failed_rows,
        }


def _choice(value, choices, column, number, report):
    text = imports.text(value)
    if not text:
        return None
    labels = {str(label): code for code, label in choices}
    if text in labels:
        return labels[text]
    report.add(
        number, column, _("“%(v)s”不是可选的值（%(c)s）") % {"v": text, "c": "、".join(labels)}
    )
    return None


def _number(value, column, number, report) -> int:
    text = imports.compact(value)
    if not text:
        return 0
    if not text.isdigit():
        report.add(number, column, _("“%(v)s”不是非负整数") % {"v": text})
        return 0
    return int(text)


def _yes_no(value, column, number, report, default: bool) -> bool:
    text = imports.compact(value)
    if not text:
        return default
    if text in YES_NO:
        return YES_NO[text]
    report.add(number, column, _("请填写“是”或“否”"))
    return default


def _row_data(number, raw, lookups, report, today) -> dict:
    data = {
        name: imports.text(raw.get(column))
        for name, column in FIELD_COLUMNS.items()
        if name in ("credit_code", "name", "industry", "address", "head", "formed_how")
        or name in ("not_formed_reason", "liaison")
    }
    data["credit_code"] = services.normalize_code(data["credit_code"])
    data["kind"] = _choice(raw.get(KIND), EntityKind.choices, KIND, number, report)
    town = imports.text(raw.get(TOWNSHIP))
    data["township"] = lookups["townships"].get(town)
    if town and data["township"] is None:
        report.add(number, TOWNSHIP, _("“%(v)s”不是您数据范围内的乡镇（街道）") % {"v": town})
    for name in ("employees", "party_members", "full_members"):
        data[name] = _number(raw.get(FIELD_COLUMNS[name]), FIELD_COLUMNS[name], number, report)
    data["operating_status"] = (
        _choice(raw.get(STATUS), OperatingStatus.choices, STATUS, number, report)
        or OperatingStatus.NORMAL
    )
    data["fixed_place"] = _yes_no(raw.get(PLACE), PLACE, number, report, True)
    excluded = data["operating_status"] != OperatingStatus.NORMAL
    data["real_operation"] = _yes_no(raw.get(REAL), REAL, number, report, not excluded)
    data["coverage"] = (
        _choice(raw.get(COVERAGE), Coverage.choices, COVERAGE, number, report) or Coverage.NONE
    )
    code = imports.compact(raw.get(ORG_CODE))
    data["party_organization"] = lookups["orgs"].get(code) if code else None
    if code and data["party_organization"] is None:
        report.add(number, ORG_CODE, _("“%(v)s”不是您数据范围内的党组织编码") % {"v": code})
    try:
        data["formed_on"] = imports.date(raw.get(FORMED), today=today)
    except imports.CellError as error:
        report.add(number, FORMED, str(error))
        data["formed_on"] = None
    return data


def _lookups(sheet) -> dict:
    codes = {imports.compact(raw.get(ORG_CODE)) for _n, raw in sheet.rows} - {""}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    credit = {services.normalize_code(imports.text(raw.get(CODE))) for _n, raw in sheet.rows}
    # Unscoped on purpose: a code is registered once in the whole district; whether the
    # importer may update it is asked through the scoped manager below.
    known = dict(
        Entity.objects.unscoped().filter(credit_code__in=credit).values_list("credit_code", "id")
    )
    visible = {e.credit_code: e for e in Entity.objects.filter(pk__in=known.values())}
    return {"townships": townships(), "orgs": orgs, "known": known, "visible": visible}


def _check_rows(sheet, lookups, actor, result, today) -> list[tuple[int, dict, Entity | None]]:
    report, good, seen = result.report, [], {}
    for number, raw in sheet.rows:
        data = _row_data(number, raw, lookups, report, today)
        code = data["credit_code"]
        if code and code in seen:
            report.add(number, CODE, _("与第%(r)d行的统一社会信用代码重复") % {"r": seen[code]})
            continue
        seen.setdefault(code, number)
        existing = lookups["visible"].get(code)
        _values, problems = services.entity_problems(
            data, entity=existing, actor=actor, today=today
        )
        for name, message in problems:
            if name == "township" and data["township"] is None and imports.text(raw.get(TOWNSHIP)):
                continue  # already said why
            if (
                name == "party_organization"
                and imports.compact(raw.get(ORG_CODE))
                and data[name] is None
            ):
                continue
            report.add(number, FIELD_COLUMNS.get(name, name), message)
        if number not in report.bad_rows:
            good.append((number, data, existing))
    return good


def run_import(
    path, *, actor, good_rows_only: bool = False, today: dt.date | None = None
) -> ImportResult:
    authorize(actor, caps.IMPORT_GRASSROOTS)
    today = today or dt.date.today()
    sheet = imports.read_sheet(path, required=REQUIRED, known=[c for c, _w in COLUMNS])
    result = ImportResult(total=len(sheet.rows))
    if not sheet.rows:
        raise ApplicationError(_("表格中没有数据行"), field="file")
    good = _check_rows(sheet, _lookups(sheet), actor, result, today)
    if result.report.problems and not good_rows_only:
        return result
    with transaction.atomic():
        for number, data, existing in good:
            try:
                services.entity_save(actor=actor, data=data, entity=existing, today=today)
            except ApplicationError as error:  # pragma: no cover - checked above
                raise ApplicationError(
                    _("第%(r)d行：%(m)s") % {"r": number, "m": error.message}, field="file"
                ) from error
            if existing is None:
                result.created += 1
            else:
                result.updated += 1
        result.written = True
        audit.log_action(
            caps.TWONEW_IMPORTED,
            actor=actor,
            extra={
                "rows": result.total,
                "created": result.created,
                "updated": result.updated,
                "failed": result.failed_rows,
                "mode": "good_rows" if good_rows_only else "all_or_nothing",
            },
        )
    return result


def write_report(path: Path, result: ImportResult) -> None:
    imports.write_error_report(path, result.report, title=_("错误报告"))
