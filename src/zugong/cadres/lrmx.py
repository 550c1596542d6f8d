"""The appointment form exchange file (.lrmx, 任免表编辑器 V3.x): read, check, write.

The format is in ``../shared/formats/LRMX.md`` and ``lrmx_fields.csv``: a flat
``<Person>`` of pinyin tags, dates as YYYYMM[DD], the résumé as lines, family members as
``<Item>``s and the photo as plain Base64. Reading never writes; ``services.lrmx``
writes what a preview showed. Every problem names the file, the field and the reason.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import io
import logging
import lzma
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from django.utils.translation import gettext as _

from zugong.cadres import rules
from zugong.cadres.services.records import image_type
from zugong.core import codes, idnumber
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable

logger = logging.getLogger(__name__)

VERSION = "3.2.1.16"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ZIP_FILES = 500
# What all the entries of one zip may inflate to together: a district's batch of forms
# with photos is a few tens of MB; more is refused before it costs time and memory.
MAX_ZIP_TOTAL_BYTES = 10 * MAX_FILE_BYTES

# Every scalar tag in the order the editor writes them, with its Chinese label.
FIELDS: list[tuple[str, str]] = [
    ("XingMing", "姓名"),
    ("XingBie", "性别"),
    ("ChuShengNianYue", "出生年月"),
    ("MinZu", "民族"),
    ("JiGuan", "籍贯"),
    ("ChuShengDi", "出生地"),
    ("RuDangShiJian", "入党时间"),
    ("CanJiaGongZuoShiJian", "参加工作时间"),
    ("JianKangZhuangKuang", "健康状况"),
    ("ZhuanYeJiShuZhiWu", "专业技术职务"),
    ("ShuXiZhuanYeYouHeZhuanChang", "熟悉专业有何专长"),
    ("ZhengZhiMianMao", "政治面貌"),
    ("QuanRiZhiJiaoYu_XueLi", "全日制教育学历"),
    ("QuanRiZhiJiaoYu_XueWei", "全日制教育学位"),
    ("QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "全日制学历毕业院校系及专业"),
    ("QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "全日制学位毕业院校系及专业"),
    ("ZaiZhiJiaoYu_XueLi", "在职教育学历"),
    ("ZaiZhiJiaoYu_XueWei", "在职教育学位"),
    ("ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", "在职学历毕业院校系及专业"),
    ("ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", "在职学位毕业院校系及专业"),
    ("XianRenZhiWu", "现任职务"),
    ("NiRenZhiWu", "拟任职务"),
    ("NiMianZhiWu", "拟免职务"),
    ("JianLi", "简历"),
    ("JiangChengQingKuang", "奖惩情况"),
    ("NianDuKaoHeJieGuo", "年度考核结果"),
    ("RenMianLiYou", "任免理由"),
    ("ChengBaoDanWei", "呈报单位"),
    ("JiSuanNianLingShiJian", "计算年龄时间"),
    ("TianBiaoShiJian", "填表时间"),
    ("TianBiaoRen", "填表人"),
    ("ShenFenZheng", "身份证号"),
    ("ZhaoPian", "照片"),
    ("Version", "版本"),
    ("DaoLingNianYue", "到龄年月"),
    ("GaiGeQianRenZhiNianLingJieXian", "改革前任职年龄界限"),
]
LABELS = dict(FIELDS)
MULTILINE = {"JianLi", "JiangChengQingKuang", "NianDuKaoHeJieGuo", "RenMianLiYou"}
FAMILY_FIELDS = [
    ("ChengWei", "称谓"),
    ("XingMing", "姓名"),
    ("ChuShengRiQi", "出生日期"),
    ("ZhengZhiMianMao", "政治面貌"),
    ("GongZuoDanWeiJiZhiWu", "工作单位及职务"),
]
# The editor's short names for 政治面貌 (GB/T 4762), as written on the form.
POLITICAL_SHORT = {
    "01": "中共党员",
    "02": "中共预备党员",
    "03": "共青团员",
    "04": "民革会员",
    "05": "民盟盟员",
    "06": "民建会员",
    "07": "民进会员",
    "08": "农工党党员",
    "09": "致公党党员",
    "10": "九三学社社员",
    "11": "台盟盟员",
    "12": "无党派人士",
    "13": "群众",
}
EDUCATION_WORDS = [
    ("博士", "11"),
    ("研究生", "14"),
    ("硕士", "14"),
    ("大学", "21"),
    ("本科", "21"),
    ("大专", "31"),
    ("专科", "31"),
    ("中专", "41"),
    ("中技", "47"),
    ("高中", "61"),
    ("初中", "71"),
    ("小学", "81"),
]
RESUME_LINE = re.compile(
    r"^\s*(\d{4})[.．](\d{1,2})\s*(?:--|—|－－|-|~|～|至)\s*(?:(\d{4})[.．](\d{1,2}))?\s*(.*)$"
)
GRASSROOTS_WORDS = ("镇", "乡", "村", "社区", "街道")


@dataclass
class ResumeLine:
    start: dt.date
    end: dt.date | None
    text: str  # first line, then continuation lines joined by "\n"


@dataclass
class Parsed:
    """One checked .lrmx file, ready to preview and to import."""

    filename: str
    values: dict[str, str]  # every scalar tag, trimmed ("" when absent)
    family: list[dict[str, str]]
    photo: bytes
    photo_type: str
    id_number: str
    gender: str
    birth: dt.date
    ethnicity: str
    political_status: str
    party_joined_on: dt.date | None
    other_party: str
    work_started_on: dt.date | None
    resume: list[ResumeLine]
    warnings: list[str] = field(default_factory=list)
    # Whether 出生年月 / 参加工作时间 were written with their day (YYYYMMDD).
    birth_has_day: bool = False
    work_started_has_day: bool = False

    @property
    def name(self) -> str:
        return self.values["XingMing"]


class LrmxError(ApplicationError):
    """A file that cannot be imported; ``details`` lists each field and reason."""


# ---------------------------------------------------------------- small readers


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


# ---------------------------------------------------------------- reading


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _multiline(value: str) -> str:
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


# The XML declaration's encoding (it follows the version; the declaration is ASCII in
# every encoding read here).
DECLARED_ENCODING = re.compile(
    rb"""\A<\?xml\s+version\s*=\s*(["'])[^"']*\1\s+encoding\s*=\s*(["'])"""
    rb"""([A-Za-z][A-Za-z0-9._\-]{0,39})\2"""
)
DECLARATION_ENCODING_TEXT = re.compile(
    r"""\A(<\?xml\s+version\s*=\s*(["'])[^"']*\2\s+encoding\s*=\s*)(["'])[^"']*\3"""
)
# Labels of GB 2312, GBK and GB 18030. Files labelled GB2312 often hold GBK characters
# (生僻字 in names), so all three are read as GB 18030, the superset of the others.
GB_LABELS = {
    "gb2312",
    "gb-2312",
    "gb-2312-80",
    "csgb2312",
    "euc-cn",
    "x-euc-cn",
    "gbk",
    "x-gbk",
    "csgbk",
    "cp936",
    "ms936",
    "windows-936",
    "chinese",
    "iso-ir-58",
    "gb18030",
    "gb-18030",
}
GB18030_BOM = b"\x84\x31\x95\x33"


class _Unreadable(Exception):
    """The bytes cannot be decoded as the file says; ``args[0]`` is the Chinese reason."""


def _is_gb(label: str) -> bool:
    label = label.lower().replace("_", "-")
    if label in GB_LABELS:
        return True
    try:
        return codecs.lookup(label).name in {"gb2312", "gbk", "gb18030"}
    except LookupError:
        return False


def xml_bytes(content: bytes) -> tuple[bytes, str]:
    """The bytes to give the XML parser, and the encoding the file declares ("" when
    none). Expat reads UTF-8, UTF-16 and single-byte encodings itself but refuses the
    multi-byte GB ones: those are decoded here (strictly) and handed over as UTF-8 with
    the declaration saying so, so the same defused parser checks every file."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content, "UTF-16"  # expat reads it and its declaration
    bom = b""
    for mark in (b"\xef\xbb\xbf", GB18030_BOM):
        if content.startswith(mark):
            bom, content = mark, content[len(mark) :]
    match = DECLARED_ENCODING.match(content)
    declared = match.group(3).decode("ascii") if match else ""
    gb = _is_gb(declared) if declared else bom == GB18030_BOM
    if bom and declared and gb != (bom == GB18030_BOM):
        raise _Unreadable(
            _("文件开头的字节顺序标记与XML声明的编码%(e)s不一致，无法确定如何读取")
            % {"e": declared}
        )
    if gb:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError as error:
            raise _Unreadable(
                _(
                    "文件声明为%(e)s编码，但第%(n)d字节起不是有效的GBK（GB18030）字符，文件可能已损坏"
                )
                % {"e": declared or "GB18030", "n": error.start + len(bom) + 1}
            ) from None
        text = DECLARATION_ENCODING_TEXT.sub(r'\1"UTF-8"', text, count=1)
        return text.encode("utf-8"), declared or "GB18030"
    if not declared or declared.lower().replace("_", "-") in ("utf-8", "utf8"):
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _Unreadable(
                _(
                    "文件按UTF-8编码读取时第%(n)d字节起不是有效字符：若文件是GBK编码，"
                    'XML声明中应写明encoding="GBK"，或用任免表编辑器重新导出'
                )
                % {"n": error.start + len(bom) + 1}
            ) from None
    return content, declared


def xml_refusal(error: Exception, declared: str = "") -> str:
    """Why an .lrmx file is not read, in Chinese, without the exception's own text
    (which would echo what the parser saw); the technical detail goes to the log."""
    logger.warning("lrmx file refused by the XML parser: %r", error)
    if isinstance(error, EntitiesForbidden):
        return _("文件含有不允许的XML实体定义，可能是恶意文件，已拒绝")
    if isinstance(error, (ExternalReferenceForbidden, DTDForbidden)):
        return _("文件含有不允许的外部引用或文档类型定义（DTD），可能是恶意文件，已拒绝")
    if isinstance(error, DefusedXmlException):
        return _("文件含有不允许的XML内容，可能是恶意文件，已拒绝")
    if declared and isinstance(error, (LookupError, ValueError)):
        # An encoding the parser does not know or cannot read (Big5, Shift_JIS, …).
        return _("文件声明的编码%(e)s无法读取，请用UTF-8或GBK编码保存") % {"e": declared}
    position = getattr(error, "position", None)
    if isinstance(error, ElementTree.ParseError) and position:
        return _(
            "不是有效的XML文件（第%(line)d行第%(column)d列格式有误），"
            "请确认是任免表编辑器导出的.lrmx文件"
        ) % {"line": position[0], "column": position[1] + 1}
    return _("不是有效的XML文件，请确认是任免表编辑器导出的.lrmx文件")


def parse(content: bytes, *, filename: str = "", today: dt.date | None = None) -> Parsed:
    """Read and check one .lrmx file. Raise LrmxError naming every bad field."""
    today = today or dt.date.today()
    label = filename or _("上传的文件")

    def fail(message: str):
        raise LrmxError(_("%(f)s：%(m)s") % {"f": label, "m": message})

    if len(content) > MAX_FILE_BYTES:
        fail(_("文件超过10MB"))
    try:
        content, declared = xml_bytes(content)
    except _Unreadable as error:
        fail(error.args[0])
    try:
        root = SafeElementTree.fromstring(content)
    except Exception as error:  # the user reads why in Chinese; the log keeps the detail
        fail(xml_refusal(error, declared))
    if root.tag != "Person":
        fail(_("根元素应为Person，实际为%(t)s，不是任免审批表文件") % {"t": root.tag})

    values = {}
    for tag, _label in FIELDS:
        raw = root.find(tag)
        text = raw.text if raw is not None and raw.text else ""
        values[tag] = _multiline(text) if tag in MULTILINE else text.strip()
    problems: list[dict] = []

    def problem(tag: str, message: str):
        problems.append(
            {
                "field": tag,
                "message": _("%(f)s：%(l)s%(m)s")
                % {"f": label, "l": LABELS.get(tag, tag), "m": message},
            }
        )

    if not values["XingMing"]:
        problem("XingMing", _("不能为空"))
    info = None
    try:
        info = idnumber.parse(values["ShenFenZheng"], field="ShenFenZheng", today=today)
    except ApplicationError as error:
        problem(
            "ShenFenZheng",
            _("“%(v)s”无效：%(e)s") % {"v": values["ShenFenZheng"], "e": error.message},
        )
    form_day = None
    for tag in ("TianBiaoShiJian", "JiSuanNianLingShiJian"):
        try:
            day = month(values[tag])
        except ValueError:
            problem(tag, _("“%(v)s”不是YYYYMM或YYYYMMDD格式") % {"v": values[tag]})
            continue
        if tag == "TianBiaoShiJian":
            form_day = day
    birth = None
    try:
        birth = month(values["ChuShengNianYue"])
    except ValueError:
        problem(
            "ChuShengNianYue",
            _("“%(v)s”不是YYYYMM或YYYYMMDD格式") % {"v": values["ChuShengNianYue"]},
        )
    if birth is None and "ChuShengNianYue" not in {p["field"] for p in problems}:
        problem("ChuShengNianYue", _("不能为空"))
    if birth is not None:
        if birth > today:
            problem("ChuShengNianYue", _("%(d)s晚于今天") % {"d": f"{birth:%Y.%m}"})
        elif form_day is not None and birth.replace(day=1) > form_day.replace(day=1):
            problem(
                "ChuShengNianYue",
                _("%(b)s晚于填表时间%(t)s") % {"b": f"{birth:%Y.%m}", "t": f"{form_day:%Y.%m}"},
            )
        elif info is not None and (
            (birth.year, birth.month) != (info.birth_date.year, info.birth_date.month)
            or (has_day(values["ChuShengNianYue"]) and birth != info.birth_date)
        ):
            written = (
                f"{birth:%Y.%m.%d}" if has_day(values["ChuShengNianYue"]) else f"{birth:%Y.%m}"
            )
            problem(
                "ChuShengNianYue",
                _("%(b)s与身份证号码中的出生日期%(i)s不一致")
                % {"b": written, "i": f"{info.birth_date:%Y.%m.%d}"},
            )
    gender = {"男": "1", "女": "2"}.get(values["XingBie"])
    if gender is None:
        problem("XingBie", _("应为“男”或“女”，实际为“%(v)s”") % {"v": values["XingBie"]})
    elif info is not None and gender != info.gender:
        problem("XingBie", _("与身份证号码不一致"))
    ethnicity = codes.by_name(CodeTable.ETHNICITY).get(values["MinZu"], "")
    if not ethnicity:
        problem("MinZu", _("“%(v)s”不在民族代码表（GB/T 3304）中") % {"v": values["MinZu"]})
    joined, other_party = parse_party(values["RuDangShiJian"])
    if joined and joined > today:
        problem("RuDangShiJian", _("%(d)s晚于今天") % {"d": f"{joined:%Y.%m}"})
    work = None
    try:
        work = month(values["CanJiaGongZuoShiJian"])
    except ValueError:
        problem(
            "CanJiaGongZuoShiJian",
            _("“%(v)s”不是YYYYMM或YYYYMMDD格式") % {"v": values["CanJiaGongZuoShiJian"]},
        )
    if work and work > today:
        problem("CanJiaGongZuoShiJian", _("%(d)s晚于今天") % {"d": f"{work:%Y.%m}"})
    for tag in ("DaoLingNianYue",):
        try:
            month(values[tag])
        except ValueError:
            problem(tag, _("“%(v)s”不是YYYYMM格式") % {"v": values[tag]})
    political = political_code(values["ZhengZhiMianMao"])
    if values["ZhengZhiMianMao"] and political is None:
        problem(
            "ZhengZhiMianMao", _("“%(v)s”不在政治面貌代码表中") % {"v": values["ZhengZhiMianMao"]}
        )
    if political is None:
        political = "01" if joined else ("12" if "无党派" in other_party else "13")
        for code, short in POLITICAL_SHORT.items():
            if other_party and short.startswith(other_party[:2]) and code not in ("01", "02"):
                political = code
                break

    resume, resume_problems = parse_resume(values["JianLi"])
    for message in resume_problems:
        problem("JianLi", message)
    warnings: list[str] = []
    for message in rules.resume_problems([(r.start, r.end) for r in resume]):
        if "重叠" in message or "早于起始" in message or "没有截止" in message:
            problem("JianLi", message)
        else:
            warnings.append(message)

    family = []
    container = root.find("JiaTingChengYuan")
    for index, item in enumerate(container.findall("Item") if container is not None else [], 1):
        member = {tag: _text(item.find(tag)) for tag, _l in FAMILY_FIELDS}
        if not any(member.values()):
            continue
        if member["ChuShengRiQi"]:
            try:
                born = month(member["ChuShengRiQi"])
                member["ChuShengRiQi"] = yyyymm(born)
            except ValueError:
                problem(
                    "JiaTingChengYuan",
                    _("第%(i)d位成员出生日期“%(v)s”不是YYYYMM格式")
                    % {"i": index, "v": member["ChuShengRiQi"]},
                )
        if not member["XingMing"] or not member["ChengWei"]:
            problem("JiaTingChengYuan", _("第%(i)d位成员缺少称谓或姓名") % {"i": index})
        family.append(member)

    photo, photo_kind = b"", ""
    if values["ZhaoPian"]:
        try:
            photo = base64.b64decode("".join(values["ZhaoPian"].split()), validate=True)
        except (binascii.Error, ValueError):
            problem("ZhaoPian", _("不是有效的Base64编码"))
        else:
            photo_kind = image_type(photo) or ""
            if not photo_kind:
                problem("ZhaoPian", _("不是图片（应为JPEG、PNG或BMP）"))

    if problems:
        raise LrmxError(
            problems[0]["message"]
            if len(problems) == 1
            else _("%(f)s有%(n)d处问题：%(m)s等")
            % {"f": label, "n": len(problems), "m": problems[0]["message"]},
            details=problems,
        )

    if birth and info:
        retirement = rules.retirement_month(info.birth_date, info.gender)
        if values["DaoLingNianYue"] and values["DaoLingNianYue"][:6] != yyyymm(retirement.month):
            warnings.append(
                _("文件中的到龄年月%(f)s与按渐进式延迟退休办法计算的%(c)s不一致，以计算结果为准")
                % {"f": values["DaoLingNianYue"], "c": yyyymm(retirement.month)}
            )
    for message in rules.record_problems(
        birth=info.birth_date,
        work_started_on=work,
        party_joined_on=joined,
        full_time_graduated_on=None,
        periods=[(r.start, r.end) for r in resume],
        today=today,
    ):
        if message not in warnings:
            warnings.append(message)
    return Parsed(
        filename=filename,
        values=values,
        family=family,
        photo=photo,
        photo_type=photo_kind,
        id_number=info.number,
        gender=info.gender,
        birth=info.birth_date,
        ethnicity=ethnicity,
        political_status=political,
        party_joined_on=joined,
        other_party=other_party,
        work_started_on=work,
        resume=resume,
        warnings=warnings,
        birth_has_day=has_day(values["ChuShengNianYue"]),
        work_started_has_day=has_day(values["CanJiaGongZuoShiJian"]),
    )


@dataclass
class Batch:
    parsed: list[Parsed]
    errors: list[dict]  # {"file": name, "message": ..., "details": [...]}


def parse_upload(content: bytes, filename: str, today: dt.date | None = None) -> Batch:
    """One .lrmx file or a zip of many; each bad file is reported, the rest parsed."""
    batch = Batch([], [])
    if content[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
            # Damaged, or a feature zipfile does not read (a newer zip version, multi-disk).
            logger.warning("lrmx zip not readable: %r", error)
            raise LrmxError(_("%(f)s不是有效的ZIP压缩包") % {"f": filename}) from None
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_FILES:
            raise LrmxError(_("压缩包内文件超过%(n)d个") % {"n": MAX_ZIP_FILES})
        budget = MAX_ZIP_TOTAL_BYTES
        for info in infos:
            shown = _zip_name(info)
            if not shown.lower().endswith(".lrmx"):
                batch.errors.append(
                    {"file": shown, "message": _("不是.lrmx文件，已跳过"), "details": []}
                )
                continue
            if info.file_size > MAX_FILE_BYTES:  # what the archive claims: a first check
                batch.errors.append({"file": shown, "message": _("文件超过10MB"), "details": []})
                continue
            try:
                member = read_member(archive, info, min(MAX_FILE_BYTES, budget))
            except _Unreadable as error:
                batch.errors.append({"file": shown, "message": error.args[0], "details": []})
                continue
            if member is None:
                if budget < MAX_FILE_BYTES:
                    raise LrmxError(
                        _("%(f)s解压后超过%(n)dMB，请分成几个压缩包上传")
                        % {"f": filename, "n": MAX_ZIP_TOTAL_BYTES // (1024 * 1024)}
                    )
                batch.errors.append({"file": shown, "message": _("文件超过10MB"), "details": []})
                continue
            budget -= len(member)
            _add(batch, member, shown, today)
        if not infos:
            raise LrmxError(_("压缩包是空的"))
        return batch
    _add(batch, content, filename, today)
    return batch


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The bytes of one zip entry, or None when it inflates to more than ``limit``.

    The sizes an archive claims are not trusted: at most limit + 1 bytes are inflated,
    whatever the entry says of itself. A damaged entry (bad CRC, broken deflate stream,
    cut short), an encrypted one or an unknown compression raises ``_Unreadable``."""
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except NotImplementedError as error:
        logger.warning("lrmx zip member with unsupported compression: %r", error)
        raise _Unreadable(
            _("无法从压缩包中解出：压缩方式不受支持，请用常见的ZIP压缩软件重新打包")
        ) from None
    except RuntimeError as error:  # zipfile's "password required"
        logger.warning("lrmx zip member not readable: %r", error)
        raise _Unreadable(
            _("无法从压缩包中解出：文件已加密，请去掉密码后重新打包")
            if info.flag_bits & 0x1
            else _("无法从压缩包中解出：文件已损坏，请重新打包后上传")
        ) from None
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError) as error:
        # A bad CRC-32, a broken or truncated stream, sizes that do not match.
        logger.warning("lrmx zip member damaged: %r", error)
        raise _Unreadable(
            _("无法从压缩包中解出：文件已损坏（校验不通过），请重新打包后上传")
        ) from None
    return None if len(data) > limit else data


def _zip_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:  # Windows zips of Chinese names are GBK without the UTF-8 flag
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _add(batch: Batch, content: bytes, name: str, today) -> None:
    try:
        batch.parsed.append(parse(content, filename=name, today=today))
    except LrmxError as error:
        batch.errors.append({"file": name, "message": error.message, "details": error.details})


# ---------------------------------------------------------------- writing


def values_of(cadre, form=None) -> dict[str, str]:
    """The scalar tags of a stored cadre (and appointment form) as the editor writes them."""
    person = cadre.person
    educations = {e.kind: e for e in cadre.educations.all() if e.is_highest}
    full = educations.get("full_time")
    service = educations.get("in_service")
    retirement = rules.retirement_month(person.birth_date, person.gender)
    resume = [ResumeLine(e.start, e.end, e.text) for e in cadre.resume.all()]
    form = form or next(iter(cadre.forms.all()), None)  # newest first; prefetched in lists
    from zugong.core.services.persons import person_clear_value

    return {
        "XingMing": person.name,
        "XingBie": "男" if person.gender == "1" else "女",
        "ChuShengNianYue": birth_text(person.birth_date, with_day=cadre.birth_written_to_day),
        "MinZu": codes.name(CodeTable.ETHNICITY, person.ethnicity),
        "JiGuan": person.native_place,
        "ChuShengDi": cadre.birth_place,
        "RuDangShiJian": format_party(cadre.party_joined_on, cadre.other_party),
        "CanJiaGongZuoShiJian": work_started_text(
            cadre.work_started_on, with_day=cadre.work_started_written_to_day
        ),
        "JianKangZhuangKuang": cadre.health,
        "ZhuanYeJiShuZhiWu": cadre.professional_title,
        "ShuXiZhuanYeYouHeZhuanChang": cadre.expertise,
        "ZhengZhiMianMao": POLITICAL_SHORT.get(person.political_status, ""),
        "QuanRiZhiJiaoYu_XueLi": full.education if full else "",
        "QuanRiZhiJiaoYu_XueWei": full.degree if full else "",
        "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": full.education_school if full else "",
        "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": full.degree_school if full else "",
        "ZaiZhiJiaoYu_XueLi": service.education if service else "",
        "ZaiZhiJiaoYu_XueWei": service.degree if service else "",
        "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi": service.education_school if service else "",
        "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi": service.degree_school if service else "",
        "XianRenZhiWu": cadre.current_post_text,
        "NiRenZhiWu": form.proposed_post if form else "",
        "NiMianZhiWu": form.proposed_removal if form else "",
        "JianLi": format_resume(resume),
        "JiangChengQingKuang": form.rewards_text if form else "",
        "NianDuKaoHeJieGuo": form.assessment_text if form else assessment_text(cadre),
        "RenMianLiYou": form.reason if form else "",
        "ChengBaoDanWei": form.reporting_unit if form else "",
        "JiSuanNianLingShiJian": form.age_basis if form else "",
        "TianBiaoShiJian": form.filled_on if form else "",
        "TianBiaoRen": form.filled_by if form else "",
        "ShenFenZheng": person_clear_value(person, "id_number"),
        "ZhaoPian": base64.b64encode(bytes(cadre.photo)).decode("ascii") if cadre.photo else "",
        "Version": (form.version if form and form.version else VERSION),
        "DaoLingNianYue": yyyymm(retirement.month),
        "GaiGeQianRenZhiNianLingJieXian": form.pre_reform_age_line if form else "",
    }


def assessment_text(cadre) -> str:
    """The last years' annual results as the form writes them (年度考核结果)."""
    rows = sorted(cadre.annual_assessments.all(), key=lambda a: a.year)[-3:]
    return "；".join(f"{a.year}年度{a.get_grade_display()}" for a in rows)


def write(values: dict[str, str], family: list[dict[str, str]]) -> bytes:
    """The .lrmx bytes: UTF-8 with a BOM, every tag present, family in order."""
    root = ElementTree.Element("Person")
    for tag, _label in FIELDS:
        ElementTree.SubElement(root, tag).text = values.get(tag, "")
        if tag == "ChengBaoDanWei":
            container = ElementTree.SubElement(root, "JiaTingChengYuan")
            for member in family:
                item = ElementTree.SubElement(container, "Item")
                for key, _l in FAMILY_FIELDS:
                    ElementTree.SubElement(item, key).text = member.get(key, "")
    ElementTree.indent(root, space="  ")
    body = ElementTree.tostring(root, encoding="unicode", short_empty_elements=False)
    return b"\xef\xbb\xbf" + ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()


def family_of(cadre) -> list[dict[str, str]]:
    return [
        {
            "ChengWei": m.relation,
            "XingMing": m.name,
            "ChuShengRiQi": m.birth_month,
            "ZhengZhiMianMao": m.political_status,
            "GongZuoDanWeiJiZhiWu": m.unit_post,
        }
        for m in cadre.family.all()
    ]


def export(cadre, form=None) -> bytes:
    return write(values_of(cadre, form), family_of(cadre))


def export_zip(cadres) -> bytes:
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for cadre in cadres:
            name = f"{cadre.person.name}.lrmx"
            if name in used:
                name = f"{cadre.person.name}_{cadre.pk}.lrmx"
            used.add(name)
            archive.writestr(name, export(cadre))
    return buffer.getvalue()


# ---------------------------------------------------------------- preview


def differences(parsed: Parsed, cadre) -> list[dict[str, str]]:
    """Field by field, what the file would change in the stored record."""
    if cadre is None:
        return []
    stored = values_of(cadre)
    rows = []
    for tag, label in FIELDS:
        if tag in ("ZhaoPian", "Version", "DaoLingNianYue"):
            continue
        old = stored.get(tag, "")
        new = parsed.values.get(tag, "")
        if tag == "JianLi":
            old, new = _normal_resume(old), _normal_resume(new)
        elif tag == "ChuShengNianYue":  # as the record will keep it
            new = birth_text(parsed.birth, with_day=parsed.birth_has_day)
        elif tag == "RuDangShiJian":
            new = format_party(parsed.party_joined_on, parsed.other_party)
        elif tag == "CanJiaGongZuoShiJian":
            new = work_started_text(parsed.work_started_on, with_day=parsed.work_started_has_day)
        elif tag == "ZhengZhiMianMao":
            new = POLITICAL_SHORT.get(parsed.political_status, new)
        if old != new:
            rows.append({"field": label, "old": old, "new": new})
    if parsed.photo and bytes(cadre.photo) != parsed.photo:
        rows.append(
            {"field": _("照片"), "old": _("有") if cadre.photo else _("无"), "new": _("新照片")}
        )
    if family_of(cadre) != parsed.family:
        rows.append(
            {
                "field": _("家庭成员"),
                "old": "、".join(f"{m['ChengWei']}{m['XingMing']}" for m in family_of(cadre)),
                "new": "、".join(f"{m['ChengWei']}{m['XingMing']}" for m in parsed.family),
            }
        )
    return rows


def _normal_resume(text: str) -> str:
    lines, _problems = parse_resume(text)
    return format_resume(lines)
