"""One to-do list per user (我的待办), fed by every module's deadlines.

A module declares its sources in ``<app>/todo.py`` (found by :func:`discover`)::

    @source("workplan.tasks", capability=VIEW_WORKPLAN, title=_("工作任务"))
    def task_items(today: dt.date) -> Iterable[Item]:
        yield Item(organization_id=…, key="task:42", title="…", due_on=…, url="…")

The ``core.todo`` scan runs every source under the system scope and stores what they
yield as TodoItem rows, replacing each source's previous set in one transaction (a
source that fails keeps its previous set and the scan reports it). A user sees an item
when they hold its capability over an ancestor-or-self of its organization, or, for an
item naming a person, when it is their own person and they hold the capability as an
"own records" one. :func:`items_for` reads that with one indexed query built from the
user's grants: nothing is computed per page view.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.core import bulk
from zugong.core.models import Organization, TodoCount, TodoItem
from zugong.core.models.todo import Severity
from zugong.core.schedule import scan

log = logging.getLogger(__name__)

SEVERITY_RANK = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.NORMAL: 2}


@dataclass(frozen=True)
class Item:
    """What a source yields: one thing to act on, at one organization (or one person's
    own record when ``person_id`` is given)."""

    organization_id: int | None
    key: str
    title: str
    due_on: dt.date | None = None
    url: str = ""
    severity: str = Severity.NORMAL
    person_id: int | None = None


@dataclass(frozen=True)
class Source:
    name: str
    capability: str
    title: object
    func: Callable[[dt.date], Iterable[Item]]


SOURCES: dict[str, Source] = {}


def source(name: str, *, capability: str, title):
    """Register a to-do source; its items are seen by holders of ``capability``."""

    def decorator(func):
        SOURCES[name] = Source(name, capability, title, func)
        return func

    return decorator


_discovered = False


def discover() -> dict[str, Source]:
    global _discovered
    if not _discovered:
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        for config in apps.get_app_configs():
            if (
                config.name.startswith("zugong.")
                and config.label != "core"
                and find_spec(f"{config.name}.todo")
            ):
                import_module(f"{config.name}.todo")
        _discovered = True
    return SOURCES


def source_title(name: str) -> str:
    entry = discover().get(name)
    return str(entry.title) if entry else name


# --- storing -------------------------------------------------------------------------


FIELDS = (
    "source",
    "key",
    "capability",
    "organization_id",
    "path",
    "person_id",
    "title",
    "due_on",
    "url",
    "severity",
    "rank",
    "computed_at",
)


def _rows(entry: Source, items: Iterable[Item], paths: dict[int, str], now) -> list[tuple]:
    """The stored rows (``FIELDS`` order) of a source's items."""
    rows, seen = [], set()
    for item in items:
        if item.key in seen:
            continue  # a source yielding one key twice keeps the first
        seen.add(item.key)
        if item.severity not in SEVERITY_RANK:
            raise ValueError(f"{entry.name}: severity {item.severity!r}")
        path = paths.get(item.organization_id, "") if item.organization_id else ""
        if item.organization_id and not path:
            continue  # an organization removed meanwhile
        rows.append(
            (
                entry.name,
                item.key[:120],
                entry.capability,
                item.organization_id,
                path,
                item.person_id,
                str(item.title)[:300],
                item.due_on,
                item.url[:300],
                item.severity,
                SEVERITY_RANK[item.severity],
                now,
            )
        )
    return rows


def refresh_source(entry: Source, today: dt.date, paths: dict[int, str] | None = None) -> int:
    """Compute one source and replace its stored items atomically (COPY on PostgreSQL).
    Call under a scope that sees everything (the scan's system scope)."""
    if paths is None:
        paths = dict(Organization.objects.values_list("pk", "path"))
    rows = _rows(entry, entry.func(today), paths, timezone.now())
    with transaction.atomic():
        TodoItem.objects.filter(source=entry.name).delete()
        bulk.insert_rows(TodoItem, FIELDS, rows)
        TodoCount.objects.filter(source=entry.name).delete()
        bulk.insert_rows(
            TodoCount,
            ("source", "capability", "path", "n"),
            ((entry.name, entry.capability, path, n) for path, n in _subtree_counts(rows).items()),
        )
    return len(rows)


SEGMENT = 4  # characters of each level of an organization's path (core.models.organizations)


def _subtree_counts(rows: list[tuple]) -> dict[str, int]:
    """Items in the subtree of every organization that has any below it (each item
    counts at its organization and every ancestor)."""
    counts: dict[str, int] = {}
    for row in rows:
        path = row[4]
        for end in range(SEGMENT, len(path) + 1, SEGMENT):
            prefix = path[:end]
            counts[prefix] = counts.get(prefix, 0) + 1
    return counts


@scan(
    "core.todo",
    title=gettext_lazy("计算待办事项"),
    every_minutes=lambda: settings.ZUGONG_TODO_REFRESH_MINUTES,
)
def refresh_all(today: dt.date) -> dict:
    """The ``core.todo`` scan: every source in turn; a failing source is reported and
    keeps its previous items, the others still refresh."""
    paths = dict(Organization.objects.values_list("pk", "path"))
    counts, failed = {}, []
    # One bulk operation: the planner's statistics of the rewritten tables are refreshed
    # at the end (a list planned on stale statistics sorted 126,000 rows instead of
    # reading 300 from the index: 216 ms against 5).
    with bulk.operation():
        for entry in discover().values():
            try:
                counts[entry.name] = refresh_source(entry, today, paths)
            except Exception:  # one module's defect must not empty everyone's list
                log.exception("to-do source %s failed", entry.name)
                failed.append(entry.name)
    # Items of sources no longer registered (a module removed) go too.
    TodoItem.objects.exclude(source__in=list(discover())).delete()
    TodoCount.objects.exclude(source__in=list(discover())).delete()
    total = sum(counts.values())
    message = _("共%(n)d项待办，来自%(s)d个来源") % {"n": total, "s": len(counts)}
    if failed:
        message += _("；计算失败：%(f)s") % {"f": "、".join(failed)}
    return {"message": message, "items": total, "sources": len(counts), "failed": len(failed)}


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class TodoRow:
    source: str
    source_title: str
    key: str
    title: str
    due_on: dt.date | None
    url: str
    severity: str
    organization: str
    computed_at: dt.datetime

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label)


DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _successor(path: str) -> str | None:
    """The next tree path of the same length (base 36, carrying): the exclusive upper
    bound of a subtree, None past the last."""
    chars = list(path)
    for position in range(len(chars) - 1, -1, -1):
        index = DIGITS.find(chars[position])
        if index < 0:
            return None
        if index < len(DIGITS) - 1:
            chars[position] = DIGITS[index + 1]
            return "".join(chars)
        chars[position] = DIGITS[0]
    return None


def subtree(path: str) -> Q:
    """Rows whose ``path`` lies in the subtree: a range the (capability, path) index
    serves in any collation (a LIKE prefix uses a btree only under the C collation),
    with the prefix kept as the exact condition."""
    condition = Q(path__gte=path, path__startswith=path)
    upper = _successor(path)
    return condition & Q(path__lt=upper) if upper else condition


def _grant_paths(access) -> dict[str, list[str]]:
    """{capability of a source: the user's outermost paths holding it}: a grant inside
    another grant of the same capability adds nothing."""
    used = {entry.capability for entry in discover().values()}
    found: dict[str, set[str]] = {}
    for path, capabilities in access.grants:
        for capability in capabilities & used:
            found.setdefault(capability, set()).add(path)
    outermost = {}
    for capability, paths in found.items():
        ordered = sorted(paths)
        kept: list[str] = []
        for path in ordered:  # an ancestor sorts before its descendants
            if not kept or not path.startswith(kept[-1]):
                kept.append(path)
        outermost[capability] = kept
    return outermost


def _own_capabilities(access) -> list[str]:
    if access.person_id is None or not access.own:
        return []
    used = {entry.capability for entry in discover().values()}
    return sorted(set(access.own) & used)


def _by_grants(access) -> Q:
    by_path: dict[str, list[str]] = {}
    for capability, paths in _grant_paths(access).items():
        for path in paths:
            by_path.setdefault(path, []).append(capability)
    condition = Q(pk__in=[])
    for path, capabilities in by_path.items():
        condition |= Q(capability__in=sorted(capabilities)) & subtree(path)
    return condition


def visible(access) -> Q:
    """The items a user with ``access`` (capabilities.Access) sees; no rows when none."""
    condition = _by_grants(access)
    own = _own_capabilities(access)
    if own:
        condition |= Q(person_id=access.person_id, capability__in=own)
    return condition


def _access(user):
    from zugong.core.services.access import get_access

    return get_access(user)


def items_for(user, *, limit: int | None = None, source: str = "") -> list[TodoRow]:
    """The user's to-do list (of one ``source`` when given): most urgent first, then by
    due date."""
    queryset = TodoItem.objects.filter(visible(_access(user)))
    if source:
        queryset = queryset.filter(source=source)
    queryset = queryset.order_by("rank", F("due_on").asc(nulls_last=True), "id").values(
        "source",
        "key",
        "title",
        "due_on",
        "url",
        "severity",
        "organization__name",
        "computed_at",
    )
    if limit is not None:
        queryset = queryset[:limit]
    return [
        TodoRow(
            source=row["source"],
            source_title=source_title(row["source"]),
            key=row["key"],
            title=row["title"],
            due_on=row["due_on"],
            url=row["url"],
            severity=row["severity"],
            organization=row["organization__name"] or "",
            computed_at=row["computed_at"],
        )
        for row in queryset
    ]


def _counts(access) -> dict[str, int]:
    """{source: items the user sees}: the scan's subtree counts (TodoCount) summed over
    the user's outermost grants, plus their own-record items outside those grants."""
    condition = Q(pk__in=[])
    for capability, paths in _grant_paths(access).items():
        condition |= Q(capability=capability, path__in=paths)
    counts: dict[str, int] = {}
    for name, n in TodoCount.objects.filter(condition).values_list("source", "n"):
        counts[name] = counts.get(name, 0) + n
    own = _own_capabilities(access)
    if own:
        from django.db.models import Count

        for name, n in (
            TodoItem.objects.filter(person_id=access.person_id, capability__in=own)
            .exclude(_by_grants(access))
            .values_list("source")
            .annotate(n=Count("id"))
            .values_list("source", "n")
            .order_by()
        ):
            counts[name] = counts.get(name, 0) + n
    return counts


def count_for(user) -> int:
    return sum(_counts(_access(user)).values())


# The sidebar's badge shows "99+" beyond this: it is on every page.
BADGE_CAP = 99


def badge(request) -> str:
    """The sidebar's badge (Unfold navigation "badge" callback): the user's items."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    count = count_for(user)
    if count > BADGE_CAP:
        return f"{BADGE_CAP}+"
    return str(count) if count else ""


def counts_by_source(user) -> list[tuple[str, str, int]]:
    """(source, its title, how many) for the user, in the order sources were declared."""
    rows = _counts(_access(user))
    return [(name, source_title(name), rows[name]) for name in discover() if rows.get(name)]
