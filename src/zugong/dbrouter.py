"""Reads for reports on a read replica (docs/deployment.md).

With ``ZUGONG_REPLICA_URL`` set, the settings add a ``replica`` database and this router.
Code that produces a report — the cockpits, the compliance report, roster exports —
runs under :func:`reporting`; the router sends that code's reads to the replica, and
every other read and every write to the primary. Pages that write and then read back
(a form saved, then shown) never see replication lag: only reports do, which is what
a report may tolerate (seconds behind, said on the deployment page).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
_reporting: contextvars.ContextVar[bool] = contextvars.ContextVar("reporting", default=False)


@contextmanager
def reporting_reads() -> Iterator[None]:
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reporting[F: Callable](func: F) -> F:
    """Mark a report: its reads may go to the replica when one is configured."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with reporting_reads():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "ZUGONG_REPLICA_READS", True)


class ReplicaRouter:
    """Report reads to the replica; everything else, and every write, to the primary."""

    def db_for_read(self, model, **hints):
        if _reporting.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's WAL
