"""The grassroots API: importing the areas' modules adds their operations to the router."""

from zugong.grassroots.api import (  # noqa: F401  # noqa: F401
    collective,
    collective_more,
    demonstration_more,
    organ,
    organ_more,
    rating,
    rating_more,
    twonew,
    twonew_more,
    urban,
)
from zugong.grassroots.api.router import router

__all__ = ["router"]
