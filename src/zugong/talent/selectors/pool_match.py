"""The best talents for a need's tags and categories without scoring the whole pool.

A talent's score (rules.match_score) is its link part — the tag weight times the need's
tags it carries plus the category weight times its categories of the need — plus the
rest (title level, consent, township, text), which is at most ``rest_max``. The link
part takes a few values only (30, 50, 80 … for the default weights), so the talents
are taken in levels, best link part first: the talents whose link part is at least
the level (found from the link tables' indexes alone, as joins of one tag or category
each) are scored, and once the ``top``-th best of them scores above the next level
plus ``rest_max``, nobody below that level can reach them: the answer is exact. When
no level settles it (or the need is one this does not serve), the caller scores
everything as before (``None``).

At 488,000 talents a need for a common tag read 163,000 link rows and grouped them in
each of three processes (1.6 s); a level reads the talents of its tags only.
"""

from __future__ import annotations

import itertools

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL

from zugong.talent.models import Talent

MAX_CHAINS = 24  # joins of one level at most; a wider need is scored whole
# Candidates of one level at most (ids passed as parameters: SQLite takes 32,766); a
# level wider than this is left to the whole scoring.
MAX_IDS = 20_000


def levels(weights: dict, tags: int, categories: int) -> list[tuple[int, list[tuple]]]:
    """[(level, [(a, b), …]), …] best first: each level with the fewest (tags,
    categories) counts that reach it."""
    wt, wc = weights["tag"], weights["category"]
    values = sorted(
        {wt * a + wc * b for a in range(tags + 1) for b in range(categories + 1)} - {0},
        reverse=True,
    )
    found = []
    for value in values:
        minimal = [
            (a, b)
            for a in range(tags + 1)
            for b in range(categories + 1)
            if (a or b)
            and wt * a + wc * b >= value
            and (a == 0 or wt * (a - 1) + wc * b < value)
            and (b == 0 or wt * a + wc * (b - 1) < value)
        ]
        found.append((value, minimal))
    return found


def _chain(links: list[tuple[str, str, str, int]]) -> tuple[str, list]:
    """The talents carrying every one of ``links`` (table, talent column, other column,
    id): one index-only scan each, joined on the talent."""
    q = connection.ops.quote_name
    (table, talent, other, first), rest = links[0], links[1:]
    sql = f"SELECT l0.{q(talent)} AS talent_id FROM {q(table)} l0"
    params: list = []
    for i, (table_i, talent_i, other_i, value) in enumerate(rest, start=1):
        sql += (
            f" JOIN {q(table_i)} l{i} ON l{i}.{q(talent_i)} = l0.{q(talent)}"
            f" AND l{i}.{q(other_i)} = %s"
        )
        params.append(value)
    sql += f" WHERE l0.{q(other)} = %s"
    return sql, [*params, first]


def level_sql(minimal: list[tuple], tag_links: list, category_links: list):
    """The talents whose link part reaches the level, or None when it takes more than
    MAX_CHAINS joins."""
    chains = []
    for a, b in minimal:
        for tags in itertools.combinations(tag_links, a):
            for categories in itertools.combinations(category_links, b):
                chains.append(_chain([*tags, *categories]))
                if len(chains) > MAX_CHAINS:
                    return None
    sql = " UNION ".join(s for s, _p in chains)
    return sql, [p for _s, params in chains for p in params]


def ranked_by_levels(
    *, rows, score, tag_links, category_links, weights, rest_max, township, text, top
) -> list[tuple[int, int]] | None:
    """(talent id, score) of the best ``top`` of ``rows`` (the scoped talents that meet
    the need's requirements), or None (score everything).

    ``score`` is the SQL and params of a talent's score; ``rest_max`` the most its rest
    can add outside the preferred ``township`` (whose talents with a link of the need
    are scored at every level: the township's weight would loosen every bound);
    ``text``: talents without a link of the need are wanted too when their record has
    the need's text (whatever their score, an outside talent's may reach
    ``rest_max``)."""
    if min(weights.values()) < 0 or not (tag_links or category_links):
        return None
    steps = levels(weights, len(tag_links), len(category_links))
    home = _home(township, tag_links, category_links) if township is not None else None
    for i, (_value, minimal) in enumerate(steps):
        found = level_sql(minimal, tag_links, category_links)
        if found is None:
            return None
        if home is not None:
            found = (f"{found[0]} UNION {home[0]}", [*found[1], *home[1]])
        ids = _ids(*found)
        if ids is None:
            return None
        ranked = scored(rows.filter(pk__in=ids), score, top)
        below = steps[i + 1][0] if i + 1 < len(steps) else 0
        bound = below + rest_max
        if text and home is not None:  # the township's talents found by the text alone
            bound = max(bound, rest_max + weights["township"])
        if len(ranked) == top and ranked[-1][1] > bound:
            return ranked
        if i + 1 == len(steps) and not text:
            return ranked  # every talent with a link of the need was scored
    return None


def scored(rows, score, top: int) -> list[tuple[int, int]]:
    """(talent id, score) of the best ``top`` of ``rows`` by ``score`` (SQL, params)."""
    found = (
        rows.annotate(score=RawSQL(*score, output_field=IntegerField()))
        .order_by("-score", "name_pinyin", "pk")
        .values_list("pk", "score")[:top]
    )
    return [(pk, int(value)) for pk, value in found]


def _home(township: int, tag_links, category_links) -> tuple[str, list]:
    """The talents of ``township`` with a link of the need."""
    q = connection.ops.quote_name
    talent_table = q(Talent._meta.db_table)
    parts, params = [], []
    for links in (tag_links, category_links):
        if links:
            table, talent, other, _pk = links[0]
            marks = ", ".join(["%s"] * len(links))
            parts.append(
                f"SELECT h.{q(talent)} AS talent_id FROM {q(table)} h "
                f"JOIN {talent_table} ht ON ht.id = h.{q(talent)} "
                f"WHERE ht.{q('township_id')} = %s AND h.{q(other)} IN ({marks})"
            )
            params += [township, *(link[3] for link in links)]
    return " UNION ".join(parts), params


def _ids(sql: str, params: list) -> list[int] | None:
    """The candidates' ids, or None past MAX_IDS (the whole pool is scored instead)."""
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {MAX_IDS + 1}", params)
        ids = [pk for (pk,) in cursor.fetchall()]
    return None if len(ids) > MAX_IDS else ids
