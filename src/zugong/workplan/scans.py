"""The work plan's scheduled scan (core.schedule): lights and supervision notices."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zugong.core.schedule import scan
from zugong.workplan.services.lights import refresh_lights


@scan("workplan.lights", title=_("工作任务亮灯与督办"), daily_at="01:30")
def lights(today: dt.date) -> dict:
    return refresh_lights(today)
