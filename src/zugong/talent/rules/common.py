"""What the talent rules share."""

from __future__ import annotations

from django.conf import settings

# Where no Guilin or Guangxi text was found (RULES.md §12, §14, §15), a value is the
# common practice of other places, named as such, and a setting overrides it.
PRACTICE = "各地通行做法"


def setting(name: str, default):
    """A value from the settings (ZUGONG_TALENT_…), else the listed default."""
    return getattr(settings, name, default)
