"""The workplan API: importing the areas' modules adds their operations to the router."""

from zugong.workplan.api import plans, tasks  # noqa: F401
from zugong.workplan.api.router import router

__all__ = ["router"]
