"""The year-end summary drafted from the ledger (年终总结初稿), as a Word document in the
layout of official documents (GB/T 9704—2012《党政机关公文格式》): A4, margins 37 mm
top, 35 mm bottom, 28 mm left, 26 mm right; the title in 方正小标宋简体 二号 (22 pt),
centred; the body in 仿宋_GB2312 三号 (16 pt), 28 pt lines, first lines indented two
characters; headings numbered 一、 (黑体), （一） (楷体), 1. (仿宋); page numbers
"— 1 —" in 宋体 四号 at the foot. Per point: what was done (the reviewed submissions),
the figures from the linked indicators, and what is overdue — a draft for people to
edit. Everything read is in the caller's scope."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zugong.core import audit, indicators
from zugong.workplan import capabilities as caps
from zugong.workplan.models import (
    OPEN_STATUSES,
    Plan,
    Submission,
    SubmissionKind,
    SubmissionStatus,
    TaskStatus,
    chinese_number,
)
from zugong.workplan.selectors import plan_tree
from zugong.workplan.services.common import day_text

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = (
    "方正小标宋简体",
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
)
PAGE_FONT = "宋体"
BODY_SIZE, TITLE_SIZE = Pt(16), Pt(22)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm, GB/T 9704 §5.2.1
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _font(run, name: str, size=BODY_SIZE, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def _paragraph(
    document, text: str, *, font=BODY_FONT, size=BODY_SIZE, indent=True, align=None, bold=False
):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 16 pt
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), PAGE_FONT, Pt(14))
    run = paragraph.add_run()
    _font(run, PAGE_FONT, Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), PAGE_FONT, Pt(14))


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS["top"])
    section.bottom_margin = Mm(MARGINS["bottom"])
    section.left_margin = Mm(MARGINS["left"])
    section.right_margin = Mm(MARGINS["right"])
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = BODY_SIZE
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page_numbers(section)


def _figure(value) -> str:
    if value is None:
        return "—"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _task_lines(
    task, reviewed: list[Submission], on: dt.date
) -> tuple[list[str], list[str], str | None]:
    done, figures = [], []
    for row in reviewed:
        prefix = _("（%(d)s，%(k)s）") % {
            "d": day_text(row.submitted_on or row.written_on),
            "k": row.get_kind_display(),
        }
        done.append(f"{row.situation.strip()}{prefix}")
    if task.indicator_key:
        entry = indicators.get(task.indicator_key)
        name = str(entry.title) if entry else task.indicator_key
        unit = str(entry.unit) if entry else ""
        figures.append(
            _("%(n)s：%(v)s%(u)s（目标%(t)s%(u)s，%(d)s取数）")
            % {
                "n": name,
                "v": _figure(task.indicator_value),
                "u": unit,
                "t": _figure(task.indicator_target),
                "d": day_text(task.indicator_on) if task.indicator_on else day_text(on),
            }
        )
    overdue = None
    if task.status in OPEN_STATUSES and task.deadline < on:
        overdue = _("“%(t)s”（牵头单位：%(u)s）完成时限%(d)s，至今未办结，进度%(p)d%%") % {
            "t": task.title,
            "u": task.lead_unit.name,
            "d": day_text(task.deadline),
            "p": task.progress,
        }
    return done, figures, overdue


def _reviewed(plan: Plan) -> dict[int, list[Submission]]:
    found: dict[int, list[Submission]] = {}
    rows = (
        Submission.objects.filter(task__point__part__plan=plan, status=SubmissionStatus.REVIEWED)
        .exclude(kind=SubmissionKind.POSTPONE)
        .order_by("submitted_on", "id")
    )
    for row in rows:
        found.setdefault(row.task_id, []).append(row)
    return found


def _point_section(
    document, index: int, entry: dict, reviewed, on: dt.date, overdue_all: list, measures: list
) -> None:
    point = entry["point"]
    _paragraph(document, f"（{chinese_number(index)}）{point.title}", font=SUBHEADING_FONT)
    if not entry["tasks"]:
        _paragraph(document, _("本条目未分解工作任务。"))
        return
    for number, task in enumerate(entry["tasks"], start=1):
        done, figures, overdue = _task_lines(task, reviewed.get(task.pk, []), on)
        state = task.get_status_display()
        head = _("%(n)d.%(t)s（牵头单位：%(u)s；%(s)s，进度%(p)d%%，等次%(g)s）") % {
            "n": number,
            "t": task.title,
            "u": task.lead_unit.name,
            "s": state,
            "p": task.progress,
            "g": task.grade,
        }
        _paragraph(document, head, bold=True)
        if done:
            _paragraph(document, _("完成情况：") + "；".join(done) + "。")
        elif task.status != TaskStatus.DONE:
            _paragraph(document, _("完成情况：尚无经审核的进展报送。"))
        if figures:
            _paragraph(document, _("相关数据：") + "；".join(figures) + "。")
        if overdue:
            _paragraph(document, _("逾期情况：") + overdue + "。")
            overdue_all.append(overdue)
        measures.extend(s.measures.strip() for s in reviewed.get(task.pk, []) if s.measures.strip())


def build_summary(plan: Plan, on: dt.date) -> bytes:
    """The Word document's bytes (the caller's scope decides the tasks it covers)."""
    document = Document()
    _setup(document)
    _paragraph(
        document,
        _("%(y)d年全区组织工作总结（初稿）") % {"y": plan.year},
        font=TITLE_FONT,
        size=TITLE_SIZE,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        document,
        _("（根据《%(t)s》工作台账生成，截至%(d)s）") % {"t": plan.title, "d": day_text(on)},
        font=SUBHEADING_FONT,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    tree = plan_tree(plan)
    tasks = [t for part in tree for p in part["points"] for t in p["tasks"]]
    finished = sum(t.status == TaskStatus.DONE for t in tasks)
    late = sum(t.status in OPEN_STATUSES and t.deadline < on for t in tasks)
    _paragraph(
        document,
        _(
            "%(y)d年，全区组织工作按照《%(t)s》部署，分解工作任务%(n)d项，已办结%(d)d项，"
            "在办%(o)d项，逾期未办结%(l)d项。各项工作推进情况如下。"
        )
        % {
            "y": plan.year,
            "t": plan.title,
            "n": len(tasks),
            "d": finished,
            "o": sum(t.status in OPEN_STATUSES for t in tasks),
            "l": late,
        },
    )
    reviewed = _reviewed(plan)
    overdue_all: list[str] = []
    measures: list[str] = []
    point_index = 0
    for part in tree:
        _paragraph(
            document,
            f"{chinese_number(part['part'].number)}、{part['part'].title}",
            font=HEADING_FONT,
        )
        for index, entry in enumerate(part["points"], start=1):
            point_index += 1
            _point_section(document, index, entry, reviewed, on, overdue_all, measures)
    closing = chinese_number(len(tree) + 1)
    _paragraph(document, _("%(n)s、存在的问题和下步打算") % {"n": closing}, font=HEADING_FONT)
    if overdue_all:
        _paragraph(document, _("（一）逾期未办结的任务"), font=SUBHEADING_FONT)
        for number, line in enumerate(overdue_all, start=1):
            _paragraph(document, f"{number}.{line}。")
    else:
        _paragraph(document, _("全年工作任务均在完成时限内推进，无逾期未办结任务。"))
    if measures:
        _paragraph(document, _("（二）下步措施"), font=SUBHEADING_FONT)
        for number, line in enumerate(dict.fromkeys(measures), start=1):
            _paragraph(document, f"{number}.{line.rstrip('。')}。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_response(request, plan: Plan, on: dt.date) -> HttpResponse:
    content = build_summary(plan, on)
    audit.log_action(
        caps.SUMMARY_EXPORTED, obj=plan, actor=request.user, extra={"on": on.isoformat()}
    )
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    name = _("%(y)d年工作要点年终总结（初稿）.docx") % {"y": plan.year}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
