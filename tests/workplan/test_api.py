"""The work plan API: tasks in scope, writing a task with its refusals, signing,
submitting, reviewing, instructions, statistics, the import preview and the year-end
summary read back with python-docx (the official layout checked in its XML)."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.shared import Pt

from tests.core.test_api import bearer
from tests.workplan.conftest import SEED_TEXT
from zugong.core.scope import system_scope
from zugong.workplan.models import Plan, Point, Submission
from zugong.workplan.services import submissions as services
from zugong.workplan.services.lights import refresh_lights


def test_tasks_and_their_detail(wp):
    api = bearer(wp.officer_b)
    items = api.get("/api/v1/workplan/tasks").json()["items"]
    assert {t["title"] for t in items} == {"完成全镇村党组织星级评定", "推进两新组织党组织覆盖"}
    detail = api.get(f"/api/v1/workplan/tasks/{wp.task_b.pk}").json()
    assert detail["lead_unit_name"] == "中共六塘镇委员会"
    assert api.get(f"/api/v1/workplan/tasks/{wp.task_d.pk}").status_code == 404


def test_writing_a_task_and_its_refusals(wp):
    api = bearer(wp.admin)
    with system_scope("t"):
        point = Point.objects.get(part__plan=wp.plan, number=13)
    body = {
        "point_id": point.pk,
        "title": "组织专家智库行",
        "lead_unit_id": wp.town_a.pk,
        "co_unit_ids": [wp.town_b.pk],
        "deadline": "2026-12-25",
        "supervisor_id": wp.office.pk,
        "leader_name": "李明",
        "frequency": "quarterly",
        "milestones": [{"title": "确定高校", "due_on": "2026-12-01"}],
    }
    made = api.post("/api/v1/workplan/tasks", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["number"] == "13.1"
    no_lead = api.post(
        "/api/v1/workplan/tasks", {**body, "lead_unit_id": None}, content_type="application/json"
    )
    assert no_lead.status_code == 400
    assert "牵头单位" in no_lead.json()["message"]
    sunday = api.post(
        "/api/v1/workplan/tasks",
        {**body, "deadline": "2026-12-27"},
        content_type="application/json",
    )
    assert "不是工作日" in sunday.json()["message"]
    no_deadline = api.post(
        "/api/v1/workplan/tasks", {**body, "deadline": None}, content_type="application/json"
    )
    assert "完成时限" in no_deadline.json()["message"]
    assert (
        bearer(wp.officer_a)
        .post("/api/v1/workplan/tasks", body, content_type="application/json")
        .status_code
        == 403
    )


def test_sign_submit_review_by_api(wp):
    officer = bearer(wp.officer_a)
    assert (
        officer.post(
            f"/api/v1/workplan/tasks/{wp.task_a.pk}/sign", {}, content_type="application/json"
        ).json()["status"]
        == "in_progress"
    )
    sent = officer.post(
        f"/api/v1/workplan/tasks/{wp.task_a.pk}/submissions",
        {"unit_id": wp.town_a.pk, "kind": "stage", "situation": "完成12个村评定", "progress": 60},
        content_type="application/json",
    )
    assert sent.status_code == 201
    row = sent.json()
    assert row["status"] == "to_review"
    foreign = officer.post(
        f"/api/v1/workplan/tasks/{wp.task_a.pk}/submissions",
        {"unit_id": wp.town_b.pk, "kind": "stage", "situation": "x"},
        content_type="application/json",
    )
    assert foreign.status_code == 404  # 六塘镇 is outside the officer's scope
    not_supervisor = bearer(wp.admin).post(
        f"/api/v1/workplan/submissions/{row['id']}/review",
        {"approve": True},
        content_type="application/json",
    )
    assert not_supervisor.status_code == 403
    assert "督办人" in not_supervisor.json()["message"]
    done = bearer(wp.office).post(
        f"/api/v1/workplan/submissions/{row['id']}/review",
        {"approve": True},
        content_type="application/json",
    )
    assert done.json()["status"] == "reviewed"


def test_instruction_and_statistics(wp):
    made = bearer(wp.leader).post(
        f"/api/v1/workplan/tasks/{wp.task_a.pk}/instructions",
        {"content": "请抓紧推进"},
        content_type="application/json",
    )
    assert made.status_code == 201
    stats = bearer(wp.admin).get("/api/v1/workplan/statistics?year=2026&quarter=4").json()
    assert stats["label"] == "2026年第4季度"
    names = {r["name"]: r for r in stats["rows"]}
    assert names["中共临桂镇委员会"]["tasks"] == 1
    assert names["中共临桂镇委员会"]["due"] == 1
    leaders = (
        bearer(wp.officer_a).get("/api/v1/workplan/statistics?year=2026&by=leader").json()["rows"]
    )
    assert [r["name"] for r in leaders] == ["王建国"]
    assert leaders[0]["tasks"] == 1


def test_import_preview_then_confirm(wp):
    api = bearer(wp.admin)

    def upload(confirm):
        return api.post(
            "/api/v1/workplan/plan-import",
            {
                "document": SimpleUploadedFile("plan.txt", SEED_TEXT.encode()),
                "owner_id": wp.district.pk,
                "issuing_body": "中共临桂区委组织部",
                "confirm": confirm,
            },
        )

    preview = upload(False)
    assert preview.status_code == 200
    assert preview.json()["points"] == 15
    with system_scope("t"):
        assert Plan.objects.count() == 1
    assert upload(True).status_code == 201
    with system_scope("t"):
        assert Plan.objects.count() == 2


def test_the_year_end_summary_reads_back_in_the_official_layout(wp):
    with system_scope("t"):
        row = services.submission_save(
            actor=wp.officer_a,
            task=wp.task_a,
            unit=wp.town_a,
            data={
                "kind": "complete",
                "situation": "全镇21个村全部完成星级评定",
                "measures": "巩固评定成果",
            },
            submit=True,
        )
        services.submission_review(
            actor=wp.office, submission=row, approve=True, today=dt.date(2026, 11, 20)
        )
        refresh_lights(dt.date(2026, 12, 31))
        assert Submission.objects.count() == 1
    answer = bearer(wp.admin).get(f"/api/v1/workplan/plans/{wp.plan.pk}/summary?on=2026-12-31")
    assert answer.status_code == 200
    assert "attachment" in answer["Content-Disposition"]
    document = docx.Document(io.BytesIO(answer.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2023年全区组织工作总结（初稿）"
    assert "一、坚持以党的政治建设为根本，锤炼对党忠诚、维护核心的政治品质" in texts
    assert "（一）扎实推进党建引领乡村振兴" in texts
    assert any("全镇21个村全部完成星级评定" in t for t in texts)
    assert any(t.startswith("逾期情况：") and "推进两新组织党组织覆盖" in t for t in texts)
    assert texts[-1] == "1.巩固评定成果。"
    section = document.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    title = document.paragraphs[0].runs[0]
    assert title.font.size == Pt(22)
    assert (
        title._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )
    body = next(p for p in document.paragraphs if p.text.startswith("完成情况"))
    assert body.runs[0].font.size == Pt(16)
    assert (
        body.runs[0]._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋_GB2312"
    )
    assert "PAGE" in section.footer.paragraphs[0]._element.xml


def test_the_summary_is_limited_to_the_scope(wp):
    answer = bearer(wp.officer_a).get(f"/api/v1/workplan/plans/{wp.plan.pk}/summary?on=2026-12-31")
    texts = [p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs]
    assert not any("推进两新组织党组织覆盖" in t for t in texts)
    assert any("完成全镇村党组织星级评定" in t for t in texts)
