"""The tally: rebuilt by the daily scan, kept fresh between scans by touches.

``rebuild(on)`` counts everything once (one GROUP BY per counter), rolls the own counts
up the tree and rewrites the table. ``touch(org_ids)`` is what a service calls after it
changed an organization's rows (a member admitted or moved, an organization moved or
dissolved, a committee elected): once the transaction commits, those organizations'
own counts are counted again and the difference is added to every ancestor; an
organization found at a new path (moved) first takes its whole subtree's counts from
its old ancestors to its new ones. ``scope_counts(figures)`` sums the subtree rows of
the current scope's roots: O(number of roots) rows, whatever the number of members.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from zugong.cockpit.counters import Counts, count_all
from zugong.cockpit.models import Tally
from zugong.core.models import Organization
from zugong.core.models.organizations import SEGMENT
from zugong.core.scope import current_scope, system_scope

log = logging.getLogger(__name__)

Buckets = dict[str, dict[str, int]]


def merge(into: Buckets, other: Buckets, sign: int = 1) -> Buckets:
    """Add (or subtract) ``other``'s counts into ``into``; empty buckets are dropped."""
    for figure, buckets in other.items():
        target = into.setdefault(figure, {})
        for bucket, n in buckets.items():
            value = target.get(bucket, 0) + sign * n
            if value:
                target[bucket] = value
            else:
                target.pop(bucket, None)
        if not target:
            into.pop(figure, None)
    return into


def ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(SEGMENT, len(path), SEGMENT)]


# ---------------------------------------------------------------- rebuild


def rebuild(on: dt.date, *, only: Iterable[str] = ()) -> dict:
    """Count everything as of ``on`` and rewrite the tally (system scope). ``only``
    names the counters to run (counters.counters()), for benchmarks; a partial rebuild
    leaves the other figures out of the table."""
    started = time.monotonic()
    with system_scope("cockpit.rebuild"):
        own = count_all(None, on, only)
        counted = time.monotonic()
        organizations = list(Organization.objects.unscoped().values_list("pk", "path", "parent_id"))
        subtree: dict[int, Buckets] = {}
        for pk, _path, _parent in organizations:
            if pk in own:
                subtree[pk] = merge({}, own[pk])
        # Deepest first: each organization's subtree is complete before its parent's.
        for pk, _path, parent in sorted(organizations, key=lambda o: -len(o[1])):
            if parent is not None and pk in subtree:
                merge(subtree.setdefault(parent, {}), subtree[pk])
        now = timezone.now()
        rows = [
            Tally(
                organization_id=pk,
                path=path,
                own=own.get(pk, {}),
                subtree=subtree[pk],
                counted_on=on,
                counted_at=now,
            )
            for pk, path, _parent in organizations
            if subtree.get(pk)
        ]
        with transaction.atomic():
            Tally.objects.unscoped().all().delete()
            Tally.objects.unscoped().bulk_create(rows, batch_size=2000)
    finished = time.monotonic()
    return {
        "rows": len(rows),
        "count_seconds": round(counted - started, 3),
        "seconds": round(finished - started, 3),
    }


# ---------------------------------------------------------------- touch


def touch(org_ids: Iterable[int], *, on: dt.date | None = None) -> None:
    """Count these organizations again once the current transaction commits. The ids
    wait in one set per connection; the first callback to run after the commit counts
    them all and the others find nothing left: an import that touches a thousand times
    recounts once (each recount costs a query per counter). Ids of a transaction rolled
    back are counted with the next: a recount is the truth either way."""
    ids = {int(pk) for pk in org_ids if pk}
    if not ids:
        return
    connection = transaction.get_connection()
    waiting = getattr(connection, "_zugong_tally_waiting", None)
    if waiting is None:
        waiting = connection._zugong_tally_waiting = set()
    waiting.update(ids)
    # robust: a touch that fails is logged and never undoes or fails the user's write,
    # which is committed by then; the next scan counts it right.
    transaction.on_commit(lambda: _flush(connection, on), robust=True)


def _flush(connection, on: dt.date | None) -> None:
    waiting = getattr(connection, "_zugong_tally_waiting", None)
    if waiting:
        ids = sorted(waiting)
        waiting.clear()
        apply_touch(ids, on=on)


def apply_touch(org_ids: list[int], *, on: dt.date | None = None) -> None:
    on = on or timezone.localdate()
    with system_scope("cockpit.touch"), transaction.atomic():
        if not Tally.objects.unscoped().exists():
            return  # never counted: the first scan counts everything
        paths = dict(
            Organization.objects.unscoped().filter(pk__in=org_ids).values_list("pk", "path")
        )
        new_own = count_all(list(paths), on)
        rows = {
            t.organization_id: t
            for t in Tally.objects.unscoped().select_for_update().filter(organization_id__in=paths)
        }
        now = timezone.now()
        for pk, path in sorted(paths.items(), key=lambda item: item[1]):
            row = rows.get(pk)
            if row is not None and row.path != path:
                _move(row, path, now)
            if row is None:
                row = Tally(organization_id=pk, path=path, counted_on=on, counted_at=now)
            delta = merge(merge({}, new_own.get(pk, {})), row.own, -1)
            row.own = dict(new_own.get(pk, {}))
            row.subtree = merge(row.subtree or {}, delta)
            row.touched_at = now
            row.save()
            _shift_ancestors(path, delta, now)


def _move(row: Tally, new_path: str, now) -> None:
    """The organization moved: its subtree's counts leave the old ancestors for the new
    ones, and its subtree's rows take the new path."""
    old_path = row.path
    _shift_ancestors(old_path, row.subtree, now, sign=-1)
    _shift_ancestors(new_path, row.subtree, now)
    Tally.objects.unscoped().filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    row.path = new_path


def _shift_ancestors(path: str, delta: Buckets, now, sign: int = 1) -> None:
    if not delta:
        return
    ancestors = ancestor_paths(path)
    existing = {
        t.path: t
        for t in Tally.objects.unscoped()
        .select_for_update()
        .filter(path__in=ancestors)
        .order_by("path")
    }
    missing = [p for p in ancestors if p not in existing]
    if missing:
        for pk, p in (
            Organization.objects.unscoped().filter(path__in=missing).values_list("pk", "path")
        ):
            existing[p] = Tally(
                organization_id=pk,
                path=p,
                counted_on=now.date(),
                counted_at=now,
                own={},
                subtree={},
            )
    for ancestor in existing.values():
        ancestor.subtree = merge(ancestor.subtree or {}, delta, sign)
        ancestor.touched_at = now
        ancestor.save()


# ---------------------------------------------------------------- read


def scope_roots() -> list[str]:
    """The paths of the current scope's roots (the top organizations for the system)."""
    scope = current_scope()
    if scope.everything:
        roots = Organization.objects.unscoped().filter(parent__isnull=True)
        return list(roots.values_list("path", flat=True))
    return list(scope.paths)


def scope_counts(figures: Iterable[str]) -> tuple[Buckets, dict]:
    """The figures' counts over the current scope, and when they were counted."""
    wanted = set(figures)
    total: Buckets = {}
    counted_at = touched_at = None
    roots = scope_roots()
    if not roots:
        return total, {"counted_at": None, "touched_at": None}
    for subtree, row_counted, row_touched in Tally.objects.filter(path__in=roots).values_list(
        "subtree", "counted_at", "touched_at"
    ):
        merge(total, {f: b for f, b in subtree.items() if f in wanted})
        counted_at = row_counted if counted_at is None else min(counted_at, row_counted)
        if row_touched and (touched_at is None or row_touched > touched_at):
            touched_at = row_touched
    return total, {"counted_at": counted_at, "touched_at": touched_at}


def own_rows(pk: int) -> Counts:
    """For tests and checks: one organization's stored own counts."""
    row = Tally.objects.unscoped().filter(organization_id=pk).first()
    return {pk: row.own} if row else {}
