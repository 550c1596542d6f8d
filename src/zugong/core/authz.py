"""Entry points declare what they need: ``@requires`` on an API operation, an admin
page or a background job, checked before anything is read.

A request starts in the user's base scope, which holds no rows. The entry point's
requirement narrows it to the subtrees where the requirement is met, for the rest of
the request (the response is rendered and serialized after the view returns; the
scope middleware restores the previous scope when the request ends). Where a page
also shows facts needing another capability (a cadre's supervision records), that
part reads inside :func:`narrowed`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

from django.http import HttpRequest
from django.utils.translation import gettext as _

from zugong.core import scope as scope_module
from zugong.core.capabilities import Requirement, as_requirement
from zugong.core.errors import PermissionDenied


def denied(requirement: Requirement) -> PermissionDenied:
    if requirement.signed_in:
        return PermissionDenied(_("您没有任何角色授权，请联系安全管理员"))
    return PermissionDenied(_("您没有“%(c)s”的权限") % {"c": requirement.label()})


def enter(request, requirement: Requirement) -> scope_module.Scope:
    """Check ``requirement`` for the request's user and narrow the request's scope."""
    access = getattr(request, "access", None)
    if access is None or not access.allows(requirement):
        raise denied(requirement)
    current = scope_module.active_scope() or access.base_scope()
    narrowed_scope = current if requirement.signed_in else current.narrow(requirement)
    scope_module.replace(narrowed_scope)
    return narrowed_scope


def _request_of(args) -> HttpRequest:
    for arg in args[:2]:
        if isinstance(arg, HttpRequest):
            return arg
    raise TypeError("@requires decorates a view taking the request as first argument")


def requires(*capabilities, requirement: Requirement | None = None):
    """Declare and enforce what a view, an action or an API operation needs.

    ``@requires(VIEW_MEMBER)``: that capability; ``@requires(VIEW_MEMBER, EXPORT)``:
    both, in the same subtree; ``@requires(requirement=need_any(A, B))``: either.
    """
    declared = requirement or as_requirement(capabilities)

    def decorate(func):
        @functools.wraps(func)
        def guarded(*args, **kwargs):
            enter(_request_of(args), declared)
            return func(*args, **kwargs)

        guarded.zugong_requirement = declared
        return guarded

    return decorate


def requirement_of(view) -> Requirement | None:
    """The requirement a view declared, looking through decorators' wrappers."""
    seen = 0
    while view is not None and seen < 20:
        declared = getattr(view, "zugong_requirement", None)
        if declared is not None:
            return declared
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return None


@contextlib.contextmanager
def narrowed(requirement) -> Iterator[scope_module.Scope]:
    """Read a part of a page under a further requirement (limited to the current scope)."""
    with scope_module.activate(
        scope_module.current_scope().narrow(as_requirement(requirement))
    ) as scope:
        yield scope


def holds(request, requirement, path: str | None = None) -> bool:
    """Whether the user meets ``requirement`` anywhere (path None) or at ``path``."""
    access = getattr(request, "access", None)
    if access is None:
        return False
    paths = as_requirement(requirement).paths(access.grants)
    return bool(paths) if path is None else any(path.startswith(p) for p in paths)
