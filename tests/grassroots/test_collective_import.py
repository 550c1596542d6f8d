"""Import of the 三资 sheets: templates with drop-downs, all-or-nothing by default, the
good rows on request, and each bad cell named by row, column and reason in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from tests.conftest import login, scope_of
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots import collective_import
from zugong.grassroots.models.collective import (
    CollectiveContract,
    CollectiveIncome,
    ContractReceipt,
)

TODAY = dt.date(2026, 11, 24)
INCOME = ["村（组织编码）", "年度", "月份", "收入来源", "金额（元）", "凭证号", "摘要"]
CONTRACT = [
    "合同编号",
    "村",
    "合同相对方",
    "标的",
    "收入来源",
    "签订日期",
    "起始日期",
    "终止日期",
    "合同金额",
    "保证金",
    "应收日期1",
    "应收金额1",
    "应收日期2",
    "应收金额2",
]


def _sheet(path, headers, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("明细")
    for col, title in enumerate(headers):
        sheet.write_string(0, col, title)
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            sheet.write(r, col, value)
    book.close()
    return path


def _run(user, path, kind, good=False):
    with scope_of(user):
        return collective_import.run_import(
            path, actor=user, kind=kind, good_rows_only=good, today=TODAY
        )


def test_an_income_sheet_with_a_bad_row_imports_nothing_by_default(gr, tmp_path):
    a = gr.village_a.code
    path = _sheet(
        tmp_path / "in.xlsx",
        INCOME,
        [
            [a, 2026, 3, "资源发包", "25000", "记-01", "鱼塘租金"],
            [a, 2026, 4, "物业出租", "-5", "", ""],
            [a, 2026, 13, "物业出租", "5", "", ""],
            ["450312999999", 2026, 3, "物业出租", "5", "", ""],
            [gr.village_b.code, 2026, 3, "物业出租", "5", "", ""],
        ],
    )
    result = _run(gr.officer_a, path, "income")
    problems = {(p.row, p.column): p.reason for p in result.report.problems}
    assert "不能为负" in problems[(3, "金额（元）")]
    assert "1至12" in problems[(4, "月份")]
    assert "450312999999" in problems[(5, "村（组织编码）")]
    assert (6, "村（组织编码）") in problems  # 六塘镇's village: not the officer's
    assert result.imported == 0
    with system_scope("tests"):
        assert not CollectiveIncome.objects.exists()
    good = _run(gr.officer_a, path, "income", good=True)
    assert good.imported == 1
    with system_scope("tests"):
        income = CollectiveIncome.objects.get()
        assert (income.organization, income.source, income.amount) == (
            gr.village_a,
            "resource",
            25000,
        )
        assert AuditEntry.objects.filter(action="grassroots.collective.imported").count() == 1


def test_a_contract_sheet_with_its_receipt_schedule(gr, tmp_path):
    a = gr.village_a.code
    path = _sheet(
        tmp_path / "ht.xlsx",
        CONTRACT,
        [
            [
                "HT-01",
                a,
                "桂林山水果业有限公司",
                "果园承包",
                "资源发包",
                "2025-12-01",
                "2026-01-01",
                "2028-12-31",
                "90000",
                "3000",
                "2026-06-30",
                "15000",
                "2026-12-31",
                "15000",
            ],
            [
                "HT-02",
                a,
                "个人承包户",
                "鱼塘发包",
                "资源发包",
                "2025-12-01",
                "2026-01-01",
                "2025-06-30",
                "9000",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    result = _run(gr.officer_a, path, "contract")
    (problem,) = result.report.problems
    assert (problem.row, problem.column) == (3, "终止日期")
    assert "早于起始日期" in problem.reason
    with system_scope("tests"):
        assert not CollectiveContract.objects.exists()
    assert _run(gr.officer_a, path, "contract", good=True).imported == 1
    with system_scope("tests"):
        contract = CollectiveContract.objects.get()
        assert [r.amount for r in ContractReceipt.objects.filter(contract=contract)] == [
            15000,
            15000,
        ]


def test_a_file_that_is_not_excel_or_lacks_a_column_is_refused(gr, tmp_path):
    text = tmp_path / "not.xlsx"
    text.write_text("村,年度\n")
    with pytest.raises(ApplicationError) as refused:
        _run(gr.officer_a, text, "income")
    assert "Excel" in refused.value.message
    assert refused.value.field == "file"
    path = _sheet(tmp_path / "cols.xlsx", INCOME[:4], [[gr.village_a.code, 2026, 3, "资源发包"]])
    with pytest.raises(ApplicationError) as missing:
        _run(gr.officer_a, path, "income")
    assert "金额（元）" in missing.value.message


def test_the_templates_carry_drop_downs(gr, tmp_path):
    for kind in ("income", "contract"):
        collective_import.template(tmp_path / f"{kind}.xlsx", kind)
        book = CalamineWorkbook.from_path(str(tmp_path / f"{kind}.xlsx"))
        headers = book.get_sheet_by_index(0).to_python()[0]
        assert "收入来源" in headers
        codes = book.get_sheet_by_index(1).to_python()
        assert "资源发包" in [cell for row in codes for cell in row]
    response = login(gr.officer_a).get("/admin/grassroots/collectiveincome/template-income/")
    assert response.status_code == 200
    assert (
        login(gr.secretary).get("/admin/grassroots/collectiveincome/template-income/").status_code
        == 403
    )


def test_the_import_page_shows_the_problems_and_the_report(gr, tmp_path):
    path = _sheet(
        tmp_path / "in.xlsx", INCOME, [[gr.village_a.code, 2026, 12, "资源发包", "5", "", ""]]
    )
    client = login(gr.officer_a)
    with open(path, "rb") as handle:
        page = client.post("/admin/grassroots/collectiveincome/import-income/", {"file": handle})
    text = page.content.decode()
    assert "尚未到来" in text
    assert "下载错误报告" in text
