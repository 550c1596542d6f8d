"""The back office. Importing the modules registers their ModelAdmins on ``site``."""

from zugong.core.admin import (  # noqa: F401
    access,
    account,
    audit,
    codes,
    jobs,
    notifications,
    organizations,
    persons,
    scans,
    security,
    todo,
)
from zugong.core.admin.site import site

__all__ = ["site"]
