"""The development pipeline (发展党员) as data: each step, what it depends on, its
earliest date and its deadline, with the article it comes from; one function checks a
step and one tells what is due next. RULES.md §1.

Rule sets are chosen by the application date. The 2026 revision's full text was not
available; its key deadlines are recorded as equal to 2014's (RULES.md, versioning note)
and must be confirmed before go-live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import workdays
from zugong.party import rules
from zugong.party.rules import shift_months as _add_months

RULE_SETS = [("细则2014", dt.date(2014, 6, 10)), ("细则2026", dt.date(2026, 5, 19))]
S14 = "《中国共产党发展党员工作细则》（2014）"
CONSTITUTION = "《中国共产党章程》"
LOCAL = "各地发展党员工作实施细则"


def rule_set_for(day: dt.date) -> str:
    """The rule set in force on ``day`` (the last one that started on or before it)."""
    chosen = RULE_SETS[0][0]
    for name, start in RULE_SETS:
        if day >= start:
            chosen = name
    return chosen


@dataclass(frozen=True)
class StepSpec:
    code: str
    label: object
    stages: tuple[str, ...]  # stages in which the step may be recorded
    after: str | None = None  # the step it follows
    min_months: int = 0  # earliest: after + months
    max_months: int | None = None  # deadline: after + months
    to_stage: str | None = None
    repeatable: bool = False
    source: str = ""  # the regulation and article, as users read it
    note: str = ""  # for developers: RULES.md section, confidence, what is unverified


STEPS: dict[str, StepSpec] = {
    s.code: s
    for s in [
        StepSpec(
            "application",
            gettext_lazy("递交入党申请书"),
            ("applicant",),
            source=CONSTITUTION + "第一条；" + S14 + "第五条、第六条",
            note="RULES.md §1.2 [V]: at least 18; where to apply",
        ),
        StepSpec(
            "talk",
            gettext_lazy("派人谈话"),
            ("applicant", "activist"),
            "application",
            max_months=1,
            source=S14 + "第七条",
            note="RULES.md §1.2 [V]: a talk within 1 month of the application",
        ),
        StepSpec(
            "activist",
            gettext_lazy("确定为入党积极分子"),
            ("applicant",),
            "application",
            to_stage="activist",
            source=S14 + "第八条",
            note="RULES.md §1.2 [V]: decided by the branch, filed with the higher committee",
        ),
        StepSpec(
            "contacts",
            gettext_lazy("指定培养联系人"),
            ("activist",),
            "activist",
            source=S14 + "第十条",
            note="RULES.md §1.2: 1–2 full members [V for the content]; given as Art. ~10",
        ),
        StepSpec(
            "assessment",
            gettext_lazy("半年考察"),
            ("activist",),
            "activist",
            max_months=6,  # from the previous assessment, the first from the activist date
            repeatable=True,
            source=S14 + "第十一条",
            note="RULES.md §1.2 [V]: assessed once every six months",
        ),
        StepSpec(
            "candidate",
            gettext_lazy("确定为发展对象"),
            ("activist",),
            "activist",
            min_months=12,
            to_stage="candidate",
            source=S14 + "第十三条",
            note="RULES.md §1.2 [V]: at least 1 year of training and assessment",
        ),
        StepSpec(
            "notice",
            gettext_lazy("发展对象公示"),
            ("candidate",),
            "candidate",
            source=LOCAL,
            note="RULES.md §1.2 [S]: at least 5 working days (local rules)",
        ),
        StepSpec(
            "sponsors",
            gettext_lazy("确定入党介绍人"),
            ("candidate",),
            "candidate",
            source=CONSTITUTION + "第五条",
            note="RULES.md §1.2 [V]: two full members; also 细则 Art. ~14",
        ),
        StepSpec(
            "political_review",
            gettext_lazy("政治审查"),
            ("candidate",),
            "candidate",
            source=S14 + "第十六条",
            note="RULES.md §1.2: [V for the content]; given as Art. ~16",
        ),
        StepSpec(
            "training",
            gettext_lazy("短期集中培训"),
            ("candidate",),
            "candidate",
            source=S14 + "第十七条",
            note="RULES.md §1.2 [V]: generally at least 3 days or 24 class hours",
        ),
        StepSpec(
            "pre_review",
            gettext_lazy("上级党委预审"),
            ("candidate",),
            "candidate",
            source=S14 + "第十九条",
            note="RULES.md §1.2 gives no 2014 article for the pre-review (the 2026 mapping cites Art. 19); kept as found, unverified",
        ),
        StepSpec(
            "branch_meeting",
            gettext_lazy("支部大会讨论接收"),
            ("candidate",),
            "pre_review",
            max_months=1,
            source=LOCAL + "；" + S14 + "第二十二条",
            note="RULES.md §1.2: the meeting within 1 month of the pre-review is local [S]; "
            "the vote [V for the content], given as Art. ~22",
        ),
        StepSpec(
            "approval",
            gettext_lazy("上级党委审批"),
            ("candidate",),
            "branch_meeting",
            max_months=3,
            to_stage="probationary",
            source=S14 + "第二十五条、第二十六条",
            note="RULES.md §1.2: approval within 3 months, at most 6 [V for the content]; given as Art. ~25/26",
        ),
        StepSpec(
            "oath",
            gettext_lazy("入党宣誓"),
            ("probationary",),
            "approval",
            max_months=1,
            source=LOCAL,
            note="RULES.md §1.2 [S]: the oath generally within 1 month of approval",
        ),
        StepSpec(
            "extension",
            gettext_lazy("延长预备期"),
            ("probationary",),
            "approval",
            source=CONSTITUTION + "第七条；" + S14 + "第三十二条",
            note="RULES.md §1.2 [V]: once, at least 6 months, at most 1 year",
        ),
        StepSpec(
            "full_meeting",
            gettext_lazy("支部大会讨论转正"),
            ("probationary",),
            "approval",
            max_months=1,  # from the end of probation
            source=S14 + "第三十三条",
            note="RULES.md §1.2: given as Art. ~33–34; the meeting within 1 month is [S]",
        ),
        StepSpec(
            "full_approval",
            gettext_lazy("上级党委审批转正"),
            ("probationary",),
            "full_meeting",
            max_months=3,
            to_stage="full_member",
            source=S14 + "第三十四条",
            note="RULES.md §1.2: approval within 3 months [V]; given as Art. ~33–34",
        ),
        StepSpec(
            "cancel",
            gettext_lazy("取消资格/终止培养"),
            ("applicant", "activist", "candidate", "probationary"),
            to_stage="closed",
            source=CONSTITUTION + "第七条；" + S14 + "第三十二条",
            note="RULES.md §1.2 [V]: probationary status may be cancelled",
        ),
    ]
}
S26 = "《中国共产党发展党员工作细则》（2026年修订）"
# The 2026 revision as far as it is known: the same deadlines (RULES.md, versioning note).
# A source names the 2026 article where the public mappings give one [S]; the note says
# the rest is unconfirmed until the text is seen and the article numbers can be filled in.
ARTICLES_2026 = {
    "application": CONSTITUTION + "第一条；" + S26,
    "notice": S26 + "第十三条",
    "sponsors": CONSTITUTION + "第五条；" + S26,
    "branch_meeting": S26 + "第十九条",
    "approval": S26 + "第二十五条",
    "oath": S26 + "第二十九条",
    "extension": CONSTITUTION + "第七条；" + S26 + "第三十一条",
    "cancel": CONSTITUTION + "第七条；" + S26 + "第三十一条",
}
STEPS_2026: dict[str, StepSpec] = {
    code: replace(
        spec,
        source=ARTICLES_2026.get(code, S26),
        note="RULES.md versioning note [S]: the 2026 full text was not available; deadlines "
        "as in 2014 ("
        + spec.source
        + "); "
        + (
            "article from the public 2026 mappings, unverified"
            if code in ARTICLES_2026 and "第" in ARTICLES_2026[code].split(S26)[-1]
            else "article number not yet known"
        )
        + "; 2014 note: "
        + spec.note,
    )
    for code, spec in STEPS.items()
}
RULE_SET_STEPS = {"细则2014": STEPS, "细则2026": STEPS_2026}


def steps_in_force(day: dt.date) -> dict[str, StepSpec]:
    """The step table of the rule set in force on the day a step is taken."""
    return RULE_SET_STEPS[rule_set_for(day)]


PRE_ADMISSION = ("notice", "sponsors", "political_review", "training")
APPROVAL_EXTENDED_MONTHS = 6
LATE_REASON_REQUIRED = rules.Rule(
    True,
    "本系统要求：超过期限记录的发展环节须说明原因",
    "not a regulation: a step recorded after its deadline is kept (it happened) but must say "
    "why; ZUGONG_LATE_STEP_REASON_REQUIRED=False only marks it late",
)


def late_reason_required() -> bool:
    return getattr(settings, "ZUGONG_LATE_STEP_REASON_REQUIRED", LATE_REASON_REQUIRED.value)


POLITICAL_REVIEW_VALID = rules.Rule(
    1,
    LOCAL,
    "RULES.md §1.2 [S]: local practice treats a political review as valid for 1 year; "
    "ZUGONG_POLITICAL_REVIEW_VALID_YEARS overrides",
)


def political_review_valid_years() -> int:
    return getattr(settings, "ZUGONG_POLITICAL_REVIEW_VALID_YEARS", POLITICAL_REVIEW_VALID.value)


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days of a public notice, both ends included, by the working-day calendar
    (public holidays off, make-up working days on)."""
    return workdays.working_days_between(start, end)


def votes_problem(details: dict) -> str | None:
    """Branch-meeting votes (细则第二十二条): those present must be more than half of the
    voting members who should attend, and 'yes' more than half of those who should attend."""
    try:
        should, present, yes = (
            int(details.get(k, -1)) for k in ("should_attend", "present", "yes")
        )
    except (TypeError, ValueError):
        return _("请填写应到会有表决权的正式党员数、实到人数和赞成票数")
    if min(should, present, yes) < 0:
        return _("请填写应到会有表决权的正式党员数、实到人数和赞成票数")
    if present > should:
        return _("实到%(p)d人多于应到的有表决权正式党员%(s)d人") % {"p": present, "s": should}
    if yes > present:
        return _("赞成票%(y)d张多于实到人数%(p)d人") % {"y": yes, "p": present}
    if present * 2 <= should:
        return _("实到%(p)d人，未超过应到%(s)d人的半数，会议无效") % {"p": present, "s": should}
    if yes * 2 <= should:
        return _("赞成票%(y)d张，未超过应到会有表决权正式党员%(s)d人的半数，未通过") % {
            "y": yes,
            "s": should,
        }
    return None


def probation_end(steps: dict[str, list]) -> dt.date | None:
    meeting = steps.get("branch_meeting")
    if not meeting:
        return None
    extension = steps.get("extension")
    months = int(extension[-1][1].get("months", 0)) if extension else 0
    return rules.probation_end(meeting[-1][0], extension_months=months)


def check_step(
    *,
    stage: str,
    steps: dict[str, list],
    code: str,
    day: dt.date,
    details: dict,
    birth_date: dt.date,
    today: dt.date,
) -> list[str]:
    """Problems with recording step ``code`` on ``day`` (empty when it may be recorded).

    ``steps`` maps a step code to its [(date, details)] recorded so far.
    """
    spec = steps_in_force(day).get(code)
    if spec is None:
        return [_("未知的发展环节")]
    problems = []
    if day > today:
        problems.append(_("%(s)s日期%(d)s晚于今天") % {"s": spec.label, "d": day.isoformat()})
    if stage not in spec.stages:
        problems.append(
            _("当前处于“%(stage)s”阶段，不能记录“%(s)s”")
            % {"stage": STAGE_LABELS[stage], "s": spec.label}
        )
        return problems
    if steps.get(code) and not spec.repeatable and code != "extension":  # extension says why itself
        problems.append(_("“%(s)s”已记录") % {"s": spec.label})
    if spec.after:
        previous = steps.get(spec.after)
        if not previous:
            problems.append(_("须先记录“%(a)s”") % {"a": STEPS[spec.after].label})
            return problems
        base = previous[-1][0]
        if day < base:
            problems.append(
                _("%(s)s日期%(d)s早于%(a)s日期%(b)s")
                % {
                    "s": spec.label,
                    "d": day.isoformat(),
                    "a": STEPS[spec.after].label,
                    "b": base.isoformat(),
                }
            )
        earliest = _add_months(base, spec.min_months)
        if code == "activist":
            earliest = _add_months(base, getattr(settings, "ZUGONG_ACTIVIST_MIN_MONTHS", 0))
        if day < earliest:
            problems.append(
                _("%(s)s最早为%(e)s（%(src)s）")
                % {"s": spec.label, "e": earliest.isoformat(), "src": spec.source}
            )
    if code == "application" and rules.add_years(birth_date, 18) > day:
        problems.append(_("递交申请时未满18周岁（党章第一条）"))
    if code in ("contacts", "sponsors"):
        count = len(details.get("persons", []))
        wanted = (1, 2) if code == "contacts" else (2, 2)
        if not wanted[0] <= count <= wanted[1]:
            problems.append(
                _("培养联系人应为一至两名正式党员")
                if code == "contacts"
                else _("入党介绍人应为两名正式党员")
            )
    if code == "notice":
        try:
            start, end = (
                dt.date.fromisoformat(details["start"]),
                dt.date.fromisoformat(details["end"]),
            )
        except (KeyError, TypeError, ValueError):
            problems.append(_("请填写公示起止日期"))
        else:
            if working_days(start, end) < 5:
                problems.append(
                    _("公示%(n)d个工作日，不足5个工作日") % {"n": working_days(start, end)}
                )
    if code == "training":
        days, hours = float(details.get("days") or 0), float(details.get("hours") or 0)
        if days < 3 and hours < 24:
            problems.append(
                _("短期集中培训一般不少于3天或24个学时（%(src)s）") % {"src": spec.source}
            )
    if code == "pre_review":
        missing = [str(STEPS[c].label) for c in PRE_ADMISSION if not steps.get(c)]
        if missing:
            problems.append(_("预审前须完成：%(m)s") % {"m": "、".join(missing)})
    if code == "branch_meeting" and steps.get("political_review"):
        valid_until = rules.add_years(
            steps["political_review"][-1][0], political_review_valid_years()
        )
        if day > valid_until:
            problems.append(
                _("政治审查已超过有效期（%(d)s前有效），请重新审查")
                % {"d": valid_until.isoformat()}
            )
    if code in ("branch_meeting", "full_meeting"):
        problem = votes_problem(details)
        if problem:
            problems.append(problem)
    if code == "approval" and steps.get("branch_meeting"):
        limit = step_deadline("approval", steps, details)
        if day > limit:
            problems.append(
                _("审批日期%(d)s超过期限%(l)s（%(src)s）")
                % {"d": day.isoformat(), "l": limit.isoformat(), "src": spec.source}
            )
    if code == "extension":
        months = int(details.get("months") or 0)
        if steps.get("extension"):
            problems.append(_("预备期只能延长一次"))
        if not 6 <= months <= 12:
            problems.append(_("延长预备期不少于半年，最长不超过一年（6至12个月）"))
        end = probation_end(steps)
        if end and day < end:
            problems.append(_("预备期%(e)s届满后才能讨论延长") % {"e": end.isoformat()})
    if code == "full_meeting":
        end = probation_end(steps)
        if end and day < end:
            problems.append(_("预备期%(e)s届满后才能讨论转正") % {"e": end.isoformat()})
    return problems


STAGE_LABELS = {
    "applicant": gettext_lazy("入党申请人"),
    "activist": gettext_lazy("入党积极分子"),
    "candidate": gettext_lazy("发展对象"),
    "probationary": gettext_lazy("预备党员"),
    "full_member": gettext_lazy("正式党员"),
    "closed": gettext_lazy("已终止"),
}


@dataclass
class Due:
    label: str
    due: dt.date | None
    overdue: bool
    earliest: dt.date | None = None


@dataclass(frozen=True)
class Late:
    """A step recorded after its deadline: the trace a late record leaves."""

    code: str
    label: str
    occurred_on: dt.date
    deadline: dt.date
    days: int
    source: str
    index: int = 0  # which recording of the step (a repeated assessment), from 0


def step_deadline(code: str, steps: dict[str, list], details: dict | None = None) -> dt.date | None:
    """The last day step ``code`` may be taken, from the steps recorded before it; None for
    a step without a deadline or whose starting step is not recorded yet.

    The months are the specs' ``max_months``, counted from the step they follow; the
    half-yearly assessment from the previous assessment (the first from the activist
    date), the probation-end meeting from the end of probation, and an approval the
    higher committee extended (细则第二十六条) from the branch meeting by six months.
    """
    spec = STEPS.get(code)
    if spec is None or spec.max_months is None:
        return None

    def last(step):
        return steps[step][-1][0] if steps.get(step) else None

    months = spec.max_months
    if code == "assessment":
        base = last("assessment") or last("activist")
    elif code == "full_meeting":
        base = probation_end(steps)
    else:
        base = last(spec.after) if spec.after else None
        if code == "approval" and (details or {}).get("extended"):
            months = APPROVAL_EXTENDED_MONTHS
    return _add_months(base, months) if base else None


def lateness(code: str, day: dt.date, steps: dict[str, list], details: dict | None = None):
    """The step's lateness if taken on ``day`` after its deadline, else None."""
    deadline = step_deadline(code, steps, details)
    if deadline is None or day <= deadline:
        return None
    spec = steps_in_force(day)[code]
    return Late(code, str(spec.label), day, deadline, (day - deadline).days, spec.source)


def late_records(steps: dict[str, list]) -> list[Late]:
    """Every recorded step that was taken after its deadline, each measured against the
    steps recorded before it (a late record stays late when later steps are added)."""
    events = sorted(
        (
            (day, index, code, details)
            for code, items in steps.items()
            for index, (day, details) in enumerate(items)
        ),
        key=lambda event: (event[0], event[1]),
    )
    before: dict[str, list] = {}
    found = []
    for day, index, code, details in events:
        late = lateness(code, day, before, details)
        if late is not None:
            found.append(replace(late, index=index))
        before.setdefault(code, []).append((day, details))
    return found


def next_due(*, stage: str, steps: dict[str, list], today: dt.date) -> list[Due]:
    """What the branch has to do next for a case, with deadlines and earliest dates."""
    result: list[Due] = []

    def last(code):
        return steps[code][-1][0] if steps.get(code) else None

    def deadline(code, earliest=None):
        due = step_deadline(code, steps)
        result.append(Due(str(STEPS[code].label), due, bool(due and today > due), earliest))

    if stage == "applicant":
        if not steps.get("talk") and last("application"):
            deadline("talk")
    elif stage == "activist":
        if not steps.get("contacts"):
            deadline("contacts")
        deadline("assessment")
        deadline("candidate", earliest=_add_months(last("activist"), 12))
    elif stage == "candidate":
        if last("branch_meeting"):
            deadline("approval")
        elif last("pre_review"):
            deadline("branch_meeting")
        else:
            for code in (*PRE_ADMISSION, "pre_review"):
                if not steps.get(code):
                    deadline(code)
    elif stage == "probationary":
        if not steps.get("oath") and last("approval"):
            deadline("oath")
        end = probation_end(steps)
        if last("full_meeting"):
            deadline("full_approval")
        elif end:
            deadline("full_meeting", earliest=end)
    return result
