"""Roster files as township offices write them (issue 12): other header names, two-row
headers, short values, footers, contradictions, re-imports that change records, a
masked export imported back, .xls uploads, and the statistics after a bulk write."""

import datetime as dt
import struct

import pytest
import xlsxwriter
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from tests.conftest import PASSWORD, _org, login, make_id, scope_of
from tests.core.test_browser import allow_async_unsafe, browser  # noqa: F401 (fixtures)
from tests.party.test_roster import HEADERS, TODAY, row, write
from zugong.core import imports
from zugong.core.models import Job, OrgCategory, OrgKind, Person
from zugong.core.scope import system_scope
from zugong.party import roster
from zugong.party.models import Member

ID1 = make_id(dt.date(1975, 3, 2), 13)  # a man (odd 17th digit)
ID2 = make_id(dt.date(1980, 8, 8), 24)  # a woman
ID3 = make_id(dt.date(1968, 1, 20), 35)


def problems(result):
    found = {}
    for p in result.report.problems:
        found.setdefault(p.row, []).append((p.column, p.reason))
    return found


def run(user, path, **options):
    with scope_of(user):
        return roster.run_import(path, actor=user, today=TODAY, **options)


def members_by_name():
    with system_scope():
        return {m.person.name: m for m in Member.objects.select_related("person__organization")}


# ---------------------------------------------------------------- item 6: masked export


def exported_as(user, tmp_path, name="out.xlsx"):
    with scope_of(user):
        roster.export(Member.objects.all(), tmp_path / name, actor=user)
    lines = CalamineWorkbook.from_path(str(tmp_path / name)).get_sheet_by_index(0).to_python()
    return lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def test_a_masked_export_imports_back_unchanged_by_its_system_number(members, tmp_path):
    cast = members
    headers, rows = exported_as(cast.officer_a, tmp_path)
    assert headers[-1] == "系统编号"
    assert all("*" in r["公民身份号码"] for r in rows)  # the officer may not see ID numbers
    result = run(cast.officer_a, write(tmp_path / "back.xlsx", rows, headers=headers))
    assert result.report.problems == []
    assert result.changes == []
    assert (result.written, result.created, result.updated) == (True, 0, 0)
    notices = [(n.row, n.column, n.reason) for n in result.report.notices]
    assert notices == [
        (2, "公民身份号码", "身份证号已脱敏，按系统编号匹配"),
        (3, "公民身份号码", "身份证号已脱敏，按系统编号匹配"),
    ]
    with system_scope():
        assert Person.objects.count() == 3
        assert Member.objects.count() == 2


def test_a_masked_export_edited_in_excel_updates_the_member_it_names(members, tmp_path):
    cast = members
    headers, rows = exported_as(cast.officer_a, tmp_path)
    target = next(r for r in rows if r["姓名"] == "黄秀英")
    target["工作单位"] = "临桂镇金水社区居委会"
    path = write(tmp_path / "back.xlsx", rows, headers=headers)
    preview = run(cast.officer_a, path)
    assert preview.pending
    assert not preview.written
    assert [(c.name, c.field, c.old, c.new) for c in preview.changes] == [
        ("黄秀英", "工作单位", "", "临桂镇金水社区居委会")
    ]
    result = run(cast.officer_a, path, apply_changes=True, expected=preview.fingerprint)
    assert (result.written, result.updated) == (True, 1)
    assert members_by_name()["黄秀英"].person.work_unit == "临桂镇金水社区居委会"


def test_a_masked_id_without_a_system_number_is_refused_saying_so(members, tmp_path):
    cast = members
    headers, rows = exported_as(cast.officer_a, tmp_path)
    headers = [h for h in headers if h != "系统编号"]
    result = run(cast.officer_a, write(tmp_path / "back.xlsx", rows, headers=headers))
    assert not result.written
    reasons = problems(result)[2]
    assert reasons[0][0] == "公民身份号码"
    assert "已脱敏" in reasons[0][1]
    assert "系统编号" in reasons[0][1]
    assert "校验码" not in reasons[0][1]


def test_a_system_number_outside_the_scope_or_of_another_person_is_refused(members, tmp_path):
    cast = members
    headers, rows = exported_as(cast.admin, tmp_path)  # in clear: the admin may see IDs
    assert "*" not in rows[0]["公民身份号码"]
    rows[0]["系统编号"], rows[1]["系统编号"] = rows[1]["系统编号"], rows[0]["系统编号"]
    result = run(cast.admin, write(tmp_path / "swapped.xlsx", rows, headers=headers))
    assert {r: [c for c, _ in v] for r, v in problems(result).items()} == {
        2: ["系统编号"],
        3: ["系统编号"],
    }
    assert "对应的是另一名党员" in problems(result)[2][0][1]
    with system_scope():
        member_b = Member.objects.create(
            person=cast.person_b, kind="full", joined_on=dt.date(1971, 7, 1)
        )
    masked = [{**rows[0], "公民身份号码": "450312********0421", "系统编号": member_b.pk}]
    result = run(cast.officer_a, write(tmp_path / "other.xlsx", masked, headers=headers))
    assert problems(result)[2] == [("系统编号", f"系统编号{member_b.pk}不存在或不在您的数据范围内")]


# ---------------------------------------------------------------- headers


def test_the_header_names_offices_use_are_read_and_unused_columns_listed(cast, tmp_path):
    headers = [
        "序号",
        "党员姓名",
        "性 别",
        "身份证号码",
        "民族",
        "文化程度",
        "党员类别",
        "入党\n日期",
        "转正日期",
        "所在党组织编码",
        "手机号码",
        "籍贯",
        "备注",
    ]
    data = [
        {
            "序号": 1,
            "党员姓名": "韦丽华",
            "性 别": "男",
            "身份证号码": ID1,
            "民族": "壮",
            "文化程度": "本科",
            "党员类别": "正式",
            "入党\n日期": "2001.07.01",
            "转正日期": "2002.07.01",
            "所在党组织编码": "450312100001",
            "手机号码": "139-0773-0001",
            "籍贯": "广西临桂",
            "备注": "无",
        }
    ]
    result = run(cast.officer_a, write(tmp_path / "office.xlsx", data, headers=headers))
    assert result.report.problems == []
    assert result.ignored == ["籍贯", "备注"]
    assert [(n.column, n.reason) for n in result.report.notices] == [
        ("籍贯", "本系统不使用该列，已忽略，其内容不会导入"),
        ("备注", "本系统不使用该列，已忽略，其内容不会导入"),
    ]
    assert "未使用的列已忽略：籍贯、备注" in result.summary()
    member = members_by_name()["韦丽华"]
    assert (member.person.ethnicity, member.person.education) == ("08", "21")
    assert (member.joined_on, member.full_on) == (dt.date(2001, 7, 1), dt.date(2002, 7, 1))
    assert member.person.phone_masked == "139****0001"


def test_a_two_row_merged_header_is_read(cast, tmp_path):
    path = tmp_path / "merged.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "临桂镇党员花名册")
    top = ["姓名", "公民身份号码", "民族", "党员类别", "入党情况", None, "所在党组织编码"]
    below = [None, None, None, None, "入党时间", "转正时间", None]
    for col, title in enumerate(top):
        if title == "入党情况":
            sheet.merge_range(1, col, 1, col + 1, title)
        elif title:
            sheet.merge_range(1, col, 2, col, title)
    for col, title in enumerate(below):
        if title:
            sheet.write_string(2, col, title)
    values = ["韦丽华", ID1, "汉族", "正式党员", "2001-07-01", "2002-07-01", "450312100001"]
    for col, value in enumerate(values):
        sheet.write_string(3, col, value)
    book.close()
    result = run(cast.officer_a, path)
    assert result.report.problems == []
    assert result.created == 1
    assert members_by_name()["韦丽华"].full_on == dt.date(2002, 7, 1)


def test_footer_lines_and_sequence_only_rows_are_skipped(cast, tmp_path):
    headers = ["序号", *HEADERS]
    data = [
        {"序号": 1, **row("韦丽华", ID1)},
        {"序号": 2},
        {"序号": 3},
        {"序号": "填表人：张三    联系电话：0773-1234567"},
        {"序号": "注：1.入党时间填写支部大会通过之日。", "姓名": "2.民族填写全称。"},
    ]
    result = run(cast.officer_a, write(tmp_path / "footer.xlsx", data, headers=headers))
    assert result.report.problems == []
    assert (result.total, result.created, result.skipped) == (1, 1, 4)
    assert "跳过4行" in result.summary()


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("ethnicity", "code"), [("汉", "01"), ("壮", "08"), ("瑶", "13"), ("汉 族", "01"), ("08", "08")]
)
def test_ethnic_groups_by_short_name(cast, tmp_path, ethnicity, code):
    result = run(cast.officer_a, write(tmp_path / "e.xlsx", [row("韦丽华", ID1, 民族=ethnicity)]))
    assert result.report.problems == []
    assert members_by_name()["韦丽华"].person.ethnicity == code


@pytest.mark.parametrize(
    ("education", "code"),
    [
        ("大学本科", "21"),
        ("本科", "21"),
        ("大学", "21"),
        ("大专", "31"),
        ("中专", "41"),
        ("高中", "61"),
        ("研究生", "10"),
        ("硕士研究生毕业", "14"),
    ],
)
def test_education_by_standard_and_short_names(cast, tmp_path, education, code):
    result = run(cast.officer_a, write(tmp_path / "d.xlsx", [row("韦丽华", ID1, 学历=education)]))
    assert result.report.problems == []
    assert members_by_name()["韦丽华"].person.education == code


def test_short_kinds_occupations_phones_and_number_month_cells(cast, tmp_path):
    data = [
        row("韦丽华", ID1, 党员类别="正式", 职业类别="在职", 联系电话="139 0773 0001"),
        row(
            "覃海波",
            ID2,
            党员类别="预备",
            入党时间="2026-03-01",
            转正时间=None,
            联系电话="0773-1234567",
        ),
        row("蒙德胜", ID3, 入党时间=2001.07, 转正时间=2002.07),
    ]
    result = run(cast.officer_a, write(tmp_path / "v.xlsx", data))
    assert result.report.problems == []
    found = members_by_name()
    assert (found["韦丽华"].kind, found["韦丽华"].occupation) == ("full", "employed")
    assert found["韦丽华"].person.phone_masked == "139****0001"
    assert found["覃海波"].kind == "probationary"
    assert (found["蒙德胜"].joined_on, found["蒙德胜"].full_on) == (
        dt.date(2001, 7, 1),
        dt.date(2002, 7, 1),
    )


def test_number_cells_that_name_no_month_are_refused():
    with pytest.raises(imports.CellError, match="只有年份"):
        imports.date(2001.0, today=TODAY)
    with pytest.raises(imports.CellError, match="不是有效的年月"):
        imports.date(2001.13, today=TODAY)
    assert imports.date(2001.1, today=TODAY) == dt.date(2001, 10, 1)
    assert imports.date(38899.0, today=TODAY) == dt.date(2006, 7, 1)  # still a serial day


# ---------------------------------------------------------------- organizations by name


def test_a_branch_given_by_name_is_resolved_in_scope_or_refused_with_candidates(cast, tmp_path):
    headers = [h for h in HEADERS if h != "所在党组织编码"]
    unique = [row("韦丽华", ID1, 所在党组织="中共榕山社区支部委员会")]
    result = run(cast.officer_a, write(tmp_path / "u.xlsx", unique, headers=headers))
    assert result.report.problems == []
    assert members_by_name()["韦丽华"].person.organization == cast.branch_a2

    with system_scope():
        for code in ("450312100003", "450312100004"):
            _org(cast.town_a, "中共第一支部委员会", code, OrgKind.BRANCH, OrgCategory.VILLAGE)
    data = [
        row("覃海波", ID2, 所在党组织="中共第一支部委员会"),
        row("蒙德胜", ID3, 所在党组织="中共六塘村支部委员会"),  # town B's
    ]
    result = run(cast.officer_a, write(tmp_path / "a.xlsx", data, headers=headers))
    found = problems(result)
    assert found[2][0][0] == "所在党组织"
    assert "有2个“中共第一支部委员会”" in found[2][0][1]
    assert "编码450312100003" in found[2][0][1]
    assert "编码450312100004" in found[2][0][1]
    assert found[3] == [
        ("所在党组织", "党组织“中共六塘村支部委员会”不存在、已撤销或不在您的数据范围内")
    ]


# ---------------------------------------------------------------- contradictions


def test_a_gender_or_organization_name_that_contradicts_is_an_error_naming_both(cast, tmp_path):
    headers = [*HEADERS, "性别"]
    data = [
        row("韦丽华", ID1, 性别="女"),
        row("覃海波", ID2, 所在党组织="中共榕山社区支部委员会"),  # code is 金水's
    ]
    result = run(cast.officer_a, write(tmp_path / "c.xlsx", data, headers=headers))
    assert problems(result) == {
        2: [("性别", "性别“女”与公民身份号码不一致：身份证号第17位表示男")],
        3: [
            (
                "所在党组织",
                "所在党组织“中共榕山社区支部委员会”与党组织编码“450312100001”不一致："
                "该编码是“中共金水社区支部委员会”",
            )
        ],
    }


# ---------------------------------------------------------------- changes and renames


def test_an_existing_person_under_another_name_needs_a_preview_and_its_own_confirmation(
    members, tmp_path
):
    cast = members
    with system_scope():
        from zugong.core.services.persons import person_clear_value

        number = person_clear_value(cast.person_a, "id_number")
    path = write(
        tmp_path / "rename.xlsx",
        [row("黄秀珍", number, 入党时间="1998-07-01", 转正时间="1999-07-01")],
    )
    preview = run(cast.officer_a, path)
    assert preview.pending
    assert not preview.written
    assert {(c.field, c.old, c.new) for c in preview.changes} == {
        ("姓名", "黄秀英", "黄秀珍"),
        ("入党时间", "1998-06-30", "1998-07-01"),
        ("转正时间", "1999-06-30", "1999-07-01"),
    }
    assert "姓名不同，须另行确认" in preview.summary()
    refused = run(cast.officer_a, path, apply_changes=True, expected=preview.fingerprint)
    assert not refused.written
    assert [(c, "确认姓名变更" in r) for c, r in problems(refused)[2]] == [("姓名", True)]
    assert members_by_name()["黄秀英"].joined_on == dt.date(1998, 6, 30)  # nothing written

    with pytest.raises(Exception, match="预览之后"):
        run(cast.officer_a, path, apply_changes=True, accept_renames=True, expected="0" * 32)
    done = run(
        cast.officer_a, path, apply_changes=True, accept_renames=True, expected=preview.fingerprint
    )
    assert (done.written, done.updated) == (True, 1)
    renamed = members_by_name()["黄秀珍"]
    assert renamed.person_id == cast.person_a.pk
    assert renamed.joined_on == dt.date(1998, 7, 1)


def test_the_upload_page_previews_and_confirms_through_a_second_job(members, tmp_path):
    cast = members
    with system_scope():
        from zugong.core.services.persons import person_clear_value

        number = person_clear_value(cast.person_a, "id_number")
    path = write(tmp_path / "rename.xlsx", [row("黄秀珍", number, 工作单位="金水社区")])
    client = login(cast.officer_a)
    with open(path, "rb") as handle:
        response = client.post("/admin/party/member/import/", {"file": handle}, follow=True)
    body = response.content.decode()
    assert "尚未写入" in body
    assert 'id="zg-roster-changes"' in body
    assert "黄秀英" in body
    assert "黄秀珍" in body
    assert "金水社区" in body
    assert 'name="accept_renames"' in body
    job = Job.objects.get(user=cast.officer_a)
    assert members_by_name()["黄秀英"].person.work_unit == ""

    response = client.post(
        "/admin/party/member/import/", {"confirm": "1", "job": str(job.pk)}, follow=True
    )
    assert "请核对后勾选“确认姓名变更”" in response.content.decode()
    assert "黄秀英" in members_by_name()

    response = client.post(
        "/admin/party/member/import/",
        {"confirm": "1", "job": str(job.pk), "accept_renames": "1"},
        follow=True,
    )
    assert "更新1人" in response.content.decode()
    assert members_by_name()["黄秀珍"].person.work_unit == "金水社区"
    # The preview's file went with the confirm: a second confirm finds nothing.
    response = client.post(
        "/admin/party/member/import/",
        {"confirm": "1", "job": str(job.pk), "accept_renames": "1"},
        follow=True,
    )
    assert "预览已过期或已确认过" in response.content.decode()


def test_another_users_preview_cannot_be_confirmed(members, tmp_path):
    cast = members
    with system_scope():
        from zugong.core.services.persons import person_clear_value

        number = person_clear_value(cast.person_a, "id_number")
    path = write(tmp_path / "w.xlsx", [row("黄秀英", number, 工作单位="金水社区")])
    with open(path, "rb") as handle:
        login(cast.officer_a).post("/admin/party/member/import/", {"file": handle})
    job = Job.objects.get(user=cast.officer_a)
    response = login(cast.admin).post(
        "/admin/party/member/import/", {"confirm": "1", "job": str(job.pk)}, follow=True
    )
    assert "预览已过期或已确认过" in response.content.decode()
    assert members_by_name()["黄秀英"].person.work_unit == ""


# ---------------------------------------------------------------- file formats


def test_an_upload_keeps_its_extension_and_the_reader_tells_the_format_by_content(
    cast, tmp_path, settings
):
    from django.core.files.storage import default_storage

    saved = []
    original = default_storage.save

    def spy(name, content, **kwargs):
        saved.append(name)
        return original(name, content, **kwargs)

    path = write(tmp_path / "roster.xlsx", [row("韦丽华", ID1)])
    client = login(cast.officer_a)
    default_storage.save = spy
    try:
        with open(path, "rb") as handle:
            from django.core.files.uploadedfile import SimpleUploadedFile

            upload = SimpleUploadedFile("花名册.XLS", handle.read())
        response = client.post("/admin/party/member/import/", {"file": upload}, follow=True)
    finally:
        default_storage.save = original
    assert saved[0].endswith(".xls")
    # An .xlsx's content under an .xls name is still read: the format comes from the bytes.
    assert "新增1人" in response.content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_upload_page(cast, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(cast.officer_a).post(
        "/admin/party/member/import/", {"file": SimpleUploadedFile("名单.docx", b"PK..")}
    )
    assert "请上传Excel文件" in response.content.decode()
    assert not Job.objects.exists()


# A real .xls (BIFF8 in an OLE2 compound file), written here: no .xls writer is a
# dependency of the project, and the point is what township offices' old Excel saves.
def _xls_record(kind, data=b""):
    return struct.pack("<HH", kind, len(data)) + data


def _xls_text(value):
    raw = value.encode("utf-16-le")
    return struct.pack("<HB", len(value), 1) + raw


def biff8_workbook(rows):
    """A Workbook stream (BIFF8) of one sheet whose cells are strings."""
    bof_globals = _xls_record(
        0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206)
    )
    codepage = _xls_record(0x0042, struct.pack("<H", 1200))
    name = "Sheet1"
    sheet_name = struct.pack("<BB", len(name), 1) + name.encode("utf-16-le")
    boundsheet_len = 4 + 6 + len(sheet_name)
    offset = len(bof_globals) + len(codepage) + boundsheet_len + 4  # + EOF
    boundsheet = _xls_record(0x0085, struct.pack("<IBB", offset, 0, 0) + sheet_name)
    globals_ = bof_globals + codepage + boundsheet + _xls_record(0x000A)
    assert len(globals_) == offset
    sheet = _xls_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0206))
    width = max(len(r) for r in rows)
    sheet += _xls_record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                sheet += _xls_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
            else:
                sheet += _xls_record(0x0204, struct.pack("<HHH", r, c, 0) + _xls_text(str(value)))
    sheet += _xls_record(0x000A)
    return globals_ + sheet


def compound_file(stream, name="Workbook"):
    """An OLE2 compound file (version 3, 512-byte sectors) holding one stream; the stream
    is padded to 4096 bytes so that it lives in regular sectors, not the mini stream."""
    size = max(len(stream), 4096)
    stream = stream + b"\0" * (size - len(stream))
    sectors = -(-size // 512)
    stream += b"\0" * (sectors * 512 - len(stream))
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # the FAT itself, the directory
    fat += [3 + i for i in range(sectors - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108

    def entry(title, kind, child, start, length):
        encoded = (title + "\0").encode("utf-16-le") if title else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<III", start, length, 0)
        )

    directory = entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry(name, 2, 0xFFFFFFFF, 2, size)
    directory += entry("", 0, 0xFFFFFFFF, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def write_xls(path, rows: list[dict], headers=HEADERS):
    lines = [headers, *([r.get(h) for h in headers] for r in rows)]
    path.write_bytes(compound_file(biff8_workbook(lines)))
    return path


def test_an_xls_roster_is_read_under_any_name(cast, tmp_path):
    data = [row("韦丽华", ID1, 入党时间=2001.07, 转正时间=2002.07)]
    under_its_name = write_xls(tmp_path / "花名册.xls", data)
    assert CalamineWorkbook.from_path(str(under_its_name)).get_sheet_by_index(0).to_python()
    misnamed = write_xls(tmp_path / "花名册.xlsx", data)  # what the upload page used to do
    result = run(cast.officer_a, misnamed)
    assert result.report.problems == []
    assert members_by_name()["韦丽华"].joined_on == dt.date(2001, 7, 1)


def test_an_xls_roster_uploaded_through_the_page_is_imported(cast, tmp_path):
    path = write_xls(tmp_path / "花名册.xls", [row("韦丽华", ID1)])
    with open(path, "rb") as handle:
        response = login(cast.officer_a).post(
            "/admin/party/member/import/", {"file": handle}, follow=True
        )
    body = response.content.decode()
    assert "新增1人" in body
    assert "ZipError" not in body
    assert "韦丽华" in members_by_name()


# ---------------------------------------------------------------- statistics


def test_a_large_roster_import_analyses_the_tables_it_grew_on_postgresql_only(cast, tmp_path):
    data = []
    for index in range(1200):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=index * 7)
        joined = dt.date(birth.year + 25, 7, 1)
        data.append(
            row(
                "韦丽华",
                make_id(birth, index % 1000),
                入党时间=joined.isoformat(),
                转正时间=joined.replace(year=joined.year + 1).isoformat(),
            )
        )
    path = write(tmp_path / "large.xlsx", data)
    with CaptureQueriesContext(connection) as queries:
        result = run(cast.officer_a, path)
    assert result.created == 1200
    analysed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analysed == ['ANALYZE "core_person"', 'ANALYZE "party_member"']
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'core_person'")
            assert cursor.fetchone()[0] >= 1200
    else:
        assert analysed == []


def test_a_small_import_into_a_large_table_does_not_analyse(cast, tmp_path):
    from zugong.core import bulk

    state = bulk._Operation(
        inserted={"core_person": 1500, "party_member": 10},
        before={"core_person": 100_000.0, "party_member": 0.0},
    )
    assert bulk.ANALYZE_MIN_ROWS == 1000
    grown = bulk.analyze_grown(state)
    assert grown == []  # 1.5 % growth, and 10 rows
    state.before["core_person"] = 5000.0
    assert bulk.analyze_grown(state) == (
        ["core_person"] if connection.vendor == "postgresql" else []
    )


# ---------------------------------------------------------------- the upload page in Chromium


@pytest.mark.browser
@pytest.mark.usefixtures("allow_async_unsafe")
@pytest.mark.django_db(transaction=True)
def test_the_upload_page_in_chromium_has_a_chinese_file_chooser_and_no_script_error(
    browser,  # noqa: F811 (the fixture imported above)
    live_server,
    cast,
    tmp_path,
):
    path = write(tmp_path / "花名册.xlsx", [row("韦丽华", ID1)])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "bob")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#zg-dashboard")
    page.goto(f"{live_server.url}/admin/party/member/import/")
    chooser = page.locator("label[for=id_file].zg-button-plain")
    assert chooser.inner_text() == "选择文件"
    assert chooser.is_visible()
    assert page.input_value("#zg-file-name") == "未选择文件"
    box = page.locator("#id_file").bounding_box()
    assert box["width"] <= 1
    assert box["height"] <= 1  # the browser's own (English) file input is not shown
    page.set_input_files("#id_file", str(path))
    assert page.input_value("#zg-file-name") == "花名册.xlsx"
    with page.expect_navigation():
        page.click("#zg-roster-upload button[type=submit]")
    assert "新增1人" in page.inner_text("#zg-roster-message")
    assert errors == []


# ---------------------------------------------------------------- synonyms kept by administrators


def test_administrators_keep_the_synonyms_the_import_accepts(cast, tmp_path):
    from zugong.core.errors import ApplicationError
    from zugong.core.models import AuditEntry, CodeItem
    from zugong.core.models.codes import CodeSynonym
    from zugong.core.services import codes as code_services

    path = write(tmp_path / "s.xlsx", [row("韦丽华", ID1, 民族="僮族")])
    assert problems(run(cast.officer_a, path))[2] == [("民族", "民族“僮族”不在代码表中")]
    with system_scope():
        zhuang = CodeItem.objects.get(table="ethnicity", code="08")
        item = code_services.code_synonym_save(
            actor=None, item=CodeSynonym(), data={"item": zhuang, "synonym": "僮族"}
        )
        assert AuditEntry.objects.filter(action="core.code.changed", object_id=str(item.pk))
        with pytest.raises(ApplicationError, match="已是代码表中另一项（01 汉族）"):
            code_services.code_synonym_save(
                actor=None, item=CodeSynonym(), data={"item": zhuang, "synonym": "汉族"}
            )
        with pytest.raises(ApplicationError, match="已用于“汉族”"):
            code_services.code_synonym_save(
                actor=None, item=CodeSynonym(), data={"item": zhuang, "synonym": "汉"}
            )
    result = run(cast.officer_a, path)
    assert result.report.problems == []
    assert members_by_name()["韦丽华"].person.ethnicity == "08"

    # The shipped synonyms are rows administrators can remove, not code.
    with system_scope():
        shipped = CodeSynonym.objects.get(table="education", synonym="本科")
        code_services.code_synonym_delete(actor=None, item=shipped)
    other = write(tmp_path / "t.xlsx", [row("覃海波", ID2, 学历="本科")])
    assert problems(run(cast.officer_a, other))[2] == [("学历", "学历“本科”不在代码表中")]


def synonym_post(item, rows):
    data = {
        "table": item.table,
        "code": item.code,
        "name": item.name,
        "parent_code": item.parent_code,
        "level": item.level,
        "sort": item.sort,
        "is_active": "on",
        "note": item.note,
        "synonyms-TOTAL_FORMS": len(rows),
        "synonyms-INITIAL_FORMS": sum(1 for r in rows if r.get("id")),
        "synonyms-MIN_NUM_FORMS": 0,
        "synonyms-MAX_NUM_FORMS": 1000,
    }
    for index, values in enumerate(rows):
        data[f"synonyms-{index}-item"] = item.pk
        for key, value in values.items():
            data[f"synonyms-{index}-{key}"] = value
    return data


def test_synonyms_are_kept_on_the_code_page_by_those_who_manage_the_code_tables(cast):
    from zugong.core.models import AuditEntry, CodeItem
    from zugong.core.models.codes import CodeSynonym

    with system_scope():
        zhuang = CodeItem.objects.get(table="ethnicity", code="08")
        shipped = CodeSynonym.objects.get(table="ethnicity", synonym="壮")
    url = f"/admin/core/codeitem/{zhuang.pk}/change/"
    manager = login(cast.sysadmin)
    page = manager.get(url).content.decode()
    assert "同义词（导入时认可的其他写法）" in page
    assert 'value="壮"' in page

    rows = [{"id": shipped.pk, "synonym": "壮", "note": ""}, {"synonym": "汉族", "note": ""}]
    refused = manager.post(url, synonym_post(zhuang, rows))
    assert refused.status_code == 200
    assert "已是代码表中另一项（01 汉族）" in refused.content.decode()
    assert not CodeSynonym.objects.filter(synonym="汉族").exists()

    rows[1]["synonym"] = "僮"
    assert manager.post(url, synonym_post(zhuang, rows)).status_code == 302
    assert CodeSynonym.objects.get(synonym="僮").item == zhuang
    assert AuditEntry.objects.filter(action="core.code.changed", actor=cast.sysadmin).exists()
    assert login(cast.officer_a).get(url).status_code in (403, 404)
