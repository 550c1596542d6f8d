"""The demo district's grassroots records (core.demo calls ``extend``).

Areas build in dependency order: the two-new registry and the collective economy first
(the star rating's evidence reads them), co-building and organ work, then the ratings,
then the demonstration chain (a site is suspended when its village's star falls).

The records are current work, so they are placed against the real today (as the party
and cadres demos place what must be current): this year's ratings in progress, this
year's income up to this month, visits overdue as of today. ``today`` from core.demo is
the fixed day the district's people are drawn against, not used here.
"""

from __future__ import annotations

import datetime as dt
import random

from zugong.grassroots import (
    demo_collective,
    demo_demonstration,
    demo_organ,
    demo_rating,
    demo_twonew,
    demo_urban,
)


def extend(rng: random.Random, today: dt.date) -> str:
    today = dt.date.today()
    lines = [
        demo_twonew.build(rng, today),
        demo_collective.build(rng, today),
        demo_urban.build(rng, today),
        demo_organ.build(rng, today),
        demo_rating.build(rng, today),
        demo_demonstration.build(rng, today),
    ]
    return "；".join(line for line in lines if line)
