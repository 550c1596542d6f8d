"""Per-request data scope and audit actor."""

from __future__ import annotations

from zugong.core.audit import acting_as
from zugong.core.scope import activate
from zugong.core.services.access import get_access


def client_ip(request) -> str:
    # Behind the intranet's reverse proxy the client is in X-Forwarded-For; the proxy
    # is trusted to overwrite it (docs/operations.md).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")


class ScopeMiddleware:
    """Activates the user's base scope (no rows) for the whole request; the entry point
    narrows it to the subtrees where its declared capability is held (core.authz).

    The user is resolved lazily by Django; reading ``request.user`` here is what makes
    every later query in the request scoped to it. API token users are handled by the
    API's auth class, which re-activates the scope for the token's user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        access = get_access(request.user) if request.user.is_authenticated else get_access(None)
        request.access = access
        with activate(access.base_scope()), acting_as(request.user, client_ip(request)):
            return self.get_response(request)
