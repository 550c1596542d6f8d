"""The import engine (core.imports) on the layouts real sheets have: header names with
spaces, line breaks, required marks and notes in brackets, aliases, two-row headers,
columns it does not use, footers, and number cells typed as year.month."""

import datetime as dt

import pytest
import xlsxwriter

from zugong.core import imports
from zugong.core.errors import ApplicationError

TODAY = dt.date(2026, 11, 24)
KNOWN = ["姓名", "身份号码", "入党时间", "转正时间", "序号"]
ALIASES = {"身份证号": "身份号码", "入党日期": "入党时间"}


def sheet_file(path, lines):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, value)
    book.close()
    return path


def read(path, **options):
    return imports.read_sheet(
        path, required=["姓名", "身份号码"], known=KNOWN, aliases=ALIASES, **options
    )


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("入党 时间", "入党时间"),
        ("入党\n时间", "入党时间"),
        ("*姓名", "姓名"),
        ("姓　名：", "姓名"),
        ("入党时间（年月日）", "入党时间(年月日)"),
    ],
)
def test_header_keys_ignore_spacing_marks_and_width(cell, key):
    assert imports.header_key(cell) == key


def test_aliases_notes_in_brackets_and_unused_columns(tmp_path):
    path = sheet_file(
        tmp_path / "a.xlsx",
        [
            ["* 姓 名", "身份证号", "入党日期（年月日）", "籍贯", "身份号码"],
            ["韦丽华", "450312", "2001-07-01", "临桂", "重复的"],
        ],
    )
    sheet = read(path)
    assert sheet.headers == ["姓名", "身份号码", "入党时间"]
    assert sheet.ignored == ["籍贯", "身份号码（与“身份证号”重复）"]
    assert sheet.rows == [(2, {"姓名": "韦丽华", "身份号码": "450312", "入党时间": "2001-07-01"})]


def test_a_two_row_header_takes_the_names_of_its_second_row(tmp_path):
    path = sheet_file(
        tmp_path / "b.xlsx",
        [
            ["姓名", "身份号码", "入党情况", None],
            [None, None, "入党时间", "转正时间"],
            ["韦丽华", "450312", "2001-07-01", "2002-07-01"],
        ],
    )
    sheet = read(path)
    assert sheet.headers == ["姓名", "身份号码", "入党时间", "转正时间"]
    assert sheet.ignored == []
    assert [number for number, _ in sheet.rows] == [3]


def test_a_data_row_below_a_one_row_header_is_not_taken_for_a_header(tmp_path):
    path = sheet_file(
        tmp_path / "c.xlsx", [["姓名", "身份号码", "入党时间"], ["韦丽华", "450312", "2001-07-01"]]
    )
    sheet = read(path)
    assert [number for number, _ in sheet.rows] == [2]


def test_footers_and_sequence_only_rows_are_skipped_and_counted(tmp_path):
    path = sheet_file(
        tmp_path / "d.xlsx",
        [
            ["序号", "姓名", "身份号码"],
            [1, "韦丽华", "450312"],
            [2, None, None],
            ["填表人：张三", None, "联系电话：0773-1234567"],
            ["注：身份号码填18位", None, None],
            [None, "注册会计师", "450313"],  # a value that starts like a footer, in a full row
        ],
    )
    sheet = read(path, footers=("填表人", "注"), sequence="序号")
    assert [number for number, _ in sheet.rows] == [2, 6]
    assert sheet.skipped == [3, 4, 5]


def test_a_missing_required_column_is_named(tmp_path):
    path = sheet_file(tmp_path / "e.xlsx", [["姓名", "入党时间"], ["韦丽华", "2001-07-01"]])
    with pytest.raises(ApplicationError, match="缺少必需的列：身份号码"):
        read(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2001.07, dt.date(2001, 7, 1)),
        (2001.1, dt.date(2001, 10, 1)),
        (1998.12, dt.date(1998, 12, 1)),
        (38899, dt.date(2006, 7, 1)),  # an Excel serial day stays a day
        (38899.5, dt.date(2006, 7, 1)),
    ],
)
def test_number_cells(value, expected):
    assert imports.date(value, today=TODAY) == expected


@pytest.mark.parametrize(("value", "reason"), [(2001, "只有年份"), (2001.13, "不是有效的年月")])
def test_number_cells_without_a_month_are_refused(value, reason):
    with pytest.raises(imports.CellError, match=reason):
        imports.date(value, today=TODAY)


def test_the_format_comes_from_the_content_not_the_name(tmp_path):
    path = sheet_file(tmp_path / "f.xlsx", [["姓名", "身份号码"], ["韦丽华", "450312"]])
    renamed = path.rename(tmp_path / "f.xls")
    assert [number for number, _ in read(renamed).rows] == [2]


def test_the_report_lists_notices_on_their_own_sheet(tmp_path):
    from python_calamine import CalamineWorkbook

    report = imports.Report()
    report.add(3, "民族", "民族不能为空")
    report.note(0, "籍贯", "已忽略")
    imports.write_error_report(tmp_path / "r.xlsx", report, title="错误报告")
    book = CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    assert book.sheet_names == ["错误报告", "提示"]
    assert book.get_sheet_by_index(1).to_python()[1] == ["", "籍贯", "已忽略"]
