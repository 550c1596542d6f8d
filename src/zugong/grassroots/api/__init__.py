"""The grassroots API: importing the areas' modules adds their operations to the router."""

from zugong.grassroots.api import collective, organ, rating, twonew, urban  # noqa: F401
from zugong.grassroots.api.router import router

__all__ = ["router"]
