"""The names offices give the roster's columns and the words they write in its cells.

One table each, so that what the import accepts is written down in one place (the
import page lists it). A header is compared after ``imports.header_key`` (spaces and
line breaks removed, full-width forms folded, a leading * dropped), so "入党 时间" and
"入党\\n时间" are 入党时间. Values of code-table columns (民族, 学历) are looked up in the
code tables and their synonyms (``core.services.codes.synonyms``), which administrators
edit; the values below belong to the member's own choices, not to a national table.
"""

from __future__ import annotations

from zugong.party.models import MemberKind, MemberStatus, Occupation

NAME, ID, ETHNICITY, EDUCATION, KIND = "姓名", "公民身份号码", "民族", "学历", "党员类别"
JOINED, FULL, ORG_CODE, ORG_NAME = "入党时间", "转正时间", "所在党组织编码", "所在党组织"
PHONE, UNIT, OCCUPATION, STATUS = "联系电话", "工作单位", "职业类别", "党籍状态"
GENDER, NUMBER = "性别", "系统编号"
SEQUENCE = "序号"

# Canonical column → the other names offices use for it.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    NAME: ("党员姓名",),
    ID: ("身份证号码", "身份证号", "居民身份证号码", "公民身份证号码", "身份证"),
    GENDER: (),
    ETHNICITY: ("民族（族别）", "族别"),
    EDUCATION: ("文化程度", "学历（文化程度）", "最高学历"),
    KIND: ("人员类别", "党员类型", "党员身份"),
    JOINED: ("入党日期", "入党年月", "加入党组织日期", "入党时间（年月日）"),
    FULL: ("转正日期", "转正年月", "转为正式党员日期"),
    ORG_CODE: ("党组织编码", "组织编码", "党组织代码"),
    ORG_NAME: ("所在党支部", "党组织名称", "所在支部", "党支部", "所在党组织名称"),
    PHONE: ("手机号码", "手机号", "手机", "联系方式", "电话号码"),
    UNIT: ("工作单位及职务", "单位"),
    OCCUPATION: ("工作岗位", "职业"),
    STATUS: ("党籍状况",),
    NUMBER: ("系统编号（勿改）", "党员编号"),
    SEQUENCE: ("编号", "顺序号"),
}

# Values of the member's own choices, beside their labels and codes.
KIND_SYNONYMS = {
    "正式": MemberKind.FULL,
    "正式党员": MemberKind.FULL,
    "党员": MemberKind.FULL,
    "预备": MemberKind.PROBATIONARY,
    "预备党员": MemberKind.PROBATIONARY,
}
OCCUPATION_SYNONYMS = {
    "在职": Occupation.EMPLOYED,
    "在职职工": Occupation.EMPLOYED,
    "在职人员": Occupation.EMPLOYED,
    "年薪制": Occupation.ANNUAL_SALARY,
    "个体": Occupation.SELF_EMPLOYED,
    "个体工商户": Occupation.SELF_EMPLOYED,
    "无固定工资收入": Occupation.SELF_EMPLOYED,
    "离休": Occupation.RETIRED,
    "退休": Occupation.RETIRED,
    "离退休干部": Occupation.RETIRED,
    "农民": Occupation.FARMER,
    "农村党员": Occupation.FARMER,
    "学生": Occupation.STUDENT,
    "在校学生": Occupation.STUDENT,
    "下岗失业": Occupation.LOW_INCOME,
    "低保": Occupation.LOW_INCOME,
}
STATUS_SYNONYMS = {
    "正常": MemberStatus.NORMAL,
    "流动": MemberStatus.FLOATING,
    "流动党员": MemberStatus.FLOATING,
    "失联": MemberStatus.LOST_CONTACT,
    "失去联系": MemberStatus.LOST_CONTACT,
    "停止党籍": MemberStatus.SUSPENDED,
}
# Lines below the table that are not members: who filled it in, notes, signatures.
FOOTER_PREFIXES = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "联系人",
    "填表日期",
    "填报日期",
    "制表日期",
    "注",
    "备注：",
    "说明",
    "合计",
    "总计",
)


def aliases(key) -> dict[str, str]:
    """Normalized header → canonical column, for ``imports.read_sheet``."""
    mapping = {}
    for canonical, others in HEADER_SYNONYMS.items():
        for name in (canonical, *others):
            mapping[key(name)] = canonical
    return mapping


def accepted_headers() -> list[tuple[str, tuple[str, ...]]]:
    """(column, other names) for the import page."""
    return [(c, others) for c, others in HEADER_SYNONYMS.items() if others]
