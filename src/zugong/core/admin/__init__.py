"""The back office. Importing the modules registers their ModelAdmins on ``site``."""

from zugong.core.admin import access, account, audit, codes, jobs, organizations, persons, security  # noqa: F401
from zugong.core.admin.site import site

__all__ = ["site"]
