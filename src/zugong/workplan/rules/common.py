"""What the work plan rules share."""

from __future__ import annotations

from django.conf import settings


def setting(name: str, default):
    """A value from the settings (ZUGONG_WORKPLAN_…), else the listed default."""
    return getattr(settings, name, default)
