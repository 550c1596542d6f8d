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
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (sheet row number, header → raw value)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.problems.append(Problem(row, column, reason))

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


def read_sheet(path: Path | str, *, required: list[str], known: list[str]) -> Sheet:
    """Read the first sheet; the header row is the first row holding a required header."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        data = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
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
    header_index = None
    for index, row in enumerate(data[:20]):
        cells = [text(c) for c in row]
        if any(name in cells for name in required):
            header_index = index
            break
    if header_index is None:
        raise ApplicationError(
            _("找不到表头：第一张工作表的前20行中没有“%(h)s”列") % {"h": required[0]}, field="file"
        )
    headers = [text(c) for c in data[header_index]]
    missing = [name for name in required if name not in headers]
    if missing:
        raise ApplicationError(_("缺少必需的列：%(c)s") % {"c": "、".join(missing)}, field="file")
    positions = {name: headers.index(name) for name in known if name in headers}
    rows = []
    for offset, row in enumerate(data[header_index + 1 :], start=header_index + 2):
        if not any(text(c) for c in row):
            continue
        rows.append(
            (offset, {name: (row[i] if i < len(row) else None) for name, i in positions.items()})
        )
    return Sheet(headers=headers, rows=rows)


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


def write_error_report(path: Path, report: Report, *, title: str) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet(title)
    header = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
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
    workbook.close()
