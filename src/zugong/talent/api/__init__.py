"""The talent API: importing the areas' modules adds their operations to the router."""

from zugong.talent.api import card, certification, contact, cooperation, housing, pool  # noqa: F401
from zugong.talent.api.router import router

__all__ = ["router"]
