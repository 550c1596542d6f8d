"""Data scope (数据权限): every query of a scoped model is limited to organization subtrees.

A scope is a set of organization tree paths; a row is in scope when its organization's
path starts with one of them. The scope lives in a context variable set by the request
middleware, the task wrapper, management commands and test fixtures. A scoped manager
refuses to run a query while no scope is active, so a forgotten scope is an error,
never a silent leak. ``Model.objects.unscoped()`` bypasses the check: every use carries
a comment saying why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.db.models.sql import Query
from django.http import Http404


class ScopeError(RuntimeError):
    """A scoped model was queried while no scope was active."""


@dataclass(frozen=True)
class Scope:
    """Organization subtrees (by tree path) the current actor may see.

    ``everything`` is for system work with no user (migrations, the demo builder,
    the audit verifier); it is only ever set through :func:`system_scope`.
    """

    paths: tuple[str, ...] = ()
    everything: bool = False
    user_id: int | None = None
    label: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    # Every grant of the user, (tree path, capabilities), so an entry point can narrow
    # the scope to the subtrees where its capability is held.
    grants: tuple[tuple[str, frozenset[str]], ...] = field(default=(), compare=False)
    # The request's scope before any entry point declared what it needs: no rows at all.
    base: bool = False
    # The "own records" kind (capabilities.OWN_CAPABILITIES): the user's own person,
    # the own capabilities held over it, and, once an entry point met its requirement
    # through them, ``own_person``: rows of that person are in scope (on models that
    # name their person with ``ScopedManager(..., own=...)``).
    person_id: int | None = field(default=None, compare=False)
    own: frozenset[str] = field(default=frozenset(), compare=False)
    own_person: int | None = None

    def narrow(self, requirement) -> Scope:
        """The subtrees where ``requirement`` (capabilities.Requirement) is met.

        From the base scope these come from the grants alone; from a scope an entry
        point already narrowed, they are also limited to it, so narrowing never widens.
        """
        if self.everything:
            return self
        paths = requirement.paths(self.grants)
        if not self.base:
            paths = intersect(paths, self.paths)
        own_person = None
        if self.person_id is not None and requirement.met_by_own(self.own):
            # Narrowing never widens: a scope already narrowed to the subtrees keeps
            # no own rows unless it held them.
            if self.base or self.own_person == self.person_id:
                own_person = self.person_id
        return Scope(
            paths=paths,
            user_id=self.user_id,
            label=requirement.label(),
            grants=self.grants,
            person_id=self.person_id,
            own=self.own,
            own_person=own_person,
        )

    def contains_path(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.paths)

    def q(self, lookup: str) -> Q:
        """A filter matching rows whose ``lookup`` (a tree path) lies in this scope."""
        if self.everything:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        condition = Q()
        for path in _minimal(self.paths):
            condition |= Q(**{f"{lookup}__startswith": path})
        return condition


def intersect(left: tuple[str, ...], right: tuple[str, ...]) -> tuple[str, ...]:
    """The subtrees lying in both sets of subtrees (paths are prefixes of their subtree)."""
    common = []
    for a in left:
        for b in right:
            if a.startswith(b):
                common.append(a)
            elif b.startswith(a):
                common.append(b)
    return tuple(_minimal(tuple(common)))


def minimal(paths) -> tuple[str, ...]:
    return tuple(_minimal(tuple(paths)))


def _minimal(paths: tuple[str, ...]) -> list[str]:
    """Drop paths already covered by a shorter one (a user holding nested roles)."""
    result: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return result


_current: ContextVar[Scope | None] = ContextVar("zugong_scope", default=None)


def current_scope() -> Scope:
    scope = _current.get()
    if scope is None:
        raise ScopeError("no data scope is active: set one with zugong.core.scope.activate()")
    return scope


def active_scope() -> Scope | None:
    return _current.get()


@contextlib.contextmanager
def activate(scope: Scope) -> Iterator[Scope]:
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def replace(scope: Scope) -> None:
    """Swap the scope inside a request whose scope is already active.

    For the API's token authentication, which learns who the user is after the
    middleware activated the (anonymous) scope, and for an entry point narrowing the
    scope to its capability for the rest of the request (the response is rendered
    after the view returns); the middleware's reset at the end of the request restores
    the previous value, so nothing leaks past the request.
    """
    _current.set(scope)


def system_scope(label: str = "system") -> contextlib.AbstractContextManager[Scope]:
    """The whole database, for work done by the system itself rather than by a user."""
    return activate(Scope(everything=True, label=label))


class ScopedQuery(Query):
    """A query that adds the active scope's filter when it is compiled to SQL.

    Compiling, not building, is where the scope is read: querysets built at import
    time (a form field's choices, a class attribute) stay valid and are scoped to
    whoever evaluates them. Subqueries are compiled through here too.
    """

    scope_lookup: tuple[str, ...] = ()
    own_lookup: str = ""
    scope_applied: bool = False

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if self.scope_applied:
            return super().get_compiler(using, connection, elide_empty)
        scoped = self.clone()
        scoped.apply_scope(current_scope())
        return scoped.get_compiler(using, connection, elide_empty)

    def apply_scope(self, scope: Scope) -> None:
        self.scope_applied = True
        if scope.everything:
            return
        if not self.scope_lookup:
            # A query Django builds itself inside a scoped one (the subquery of an
            # exclude() across a relation, made as self.__class__(model) and trimmed to
            # the related table) carries no lookups: the outer query holds the scope.
            # Filtering it to nothing made the exclude exclude nobody (NOT (0)).
            return
        # A row is in scope when any of its organizations is (a transfer: either side),
        # or, for the "own records" kind, when it is the user's own person's row.
        condition = Q(pk__in=[])
        for lookup in self.scope_lookup:
            condition |= scope.q(lookup)
        if scope.own_person is not None and self.own_lookup:
            condition |= Q(**{self.own_lookup: scope.own_person})
        self.add_q(condition)


class ScopedQuerySet(models.QuerySet):
    def __init__(
        self,
        model=None,
        query=None,
        using=None,
        hints=None,
        scope_lookup: tuple[str, ...] = (),
        own_lookup: str = "",
    ):
        if query is None:
            query = ScopedQuery(model)
            query.scope_lookup = scope_lookup
            query.own_lookup = own_lookup
        super().__init__(model=model, query=query, using=using, hints=hints)

    def _scoped_now(self) -> ScopedQuerySet:
        # Updates and raw deletes swap the query class, so they apply the scope first.
        clone = self._chain()
        if isinstance(clone.query, ScopedQuery) and not clone.query.scope_applied:
            clone.query.apply_scope(current_scope())
        return clone

    def update(self, **kwargs):
        return super(ScopedQuerySet, self._scoped_now()).update(**kwargs)

    update.alters_data = True

    def _update(self, values, returning_fields=None):
        return super(ScopedQuerySet, self._scoped_now())._update(values, returning_fields)

    def _raw_delete(self, using):
        return super(ScopedQuerySet, self._scoped_now())._raw_delete(using)


class ScopedManager(models.Manager):
    """Default manager of a scoped model.

    ``path_lookups`` name the tree path of the organization a row belongs to, e.g.
    ``"path"`` on Organization or ``"organization__path"`` on Person. With several, a
    row is in scope when any of them is: a transfer is seen by the sending and the
    receiving side.

    ``own`` names the row's person (``"person"``, ``"talent__person"``; ``"pk"`` on
    Person itself) for the "own records" kind: a talent on the portal sees the rows
    whose person is their own. A model without it has no own rows.
    """

    def __init__(self, *path_lookups: str, own: str = ""):
        super().__init__()
        self.path_lookups = tuple(path_lookups)
        self.own_lookup = own

    def deconstruct(self):  # keep migrations stable
        return (
            False,
            f"{ScopedManager.__module__}.{ScopedManager.__qualname__}",
            None,
            self.path_lookups,
            {"own": self.own_lookup} if self.own_lookup else {},
        )

    def get_queryset(self) -> models.QuerySet:
        # Related managers (org.persons) are made from this class without arguments;
        # they take the lookups from the model's own default manager.
        default = self.model._default_manager
        lookups = self.path_lookups or default.path_lookups
        own = self.own_lookup or getattr(default, "own_lookup", "")
        return ScopedQuerySet(
            model=self.model,
            using=self._db,
            hints=self._hints,
            scope_lookup=lookups,
            own_lookup=own,
        )

    def unscoped(self) -> models.QuerySet:
        """The whole table. Callers must say in a comment why scope does not apply."""
        return models.QuerySet(model=self.model, using=self._db)


def get_scoped_or_404(model_or_qs, **lookup):
    """The one place an object is fetched by key for a user: outside the scope is 404."""
    queryset = (
        model_or_qs
        if isinstance(model_or_qs, models.QuerySet)
        else model_or_qs._default_manager.all()
    )
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(str(queryset.model._meta.verbose_name)) from exc
