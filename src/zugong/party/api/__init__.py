"""API of the party app under /api/v1/party/, kept by subject in this package's modules;
importing them registers their routes on ``router``."""

from zugong.party.api import development, dues, life, members, transfers  # noqa: F401
from zugong.party.api.router import router

__all__ = ["router"]
