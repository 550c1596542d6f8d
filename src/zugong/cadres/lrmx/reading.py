"""Reading an upload: the encoding, the defused XML parse, every field checked, and
zips of many files. The limits are read through the package (``lrmx.MAX_FILE_BYTES``
…) so that a setting or a test that changes them there is what the reader uses."""

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
from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from django.utils.translation import gettext as _

from zugong.cadres import lrmx as package
from zugong.cadres import rules
from zugong.cadres.lrmx.fields import (
    FAMILY_FIELDS,
    FIELDS,
    LABELS,
    MULTILINE,
    POLITICAL_SHORT,
    LrmxError,
    Parsed,
    ResumeLine,
)
from zugong.cadres.lrmx.text import (
    has_day,
    month,
    parse_party,
    parse_resume,
    political_code,
    yyyymm,
)
from zugong.cadres.services.records import image_type
from zugong.core import codes, idnumber
from zugong.core.errors import ApplicationError
from zugong.core.models import CodeTable

logger = logging.getLogger("zugong.cadres.lrmx")


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
    root = _root(content, label)
    values = {}
    for tag, _label in FIELDS:
        raw = root.find(tag)
        text = raw.text if raw is not None and raw.text else ""
        values[tag] = _multiline(text) if tag in MULTILINE else text.strip()
    problems = _Problems(label)
    if not values["XingMing"]:
        problems.add("XingMing", _("不能为空"))
    info = _identity(values, problems, today)
    birth = _birth(values, problems, info, today)
    gender = {"男": "1", "女": "2"}.get(values["XingBie"])
    if gender is None:
        problems.add("XingBie", _("应为“男”或“女”，实际为“%(v)s”") % {"v": values["XingBie"]})
    elif info is not None and gender != info.gender:
        problems.add("XingBie", _("与身份证号码不一致"))
    ethnicity = codes.by_name(CodeTable.ETHNICITY).get(values["MinZu"], "")
    if not ethnicity:
        problems.add("MinZu", _("“%(v)s”不在民族代码表（GB/T 3304）中") % {"v": values["MinZu"]})
    joined, other_party, work = _party_and_work(values, problems, today)
    political = _political(values, problems, joined, other_party)
    resume, warnings = _resume(values, problems)
    family = _family(root, problems)
    photo, photo_kind = _photo(values, problems)
    problems.raise_any()
    _add_warnings(warnings, values, info, birth, work, joined, resume, today)
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


def _root(content: bytes, label: str):
    """The <Person> element of a file the defused parser accepts, or LrmxError."""

    def fail(message: str):
        raise LrmxError(_("%(f)s：%(m)s") % {"f": label, "m": message})

    if len(content) > package.MAX_FILE_BYTES:
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
    return root


class _Problems:
    """The problems found in one file, in the order checked, each naming the file and
    the field's label; raised together as one LrmxError."""

    def __init__(self, label: str):
        self.label = label
        self.items: list[dict] = []

    def add(self, tag: str, message: str) -> None:
        self.items.append(
            {
                "field": tag,
                "message": _("%(f)s：%(l)s%(m)s")
                % {"f": self.label, "l": LABELS.get(tag, tag), "m": message},
            }
        )

    def fields(self) -> set[str]:
        return {p["field"] for p in self.items}

    def raise_any(self) -> None:
        problems = self.items
        if problems:
            raise LrmxError(
                problems[0]["message"]
                if len(problems) == 1
                else _("%(f)s有%(n)d处问题：%(m)s等")
                % {"f": self.label, "n": len(problems), "m": problems[0]["message"]},
                details=problems,
            )


def _identity(values: dict[str, str], problems: _Problems, today: dt.date):
    """The ID number read (None when it is not valid)."""
    try:
        return idnumber.parse(values["ShenFenZheng"], field="ShenFenZheng", today=today)
    except ApplicationError as error:
        problems.add(
            "ShenFenZheng",
            _("“%(v)s”无效：%(e)s") % {"v": values["ShenFenZheng"], "e": error.message},
        )
        return None


def _birth(values: dict[str, str], problems: _Problems, info, today: dt.date) -> dt.date | None:
    """The form's own dates, then 出生年月: against today, the form's day and the ID."""
    form_day = None
    for tag in ("TianBiaoShiJian", "JiSuanNianLingShiJian"):
        try:
            day = month(values[tag])
        except ValueError:
            problems.add(tag, _("“%(v)s”不是YYYYMM或YYYYMMDD格式") % {"v": values[tag]})
            continue
        if tag == "TianBiaoShiJian":
            form_day = day
    birth = None
    try:
        birth = month(values["ChuShengNianYue"])
    except ValueError:
        problems.add(
            "ChuShengNianYue",
            _("“%(v)s”不是YYYYMM或YYYYMMDD格式") % {"v": values["ChuShengNianYue"]},
        )
    if birth is None and "ChuShengNianYue" not in problems.fields():
        problems.add("ChuShengNianYue", _("不能为空"))
    if birth is None:
        return None
    if birth > today:
        problems.add("ChuShengNianYue", _("%(d)s晚于今天") % {"d": f"{birth:%Y.%m}"})
    elif form_day is not None and birth.replace(day=1) > form_day.replace(day=1):
        problems.add(
            "ChuShengNianYue",
            _("%(b)s晚于填表时间%(t)s") % {"b": f"{birth:%Y.%m}", "t": f"{form_day:%Y.%m}"},
        )
    elif info is not None and (
        (birth.year, birth.month) != (info.birth_date.year, info.birth_date.month)
        or (has_day(values["ChuShengNianYue"]) and birth != info.birth_date)
    ):
        written = f"{birth:%Y.%m.%d}" if has_day(values["ChuShengNianYue"]) else f"{birth:%Y.%m}"
        problems.add(
            "ChuShengNianYue",
            _("%(b)s与身份证号码中的出生日期%(i)s不一致")
            % {"b": written, "i": f"{info.birth_date:%Y.%m.%d}"},
        )
    return birth


def _party_and_work(values: dict[str, str], problems: _Problems, today: dt.date):
    """入党时间 (or the other party), 参加工作时间, and whether 到龄年月 is a month."""
    joined, other_party = parse_party(values["RuDangShiJian"])
    if joined and joined > today:
        problems.add("RuDangShiJian", _("%(d)s晚于今天") % {"d": f"{joined:%Y.%m}"})
    work = None
    try:
        work = month(values["CanJiaGongZuoShiJian"])
    except ValueError:
        problems.add(
            "CanJiaGongZuoShiJian",
            _("“%(v)s”不是YYYYMM或YYYYMMDD格式") % {"v": values["CanJiaGongZuoShiJian"]},
        )
    if work and work > today:
        problems.add("CanJiaGongZuoShiJian", _("%(d)s晚于今天") % {"d": f"{work:%Y.%m}"})
    for tag in ("DaoLingNianYue",):
        try:
            month(values[tag])
        except ValueError:
            problems.add(tag, _("“%(v)s”不是YYYYMM格式") % {"v": values[tag]})
    return joined, other_party, work


def _political(values: dict[str, str], problems: _Problems, joined, other_party: str) -> str:
    """政治面貌's code: as written, else from the party date or the other party."""
    political = political_code(values["ZhengZhiMianMao"])
    if values["ZhengZhiMianMao"] and political is None:
        problems.add(
            "ZhengZhiMianMao", _("“%(v)s”不在政治面貌代码表中") % {"v": values["ZhengZhiMianMao"]}
        )
    if political is None:
        political = "01" if joined else ("12" if "无党派" in other_party else "13")
        for code, short in POLITICAL_SHORT.items():
            if other_party and short.startswith(other_party[:2]) and code not in ("01", "02"):
                political = code
                break
    return political


def _resume(values: dict[str, str], problems: _Problems) -> tuple[list[ResumeLine], list[str]]:
    """The résumé lines; overlaps, ends before starts and open periods are problems,
    the rest of what the rules find are warnings."""
    resume, resume_problems = parse_resume(values["JianLi"])
    for message in resume_problems:
        problems.add("JianLi", message)
    warnings: list[str] = []
    for message in rules.resume_problems([(r.start, r.end) for r in resume]):
        if "重叠" in message or "早于起始" in message or "没有截止" in message:
            problems.add("JianLi", message)
        else:
            warnings.append(message)
    return resume, warnings


def _family(root, problems: _Problems) -> list[dict[str, str]]:
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
                problems.add(
                    "JiaTingChengYuan",
                    _("第%(i)d位成员出生日期“%(v)s”不是YYYYMM格式")
                    % {"i": index, "v": member["ChuShengRiQi"]},
                )
        if not member["XingMing"] or not member["ChengWei"]:
            problems.add("JiaTingChengYuan", _("第%(i)d位成员缺少称谓或姓名") % {"i": index})
        family.append(member)
    return family


def _photo(values: dict[str, str], problems: _Problems) -> tuple[bytes, str]:
    photo, photo_kind = b"", ""
    if values["ZhaoPian"]:
        try:
            photo = base64.b64decode("".join(values["ZhaoPian"].split()), validate=True)
        except (binascii.Error, ValueError):
            problems.add("ZhaoPian", _("不是有效的Base64编码"))
        else:
            photo_kind = image_type(photo) or ""
            if not photo_kind:
                problems.add("ZhaoPian", _("不是图片（应为JPEG、PNG或BMP）"))
    return photo, photo_kind


def _add_warnings(warnings, values, info, birth, work, joined, resume, today) -> None:
    """What a readable file is warned of: 到龄年月 unlike the computed month, and the
    record rules' findings."""
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
        if len(infos) > package.MAX_ZIP_FILES:
            raise LrmxError(_("压缩包内文件超过%(n)d个") % {"n": package.MAX_ZIP_FILES})
        budget = package.MAX_ZIP_TOTAL_BYTES
        for info in infos:
            shown = _zip_name(info)
            if not shown.lower().endswith(".lrmx"):
                batch.errors.append(
                    {"file": shown, "message": _("不是.lrmx文件，已跳过"), "details": []}
                )
                continue
            if info.file_size > package.MAX_FILE_BYTES:  # what the archive claims: a first check
                batch.errors.append({"file": shown, "message": _("文件超过10MB"), "details": []})
                continue
            try:
                member = read_member(archive, info, min(package.MAX_FILE_BYTES, budget))
            except _Unreadable as error:
                batch.errors.append({"file": shown, "message": error.args[0], "details": []})
                continue
            if member is None:
                if budget < package.MAX_FILE_BYTES:
                    raise LrmxError(
                        _("%(f)s解压后超过%(n)dMB，请分成几个压缩包上传")
                        % {"f": filename, "n": package.MAX_ZIP_TOTAL_BYTES // (1024 * 1024)}
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
