"""The .lrmx tags, their labels and code mappings, the limits, and the shapes a read
file takes (Parsed, ResumeLine) or the error it raises."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zugong.core.errors import ApplicationError

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
