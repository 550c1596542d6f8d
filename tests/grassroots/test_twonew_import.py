"""The registry's Excel template and import: drop-downs in the template; a file that is
not Excel, a missing column, a bad credit code, a code twice in the file — each a
Chinese reason naming row, column and why; all-or-nothing by default, good rows with
the option; nothing half-written."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from tests.conftest import login
from tests.grassroots.rows_twonew import code
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots import twonew_import
from zugong.grassroots.models.twonew import Entity

HEADERS = [
    "统一社会信用代码",
    "名称",
    "类别",
    "所在乡镇（街道）",
    "从业人员数",
    "党员数",
    "正式党员数",
    "组建情况",
    "所在党组织编码",
    "党组织成立日期",
    "未组建原因",
]


def write(path, rows, headers=HEADERS):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("两新组织台账")
    for column, title in enumerate(headers):
        sheet.write_string(0, column, title)
    for line, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            sheet.write(line, column, value)
    book.close()
    return path


def good(n, name, town="临桂镇", **kw):
    row = [code(n), name, "非公有制企业", town, 20, 1, 1, "未组建", "", "", "党员不足3人"]
    for index, value in kw.items():
        row[int(index[1:])] = value
    return row


def test_the_template_has_drop_downs(gr, tmp_path):
    with system_scope("t"):
        twonew_import.template(tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<dataValidation ") >= 4
    assert twonew_import.short_name(gr.town_a) == "临桂镇"


def test_all_or_nothing_with_row_column_and_reason(gr, tmp_path):
    bad = code(3)[:17] + ("0" if code(3)[17] != "0" else "1")
    path = write(
        tmp_path / "a.xlsx",
        [
            good(1, "甲公司"),
            good(2, "乙公司"),
            good(1, "甲公司重复"),
            good(3, "丙公司", c0=bad),
            good(4, "丁公司", town="六塘镇"),
        ],
    )
    with system_scope("t"):
        result = twonew_import.run_import(path, actor=gr.officer_a)
        assert not result.written
        assert Entity.objects.count() == 0
    problems = {(p.row, p.column): p.reason for p in result.report.problems}
    assert problems[(4, "统一社会信用代码")] == "与第2行的统一社会信用代码重复"
    assert "校验位应为" in problems[(5, "统一社会信用代码")]
    assert "不在您的数据范围内" in problems[(6, "所在乡镇（街道）")]
    assert "未导入任何数据" in result.summary()


def test_good_rows_mode_writes_the_good_rows_and_audits(gr, tmp_path):
    path = write(tmp_path / "g.xlsx", [good(1, "甲公司"), good(2, "乙公司", c4="二十")])
    with system_scope("t"):
        result = twonew_import.run_import(path, actor=gr.officer_a, good_rows_only=True)
        assert result.written
        assert result.created == 1
        assert list(Entity.objects.values_list("name", flat=True)) == ["甲公司"]
        assert AuditEntry.objects.filter(action=caps.TWONEW_IMPORTED).count() == 1
    assert {p.row for p in result.report.problems} == {3}
    assert "“二十”不是非负整数" in [
        p.reason for p in result.report.problems if p.column == "从业人员数"
    ]
    # Imported again, the code in scope updates the same organization.
    path = write(tmp_path / "u.xlsx", [good(1, "甲公司更名")])
    with system_scope("t"):
        result = twonew_import.run_import(path, actor=gr.officer_a)
        assert (result.created, result.updated) == (0, 1)
        assert Entity.objects.get().name == "甲公司更名"


def test_not_excel_and_missing_column(gr, tmp_path):
    (tmp_path / "x.xlsx").write_text("不是表格")
    with system_scope("t"), pytest.raises(ApplicationError) as error:
        twonew_import.run_import(tmp_path / "x.xlsx", actor=gr.officer_a)
    assert "无法作为Excel表格读取" in error.value.message
    path = write(
        tmp_path / "m.xlsx",
        [["甲公司", "非公有制企业", "临桂镇"]],
        headers=[*["名称", "类别", "所在乡镇（街道）", "统一社会信用代码"][:3], "行业"],
    )
    with system_scope("t"), pytest.raises(ApplicationError) as error:
        twonew_import.run_import(path, actor=gr.officer_a)
    assert "统一社会信用代码" in error.value.message


def test_the_import_page(gr, tmp_path):
    client = login(gr.officer_a)
    assert client.get("/admin/grassroots/entity/template/").status_code == 200
    path = write(tmp_path / "p.xlsx", [good(1, "甲公司"), good(1, "甲公司")])
    with open(path, "rb") as handle:
        page = client.post("/admin/grassroots/entity/import/", {"file": handle}).content.decode()
    assert "与第2行的统一社会信用代码重复" in page
    assert "下载错误报告" in page
    key = page.split("?report=")[1][:32]
    report = client.get(f"/admin/grassroots/entity/import/?report={key}")
    assert report.status_code == 200
    assert (
        login(gr.officer_b).get(f"/admin/grassroots/entity/import/?report={key}").status_code == 404
    )
    assert login(gr.leader).get("/admin/grassroots/entity/import/").status_code == 403
