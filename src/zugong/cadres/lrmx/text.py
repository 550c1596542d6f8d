"""The small readers and writers of .lrmx text: months, dates, party, education and
political codes, the résumé lines."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from zugong.cadres.lrmx.fields import EDUCATION_WORDS, POLITICAL_SHORT, RESUME_LINE, ResumeLine
from zugong.core import codes
from zugong.core.models import CodeTable


def month(value: str) -> dt.date | None:
    """YYYYMM or YYYYMMDD (also with dots) → the first day of that month."""
    digits = re.sub(r"[.\-/年月日]", "", value.strip())
    if not digits:
        return None
    if not re.fullmatch(r"\d{6}|\d{8}", digits):
        raise ValueError(value)
    year, mon = int(digits[:4]), int(digits[4:6])
    day = int(digits[6:8]) if len(digits) == 8 else 1
    return dt.date(year, mon, day)


def has_day(value: str) -> bool:
    """Whether a date of the file was written with its day (YYYYMMDD, not YYYYMM)."""
    return len(re.sub(r"[.\-/年月日]", "", value.strip())) == 8


def yyyymm(day: dt.date | None) -> str:
    return f"{day:%Y%m}" if day else ""


def date_text(day: dt.date | None, *, with_day: bool) -> str:
    """A date as the file writes it: YYYYMMDD when the day is known, else YYYYMM."""
    if day is None:
        return ""
    return f"{day:%Y%m%d}" if with_day else yyyymm(day)


def work_started_text(day: dt.date | None, *, with_day: bool = False) -> str:
    """参加工作时间 as the form gave it: YYYYMMDD when written to the day, else YYYYMM.
    A date on another day than the 1st can only have been given with its day."""
    return date_text(day, with_day=day is not None and (with_day or day.day != 1))


def birth_text(birth: dt.date, *, with_day: bool = False) -> str:
    """出生年月 as the form gave it: YYYYMM, or YYYYMMDD when the form wrote the day
    (the date itself always comes from the ID number, to the day)."""
    return date_text(birth, with_day=with_day)


def education_code(text: str) -> str:
    for word, code in EDUCATION_WORDS:
        if word in text:
            return code
    return ""


def political_code(text: str) -> str | None:
    if not text:
        return None
    for code, short in POLITICAL_SHORT.items():
        if text == short:
            return code
    by_name = codes.by_name(CodeTable.POLITICAL_STATUS)
    if text in by_name:
        return by_name[text]
    aliases = {"中共党员": "01", "党员": "01", "团员": "03", "无党派": "12", "群众": "13"}
    return aliases.get(text)


def parse_party(value: str) -> tuple[dt.date | None, str]:
    """入党时间: ``200108``, ``民建``, ``无党派`` or ``200108；民建``."""
    joined, other = None, []
    for part in re.split(r"[；;,，\s]+", value.strip()):
        if not part:
            continue
        try:
            day = month(part)
        except ValueError:
            day = None
        if day is not None:
            joined = day
        else:
            other.append(part)
    return joined, "；".join(other)


def format_party(joined: dt.date | None, other: str) -> str:
    return "；".join(p for p in (yyyymm(joined), other) if p)


def parse_resume(text: str) -> tuple[list[ResumeLine], list[str]]:
    """Résumé lines; lines that do not start with a period continue the one above."""
    lines: list[ResumeLine] = []
    problems: list[str] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not raw.strip():
            continue
        match = RESUME_LINE.match(raw)
        if match is None:
            if not lines:
                problems.append(_("第%(n)d行不是“年.月--年.月  单位及职务”的格式") % {"n": number})
                continue
            lines[-1].text += "\n" + raw.strip()
            continue
        y1, m1, y2, m2, rest = match.groups()
        try:
            start = dt.date(int(y1), int(m1), 1)
            end = dt.date(int(y2), int(m2), 1) if y2 else None
        except ValueError:
            problems.append(_("第%(n)d行的年月无效") % {"n": number})
            continue
        lines.append(ResumeLine(start, end, rest.strip()))
    return lines, problems


def format_resume(lines: list[ResumeLine]) -> str:
    out = []
    for line in lines:
        end = f"{line.end:%Y.%m}" if line.end else " " * 7
        first, *more = line.text.split("\n")
        out.append(f"{line.start:%Y.%m}--{end}  {first}")
        out.extend(" " * 18 + m for m in more)
    return "\n".join(out)


def _normal_resume(text: str) -> str:
    lines, _problems = parse_resume(text)
    return format_resume(lines)
