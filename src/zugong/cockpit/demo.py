"""The demo district's cockpit (core.demo calls ``extend``; the cockpit is the last app,
so every module's records are in): the tally counted once, as the daily scan would."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.cockpit import tally


def extend(rng: random.Random, today: dt.date) -> str:
    # The other modules place current work against the real today; so does the count.
    result = tally.rebuild(timezone.localdate())
    return _("驾驶舱统计%(n)d个组织") % {"n": result["rows"]}
