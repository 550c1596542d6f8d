"""Two-new organizations (两新组织): which units count, how they are covered, the rates,
the unified social credit code, instructors' visits and social organizations' four
synchronisations (RULES.md §11; next-modules R6–R8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.errors import ApplicationError
from zugong.core.rules import Rule
from zugong.grassroots.rules.common import percent, setting

# Unified social credit code (统一社会信用代码) --------------------------------------------

CREDIT_CODE_STANDARD = "《法人和其他组织统一社会信用代码编码规则》（GB 32100—2015）"
CREDIT_CODE_ALPHABET = Rule(
    "0123456789ABCDEFGHJKLMNPQRTUWXY",
    CREDIT_CODE_STANDARD,
    "GB 32100-2015 [V]: 18 characters from these 31 (no I, O, S, V, Z); positions 3-8 are "
    "the registering authority's administrative-region code (digits); the 18th is the "
    "check character",
)
CREDIT_CODE_WEIGHTS = Rule(
    (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28),
    CREDIT_CODE_STANDARD,
    "GB 32100-2015 [V]: weight of position i (from 0) is 3^i mod 31; check = 31 - (sum of "
    "value × weight) mod 31, and 31 is written as 0",
)
CREDIT_CODE_LENGTH = 18


def credit_code_check_char(first17: str) -> str:
    """The check character (18th) of a code whose first 17 characters are ``first17``."""
    alphabet = CREDIT_CODE_ALPHABET.value
    if len(first17) != CREDIT_CODE_LENGTH - 1:
        raise ValueError("need the first 17 characters")
    total = sum(
        alphabet.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS.value, strict=True)
    )
    return alphabet[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a well-formed unified social credit code, or None when it is.

    The code is checked as given: callers strip blanks and upper-case letters first if
    they accept such input."""
    if len(code) != CREDIT_CODE_LENGTH:
        return _("统一社会信用代码应为18位，实为%(n)d位") % {"n": len(code)}
    alphabet = CREDIT_CODE_ALPHABET.value
    for char in code:
        if char not in alphabet:
            return _("统一社会信用代码含有不允许的字符“%(c)s”") % {"c": char}
    if not code[2:8].isdigit():
        return _("统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验位应为%(e)s，实为%(a)s") % {"e": expected, "a": code[17]}
    return None


# Which units count (统计口径) -------------------------------------------------------------

SCOPE_SOURCE = "各地“两个覆盖”集中排查统计口径"
SCOPE_MIN_EMPLOYEES = Rule(
    10,
    SCOPE_SOURCE + "（“三有”非公有制企业：有固定经营场所、从业人员10人以上、实体运营）",
    "RULES.md §11 [S], confirmed by next-modules R6 (中国组织人事报 on the campaign scope); "
    "'10人以上' includes 10; ZUGONG_TWONEW_MIN_EMPLOYEES overrides",
)
SOCIAL_ORG_MIN_STAFF = Rule(
    30,
    SCOPE_SOURCE + "（社会组织：工作人员30人以上）",
    "RULES.md §11 [S], next-modules R6: provincial social organizations and those with 30 "
    "or more staff; a district registry holds no provincial ones, so only the staff line "
    "applies; ZUGONG_TWONEW_SOCIAL_MIN_STAFF overrides",
)
EXCLUDED_STATUSES = Rule(
    ("shell", "dormant", "closed"),
    SCOPE_SOURCE + "（剔除空壳、僵尸企业）",
    "next-modules R6 [S]: shell, dormant and duplicate entries are removed after the "
    "re-survey; closed (deregistered or stopped) units are not in real operation either",
)
KINDS = ("enterprise", "social_org")
OPERATING_STATUSES = ("normal", "shell", "dormant", "closed")


def min_employees() -> int:
    return int(setting("ZUGONG_TWONEW_MIN_EMPLOYEES", SCOPE_MIN_EMPLOYEES.value))


def social_min_staff() -> int:
    return int(setting("ZUGONG_TWONEW_SOCIAL_MIN_STAFF", SOCIAL_ORG_MIN_STAFF.value))


@dataclass(frozen=True)
class Verdict:
    counted: bool
    reasons: tuple[str, ...]


def _status_label(status: str) -> str:
    return {
        "shell": _("空壳企业（组织）"),
        "dormant": _("僵尸（长期停止经营）"),
        "closed": _("已注销或停业"),
    }[status]


def counting_verdict(
    *, kind: str, operating_status: str, fixed_place: bool, employees: int, real_operation: bool
) -> Verdict:
    """Whether a unit enters the denominator of the coverage rates, and why.

    An enterprise counts with the "three haves" (三有): a fixed place of business, at least
    the minimum employees and real business activity. A social organization counts with
    at least the minimum staff and real activity (its registered domicile is its place).
    Shell, dormant and closed units never count. When the unit does not count, the
    reasons are every condition it misses; when it counts, the conditions it meets."""
    if kind not in KINDS:
        raise ApplicationError(_("组织类型应为非公有制企业或社会组织"), field="kind")
    if operating_status not in OPERATING_STATUSES:
        raise ApplicationError(_("经营状态不正确"), field="operating_status")
    missing: list[str] = []
    met: list[str] = []
    if operating_status in EXCLUDED_STATUSES.value:
        missing.append(_("%(s)s，不计入统计范围") % {"s": _status_label(operating_status)})
    if kind == "enterprise":
        line = min_employees()
        if fixed_place:
            met.append(_("有固定经营场所"))
        else:
            missing.append(_("无固定经营场所"))
        if employees >= line:
            met.append(_("从业人员%(n)d人，达到%(m)d人") % {"n": employees, "m": line})
        else:
            missing.append(_("从业人员%(n)d人，不足%(m)d人") % {"n": employees, "m": line})
    else:
        line = social_min_staff()
        if employees >= line:
            met.append(_("工作人员%(n)d人，达到%(m)d人") % {"n": employees, "m": line})
        else:
            missing.append(_("工作人员%(n)d人，不足%(m)d人") % {"n": employees, "m": line})
    if real_operation:
        met.append(_("实体运营"))
    else:
        missing.append(_("未实体运营"))
    if missing:
        return Verdict(False, tuple(missing))
    return Verdict(True, tuple(met))


# Coverage (两个覆盖) and the rates ----------------------------------------------------------

NON_PUBLIC_OPINION = (
    "中办《关于加强和改进非公有制企业党的建设工作的意见（试行）》（中办发〔2012〕11号）"
)
SEPARATE_MIN_FULL_MEMBERS = Rule(
    3,
    NON_PUBLIC_OPINION,
    "RULES.md §11 [V]: 3 or more full members and ready → a separate party organization; "
    "otherwise a joint (regional or sector) organization",
)
ORG_COVERAGE_RATE = Rule(
    "(separate + joint) / counted",
    NON_PUBLIC_OPINION,
    "RULES.md §11 [V]: organization coverage = units with a separately or jointly formed "
    "party organization ÷ units in real operation",
)
SEPARATE_RATE = Rule(
    "separate / counted",
    NON_PUBLIC_OPINION,
    "RULES.md §11 [V]: separate-organization rate = units with a separately formed party "
    "organization ÷ units in real operation",
)
WORK_COVERAGE_RATE = Rule(
    "(organized + instructor or liaison) / counted",
    "各地“两个覆盖”统计口径（工作覆盖：选派党建工作指导员、联络员开展党的工作）",
    "RULES.md §11 [S/M, derived]: no document gives the formula; derived as units covered "
    "by an organization plus units without one that have an instructor or a liaison, over "
    "units in real operation",
)
COVERAGES = ("separate", "joint", "none")


def separate_organization_possible(full_members: int) -> bool:
    """Whether a unit has the full members to form its own party organization."""
    return full_members >= SEPARATE_MIN_FULL_MEMBERS.value


def suggested_coverage(full_members: int) -> str:
    """ "separate" with enough full members, else "joint_or_instructor" (a joint
    organization, or an instructor or liaison until one can be formed)."""
    return "separate" if separate_organization_possible(full_members) else "joint_or_instructor"


@dataclass(frozen=True)
class CoverageKind:
    counted: bool
    separate: bool
    organized: bool
    work_covered: bool
    why: str


def coverage_kind(
    *, counted: bool, coverage: str, has_instructor: bool, has_liaison: bool
) -> CoverageKind:
    """Which numerators a unit enters: separate ⊂ organized ⊂ work covered; a unit outside
    the counting enters none."""
    if coverage not in COVERAGES:
        raise ApplicationError(_("覆盖方式应为单独组建、联合组建或未组建"), field="coverage")
    if not counted:
        return CoverageKind(False, False, False, False, _("不在统计范围内，不计入覆盖率"))
    if coverage == "separate":
        return CoverageKind(True, True, True, True, _("单独组建党组织，计入组织覆盖和单独组建"))
    if coverage == "joint":
        return CoverageKind(True, False, True, True, _("联合组建党组织，计入组织覆盖"))
    if has_instructor or has_liaison:
        who = _("党建工作指导员") if has_instructor else _("党建工作联络员")
        return CoverageKind(
            True, False, False, True, _("未建党组织，有%(w)s，计入工作覆盖") % {"w": who}
        )
    return CoverageKind(
        True, False, False, False, _("未建党组织，也无党建工作指导员或联络员，未覆盖")
    )


@dataclass(frozen=True)
class Rates:
    counted: int
    separate: int
    organized: int
    work_covered: int
    org_coverage_rate: Decimal | None
    separate_rate: Decimal | None
    work_coverage_rate: Decimal | None


def coverage_rates(kinds: list[CoverageKind]) -> Rates:
    """The three rates as percentages (2 places, half up) over the counted units; None
    when no unit counts."""
    counted = [kind for kind in kinds if kind.counted]
    separate = sum(kind.separate for kind in counted)
    organized = sum(kind.organized for kind in counted)
    work = sum(kind.work_covered for kind in counted)
    return Rates(
        counted=len(counted),
        separate=separate,
        organized=organized,
        work_covered=work,
        org_coverage_rate=percent(organized, len(counted)),
        separate_rate=percent(separate, len(counted)),
        work_coverage_rate=percent(work, len(counted)),
    )


# Party-building instructors (党建工作指导员) ------------------------------------------------

INSTRUCTOR_VISIT_EVERY_DAYS = Rule(
    15,
    "各地党建工作指导员管理办法（如黔南州：每半月至少到所联系企业一次）",
    "next-modules R7 [S]: 黔南 asks at least one visit every half month, taken as 15 days; "
    "set per authority with ZUGONG_INSTRUCTOR_VISIT_DAYS",
)


def instructor_visit_days() -> int:
    return int(setting("ZUGONG_INSTRUCTOR_VISIT_DAYS", INSTRUCTOR_VISIT_EVERY_DAYS.value))


def visit_overdue(
    *,
    last_visit: dt.date | None,
    assigned_on: dt.date,
    today: dt.date,
    every_days: int | None = None,
) -> int:
    """Days a visit is overdue (0 when not). The next visit is due ``every_days`` after the
    last one, or after the assignment when there was none since: last on 1 March, every
    15 days → due 16 March, 1 day overdue on 17 March."""
    every = instructor_visit_days() if every_days is None else every_days
    since = max(last_visit, assigned_on) if last_visit else assigned_on
    due = since + dt.timedelta(days=every)
    return max(0, (today - due).days)


# Social organizations: "党建入章" and the four synchronisations -----------------------------

FOUR_SYNC = Rule(
    (
        ("charter", gettext_lazy("章程制定同步")),
        ("registration", gettext_lazy("登记管理同步")),
        ("annual_report", gettext_lazy("年检年报同步")),
        ("evaluation", gettext_lazy("组织评估同步")),
    ),
    "各地社会组织党建工作（如黔南州：党建入章，“四同步”，年度登记、党建同检）",
    "next-modules R8 [S]: party building is written into the charter and checked together "
    "with the charter, registration, annual inspection or report and evaluation",
)


def four_sync_missing(done: set[str]) -> list[str]:
    """Labels of the synchronisations not in ``done`` (codes), in the rule's order."""
    return [str(label) for code, label in FOUR_SYNC.value if code not in done]
