"""A task's light (亮灯): blue near the deadline, yellow behind schedule, red overdue,
counted on the working-day calendar; and the escalation of red into supervision
notices (督办单). One function (``light_of``) decides a task's light; the lights scan
applies it to every open task."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zugong.core import workdays
from zugong.core.rules import Rule
from zugong.workplan.models import Light, TaskStatus
from zugong.workplan.rules.common import setting

COLOURS = Rule(
    ("blue", "yellow", "red"),
    "各地督查督办三色预警做法（蓝色临近时限、黄色进度滞后、红色逾期）",
    "next-modules R17 [S]: 宿迁产发 (2025) blue near the deadline, yellow behind schedule, "
    "red overdue until closed; 三明 (2017) blue → orange → red",
)
BLUE_WORKING_DAYS = Rule(
    5,
    "本系统约定：距完成时限5个工作日以内亮蓝灯",
    "R17: no default found for supervision.near_deadline_days; "
    "ZUGONG_WORKPLAN_BLUE_WORKING_DAYS overrides",
)
YELLOW_LAG_PERCENT = Rule(
    20,
    "本系统约定：已用时间（工作日）比进度超前20个百分点以上，或时间节点已过未完成，亮黄灯",
    "R17 瓯海 compares each period's target; ZUGONG_WORKPLAN_YELLOW_LAG_PERCENT overrides",
)
ESCALATION = Rule(
    (0, 10),
    "各地三色督办单做法（逐级升级督办）；本系统约定：逾期即下发督办单，逾期满10个工作日升级督办",
    "R17 三明 (2017): each notice when the previous one's limit passes; "
    "ZUGONG_WORKPLAN_ESCALATION overrides (working days overdue at which level 1, 2, … "
    "is issued; level 2 and above also go to the department)",
)


def blue_days() -> int:
    return int(setting("ZUGONG_WORKPLAN_BLUE_WORKING_DAYS", BLUE_WORKING_DAYS.value))


def lag_percent() -> int:
    return int(setting("ZUGONG_WORKPLAN_YELLOW_LAG_PERCENT", YELLOW_LAG_PERCENT.value))


def escalation() -> tuple[int, ...]:
    return tuple(setting("ZUGONG_WORKPLAN_ESCALATION", ESCALATION.value))


class WorkingDays:
    """Working-day ordinals over a span of days, so a scan over 100,000 tasks counts
    working days by subtraction instead of walking the calendar for each task."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end = start, end
        self._ordinal: dict[dt.date, int] = {}
        count, day = 0, start
        while day <= end:
            count += workdays.is_working_day(day)
            self._ordinal[day] = count
            day += dt.timedelta(days=1)

    def ordinal(self, day: dt.date) -> int:
        if day < self.start:
            return 0 - (self.start - day).days * 5 // 7  # far outside: an estimate
        if day > self.end:
            return self._ordinal[self.end] + (day - self.end).days * 5 // 7
        return self._ordinal[day]

    def between(self, after: dt.date, upto: dt.date) -> int:
        """Working days in (after, upto]: 0 when upto ≤ after."""
        return max(0, self.ordinal(upto) - self.ordinal(after))


def calendar_for(today: dt.date) -> WorkingDays:
    return WorkingDays(dt.date(today.year - 2, 1, 1), dt.date(today.year + 2, 12, 31))


@dataclass(frozen=True)
class Verdict:
    light: str
    reason: str
    overdue_days: int = 0  # working days past the deadline


def light_of(
    *,
    today: dt.date,
    status: str,
    deadline: dt.date,
    started: dt.date,
    progress: int | None,
    late_milestone: str | None = None,
    days: WorkingDays | None = None,
) -> Verdict:
    """The light of a task on ``today``: done or suspended tasks have none of the three
    colours; red once the deadline has passed (counted in working days); yellow when a
    milestone is overdue or the time used runs ahead of the progress by more than the
    lag; blue within the last working days before the deadline; green otherwise."""
    if status == TaskStatus.DONE:
        return Verdict(Light.DONE, _("已办结"))
    if status == TaskStatus.SUSPENDED:
        return Verdict(Light.SUSPENDED, _("已中止"))
    days = days or calendar_for(today)
    if today > deadline:
        late = days.between(deadline, today)
        return Verdict(Light.RED, _("已逾期%(n)d个工作日") % {"n": late}, late)
    if late_milestone:
        return Verdict(Light.YELLOW, _("时间节点“%(m)s”已过期未完成") % {"m": late_milestone})
    total = days.between(started, deadline)
    if progress is not None and total > 0:
        used = min(100, days.between(started, today) * 100 // total)
        if used - progress > lag_percent():
            return Verdict(
                Light.YELLOW,
                _("时间已过%(u)d%%，进度%(p)d%%") % {"u": used, "p": progress},
            )
    left = days.between(today, deadline)
    if left <= blue_days():
        return Verdict(Light.BLUE, _("距完成时限还有%(n)d个工作日") % {"n": left})
    return Verdict(Light.GREEN, _("正常推进"))


def notice_level(overdue_days: int) -> int:
    """The supervision level a red task has reached: 1 when it turns red, 2 after the
    second threshold, …; 0 for a task that is not overdue."""
    level = 0
    for index, threshold in enumerate(escalation(), start=1):
        if overdue_days >= threshold:
            level = index
    return level
