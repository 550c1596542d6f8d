"""The demo district's talent work (core.demo calls ``extend``).

The pool comes first (every other area reads its talents); then certification, the
card and its services, housing, cooperation and the contact ledgers. Current work is
placed against the real today, as the other apps' demos do.
"""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module
from importlib.util import find_spec

AREAS = ("pool", "certification", "card", "housing", "cooperation", "contact")


def extend(rng: random.Random, today: dt.date) -> str:
    today = dt.date.today()
    lines = []
    for area in AREAS:
        name = f"zugong.talent.demo_{area}"
        if find_spec(name):
            lines.append(import_module(name).build(rng, today))
    return "；".join(line for line in lines if line)
