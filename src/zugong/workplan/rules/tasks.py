"""Rules a task is written under: the report frequencies (汇报频次) and whether a
deadline may fall on a non-working day."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import workdays
from zugong.core.rules import Rule
from zugong.workplan.rules.common import setting

FREQUENCIES = Rule(
    (
        ("weekly", gettext_lazy("每周")),
        ("monthly", gettext_lazy("每月")),
        ("quarterly", gettext_lazy("每季度")),
        ("stage", gettext_lazy("按阶段")),
    ),
    "各地督查督办工作做法（汇报频次：每周、每月、每季度、阶段性）",
    "next-modules §1.1 SV (BPM supervision module: 每日/每周/每月/阶段性) [S]; "
    "ZUGONG_WORKPLAN_FREQUENCIES overrides the list of (code, label)",
)
FREQUENCY_DAYS = Rule(
    {"weekly": 7, "monthly": 31, "quarterly": 92},
    "本系统约定：超过一个汇报周期未报送进度的列入待办（按阶段汇报的不按天数计）",
    "the to-do source's reminder; ZUGONG_WORKPLAN_FREQUENCY_DAYS overrides",
)
DEADLINE_ON_WORKING_DAY = Rule(
    True,
    "本系统约定：完成时限须为工作日（按工作日历）",
    "supervision is counted on working days (next-modules §2.13 ★); "
    "ZUGONG_WORKPLAN_DEADLINE_WORKING_DAY=False allows any day",
)


def frequencies() -> tuple[tuple[str, str], ...]:
    return tuple(setting("ZUGONG_WORKPLAN_FREQUENCIES", FREQUENCIES.value))


def frequency_label(code: str) -> str:
    return str(dict(frequencies()).get(code, code))


def frequency_days(code: str) -> int | None:
    return setting("ZUGONG_WORKPLAN_FREQUENCY_DAYS", FREQUENCY_DAYS.value).get(code)


def deadline_refusal(day: dt.date, what: str | None = None) -> str | None:
    """Why ``day`` cannot be a deadline (a non-working day where the setting forbids
    it), or None."""
    if not setting("ZUGONG_WORKPLAN_DEADLINE_WORKING_DAY", DEADLINE_ON_WORKING_DAY.value):
        return None
    if workdays.is_working_day(day):
        return None
    return _("%(w)s%(d)s不是工作日，请改为工作日") % {
        "w": what or _("完成时限"),
        "d": day.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月"),
    }
