"""The pool's Excel template and import, and the audited export: drop-downs in the
template; a bad ID number, an unknown township, tag or category, a bad credit code, an
ID number twice — each a Chinese reason naming row, column and why; all-or-nothing by
default, good rows with the option; a talent already in the pool is updated."""

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.conftest import login, make_id, scope_of
from tests.talent.rows_pool import credit_code
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent import pool_import
from zugong.talent.models import Talent

pytestmark = pytest.mark.django_db
HEADERS = [c for c, _w in pool_import.COLUMNS]


def write(path, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("人才库")
    for column, title in enumerate(HEADERS):
        sheet.write_string(0, column, title)
    for line, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            sheet.write_string(line, column, str(value))
    book.close()
    return path


def row(name, number, town="临桂镇", **kw):
    values = {
        "姓名": name,
        "公民身份号码": number,
        "联系电话": "",
        "乡镇": town,
        "村（社区）": "金水社区",
        "类别": "农村二三产业发展人才",
        "标签": "电商、直播带货",
        "职称": "农艺师",
        "职称等级": "中级",
        "工作单位": "桂林某电商有限公司",
        "统一社会信用代码": credit_code(),
        "专长": "直播",
        **kw,
    }
    return [values[h] for h in HEADERS]


def _talents():
    with system_scope("check"):
        return Talent.objects.count()


def test_the_template_has_drop_downs(tc, tmp_path):
    with scope_of(tc.office):
        pool_import.template(tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<dataValidation ") == 4


def test_all_or_nothing_then_good_rows(tc, tmp_path):
    good = make_id(dt.date(1991, 6, 1), 71)
    bad_id = make_id(dt.date(1991, 6, 1), 72)[:-1] + "0"
    path = write(
        tmp_path / "a.xlsx",
        [
            row("王小明", good),
            row("王小红", bad_id),
            row("王小刚", make_id(dt.date(1990, 1, 1), 73), 乡镇="六塘镇"),
            row("王小强", make_id(dt.date(1990, 1, 1), 74), 标签="航天"),
            row("王小军", make_id(dt.date(1990, 1, 1), 75), 统一社会信用代码="123"),
            row("王小明", good),
        ],
    )
    before = _talents()
    with scope_of(tc.officer_a):
        result = pool_import.run_import(path, actor=tc.officer_a)
    assert not result.written
    assert _talents() == before
    problems = {(p.row, p.column) for p in result.report.problems}
    assert problems >= {
        (3, "公民身份号码"),
        (4, "乡镇"),
        (5, "标签"),
        (6, "统一社会信用代码"),
        (7, "公民身份号码"),
    }
    reasons = " ".join(p.reason for p in result.report.problems)
    assert "不是您数据范围内的乡镇" in reasons
    assert "与第2行的公民身份号码重复" in reasons
    with scope_of(tc.officer_a):
        result = pool_import.run_import(path, actor=tc.officer_a, good_rows_only=True)
    assert result.written
    assert result.created == 1
    assert _talents() == before + 1
    with system_scope("check"):
        talent = Talent.objects.get(person__name="王小明")
    assert talent.title_level == 2
    assert sorted(talent.tags.values_list("name", flat=True)) == ["电商", "直播带货"]
    assert talent.name_initials == "wxm"
    assert AuditEntry.objects.filter(action=caps.TALENT_IMPORTED).count() == 1


def test_a_talent_in_the_pool_is_updated_and_a_member_is_one_person(tc, tmp_path):
    member = make_id(dt.date(1980, 5, 17), 31)  # 李建华 of 榕山社区, a member in A
    path = write(
        tmp_path / "b.xlsx",
        [row("李建华", member, 专长="果树栽培"), row("李建华", member, 专长="果树")],
    )
    with scope_of(tc.officer_a):
        result = pool_import.run_import(path, actor=tc.officer_a, good_rows_only=True)
    assert result.created == 1
    with system_scope("check"):
        talent = Talent.objects.get(person=tc.person_a2)
    assert talent.specialty == "果树栽培"
    path = write(tmp_path / "c.xlsx", [row("李建华", member, 专长="沙田柚")])
    with scope_of(tc.officer_a):
        result = pool_import.run_import(path, actor=tc.officer_a)
    assert (result.created, result.updated) == (0, 1)
    with system_scope("check"):
        talent.refresh_from_db()
    assert talent.specialty == "沙田柚"
    # The officer of B may not reach A's person.
    path = write(tmp_path / "d.xlsx", [row("李建华", member, 乡镇="六塘镇")])
    with scope_of(tc.officer_b):
        result = pool_import.run_import(path, actor=tc.officer_b)
    assert "不在您的数据范围内" in result.report.problems[0].reason


def test_the_import_page_and_export(tc, tmp_path):
    client = login(tc.officer_a)
    page = client.get(reverse("admin:talent_talent_import_pool"))
    assert page.status_code == 200
    path = write(tmp_path / "e.xlsx", [row("王小红", make_id(dt.date(1991, 6, 1), 72)[:-1] + "0")])
    with open(path, "rb") as handle:
        response = client.post(reverse("admin:talent_talent_import_pool"), {"file": handle})
    assert "未导入任何数据" in response.content.decode()
    assert "下载错误报告" in response.content.decode()
    template = client.get(reverse("admin:talent_talent_download_template"))
    assert template.status_code == 200
    assert login(tc.leader).get(reverse("admin:talent_talent_import_pool")).status_code == 403
    response = client.get(reverse("admin:talent_talent_export_pool") + "?q=tang")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    rows = book.get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[1:]] == ["唐丽娜"]
    entry = AuditEntry.objects.filter(action=caps.TALENT_EXPORTED).latest("pk")
    assert entry.extra["rows"] == 1
    # The other township's officer exports nothing of A.
    response = login(tc.officer_b).get(reverse("admin:talent_talent_export_pool") + "?q=tang")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert len(rows.to_python()) == 1
