"""Which organizations' records a write changed, for whoever keeps counts of them.

The cockpit keeps its figures as counts per organization (cockpit.tally), rebuilt by a
daily scan; between scans the services say here which organizations they changed and
the cockpit counts those again after the commit. A registry, as for scans and to-do
sources: core names no app, an app registers its listener in its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LISTENERS: list[Callable[[list[int]], None]] = []
# Set while a whole data set is built (the demo district), whose end counts everything.
_paused: ContextVar[bool] = ContextVar("zugong_changes_paused", default=False)


@contextmanager
def paused() -> Iterator[None]:
    """No listener is told inside: for builders that count everything at their end."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def listen(listener: Callable[[list[int]], None]) -> Callable[[list[int]], None]:
    if listener not in LISTENERS:
        LISTENERS.append(listener)
    return listener


def organizations_changed(organization_ids: Iterable[int | None]) -> None:
    """Tell the listeners that records counted under these organizations changed (called
    by the services inside their transaction; a listener acts after the commit)."""
    if _paused.get():
        return
    ids = sorted({int(pk) for pk in organization_ids if pk})
    if ids:
        for listener in LISTENERS:
            listener(ids)
