"""Demo records of the grassroots module: demonstration (its owner fills this in)."""

from __future__ import annotations

import datetime as dt
import random


def build(rng: random.Random, today: dt.date) -> str:
    return ""
