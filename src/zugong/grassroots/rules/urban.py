"""Urban party building: contracted co-building (契约化共建), in-service members reporting
to their communities (在职党员到社区报到) and grids (网格) (next-modules R10–R12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core.errors import ApplicationError
from zugong.core.rules import Rule, shift_months
from zugong.grassroots.rules.common import Finding, setting

# Contracted co-building ----------------------------------------------------------------

CONTRACT_STEPS = Rule(
    ("商约", "签约", "履约", "评约"),
    "各地城市基层党建契约化共建（如桂林市象山区：商约、签约、履约、评约）",
    "next-modules R11 [S]: Guilin's four steps; Shaoxing (its origin) uses 谈约、签约、亮约、"
    "履约、评约. ZUGONG_CONTRACT_STEPS overrides with another sequence",
)


def contract_steps() -> tuple[str, ...]:
    return tuple(setting("ZUGONG_CONTRACT_STEPS", CONTRACT_STEPS.value))


def _step_index(step: str) -> int:
    steps = contract_steps()
    if step not in steps:
        raise ApplicationError(
            _("环节“%(s)s”不在%(all)s之中") % {"s": step, "all": "、".join(steps)}, field="step"
        )
    return steps.index(step)


def next_step(step: str | None) -> str | None:
    """The step after ``step`` (the first one when None); None after the last step."""
    steps = contract_steps()
    if step is None:
        return steps[0]
    index = _step_index(step)
    return steps[index + 1] if index + 1 < len(steps) else None


def check_step_order(current: str | None, target: str) -> None:
    """Refuse moving a contract to any step but the next one: no skipping, no going back."""
    _step_index(target)
    expected = next_step(current)
    if target != expected:
        if expected is None:
            message = _("契约已完成“%(c)s”，没有后续环节") % {"c": current}
        else:
            message = _("下一环节应为“%(e)s”，不能进入“%(t)s”") % {"e": expected, "t": target}
        raise ApplicationError(message, field="step")


@dataclass(frozen=True)
class ItemState:
    due_on: dt.date | None
    fulfilled_on: dt.date | None = None


@dataclass(frozen=True)
class Health:
    total: int
    due: int  # due on or before today, fulfilled or not
    fulfilled: int  # fulfilled on or before today
    overdue: int  # not fulfilled, due before today
    not_due: int  # not fulfilled, due today or later or without a date
    late: int  # fulfilled after its due day


def contract_health(items: list[ItemState], today: dt.date) -> Health:
    """Where a contract's items stand; fulfilled + overdue + not_due = total."""
    fulfilled = overdue = not_due = due = late = 0
    for item in items:
        if item.due_on is not None and item.due_on <= today:
            due += 1
        if item.fulfilled_on is not None and item.fulfilled_on <= today:
            fulfilled += 1
            late += item.due_on is not None and item.fulfilled_on > item.due_on
        elif item.due_on is not None and item.due_on < today:
            overdue += 1
        else:
            not_due += 1
    return Health(len(items), due, fulfilled, overdue, not_due, late)


# In-service members reporting to their communities (双报到) ---------------------------------

DUAL_REPORT_PRACTICE = "各地在职党员到社区报到制度"
DUAL_REPORT_REREPORT_MONTHS = Rule(
    6,
    DUAL_REPORT_PRACTICE + "（如佛山：每半年到社区报到一次）",
    "next-modules R10 [S]: Foshan asks a report every half year after the first one; "
    "ZUGONG_DUAL_REPORT_REREPORT_MONTHS overrides (0 or None: no re-report)",
)
DUAL_REPORT_MIN_HOURS = Rule(
    50,
    DUAL_REPORT_PRACTICE + "（如邢台市桥西区：每年社区服务不少于50小时）",
    "next-modules R10 [S]: Xingtai Qiaoxi; ZUGONG_DUAL_REPORT_MIN_HOURS overrides",
)
DUAL_REPORT_UNIT_RATE_FLOOR = Rule(
    Decimal("0.95"),
    DUAL_REPORT_PRACTICE + "（如邢台市桥西区：报到率低于95%的单位取消评先资格）",
    "next-modules R10 [S]: a unit whose report rate is below 95 % loses its assessment "
    "eligibility; ZUGONG_DUAL_REPORT_UNIT_RATE_FLOOR overrides (a fraction)",
)
APPRAISAL_GRADES = ("excellent", "qualified", "basically_qualified", "unqualified")
APPRAISAL_LABELS = {
    "excellent": gettext_lazy("优秀"),
    "qualified": gettext_lazy("合格"),
    "basically_qualified": gettext_lazy("基本合格"),
    "unqualified": gettext_lazy("不合格"),
}
DUAL_REPORT_APPRAISAL_CAP = Rule(
    "basically_qualified",
    DUAL_REPORT_PRACTICE + "（如佛山：未按要求报到的，民主评议不能评为合格及以上等次）",
    "next-modules R10 [S]: Foshan; the best grade a member who has not reported may get "
    "in the democratic appraisal (grades as the party app's MemberReview: excellent > "
    "qualified > basically_qualified > unqualified); ZUGONG_DUAL_REPORT_APPRAISAL_CAP "
    "overrides, None lifts the cap",
)
DUAL_REPORT_KINDS = Rule(
    ("organ", "public_institution", "school", "state_enterprise"),
    DUAL_REPORT_PRACTICE + "（机关、事业单位、国有企业在职党员到居住地社区报到）",
    "next-modules R10 [S; national wording not seen, M]: the organ, public-institution and "
    "state-enterprise categories (core OrgCategory values) whose members report; public "
    "schools are public institutions (事业单位), kept as their own category in core",
)


def rereport_months() -> int:
    return int(
        setting("ZUGONG_DUAL_REPORT_REREPORT_MONTHS", DUAL_REPORT_REREPORT_MONTHS.value) or 0
    )


def rereport_date(last_reported: dt.date) -> dt.date | None:
    """When the next report falls due after ``last_reported``; None without re-reporting."""
    months = rereport_months()
    return shift_months(last_reported, months) if months else None


def rereport_due(last_reported: dt.date, today: dt.date) -> dt.date | None:
    """The day a re-report fell due when it has (on or before ``today``), else None:
    last reported 10 March, every 6 months → due 10 September, listed from that day."""
    due = rereport_date(last_reported)
    return due if due is not None and due <= today else None


def hours_short(hours: Decimal, target: Decimal | None = None) -> Decimal:
    """Service hours still missing for the year's target (0 when met)."""
    goal = setting("ZUGONG_DUAL_REPORT_MIN_HOURS", DUAL_REPORT_MIN_HOURS.value)
    goal = Decimal(str(goal if target is None else target))
    return max(Decimal(0), goal - Decimal(str(hours)))


def unit_rate_floor() -> Decimal:
    floor = setting("ZUGONG_DUAL_REPORT_UNIT_RATE_FLOOR", DUAL_REPORT_UNIT_RATE_FLOOR.value)
    return Decimal(str(floor))


def unit_below_floor(*, reported: int, members: int) -> bool:
    """Whether a unit's report rate (reported ÷ in-service members) is below the floor."""
    return bool(members) and Decimal(reported) / Decimal(members) < unit_rate_floor()


def appraisal_cap() -> str | None:
    return setting("ZUGONG_DUAL_REPORT_APPRAISAL_CAP", DUAL_REPORT_APPRAISAL_CAP.value)


def review_grade_allowed(grade: str, reported: bool) -> bool:
    """Whether a member may get ``grade`` in the democratic appraisal: one who has not
    reported gets at best the cap (basically qualified by default)."""
    if grade not in APPRAISAL_GRADES:
        raise ApplicationError(_("评议等次不正确"), field="grade")
    cap = appraisal_cap()
    if reported or cap is None:
        return True
    return APPRAISAL_GRADES.index(grade) >= APPRAISAL_GRADES.index(cap)


def review_grade_message() -> str:
    """Why a higher grade is refused to a member who has not reported."""
    cap = appraisal_cap() or APPRAISAL_GRADES[-1]
    better = APPRAISAL_GRADES[APPRAISAL_GRADES.index(cap) - 1] if cap != "excellent" else cap
    return _("未按要求到社区报到的在职党员，民主评议不能评为“%(g)s”及以上等次") % {
        "g": APPRAISAL_LABELS[better]
    }


def must_report(org_category: str) -> bool:
    return org_category in DUAL_REPORT_KINDS.value


SERVICE_CATEGORIES = Rule(
    (
        ("organization", gettext_lazy("组织建设")),
        ("legal_aid", gettext_lazy("法律咨询与援助")),
        ("assistance", gettext_lazy("助困扶残与就业援助")),
        ("governance", gettext_lazy("社区治理")),
        ("health", gettext_lazy("健康医疗")),
        ("culture_sports", gettext_lazy("文化体育")),
        ("safety_patrol", gettext_lazy("安全宣传与治安巡逻")),
        ("other", gettext_lazy("其他")),
    ),
    DUAL_REPORT_PRACTICE + "（如中江县：8类服务岗位）",
    "next-modules 2.6 and R10 [S]: Zhongjiang's eight service-post categories",
)


# Grids (网格) ----------------------------------------------------------------------------

GRID_LEVELS = Rule(
    (("grid", gettext_lazy("网格")), ("micro_grid", gettext_lazy("微网格"))),
    "各地网格化治理（社区—网格—微网格）",
    "next-modules R12 [S]: Guilin Wumei splits grids into micro-grids; the community is "
    "the organization itself",
)
GRID_PARTY_UNIT = Rule(
    ("grid",),
    "各地网格化治理（一网格一支部（党小组））",
    "next-modules R12 [S]: Beihai's one party branch or group per grid; the levels that "
    "must have one, ZUGONG_GRID_PARTY_UNIT_LEVELS overrides",
)
GRID_MEMBER_STAFF = Rule(
    True,
    "各地网格化治理（网格员中配备党员）",
    "next-modules 2.5 [M]: a grid's staff should include a party member (the coverage check "
    "found no rule text)",
)
MICRO_GRID_REPORTED = Rule(
    True,
    DUAL_REPORT_PRACTICE + "（报到党员编入网格）",
    "next-modules 2.5 [M]: every micro-grid should have at least one reported in-service "
    "member serving it",
)


def grid_findings(
    *, level: str, has_party_unit: bool, staff_members: int, reported_members: int
) -> list[Finding]:
    """The coverage checks of a grid or micro-grid: a party organization or group where
    the level needs one, a party member among the staff, a reported member in a micro-grid.
    ``staff_members`` counts the party members among the grid's staff."""
    levels = [code for code, _label in GRID_LEVELS.value]
    if level not in levels:
        raise ApplicationError(_("网格层级不正确"), field="level")
    findings = []
    party_levels = setting("ZUGONG_GRID_PARTY_UNIT_LEVELS", GRID_PARTY_UNIT.value)
    if level in party_levels and not has_party_unit:
        findings.append(
            Finding(
                "no_party_unit",
                _("网格未建立党支部或党小组"),
                GRID_PARTY_UNIT.source,
            )
        )
    if GRID_MEMBER_STAFF.value and staff_members <= 0:
        findings.append(
            Finding("no_member_staff", _("网格工作人员中没有党员"), GRID_MEMBER_STAFF.source)
        )
    if MICRO_GRID_REPORTED.value and level == "micro_grid" and reported_members <= 0:
        findings.append(
            Finding(
                "micro_no_reported",
                _("微网格没有到社区报到的在职党员"),
                MICRO_GRID_REPORTED.source,
            )
        )
    return findings
