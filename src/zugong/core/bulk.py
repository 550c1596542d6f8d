"""Bulk inserts for imports: PostgreSQL COPY, batched executemany elsewhere.

Django's bulk_create builds a model instance and SQL per row; for rosters of 100,000
rows that is most of the time spent. Callers pass plain tuples in ``fields`` order and
are responsible for having validated them (services do).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection, models

BATCH = 5000


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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples ordered as ``fields``, attribute names) into ``model``'s table.

    Fields left out that are NOT NULL get their model default (a blank string for text
    without one), as the ORM would give them."""
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
