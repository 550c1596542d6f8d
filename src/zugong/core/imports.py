"""The import engine: read an Excel sheet, map its Chinese headers, normalize cells,
collect every problem as (row, column, reason), and write the error report.

What a row means is up to the importer (e.g. zugong.party.roster); this module knows
cells, not members. Rosters come from many hands: full-width digits and spaces,
dates typed as 2001.07 or 2001年7月 or stored as Excel serial numbers. Values that can
only be read one way are accepted; anything else is refused with a reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from zugong.core.errors import ApplicationError

logger = logging.getLogger(__name__)

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＸｘＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＹＺ．－／　（）：",
    "0123456789XxABCDEFGHIJKLMNOPQRSTUVWYZ.-/ ():",
)
_HAS_FULLWIDTH = re.compile("[" + "".join(chr(c) for c in _FULLWIDTH) + "]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


@dataclass
class Problem:
    row: int  # the sheet's row number as the user sees it (header = 1)
    column: str  # the header text
    reason: str


@dataclass
class Sheet:
    headers: list[str]  # the known headers found, in column order
    rows: list[tuple[int, dict[str, Any]]]  # (sheet row number, header → raw value)
    ignored: list[str] = field(default_factory=list)  # headers of columns not used
    skipped: list[int] = field(default_factory=list)  # footer and sequence-only rows


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    # What the user should know but what refuses nothing (a masked ID matched by the
    # system number, a column not used).
    notices: list[Problem] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.problems.append(Problem(row, column, reason))

    def note(self, row: int, column: str, reason: str) -> None:
        self.notices.append(Problem(row, column, reason))

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}


def text(value: Any) -> str:
    """A cell as clean text: full-width forms folded, runs of spaces collapsed."""
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    # Most cells hold no full-width form; a regex scan is cheaper than a translation.
    if not value.isascii() and _HAS_FULLWIDTH.search(value):
        value = value.translate(_FULLWIDTH)
    return " ".join(value.split())


def compact(value: Any) -> str:
    """Text with every space removed (codes, numbers)."""
    return text(value).replace(" ", "")


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), ("y", "m", "d")),
    # Month precision is how many rosters record 入党时间; it is read as the 1st.
    (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), ("y", "m")),
    (re.compile(r"^(\d{4})(\d{2})$"), ("y", "m")),
]


def date(value: Any, *, today: dt.date | None = None, allow_future: bool = False) -> dt.date | None:
    """A date from the forms rosters use; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if 1900 <= value < 2101:
            # A number cell 2001.07 is how Excel keeps a typed "2001.07": the month,
            # not Excel's day 2001 (1905). A whole year alone names no month.
            return _year_month_number(value, today=today, allow_future=allow_future)
        if not 1 <= value < 2958466:
            raise CellError(_("“%(v)s”不是有效的日期") % {"v": value})
        result = EXCEL_EPOCH + dt.timedelta(days=int(value))
    elif type(value) is str and _ISO_DATE.fullmatch(value):
        # 2001-07-01, what exports and most rosters hold: read by the C parser.
        try:
            result = dt.date.fromisoformat(value)
        except ValueError:
            raise CellError(_("“%(v)s”不是有效的日期") % {"v": value}) from None
    else:
        raw = compact(value)
        result = None
        for pattern, parts in _DATE_PATTERNS:
            match = pattern.match(raw)
            if match:
                numbers = dict(zip(parts, (int(g) for g in match.groups()), strict=True))
                try:
                    result = dt.date(numbers["y"], numbers["m"], numbers.get("d", 1))
                except ValueError:
                    raise CellError(_("“%(v)s”不是有效的日期") % {"v": raw}) from None
                break
        if result is None:
            raise CellError(
                _("“%(v)s”无法识别为日期，请写成2001-07-01、2001.07.01、2001年7月1日或2001.07")
                % {"v": raw}
            )
    if result.year < 1900:
        raise CellError(_("日期%(d)s早于1900年") % {"d": result.isoformat()})
    if not allow_future and result > (today or dt.date.today()):
        raise CellError(_("日期%(d)s晚于今天") % {"d": result.isoformat()})
    return result


def _year_month_number(value: float, *, today, allow_future) -> dt.date:
    year = int(value)
    month = round((value - year) * 100)
    if month == 0:
        raise CellError(_("“%(v)s”只有年份，请写明月份，如2001.07") % {"v": year})
    if not 1 <= month <= 12:
        raise CellError(_("“%(v)s”不是有效的年月") % {"v": value})
    return date(f"{year}-{month:02d}", today=today, allow_future=allow_future)


def header_key(value: Any) -> str:
    """A header as compared: spaces and line breaks removed, full-width forms folded, a
    leading required-mark * and a trailing colon dropped ("入党\n时间 *" → 入党时间)."""
    return compact(value).strip("*＊:").replace("\u3000", "")


def _open(path: Path | str) -> list[list[Any]]:
    """The first sheet's cells. The format is told from the content, not from the
    name: an .xls saved under .xlsx (or the reverse) is still read."""
    try:
        with open(path, "rb") as handle:
            workbook = CalamineWorkbook.from_filelike(handle)
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        # The reason in Chinese; the parser's own text stays in the log.
        logger.warning("spreadsheet not readable: %r", exc)
        reason = (
            _("文件无法打开")
            if isinstance(exc, OSError)
            else _("文件已损坏、已加密或不是Excel格式")
        )
        raise ApplicationError(
            _("上传的文件无法作为Excel表格读取（%(r)s），请上传.xlsx或.xls文件") % {"r": reason},
            field="file",
        ) from exc


@dataclass
class _Columns:
    """Which sheet column holds which known header, and what was left unused."""

    positions: dict[str, int]
    headers: list[str]
    ignored: list[str]
    header_index: int
    header_rows: int


def _resolver(known: list[str], aliases: dict[str, str]) -> Callable[[Any], str]:
    names = {header_key(name): name for name in known}
    names.update({header_key(k): v for k, v in aliases.items()})

    def resolve(cell: Any) -> str:
        key = header_key(cell)
        if not key:
            return ""
        if key in names:
            return names[key]
        # "入党时间(年月日)": a note in brackets after a known name.
        head = key.split("(", 1)[0]
        return names.get(head, "")

    return resolve


def _locate_columns(data, required, known, aliases) -> _Columns:
    resolve = _resolver(known, aliases)
    header_index = None
    for index, row in enumerate(data[:20]):
        if any(resolve(c) in required for c in row):
            header_index = index
            break
    if header_index is None:
        raise ApplicationError(
            _("找不到表头：第一张工作表的前20行中没有“%(h)s”列") % {"h": required[0]}, field="file"
        )
    first = data[header_index]
    mapped = [resolve(c) for c in first]
    titles = [text(c) for c in first]
    header_rows = 1
    # Two-row headers: a group title merged over its columns ("入党情况" over 入党时间
    # and 转正时间) and the columns named in the row below it.
    if header_index + 1 < len(data):
        below = data[header_index + 1]
        below_mapped = [resolve(c) for c in below]
        filled = [c for c in below if text(c)]
        hits = [m for m in below_mapped if m]
        if (
            filled
            and len(hits) * 2 >= len(filled)
            and any(m and (i >= len(mapped) or not mapped[i]) for i, m in enumerate(below_mapped))
        ):
            header_rows = 2
            width = max(len(first), len(below))
            mapped = [
                (below_mapped[i] if i < len(below) and below_mapped[i] else "")
                or (mapped[i] if i < len(mapped) else "")
                for i in range(width)
            ]
            titles = [
                (text(below[i]) if i < len(below) else "")
                or (text(first[i]) if i < len(first) else "")
                for i in range(width)
            ]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(mapped):
        if name and name not in positions:
            positions[name] = index
        elif name:
            ignored.append(
                _("%(t)s（与“%(c)s”重复）") % {"t": titles[index], "c": titles[positions[name]]}
            )
        elif titles[index]:
            ignored.append(titles[index])
    missing = [name for name in required if name not in positions]
    if missing:
        raise ApplicationError(_("缺少必需的列：%(c)s") % {"c": "、".join(missing)}, field="file")
    return _Columns(positions, mapped, ignored, header_index, header_rows)


def _filled(cell: Any) -> bool:
    return cell is not None and cell != "" and not (type(cell) is str and cell.isspace())


def read_sheet(
    path: Path | str,
    *,
    required: list[str],
    known: list[str],
    aliases: dict[str, str] | None = None,
    footers: tuple[str, ...] = (),
    sequence: str = "",
) -> Sheet:
    """Read the first sheet. The header row is the first row holding a required header
    under its name or one of its ``aliases``; a second header row below it (a merged
    two-row header) is read with it. Columns that match nothing are listed in
    ``Sheet.ignored``. Rows that are not data are skipped and counted: empty rows, rows
    holding only a pre-filled ``sequence`` number, and footer lines (the first filled
    cell starts with one of ``footers`` and most required cells are empty)."""
    data = _open(path)
    columns = _locate_columns(data, required, known, aliases or {})
    positions = columns.positions
    sequence_at = positions.get(sequence)
    required_at = [positions[name] for name in required]
    rows, skipped = [], []
    start = columns.header_index + columns.header_rows
    for offset, row in enumerate(data[start:], start=start + 1):
        # A hundred thousand rows pass here: look past the first filled cell only when
        # the row may not be data (it starts at the sequence column or with a footer word).
        first = next((i for i, c in enumerate(row) if _filled(c)), None)
        if first is None:
            continue
        if first == sequence_at or (
            footers and type(row[first]) is str and compact(row[first]).startswith(footers)
        ):
            filled = [i for i, c in enumerate(row) if _filled(c)]
            if filled == [sequence_at] or (
                footers
                and type(row[first]) is str
                and compact(row[first]).startswith(footers)
                and sum(1 for i in required_at if i < len(row) and text(row[i])) * 2
                <= len(required_at)
            ):
                skipped.append(offset)
                continue
        rows.append(
            (offset, {name: (row[i] if i < len(row) else None) for name, i in positions.items()})
        )
    return Sheet(
        headers=sorted(positions, key=positions.get),
        rows=rows,
        ignored=columns.ignored,
        skipped=skipped,
    )


def write_template(
    path: Path,
    *,
    columns: list[tuple[str, int]],
    choices: dict[str, list[str]],
    notes: dict[str, str],
    sheet_name: str,
    example: list[Any] | None = None,
) -> None:
    """An empty roster with Chinese headers, notes on each header and drop-down lists."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet(sheet_name)
    lists = workbook.add_worksheet(_("代码"))
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    text_format = workbook.add_format({"num_format": "@"})
    list_column = 0
    for index, (title, width) in enumerate(columns):
        sheet.set_column(index, index, width, text_format)
        sheet.write_string(0, index, title, header)
        if title in notes:
            sheet.write_comment(0, index, notes[title])
        if title in choices:
            values = choices[title]
            lists.write_string(0, list_column, title, header)
            for row, value in enumerate(values, start=1):
                lists.write_string(row, list_column, value)
            letter = xlsxwriter.utility.xl_col_to_name(list_column)
            sheet.data_validation(
                1,
                index,
                100000,
                index,
                {
                    "validate": "list",
                    "source": f"='{lists.name}'!${letter}$2:${letter}${len(values) + 1}",
                    "error_title": _("请从下拉列表中选择"),
                    "error_message": _("该列只能填写下拉列表中的值"),
                },
            )
            list_column += 1
    if example:
        for index, value in enumerate(example):
            sheet.write_string(1, index, str(value))
    sheet.freeze_panes(1, 0)
    lists.hide()
    workbook.close()


def write_error_report(
    path: Path,
    report: Report,
    *,
    title: str,
    before: tuple[str, list[tuple[str, int]], list[tuple]] | None = None,
) -> None:
    """The problems (row, column, reason), then the notices on a sheet of their own;
    ``before`` is a first sheet (title, columns with widths, rows), e.g. a preview."""
    workbook = xlsxwriter.Workbook(str(path))
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    if before is not None:
        first_title, first_columns, first_rows = before
        first = workbook.add_worksheet(first_title)
        for index, (name, width) in enumerate(first_columns):
            first.set_column(index, index, width)
            first.write_string(0, index, name, header)
        for row, values in enumerate(first_rows, start=1):
            for index, value in enumerate(values):
                first.write(row, index, value)
        first.freeze_panes(1, 0)
    sheet = workbook.add_worksheet(title)
    for index, (name, width) in enumerate(((_("行号"), 8), (_("列"), 16), (_("原因"), 80))):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, name, header)
    for row, problem in enumerate(
        sorted(report.problems, key=lambda p: (p.row, p.column)), start=1
    ):
        sheet.write_number(row, 0, problem.row)
        sheet.write_string(row, 1, problem.column)
        sheet.write_string(row, 2, problem.reason)
    sheet.freeze_panes(1, 0)
    if report.notices:
        notes = workbook.add_worksheet(_("提示"))
        for index, (name, width) in enumerate(((_("行号"), 8), (_("列"), 16), (_("说明"), 80))):
            notes.set_column(index, index, width)
            notes.write_string(0, index, name, header)
        for row, notice in enumerate(report.notices, start=1):
            if notice.row:
                notes.write_number(row, 0, notice.row)
            notes.write_string(row, 1, notice.column)
            notes.write_string(row, 2, notice.reason)
        notes.freeze_panes(1, 0)
    workbook.close()
