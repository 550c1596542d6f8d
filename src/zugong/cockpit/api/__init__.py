"""The cockpit API: importing the areas' modules adds their operations to the router."""

from zugong.cockpit.api import figures  # noqa: F401
from zugong.cockpit.api.router import router

__all__ = ["router"]
