"""The one application error type. Services raise it with a Chinese message; the admin
shows it as a message and the API turns it into its error shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied


class ApplicationError(Exception):
    """A domain error the user can act on. ``message`` is shown to the user as is."""

    code = "invalid"
    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, details: list[dict[str, Any]] | None = None
    ):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.details = details or ([{"field": field, "message": self.message}] if field else [])


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


class PermissionDenied(ApplicationError, DjangoPermissionDenied):
    """Refused for want of a capability: the API answers 403 in its error shape, a page
    answers Django's 403 page."""

    code = "forbidden"
    status = 403
