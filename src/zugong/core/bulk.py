"""Bulk inserts for imports: PostgreSQL COPY, batched executemany elsewhere.

Django's bulk_create builds a model instance and SQL per row; for rosters of 100,000
rows that is most of the time spent. Callers pass plain tuples in ``fields`` order and
are responsible for having validated them (services do).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection, models

logger = logging.getLogger(__name__)

BATCH = 5000
# A bulk operation "grows a table markedly" when it adds at least this many rows and at
# least this share of the rows the planner believed the table held before. Below that,
# autovacuum's own analyze threshold keeps the statistics close enough.
ANALYZE_MIN_ROWS = 1000
ANALYZE_MIN_GROWTH = 0.10


@dataclass
class _Operation:
    inserted: dict[str, int] = field(default_factory=dict)  # table → rows added
    before: dict[str, float] = field(default_factory=dict)  # table → planner's row estimate


_current: contextvars.ContextVar[_Operation | None] = contextvars.ContextVar(
    "zugong_bulk_operation", default=None
)


@contextlib.contextmanager
def operation() -> Iterator[None]:
    """One bulk operation (a roster import, ``zugong gen``): the tables it grew markedly
    are analysed once when it ends, on PostgreSQL.

    COPY does not refresh the planner's statistics; until autovacuum happens to run,
    queries on a table that just went from 0 to 100,000 rows are planned for an empty
    table (measured at 1,000,000 members: name search p99 322 ms before ANALYZE, 22 ms
    after). Run inside the operation's transaction, ANALYZE samples the rows the
    transaction wrote, and its statistics commit with them. Nested operations count
    into the outermost one; an operation that raises analyses nothing."""
    if _current.get() is not None:
        yield
        return
    state = _Operation()
    token = _current.set(state)
    try:
        yield
    finally:
        _current.reset(token)
    analyze_grown(state)


def _planner_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        found = cursor.fetchone()
    return float(found[0]) if found else 0.0


def _count(table: str, rows: int) -> None:
    state = _current.get()
    if state is None or connection.vendor != "postgresql":
        return
    if table not in state.before:
        state.before[table] = _planner_rows(table)
    state.inserted[table] = state.inserted.get(table, 0) + rows


def note_inserted(model: type[models.Model], rows: int) -> None:
    """Count rows written by the ORM (bulk_create) into the current bulk operation, so a
    table it grows markedly is analysed when the operation ends, as insert_rows' are."""
    if rows:
        _count(model._meta.db_table, rows)


def analyze_grown(state: _Operation) -> list[str]:
    """ANALYZE the tables ``state`` grew markedly; returns their names."""
    if connection.vendor != "postgresql":
        return []
    grown = [
        table
        for table, rows in state.inserted.items()
        if rows >= ANALYZE_MIN_ROWS
        and (state.before[table] <= 0 or rows >= state.before[table] * ANALYZE_MIN_GROWTH)
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in grown:
            cursor.execute(f"ANALYZE {quote(table)}")
    if grown:
        logger.info("analysed after a bulk write: %s", ", ".join(grown))
    return grown


def _sqlite_rows(rows: Iterable[Sequence], datetimes: list[int]) -> Iterator[Sequence]:
    """Rows as SQLite takes them. Dates and booleans the driver adapts itself (Django
    registers the date adapter); aware datetimes are made naive in the connection's time
    zone as the ORM does — once per distinct value, since a batch shares its timestamps."""
    if not datetimes:
        yield from rows
        return
    adapted: dict[dt.datetime, str] = {}
    adapt = connection.ops.adapt_datetimefield_value
    for row in rows:
        row = list(row)
        for index in datetimes:
            value = row[index]
            if value is not None:
                text = adapted.get(value)
                if text is None:
                    text = adapted[value] = adapt(value)
                row[index] = text
        yield row


def with_derived(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, offset: int = 0
) -> tuple[list[str], Iterable[Sequence]]:
    """``fields`` and ``rows`` with the columns ``model`` derives from a given one.

    A model lists them in ``BULK_DERIVED`` as ``{source: ((target, …), function)}``,
    ``function(value)`` giving the targets' values (a person's pinyin search keys from
    the name): bulk writers keep them as ``save()`` does. Targets the caller gives are
    left alone; values repeat (names do), so each is computed once. ``offset`` is the
    position of ``fields[0]`` in a row (1 for update_rows' leading key)."""
    fields = list(fields)
    for source, (targets, function) in getattr(model, "BULK_DERIVED", {}).items():
        if source not in fields or any(t in fields for t in targets):
            continue
        index = fields.index(source) + offset
        fields.extend(targets)
        rows = _derive(rows, index, function)
    return fields, rows


def _derive(rows: Iterable[Sequence], index: int, function) -> Iterator[tuple]:
    computed: dict = {}
    for row in rows:
        value = row[index]
        extra = computed.get(value)
        if extra is None:
            extra = computed[value] = tuple(function(value))
        yield (*row, *extra)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples ordered as ``fields``, attribute names) into ``model``'s table.

    Fields left out that are NOT NULL get their model default (a blank string for text
    without one), as the ORM would give them; derived ones (``with_derived``) are
    computed."""
    fields, rows = with_derived(model, fields, rows)
    quote = connection.ops.quote_name
    given = {model._meta.get_field(name).attname for name in fields}
    defaults = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in given
        and not f.primary_key
        and not f.null
        and (f.has_default() or f.empty_strings_allowed)
    ]
    if defaults:
        extra = tuple(f.get_default() for f in defaults)
        fields = [*fields, *(f.name for f in defaults)]
        rows = (tuple(row) + extra for row in rows)
    columns = [model._meta.get_field(name).column for name in fields]
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            _count(model._meta.db_table, count)
            return count
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"
        datetimes = [
            index
            for index, name in enumerate(fields)
            if isinstance(model._meta.get_field(name), models.DateTimeField)
        ]
        batch: list[Sequence] = []
        for row in _sqlite_rows(rows, datetimes):
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Set ``fields`` (attribute names) of the rows of ``model`` named by primary key;
    ``rows`` are tuples (pk, *values in ``fields`` order), validated by the caller.

    Django's bulk_update builds one CASE expression per field over the whole batch, which
    takes seconds for a thousand rows of twelve fields; one parameterized UPDATE run with
    executemany (a pipeline on PostgreSQL) takes milliseconds. Derived fields
    (``with_derived``) follow their source."""
    fields, rows = with_derived(model, fields, rows, offset=1)
    quote = connection.ops.quote_name
    meta = model._meta
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    datetimes = [
        index
        for index, name in enumerate(fields)
        if isinstance(meta.get_field(name), models.DateTimeField)
    ]
    ordered = ((*row[1:], row[0]) for row in rows)  # the key goes last, as in the WHERE
    if connection.vendor != "postgresql":
        ordered = _sqlite_rows(ordered, datetimes)
    count = 0
    with connection.cursor() as cursor:
        batch: list[Sequence] = []
        for row in ordered:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def ids_by(model: type[models.Model], field: str, values: Iterable) -> dict:
    """``{value: pk}`` for the rows of ``model`` whose ``field`` is among ``values``.

    Lookups of a hundred thousand keyed hashes are what imports make before and after
    writing. PostgreSQL takes them as one array parameter (``= ANY``) in one statement;
    an ``IN`` list of that size costs more to compose and plan than to run. SQLite gets
    batches within its parameter limit. No scope applies: callers say why they may look
    across scopes (one record per person)."""
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(field).column)
    sql = f"SELECT {column}, {quote(model._meta.pk.column)} FROM {quote(model._meta.db_table)}"
    values = list(values)
    found: dict = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{sql} WHERE {column} = ANY(%s)", [values])
            found.update(cursor.fetchall())
            return found
        for start in range(0, len(values), 900):
            chunk = values[start : start + 900]
            cursor.execute(f"{sql} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found.update(cursor.fetchall())
    return found


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building a large acyclic result.

    A report over fifty thousand organizations or an import of a hundred thousand rows
    allocates millions of small dicts, lists and tuples that form no cycles; every few
    hundred allocations the collector walks them anyway. Pausing it takes a third off
    such a build (docs/performance.md); reference counting still frees everything, and
    the collector is restored as it was found.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
