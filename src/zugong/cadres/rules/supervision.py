"""Supervision deadlines: the written reply to an inquiry (函询)."""

from __future__ import annotations

import datetime as dt

from zugong.core import workdays
from zugong.core.rules import Rule

INQUIRY_REPLY_DAYS = Rule(
    15,
    "《关于对党员领导干部进行诫勉谈话和函询的暂行办法》第七条",
    "RULES.md §8.2: the cadre inquired of replies in writing within 15 working days of "
    "receiving the letter, counted on the working-day calendar (holidays off, make-up "
    "working days on)",
)


def reply_due(received: dt.date) -> dt.date:
    """The last day of the written reply to an inquiry received on ``received``."""
    return workdays.add_working_days(received, INQUIRY_REPLY_DAYS.value)
