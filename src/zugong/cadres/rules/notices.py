"""Public notice before appointment (任前公示): how long it runs, and when an appointment
may follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zugong.cadres.rules.common import SELECTION, setting
from zugong.core import workdays
from zugong.core.rules import Rule

NOTICE_ARTICLE = SELECTION + "第四十二条"
NOTICE_DAYS = Rule(
    5,
    NOTICE_ARTICLE,
    "RULES.md §7.4 [V]: at least 5 working days, after the Party committee's decision and "
    "before the appointment notice (2014 Art. 41; 2019 Art. 42, as two public copies of the "
    "2019 text quote it: 第四十二条 实行党政领导干部任职前公示制度); "
    "ZUGONG_APPOINTMENT_NOTICE_DAYS overrides",
)
NOTICE_DAY_KIND = Rule(
    "working",
    NOTICE_ARTICLE,
    "RULES.md §7.4 [V]: working days by the State Council holiday calendar "
    "(zugong.core.workdays, make-up working days included); the first day counts when it is a "
    "working day; ZUGONG_APPOINTMENT_NOTICE_DAY_KIND = working | calendar",
)
NOTICE_EXEMPTIONS = Rule(
    ("special_post", "general_election"),
    NOTICE_ARTICLE,
    "RULES.md §7.4 [V]: promotions to 厅局级 and below are noticed except special posts and "
    "people already noticed during a general election; exceptional promotions state the "
    "reason. The system adds earlier_record for appointments recorded after the fact",
)


def notice_days() -> tuple[int, str]:
    """How many days a notice runs and how they are counted (working or calendar)."""
    days = int(setting("ZUGONG_APPOINTMENT_NOTICE_DAYS", NOTICE_DAYS.value))
    kind = setting("ZUGONG_APPOINTMENT_NOTICE_DAY_KIND", NOTICE_DAY_KIND.value)
    return days, "calendar" if kind == "calendar" else "working"


def notice_end(
    start: dt.date,
    *,
    days: int | None = None,
    kind: str | None = None,
    is_working_day: Callable[[dt.date], bool] = workdays.is_working_day,
) -> dt.date:
    """The last day of a notice starting on ``start``: the ``days``-th working day
    counting ``start`` itself when it is one (or the ``days``-th calendar day)."""
    default_days, default_kind = notice_days()
    days = default_days if days is None else days
    kind = kind or default_kind
    if kind == "calendar":
        return start + dt.timedelta(days=days - 1)
    day, left = start, days - is_working_day(start)
    while left > 0:
        day += dt.timedelta(days=1)
        left -= is_working_day(day)
    return day


@dataclass(frozen=True)
class NoticeFact:
    starts_on: dt.date
    ends_on: dt.date
    failed: bool = False  # closed: the result affects the appointment
    unhandled: int = 0  # objections received and not yet handled
    affecting: int = 0  # objections found to affect the appointment


def notice_refusal(notice: NoticeFact | None, on: dt.date) -> str | None:
    """Why a promotion dated ``on`` may not be made for want of a notice, or None.

    A promotion needs a notice that has ended before the day of appointment, with every
    objection handled and none affecting it."""
    source = NOTICE_ARTICLE
    if notice is None:
        return _("提拔任职应当先进行任前公示，未找到该职务的公示（%(s)s）") % {"s": source}
    dates = {"a": f"{notice.starts_on:%Y-%m-%d}", "b": f"{notice.ends_on:%Y-%m-%d}", "s": source}
    if notice.failed or notice.affecting:
        return _("任前公示（%(a)s至%(b)s）结果影响任职，不能任职（%(s)s）") % dates
    if on <= notice.ends_on:
        return _("任前公示期为%(a)s至%(b)s，任职时间%(d)s未在公示期满之后，不能任职（%(s)s）") % {
            **dates,
            "d": f"{on:%Y-%m-%d}",
        }
    if notice.unhandled:
        return _("任前公示期间收到的%(n)d件反映尚未核查处理，不能任职（%(s)s）") % {
            "n": notice.unhandled,
            "s": source,
        }
    return None
