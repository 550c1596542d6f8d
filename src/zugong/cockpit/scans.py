"""The cockpit's daily scan: the tally counted again from the modules (core.schedule)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.cockpit import tally
from zugong.core.schedule import scan


@scan("cockpit.tally", title=gettext_lazy("驾驶舱统计"), daily_at="02:00")
def rebuild_tally(today: dt.date) -> dict:
    result = tally.rebuild(today)
    return {
        "message": _("驾驶舱统计完成：%(n)d个组织，用时%(s)s秒")
        % {"n": result["rows"], "s": result["seconds"]},
        **result,
    }
