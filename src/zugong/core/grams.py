"""Character grams (单字与相邻两字): what lets a one- or two-character search inside
Chinese text read an index instead of the table.

PostgreSQL's trigram index needs three characters, and most Chinese searches are one
or two. A text's grams — each character and each pair of adjacent characters, written
as ASCII words (x738b for 王, x738bx660e for 王明) so the full-text parser keeps them
whole in any locale — go into a GIN full-text index (``to_tsvector('simple', …)``):
either stored beside the row (the talent pool's ``search_grams``, over several fields)
or computed in the index from one column by the SQL function ``zugong_grams`` (persons'
names, core migration 0013). A term is then a full-text query: its character, its
pair, or every pair of it (three or more: a superset the caller narrows with the text
itself). SQLite has neither: callers fall back to ``contains``.
"""

from __future__ import annotations

import itertools

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, TextField, Value

# The SQL twin of grams() for one column (lower case, every character and pair; no
# splitting into words: a name is one word). IMMUTABLE, so an index may use it.
SQL_FUNCTION = """
CREATE OR REPLACE FUNCTION zugong_grams(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(g, ' '), '') FROM (
    SELECT 'x' || to_hex(ascii(substr(lower(t), i, 1))) AS g
      FROM generate_series(1, char_length(t)) AS i
    UNION ALL
    SELECT 'x' || to_hex(ascii(substr(lower(t), i, 1)))
        || 'x' || to_hex(ascii(substr(lower(t), i + 1, 1)))
      FROM generate_series(1, char_length(t) - 1) AS i
  ) AS grams
$$
"""


def code(char: str) -> str:
    return f"x{ord(char):x}"


def grams(text: str) -> set[str]:
    """The single characters and pairs of adjacent characters of each word of ``text``
    (lower case), as ASCII words."""
    found: set[str] = set()
    for word in (text or "").lower().split():
        codes = [code(c) for c in word]
        found.update(codes)
        found.update(a + b for a, b in itertools.pairwise(codes))
    return found


def grams_query(term: str) -> str:
    """The full-text query of a term: its character (1), its pair (2), or every pair
    of it (3 or more: a superset the caller checks with the text itself)."""
    codes = [code(c) for c in term.lower()]
    if len(codes) == 1:
        return codes[0]
    return " & ".join(sorted({a + b for a, b in itertools.pairwise(codes)}))


class GramsMatch(Func):
    """Grams text (a column or ``ColumnGrams``) matches a full-text query (PostgreSQL;
    a GIN index over the same expression serves it)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()


class ColumnGrams(Func):
    """``zugong_grams(column)``: the grams of one column, computed in SQL."""

    function = "zugong_grams"
    output_field = TextField()


def contains_q(lookup: str, term: str) -> Q:
    """Rows whose ``lookup`` (a column with a grams index of migration 0013, or any
    column on SQLite) contains ``term``."""
    if connection.vendor != "postgresql" or not term:
        return Q(**{f"{lookup}__contains": term})
    # The text itself too, whatever the length: it is the exact test for three or more
    # characters (the pairs found, in this order and together), and where the planner
    # reads a few rows another way (a township's thousand persons) it tests the cheap
    # LIKE first and computes the grams only of the rows that pass it.
    return Q(GramsMatch(ColumnGrams(F(lookup)), Value(grams_query(term)))) & Q(
        **{f"{lookup}__contains": term}
    )
