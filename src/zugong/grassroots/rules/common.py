"""What the grassroots rules share: findings, settings, percentages and amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


@dataclass(frozen=True)
class Finding:
    """Something a record's numbers say needs attention: a code for programs, a Chinese
    message for people and the regulation (or practice) it rests on."""

    code: str
    message: str
    source: str


def setting(name: str, default):
    return getattr(settings, name, default)


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage rounded half up to 2 places; None for 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def plain(number) -> str:
    """A number as people write it: 10 not 10.00, 7.5 not 7.50."""
    text = f"{Decimal(str(number)).normalize():f}"
    return text
