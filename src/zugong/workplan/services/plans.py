"""Importing a plan from its document (工作要点的导入): plain text or Word (.docx).

The document is a title line (年度 in it, e.g. 2023年全区组织工作要点), an introduction,
then parts headed 一、二、… each with points numbered 1. 2. … through the whole plan; a
point's title is its bold run (Word) or its first sentence (up to 。), the rest its
body. ``parse_*`` only reads and checks — the admin shows the tree for review — and
``plan_import`` writes it after confirmation. A document whose structure is not
recognised is refused with the line where parsing failed, and nothing is written."""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.errors import ApplicationError
from zugong.core.services.access import authorize
from zugong.workplan import capabilities as caps
from zugong.workplan.models import Part, Plan, PlanStatus, Point, chinese_number

PART = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*)$")
POINT = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.*)$")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Line:
    number: int
    text: str
    bold: str = ""  # the paragraph's leading bold run (Word)


@dataclass
class ParsedPoint:
    number: int
    title: str
    body: str = ""
    line: int = 0


@dataclass
class ParsedPart:
    number: int
    title: str
    line: int = 0
    points: list[ParsedPoint] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{chinese_number(self.number)}、{self.title}"


@dataclass
class ParsedPlan:
    title: str
    year: int
    preamble: str
    parts: list[ParsedPart]
    source_name: str = ""

    @property
    def point_count(self) -> int:
        return sum(len(p.points) for p in self.parts)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ParsedPlan:
        parts = [
            ParsedPart(
                number=p["number"],
                title=p["title"],
                line=p.get("line", 0),
                points=[ParsedPoint(**q) for q in p["points"]],
            )
            for p in data["parts"]
        ]
        return cls(
            data["title"], data["year"], data["preamble"], parts, data.get("source_name", "")
        )


def numeral_value(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    if "十" not in text:
        return digits.get(text, 0) if len(text) == 1 else 0
    head, _sep, tail = text.partition("十")
    tens = digits.get(head, 0) if head else 1
    return tens * 10 + (digits.get(tail, 0) if tail else 0)


def _fail(line: int, reason: str) -> ApplicationError:
    return ApplicationError(
        _("第%(n)d行：%(r)s，无法识别工作要点的结构") % {"n": line, "r": reason},
        field="document",
        details=[{"field": "document", "row": line, "message": reason}],
    )


def _split_title(text: str, bold: str) -> tuple[str, str]:
    """A point's title and body: the bold run if there is one, else the first sentence."""
    if bold and text.startswith(bold.strip()):
        title = bold.strip()
        return title.rstrip("。"), text[len(title) :].strip()
    head, sep, rest = text.partition("。")
    return head.strip(), rest.strip() if sep else ""


def _point(line: Line, match, expected: int) -> ParsedPoint:
    number = int(match.group(1))
    if number != expected:
        raise _fail(line.number, _("条目序号应为%(e)d，实为%(n)d") % {"e": expected, "n": number})
    text = match.group(2).strip()
    bold = POINT.sub(r"\2", line.bold.strip()) if line.bold else ""
    title, body = _split_title(text, bold)
    if not title:
        raise _fail(line.number, _("条目%(n)d没有标题") % {"n": number})
    if len(title) > 300:
        raise _fail(line.number, _("条目%(n)d的标题超过300字（缺少句号？）") % {"n": number})
    return ParsedPoint(number=number, title=title, body=body, line=line.number)


def parse_lines(lines: list[Line], source_name: str = "") -> ParsedPlan:
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        raise _fail(1, _("文件没有内容"))
    first = lines[0]
    if PART.match(first.text) or POINT.match(first.text):
        raise _fail(first.number, _("第一行应为工作要点的标题"))
    title = " ".join(first.text.split())
    year = YEAR.search(title)
    if year is None:
        raise _fail(first.number, _("标题中没有年度（如“2023年”）"))
    preamble: list[str] = []
    parts: list[ParsedPart] = []
    for line in lines[1:]:
        text = line.text.strip()
        part, point = PART.match(text), POINT.match(text)
        if part:
            if parts and not parts[-1].points:
                raise _fail(line.number, _("部分“%(p)s”下没有条目") % {"p": parts[-1].heading})
            number = numeral_value(part.group(1))
            if number != len(parts) + 1:
                raise _fail(
                    line.number,
                    _("部分序号应为“%(e)s、”，实为“%(n)s、”")
                    % {"e": chinese_number(len(parts) + 1), "n": part.group(1)},
                )
            parts.append(ParsedPart(number=number, title=part.group(2).strip(), line=line.number))
        elif point:
            if not parts:
                raise _fail(line.number, _("条目出现在第一个部分标题（一、）之前"))
            expected = sum(len(p.points) for p in parts) + 1
            parts[-1].points.append(_point(line, point, expected))
        elif parts and parts[-1].points:
            last = parts[-1].points[-1]
            last.body = f"{last.body}\n{text}".strip()
        elif parts:
            raise _fail(line.number, _("部分标题之后应为序号“1.”形式的条目"))
        else:
            preamble.append(text)
    if not parts:
        raise _fail(lines[-1].number, _("全文没有“一、”形式的部分标题"))
    if not parts[-1].points:
        raise _fail(parts[-1].line, _("部分“%(p)s”下没有条目") % {"p": parts[-1].heading})
    return ParsedPlan(title, int(year.group(1)), "\n".join(preamble), parts, source_name)


def parse_text(content: str, source_name: str = "") -> ParsedPlan:
    content = content.lstrip("\ufeff")
    lines = [Line(i, t) for i, t in enumerate(content.splitlines(), start=1)]
    return parse_lines(lines, source_name)


def docx_lines(data: bytes) -> list[Line]:
    """Paragraphs of a Word document, numbered as lines, with each one's bold lead."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ApplicationError(_("无法读取Word文件（.docx）"), field="document") from error
    lines = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        bold = []
        for run in paragraph.runs:
            if not run.text.strip() and not bold:
                continue
            if run.bold or (run.style is not None and run.style.font.bold):
                bold.append(run.text)
            else:
                break
        lines.append(Line(number, paragraph.text, "".join(bold)))
    return lines


def parse_upload(name: str, data: bytes) -> ParsedPlan:
    """A plan from an uploaded file: .docx, or plain text (UTF-8 or GB18030)."""
    if len(data) > MAX_BYTES:
        raise ApplicationError(_("文件超过5MB"), field="document")
    if name.lower().endswith(".docx"):
        return parse_lines(docx_lines(data), name)
    if name.lower().endswith(".doc"):
        raise ApplicationError(_("请将.doc文件另存为.docx或纯文本后再导入"), field="document")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return parse_text(data.decode(encoding), name)
        except UnicodeDecodeError:
            continue
    raise ApplicationError(_("无法识别文件编码（请用UTF-8或GB18030）"), field="document")


@transaction.atomic
def plan_import(*, actor, owner, parsed: ParsedPlan, issuing_body: str, title: str = "") -> Plan:
    """Write a reviewed plan: the plan, its parts and its points, in one transaction."""
    authorize(actor, caps.MANAGE_PLAN, owner)
    issuing_body = " ".join(str(issuing_body or "").split())
    if not issuing_body:
        raise ApplicationError(_("请填写印发机关"), field="issuing_body")
    title = " ".join((title or parsed.title).split())[:200]
    plan = Plan.objects.create(
        year=parsed.year,
        title=title,
        issuing_body=issuing_body[:100],
        owner=owner,
        status=PlanStatus.ISSUED,
        preamble=parsed.preamble,
        source_name=parsed.source_name[:200],
    )
    for part in parsed.parts:
        row = Part.objects.create(plan=plan, number=part.number, title=part.title[:300])
        Point.objects.bulk_create(
            [
                Point(part=row, number=p.number, title=p.title[:300], body=p.body)
                for p in part.points
            ]
        )
    audit.log_action(
        caps.PLAN_SAVED,
        obj=plan,
        actor=actor,
        extra={
            "parts": len(parsed.parts),
            "points": parsed.point_count,
            "source": parsed.source_name,
        },
    )
    return plan
