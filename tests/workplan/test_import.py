"""Importing a plan from its document: the seed itself (4 parts, 15 points), the same
plan as a Word document with bold titles, and broken documents refused with the line
where parsing failed; the admin's preview writes nothing before confirmation."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import login
from tests.workplan.conftest import SEED_TEXT
from zugong.core.errors import ApplicationError
from zugong.core.scope import system_scope
from zugong.workplan.models import Plan, Point
from zugong.workplan.services import plans as services


def test_the_seed_plan_parses_into_4_parts_and_15_points():
    parsed = services.parse_text(SEED_TEXT)
    assert parsed.title == "2023年全区组织工作要点"
    assert parsed.year == 2023
    assert [len(p.points) for p in parsed.parts] == [3, 4, 4, 4]
    assert parsed.parts[1].heading.startswith("二、坚持以夯实筑牢基层基础为关键")
    seventh = parsed.parts[1].points[3]
    assert seventh.number == 7
    assert seventh.title == "持续提升两新“两个覆盖”质量"
    assert seventh.body.startswith("严格落实《两新组织党建工作三张清单》")
    assert parsed.preamble.startswith("2023年是全面贯彻落实党的二十大精神的开局之年")


def word_document(lines: list[tuple[str, str]]) -> bytes:
    document = docx.Document()
    for bold, rest in lines:
        paragraph = document.add_paragraph()
        if bold:
            paragraph.add_run(bold).bold = True
        paragraph.add_run(rest)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_takes_the_bold_run_as_the_title():
    data = word_document(
        [
            ("", "2024年全区组织工作要点"),
            ("", "一、坚持政治建设"),
            ("1.深学笃用党的创新理论", "，持续兴起大学习热潮。带着问题学。"),
            ("", "二、夯实基层基础"),
            ("2.推进党建引领乡村振兴", "巩固星级化管理成果。"),
        ]
    )
    parsed = services.parse_upload("要点.docx", data)
    assert parsed.year == 2024
    first = parsed.parts[0].points[0]
    assert first.title == "深学笃用党的创新理论"
    assert first.body == "，持续兴起大学习热潮。带着问题学。"
    assert parsed.point_count == 2


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "文件没有内容"),
        ("2023年会议纪要\n今天开会。\n大家发言。", 3, "没有“一、”形式的部分标题"),
        ("工作要点\n一、政治建设\n1.学习。", 1, "标题中没有年度"),
        ("2023年要点\n1.学习。\n一、政治建设", 2, "条目出现在第一个部分标题"),
        ("2023年要点\n一、政治建设\n1.学习。\n三、基层", 4, "部分序号应为“二、”"),
        ("2023年要点\n一、政治建设\n1.学习。\n3.作风。", 4, "条目序号应为2"),
        ("2023年要点\n一、政治建设\n二、基层\n2.振兴。", 3, "下没有条目"),
        ("2023年要点\n一、政治建设\n这是一段说明。\n1.学习。", 3, "应为序号“1.”形式的条目"),
        ("2023年要点\n一、政治建设\n1.", 3, "没有标题"),
    ],
)
def test_broken_documents_are_refused_with_the_line(text, line, reason):
    with pytest.raises(ApplicationError) as error:
        services.parse_text(text)
    assert f"第{line}行" in error.value.message
    assert reason in error.value.message
    assert error.value.details[0]["row"] == line


def test_a_damaged_word_file_and_a_doc_file_are_refused():
    with pytest.raises(ApplicationError, match="无法读取Word文件"):
        services.parse_upload("要点.docx", b"not a zip")
    with pytest.raises(ApplicationError, match="另存为"):
        services.parse_upload("要点.doc", b"\xd0\xcf")


def test_gb18030_text_is_read():
    parsed = services.parse_upload("要点.txt", SEED_TEXT.encode("gb18030"))
    assert parsed.point_count == 15


def test_the_admin_previews_then_writes_on_confirmation(cast):
    client = login(cast.admin)
    upload = SimpleUploadedFile("要点.txt", SEED_TEXT.encode("utf-8"), content_type="text/plain")
    page = client.post(
        "/admin/workplan/plan/import/",
        {"document": upload, "owner": cast.district.pk, "issuing_body": "中共临桂区委组织部"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "共4个部分、15个条目" in html
    assert "营造尊才爱才的良好环境" in html
    with system_scope("t"):
        assert Plan.objects.count() == 0
    done = client.post("/admin/workplan/plan/import/", {"confirm": "1"})
    assert done.status_code == 302
    with system_scope("t"):
        plan = Plan.objects.get()
        assert Point.objects.filter(part__plan=plan).count() == 15
    assert client.get(done["Location"]).status_code == 200


def test_a_broken_upload_shows_the_line_and_writes_nothing(cast):
    client = login(cast.admin)
    upload = SimpleUploadedFile(
        "要点.txt", "2023年要点\n一、政治建设\n3.作风。".encode(), content_type="text/plain"
    )
    page = client.post(
        "/admin/workplan/plan/import/",
        {"document": upload, "owner": cast.district.pk, "issuing_body": "组织部"},
    )
    assert "第3行" in page.content.decode()
    with system_scope("t"):
        assert Plan.objects.count() == 0


def test_a_township_officer_cannot_import(cast):
    assert login(cast.officer_a).get("/admin/workplan/plan/import/").status_code == 403
