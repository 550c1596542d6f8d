"""Import of the sheets the rural collective asset system (三资) exports: the monthly
income sheet and the contract sheet with its receipt schedule (up to four instalments
as columns 应收日期1/应收金额1 …). Through the shared engine (zugong.core.imports): every
problem is (row, column, reason) in Chinese; all-or-nothing by default, or only the good
rows; one audit entry per import (COLLECTIVE_IMPORTED)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit, imports
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.core.services.access import authorize, get_access
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.collective import IncomeSource
from zugong.grassroots.services import collective as services

VILLAGE = "村（组织编码）"
RECEIPTS = 4

INCOME_COLUMNS = [
    (VILLAGE, 18),
    ("村名称", 24),
    ("年度", 8),
    ("月份", 8),
    ("收入来源", 14),
    ("金额（元）", 14),
    ("凭证号", 14),
    ("摘要", 30),
]
INCOME_REQUIRED = [VILLAGE, "年度", "月份", "收入来源", "金额（元）"]
INCOME_FIELDS = {
    "organization": VILLAGE,
    "year": "年度",
    "month": "月份",
    "source": "收入来源",
    "amount": "金额（元）",
    "voucher": "凭证号",
    "note": "摘要",
}

CONTRACT_COLUMNS = [
    ("合同编号", 16),
    ("村", 18),
    ("合同相对方", 20),
    ("标的", 24),
    ("收入来源", 14),
    ("签订日期", 12),
    ("起始日期", 12),
    ("终止日期", 12),
    ("合同金额", 14),
    ("保证金", 12),
] + [col for i in range(1, RECEIPTS + 1) for col in ((f"应收日期{i}", 12), (f"应收金额{i}", 12))]
CONTRACT_REQUIRED = [
    "合同编号",
    "村",
    "合同相对方",
    "标的",
    "收入来源",
    "签订日期",
    "起始日期",
    "终止日期",
    "合同金额",
]
CONTRACT_FIELDS = {
    "organization": "村",
    "code": "合同编号",
    "counterparty": "合同相对方",
    "subject": "标的",
    "source": "收入来源",
    "signed_on": "签订日期",
    "starts_on": "起始日期",
    "ends_on": "终止日期",
    "amount": "合同金额",
    "deposit": "保证金",
}
INCOME_ALIASES = {"村组织编码": VILLAGE, "组织编码": VILLAGE, "金额": "金额（元）"}
CONTRACT_ALIASES = {
    "合同标的": "标的",
    "合同总金额": "合同金额",
    "村（组织编码）": "村",
    "组织编码": "村",
    "村组织编码": "村",
}
SOURCE_BY_LABEL = {str(label): code for code, label in IncomeSource.choices}


@dataclass
class Result:
    kind: str  # income | contract
    rows: int = 0
    imported: int = 0
    batch: str = ""
    report: imports.Report = field(default_factory=imports.Report)


def template(path: Path, kind: str) -> None:
    sources = [str(label) for _code, label in IncomeSource.choices]
    if kind == "income":
        imports.write_template(
            path,
            columns=INCOME_COLUMNS,
            choices={"收入来源": sources, "月份": [str(m) for m in range(1, 13)]},
            notes={VILLAGE: _("村党组织的组织编码，必填"), "金额（元）": _("不能为负")},
            sheet_name=_("收入明细"),
        )
    else:
        imports.write_template(
            path,
            columns=CONTRACT_COLUMNS,
            choices={"收入来源": sources},
            notes={
                "村": _("村党组织的组织编码"),
                "终止日期": _("不能早于起始日期"),
                "应收日期1": _("收款计划：每期一对应收日期、应收金额，最多4期"),
            },
            sheet_name=_("合同台账"),
        )


def _villages(actor, codes: set[str]) -> dict[str, Organization]:
    return {o.code: o for o in Organization.objects.filter(code__in=codes).select_related("parent")}


def _village_of(raw, villages, actor, report, row, column) -> Organization | None:
    code = imports.compact(raw)
    org = villages.get(code)
    if org is None:
        report.add(row, column, _("组织编码“%(c)s”不是本人管理范围内的村") % {"c": code})
        return None
    access = get_access(actor)
    if actor is not None and not access.has(caps.IMPORT_GRASSROOTS, org.path):
        report.add(row, column, _("无权导入“%(o)s”的数据") % {"o": org.name})
        return None
    return org


def _source(raw) -> str:
    value = imports.text(raw)
    return SOURCE_BY_LABEL.get(value, value if value in IncomeSource.values else "")


def _number(raw):
    value = imports.compact(raw)
    return value.replace("，", "").replace(",", "") if value else ""


def _refuse(report, row, error: ApplicationError, columns: dict) -> None:
    report.add(row, columns.get(error.field, _("其他")), error.message)


def _income_rows(sheet, actor, today, report) -> list[dict]:
    villages = _villages(actor, {imports.compact(v[VILLAGE]) for _r, v in sheet.rows})
    good = []
    for row, values in sheet.rows:
        org = _village_of(values[VILLAGE], villages, actor, report, row, VILLAGE)
        if org is None:
            continue
        data = {
            "organization": org,
            "year": imports.compact(values["年度"]),
            "month": imports.compact(values["月份"]),
            "source": _source(values["收入来源"]),
            "amount": _number(values["金额（元）"]),
        }
        try:
            services.check_income_values(**data, today=today)
        except ApplicationError as error:
            _refuse(report, row, error, INCOME_FIELDS)
            continue
        data["voucher"] = imports.text(values.get("凭证号"))[:40]
        data["note"] = imports.text(values.get("摘要"))[:200]
        good.append(data)
    return good


def _dates(values, row, report, today) -> dict | None:
    result = {}
    for key, column in (
        ("signed_on", "签订日期"),
        ("starts_on", "起始日期"),
        ("ends_on", "终止日期"),
    ):
        try:
            result[key] = imports.date(
                values.get(column), today=today, allow_future=key != "signed_on"
            )
        except imports.CellError as error:
            report.add(row, column, str(error))
            return None
    return result


def _schedule(values, row, report, today) -> list | None:
    schedule = []
    for i in range(1, RECEIPTS + 1):
        due_raw, amount_raw = values.get(f"应收日期{i}"), values.get(f"应收金额{i}")
        if not imports.text(due_raw) and not imports.text(amount_raw):
            continue
        try:
            due_on = imports.date(due_raw, today=today, allow_future=True)
        except imports.CellError as error:
            report.add(row, f"应收日期{i}", str(error))
            return None
        try:
            schedule.append(services.check_receipt({}, due_on, _number(amount_raw)))
        except ApplicationError as error:
            report.add(
                row, f"应收{'日期' if error.field == 'due_on' else '金额'}{i}", error.message
            )
            return None
    return schedule


def _contract_rows(sheet, actor, today, report) -> list[dict]:
    villages = _villages(actor, {imports.compact(v["村"]) for _r, v in sheet.rows})
    good, seen = [], set()
    for row, values in sheet.rows:
        org = _village_of(values["村"], villages, actor, report, row, "村")
        dates = _dates(values, row, report, today)
        schedule = _schedule(values, row, report, today)
        if org is None or dates is None or schedule is None:
            continue
        data = {
            "code": imports.compact(values["合同编号"]),
            "counterparty": imports.text(values["合同相对方"]),
            "subject": imports.text(values["标的"]),
            "source": _source(values["收入来源"]),
            "amount": _number(values["合同金额"]),
            "deposit": _number(values.get("保证金")) or 0,
            **dates,
        }
        try:
            services.village(org)
            services.check_contract_values(data)
        except ApplicationError as error:
            _refuse(report, row, error, CONTRACT_FIELDS)
            continue
        key = (org.pk, data["code"])
        if key in seen or (org.pk and _exists(org, data["code"])):
            report.add(row, "合同编号", _("合同编号“%(c)s”已存在") % {"c": data["code"]})
            continue
        seen.add(key)
        good.append({"organization": org, "receipts": schedule, **data})
    return good


def _exists(org, code) -> bool:
    from zugong.grassroots.models.collective import CollectiveContract

    return CollectiveContract.objects.filter(organization=org, code=code).exists()


def run_import(
    path: Path | str,
    *,
    actor,
    kind: str,
    good_rows_only: bool = False,
    today: dt.date | None = None,
) -> Result:
    """Read and write one sheet; nothing is written when any row is refused, unless
    ``good_rows_only``. A file that is not Excel or lacks a column is refused whole."""
    today = today or dt.date.today()
    if kind not in ("income", "contract"):
        raise ApplicationError(_("导入类型不正确"), field="kind")
    columns, required, aliases = (
        (INCOME_COLUMNS, INCOME_REQUIRED, INCOME_ALIASES)
        if kind == "income"
        else (CONTRACT_COLUMNS, CONTRACT_REQUIRED, CONTRACT_ALIASES)
    )
    if actor is not None:
        authorize(actor, caps.IMPORT_GRASSROOTS)
    sheet = imports.read_sheet(
        path, required=required, known=[c for c, _w in columns], aliases=aliases
    )
    result = Result(kind=kind, rows=len(sheet.rows), batch=uuid.uuid4().hex[:12])
    reader = _income_rows if kind == "income" else _contract_rows
    good = reader(sheet, actor, today, result.report)
    if result.report.problems and not good_rows_only:
        return result
    with transaction.atomic():
        for data in good:
            if kind == "income":
                services.income_record(actor=actor, today=today, batch=result.batch, **data)
            else:
                services.contract_save(actor=actor, batch=result.batch, **data)
        result.imported = len(good)
        if kind == "income":  # the income tiers the cockpit counts
            changes_module.organizations_changed(data["organization"].pk for data in good)
        audit.log_action(
            caps.COLLECTIVE_IMPORTED,
            actor=actor,
            extra={
                "kind": kind,
                "rows": result.rows,
                "imported": result.imported,
                "refused": len(result.report.bad_rows),
                "batch": result.batch,
            },
        )
    return result


def write_report(path: Path, result: Result) -> None:
    imports.write_error_report(path, result.report, title=_("导入错误"))
