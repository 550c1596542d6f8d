import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from tests.conftest import make_id, scope_of
from zugong.core import crypto, idnumber
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry, Person
from zugong.core.scope import system_scope
from zugong.party import roster
from zugong.party.models import Member

HEADERS = [name for name, _ in roster.COLUMNS]
TODAY = dt.date(2026, 11, 23)


def write(path: Path, rows: list[dict], headers=HEADERS, title_rows=0):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for i in range(title_rows):
        sheet.write_string(i, 0, "临桂镇党员花名册（2026年）")
    for col, name in enumerate(headers):
        sheet.write_string(title_rows, col, name)
    for r, row in enumerate(rows, start=title_rows + 1):
        for col, name in enumerate(headers):
            value = row.get(name)
            if isinstance(value, int | float):
                sheet.write_number(r, col, value)
            elif value is not None:
                sheet.write_string(r, col, value)
    book.close()
    return path


def row(name, number, **extra):
    base = {
        "姓名": name,
        "公民身份号码": number,
        "民族": "汉族",
        "学历": "大学本科毕业",
        "党员类别": "正式党员",
        "入党时间": "2001-07-01",
        "转正时间": "2002-07-01",
        "所在党组织编码": "450312100001",
    }
    return {**base, **extra}


def fullwidth(text):
    return text.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))


def messy_rows():
    ok1 = make_id(dt.date(1975, 3, 2), 13)
    ok2 = make_id(dt.date(1980, 8, 8), 24)
    ok3 = make_id(dt.date(1968, 1, 20), 35)
    ok4 = make_id(dt.date(1990, 12, 1), 46)
    return [
        row(
            "韦  丽华", " " + fullwidth(ok1) + " ", 入党时间="2001.07", 转正时间="2002年7月"
        ),  # row 2
        row(
            "覃海波",
            ok2.lower(),
            入党时间="2005-7-1",
            转正时间=38899.0,
            民族="08",
            联系电话="139 0773 0001",
        ),  # row 3
        row(
            "蒙德胜",
            ok3,
            党员类别="预备党员",
            入党时间="2026年3月1日",
            转正时间=None,
            所在党组织编码="450312100002",
        ),  # row 4
        row(
            "陆小红",
            ok4,
            入党时间="2015/6/30",
            转正时间="20160630",
            职业类别="学生",
            党籍状态="流动党员",
        ),  # row 5
        row("错号码", "450312199001010000"),  # row 6: checksum
        row(
            "越权者", make_id(dt.date(1970, 1, 1), 57), 所在党组织编码="450312101201"
        ),  # row 7: town B
        row(
            "未来人", make_id(dt.date(1985, 5, 5), 68), 入党时间="2030-01-01", 转正时间="2031-01-01"
        ),  # row 8
        row("缺民族", make_id(dt.date(1985, 5, 6), 79), 民族=""),  # row 9
        row("重复者", ok2),  # row 10: duplicates row 3
        row("怪日期", make_id(dt.date(1985, 5, 7), 81), 入党时间="去年七月"),  # row 11
        row(
            "早转正", make_id(dt.date(1985, 5, 8), 92), 入党时间="2010-07-01", 转正时间="2010-12-01"
        ),  # row 12
        row(
            "少年", make_id(dt.date(2000, 5, 8), 13), 入党时间="2015-07-01", 转正时间="2016-07-01"
        ),  # row 13
    ]


def problems_by_row(result):
    found = {}
    for p in result.report.problems:
        found.setdefault(p.row, []).append((p.column, p.reason))
    return found


def test_a_messy_roster_is_refused_whole_with_every_reason(cast, tmp_path):
    path = write(tmp_path / "messy.xlsx", messy_rows())
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, today=TODAY)
    assert not result.written
    found = problems_by_row(result)
    assert set(found) == {6, 7, 8, 9, 10, 11, 12, 13}
    assert "校验码错误" in found[6][0][1]
    assert found[6][0][0] == "公民身份号码"
    assert found[7] == [
        ("所在党组织编码", "党组织编码“450312101201”不存在、已撤销或不在您的数据范围内")
    ]
    assert any("晚于今天" in reason for _, reason in found[8])
    assert found[9] == [("民族", "民族不能为空")]
    assert found[10] == [("公民身份号码", "与第3行的公民身份号码重复")]
    assert "无法识别为日期" in found[11][0][1]
    assert found[12][0][0] == "转正时间"
    assert "应为入党时间满一年之日2011-07-01" in found[12][0][1]
    assert "未满18周岁" in found[13][0][1]
    with system_scope():
        assert Person.objects.count() == 3
        assert Member.objects.count() == 0
    assert "未导入任何数据" in result.summary()


def test_good_rows_only_writes_the_valid_rows_as_read(cast, tmp_path):
    path = write(tmp_path / "messy.xlsx", messy_rows())
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, good_rows_only=True, today=TODAY)
    assert result.written
    assert result.created == 4
    assert result.failed_rows == 8
    with system_scope():
        members = {m.person.name: m for m in Member.objects.select_related("person__organization")}
    assert set(members) == {"韦 丽华", "覃海波", "蒙德胜", "陆小红"}
    wei = members["韦 丽华"]
    assert (wei.joined_on, wei.full_on) == (dt.date(2001, 7, 1), dt.date(2002, 7, 1))
    assert crypto.decrypt(wei.person.id_number_encrypted) == idnumber.normalize(
        make_id(dt.date(1975, 3, 2), 13)
    )
    qin = members["覃海波"]
    assert qin.full_on == dt.date(
        2006, 7, 1
    )  # written in the cell as the Excel serial number 38899
    assert qin.person.ethnicity == "08"
    assert qin.person.phone_masked == "139****0001"
    assert members["蒙德胜"].kind == "probationary"
    assert members["蒙德胜"].person.political_status == "02"
    assert members["陆小红"].status == "floating"
    assert members["陆小红"].occupation == "student"
    entry = AuditEntry.objects.filter(action="party.roster.imported").get()
    assert entry.extra["created"] == 4
    assert entry.extra["failed"] == 8
    assert entry.actor_id == cast.officer_a.pk


def test_export_then_reimport_updates_instead_of_duplicating(members, tmp_path):
    cast = members
    with scope_of(cast.admin):
        exported = roster.export(Member.objects.all(), tmp_path / "out.xlsx", actor=cast.admin)
    assert exported == 2
    sheet = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx")).get_sheet_by_index(0).to_python()
    assert sheet[0] == [*HEADERS, "系统编号"]
    sheet[1][10] = "临桂镇金水社区居委会"  # the user corrects the work unit in Excel
    rows = [dict(zip(sheet[0], line, strict=True)) for line in sheet[1:]]
    path = write(tmp_path / "back.xlsx", rows, headers=sheet[0])
    with scope_of(cast.admin):
        preview = roster.run_import(path, actor=cast.admin, today=TODAY)
    assert preview.report.problems == []
    assert (preview.written, preview.pending) == (False, True)
    assert [(c.row, c.field, c.new) for c in preview.changes] == [
        (2, "工作单位", "临桂镇金水社区居委会")
    ]
    with scope_of(cast.admin):
        result = roster.run_import(
            path, actor=cast.admin, today=TODAY, apply_changes=True, expected=preview.fingerprint
        )
    assert result.report.problems == []
    assert (result.written, result.created, result.updated) == (True, 0, 1)
    with system_scope():
        assert Person.objects.count() == 3
        assert Member.objects.count() == 2
        assert Person.objects.get(name=rows[0]["姓名"]).work_unit == "临桂镇金水社区居委会"


def test_an_id_recorded_in_another_township_is_refused(members, tmp_path):
    cast = members
    with system_scope():
        from zugong.core.services.persons import person_clear_value

        number_b = person_clear_value(cast.person_b, "id_number")
    path = write(tmp_path / "steal.xlsx", [row("莫春梅", number_b)])
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, today=TODAY)
    assert problems_by_row(result) == {
        2: [
            (
                "公民身份号码",
                "该公民身份号码已登记在您数据范围以外的组织，请联系其所在组织办理组织关系转接",
            )
        ]
    }


def test_a_title_row_above_the_headers_is_skipped(cast, tmp_path):
    path = write(
        tmp_path / "titled.xlsx", [row("韦丽华", make_id(dt.date(1975, 3, 2), 13))], title_rows=1
    )
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, today=TODAY)
    assert result.created == 1
    assert result.report.problems == []


def test_a_missing_column_is_named(cast, tmp_path):
    path = write(
        tmp_path / "short.xlsx", [row("韦丽华", "x")], headers=[h for h in HEADERS if h != "民族"]
    )
    with scope_of(cast.officer_a), pytest.raises(ApplicationError, match="缺少必需的列：民族"):
        roster.run_import(path, actor=cast.officer_a, today=TODAY)


def test_a_file_that_is_not_excel_is_refused(cast, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,公民身份号码\n")
    with scope_of(cast.officer_a), pytest.raises(ApplicationError, match="无法作为Excel表格读取"):
        roster.run_import(path, actor=cast.officer_a, today=TODAY)


def test_the_template_has_headers_and_drop_downs(db, tmp_path):
    roster.template(tmp_path / "template.xlsx")
    book = CalamineWorkbook.from_path(str(tmp_path / "template.xlsx"))
    assert book.get_sheet_by_index(0).to_python()[0] == HEADERS
    lists = book.get_sheet_by_index(1).to_python()
    assert "壮族" in [line[0] for line in lists]
    assert lists[0][0] == "民族"


def test_import_and_error_report_through_the_admin(cast, tmp_path):
    from tests.conftest import login

    path = write(tmp_path / "messy.xlsx", messy_rows())
    client = login(cast.officer_a)
    with open(path, "rb") as handle:
        response = client.post("/admin/party/member/import/", {"file": handle}, follow=True)
    body = response.content.decode()
    assert "未导入任何数据" in body
    from zugong.core.models import Job

    job = Job.objects.get(user=cast.officer_a)
    report = client.get(f"/admin/core/job/{job.pk}/download/")
    data = b"".join(report.streaming_content)
    lines = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert lines[0] == ["行号", "列", "原因"]
    assert [6.0, "公民身份号码"] == lines[1][:2]
    assert len(lines) - 1 == sum(len(v) for v in problems_by_row_from_lines(lines).values())


def problems_by_row_from_lines(lines):
    found = {}
    for line in lines[1:]:
        found.setdefault(int(line[0]), []).append(line[1])
    return found


def wrong_check(number):
    number = idnumber.normalize(number)
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def test_a_messy_ten_thousand_row_roster_gets_a_correct_error_report(cast, tmp_path):
    """Done-when of the roster import: 10,000 rows in the forms real rosters use, one in
    ten broken in a known way; the report names exactly those rows, columns and reasons."""
    import random

    rng = random.Random(11)
    defects = {
        0: (
            "公民身份号码",
            "校验码错误",
            lambda r: {**r, "公民身份号码": wrong_check(r["公民身份号码"])},
        ),
        1: (
            "所在党组织编码",
            "不在您的数据范围内",
            lambda r: {**r, "所在党组织编码": "450312101201"},
        ),
        2: ("入党时间", "无法识别为日期", lambda r: {**r, "入党时间": "七一前后"}),
        3: ("民族", "不在代码表中", lambda r: {**r, "民族": "火星族"}),
        4: ("转正时间", "应为入党时间满一年之日", lambda r: {**r, "转正时间": r["入党时间"]}),
    }
    rows, expected = [], {}
    for index in range(10_000):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
        number = make_id(birth, index % 1000)
        joined = dt.date(birth.year + 22, rng.randint(1, 12), rng.randint(1, 28))
        if joined > TODAY - dt.timedelta(days=400):
            joined = dt.date(2020, 7, 1)
        forms = [
            joined.isoformat(),
            f"{joined.year}.{joined.month:02d}.{joined.day:02d}",
            f"{joined.year}年{joined.month}月{joined.day}日",
        ]
        row = {
            "姓名": "韦丽华",
            "公民身份号码": fullwidth(number) if index % 7 == 0 else number,
            "民族": "壮族",
            "学历": "大学专科毕业",
            "党员类别": "正式党员",
            "入党时间": rng.choice(forms),
            "转正时间": joined.replace(year=joined.year + 1).isoformat()
            if not (joined.month == 2 and joined.day == 29)
            else f"{joined.year + 1}-02-28",
            "所在党组织编码": "450312100001",
        }
        if index % 10 == 9:
            column, reason, breaker = defects[(index // 10) % 5]
            row = breaker(row)
            expected[index + 2] = (column, reason)
        rows.append(row)
    # Make the ID numbers unique across the file (the sequence repeats every 1000 rows).
    seen = set()
    for index, row in enumerate(rows):
        number = idnumber.normalize(row["公民身份号码"])
        if number in seen and index + 2 not in expected:
            birth = dt.date(1940, 1, 1) + dt.timedelta(days=index)
            row["公民身份号码"] = make_id(birth, index % 1000)
            joined = dt.date(birth.year + 25, 7, 1)
            row["入党时间"], row["转正时间"] = (
                joined.isoformat(),
                joined.replace(year=joined.year + 1).isoformat(),
            )
        seen.add(idnumber.normalize(row["公民身份号码"]))
    path = write(tmp_path / "big.xlsx", rows)
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, today=TODAY)
    found = problems_by_row(result)
    assert not result.written
    assert set(found) == set(expected)
    for row_number, (column, reason) in expected.items():
        assert any(c == column and reason in r for c, r in found[row_number]), (
            row_number,
            found[row_number],
        )
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, today=TODAY, good_rows_only=True)
    assert result.created == 9_000
    assert result.failed_rows == 1_000


def test_export_reads_in_a_fixed_number_of_queries(members, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zugong.party.models import Member

    cast = members

    def count(queryset, name):
        with CaptureQueriesContext(connection) as queries:
            rows = roster.export(queryset, tmp_path / name, actor=cast.admin)
        return rows, len(queries)

    with scope_of(cast.admin):
        count(Member.objects.all(), "warm.xlsx")  # code tables load into their cache once
        one = count(Member.objects.filter(person=cast.person_a), "one.xlsx")
        every = count(Member.objects.all(), "all.xlsx")
    assert one[0] == 1
    assert every[0] > 1
    assert one[1] == every[1]


def test_a_status_the_import_sets_is_dated_in_the_status_history(members, tmp_path):
    """A member recorded as 失联 by a roster has a status change dated the day of the
    import, so the flags (失联满6个月，应停止党籍) run from a known day — as when the status
    is set by hand. A re-import that finds them again writes lost_contact → normal."""
    from zugong.party import selectors
    from zugong.party.models import MemberStatusChange

    cast = members
    number = make_id(dt.date(1979, 4, 4), 57)
    path = write(tmp_path / "new.xlsx", [row("覃月娥", number, 党籍状态="失联")])
    with scope_of(cast.officer_a):
        result = roster.run_import(path, actor=cast.officer_a, today=TODAY)
    assert (result.written, result.created) == (True, 1)
    with system_scope():
        change = MemberStatusChange.objects.get(member__person__name="覃月娥")
    assert (change.old_status, change.new_status, change.occurred_on) == ("", "lost_contact", TODAY)
    assert change.reason == "花名册导入"
    with scope_of(cast.officer_a):
        codes = {
            (f["member"].person.name, f["code"])
            for f in selectors.member_flags(dt.date(2027, 5, 23))
        }
    assert ("覃月娥", "suspend") in codes  # six months after the import's day
    path = write(tmp_path / "again.xlsx", [row("覃月娥", number, 党籍状态="正常")])
    with scope_of(cast.officer_a):
        preview = roster.run_import(path, actor=cast.officer_a, today=dt.date(2026, 12, 1))
        roster.run_import(
            path,
            actor=cast.officer_a,
            today=dt.date(2026, 12, 1),
            apply_changes=True,
            expected=preview.fingerprint,
        )
    with system_scope():
        latest = MemberStatusChange.objects.filter(member__person__name="覃月娥").latest("id")
    assert (latest.old_status, latest.new_status, latest.occurred_on) == (
        "lost_contact",
        "normal",
        dt.date(2026, 12, 1),
    )
