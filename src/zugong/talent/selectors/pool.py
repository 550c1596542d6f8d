"""Reads of the talent pool within the current scope: the search (tags, categories,
township, title level, native talents outside, free text with names by Chinese
substring, full pinyin and initials) and the matching of an enterprise's stated need
to ranked talents with the reasons for each.

Both stay on the talent table: the free text is the record's own search key
(Talent.search_text, kept by the service), so no query joins the person table (a
million rows at benchmark scale); tags and categories filter through EXISTS on the
link tables, which never multiplies rows. Pages fetch their persons, tags and
categories by prefetch (a constant number of queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext as _

from zugong.core import pinyin
from zugong.core.grams import GramsMatch
from zugong.core.models import Organization, Person
from zugong.core.scope import active_scope
from zugong.talent.models import SavedSearch, Talent, TalentCategory, TalentTag
from zugong.talent.rules import pool as rules
from zugong.talent.selectors import pool_match
from zugong.talent.services import pool as services

TAGS = Talent.tags.through
CATEGORIES = Talent.categories.through
MAX_TERMS = 5
# Pinyin of this many letters or more is also found inside the name (zhiqiang finds
# 李志强); shorter, from the start only (li, or initials such as lz).
PINYIN_INSIDE = 3
ROOT_PATH_LENGTH = 4  # one segment of the tree path: the district's own node


def _ids(values) -> list[int]:
    found = []
    for value in values or ():
        pk = getattr(value, "pk", value)
        try:
            found.append(int(pk))
        except (TypeError, ValueError):
            continue
    return found


def _pk(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


def terms(text: str) -> list[str]:
    """The search words of ``text`` (at most five), lower case."""
    return [t for t in (text or "").lower().split() if t][:MAX_TERMS]


def text_q(text: str) -> Q:
    """Every word of ``text`` in the record: a word of Latin letters as the name's full
    pinyin (from the start; anywhere for 3+ letters) or initials (from the start); any
    other word as a substring of the name, employer, specialty, title or honours."""
    condition = Q()
    grams_indexed = connection.vendor == "postgresql"
    for term in terms(text):
        if pinyin.is_query(term):
            # Letters only: a name's pinyin, each branch indexed on PostgreSQL (pattern
            # indexes for the prefixes, the trigram index inside for 3+ letters).
            inside = len(term) >= PINYIN_INSIDE
            pinyin_q = Q(name_pinyin__contains=term) if inside else Q(name_pinyin__startswith=term)
            condition &= pinyin_q | Q(name_initials__startswith=term)
        elif grams_indexed:
            found = Q(GramsMatch(F("search_grams"), Value(services.grams_query(term))))
            if len(term) > 2:  # the pairs found, in this order and together
                found &= Q(search_text__contains=term)
            condition &= found
        else:
            condition &= Q(search_text__contains=term)
    return condition


def _has_tag(tag_id: int) -> Exists:
    return Exists(TAGS.objects.filter(talent_id=OuterRef("pk"), talenttag_id=tag_id))


def _in_category(category_id: int) -> Exists:
    return Exists(
        CATEGORIES.objects.filter(talent_id=OuterRef("pk"), talentcategory_id=category_id)
    )


def search(
    *,
    tags=(),
    categories=(),
    township=None,
    title_level_min=None,
    text: str = "",
    outside=None,
):
    """Talents in scope carrying every tag and in every category asked, in pinyin order."""
    rows = Talent.objects.all()
    for tag_id in _ids(tags):
        rows = rows.filter(_has_tag(tag_id))
    for category_id in _ids(categories):
        rows = rows.filter(_in_category(category_id))
    township_id = _pk(township)
    if township_id is not None:
        rows = rows.filter(township_id=township_id)
    if title_level_min not in (None, ""):
        rows = rows.filter(title_level__gte=int(title_level_min))
    if outside is not None:
        rows = rows.filter(outside=bool(outside))
    if terms(text):
        rows = rows.filter(text_q(text))
    if terms(text) or tags or categories:
        # Matches of a name cluster in pinyin order (every 王 is at "wang…") and a tag
        # with a category may have none: walking the pinyin index until 20 are found
        # would read most of the table, so a filtered search sorts its matches instead
        # (the same order, through an expression no index serves).
        return rows.order_by(Lower("name_pinyin"), "id")
    return rows.order_by("name_pinyin", "id")


COUNT_CAP = 1000  # a list over the district says "1000+" past this


def count_capped(rows, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many ``rows`` there are, counted up to ``cap`` (and whether there are more):
    the count stops at ``cap + 1`` rows instead of visiting every match (a one-character
    name over the district matches 25,000 of 488,000 talents)."""
    found = rows.order_by()[: cap + 1].count()
    return min(found, cap), found > cap


def with_details(rows):
    """A page of talents with their person, township, tags and categories (four more
    queries whatever the page's size)."""
    # The grams are for the index only; a page never reads them (the widest column).
    return (
        rows.defer("search_grams")
        .select_related("township")
        .prefetch_related(
            # Unscoped on purpose: the talent row is in scope and its person comes with it
            # (a member kept by another subtree's branch is still this township's talent).
            Prefetch("person", queryset=Person.objects.unscoped()),
            Prefetch("tags", queryset=TalentTag.objects.order_by("group", "order", "name")),
            Prefetch("categories", queryset=TalentCategory.objects.order_by("kind", "order")),
        )
    )


def search_query(query: dict):
    """The search of a saved query (services.pool.clean_query's keys)."""
    outside = query.get("outside")
    return search(
        tags=query.get("tags") or (),
        categories=query.get("categories") or (),
        township=query.get("township"),
        title_level_min=query.get("title_level_min"),
        text=query.get("q") or "",
        outside=None if outside in (None, "") else bool(outside),
    )


def saved_searches(user):
    """The user's own saved searches (never another user's)."""
    return SavedSearch.objects.filter(user=user).order_by("name")


# Matching ---------------------------------------------------------------------------------


@dataclass
class Match:
    talent: Talent
    score: int
    reasons: list[str] = field(default_factory=list)


def _count(model, column: str, ids: list[int]):
    hits = (
        model.objects.filter(talent_id=OuterRef("pk"), **{f"{column}__in": ids})
        .order_by()
        .values("talent_id")
        .annotate(n=Count("talent_id"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(hits, output_field=IntegerField()), Value(0))


def short_name(organization: Organization) -> str:
    """临桂镇 for 中共临桂区临桂镇委员会."""
    name = organization.name.removeprefix("中共")
    for suffix in ("工作委员会", "委员会"):
        name = name.removesuffix(suffix)
    if "区" in name[:-1] and not name.endswith("区"):
        name = name.split("区", 1)[1] or name
    return name


def match(need: dict) -> list[Match]:
    """An enterprise's stated need — ``tags``, ``categories``, ``title_level_min`` (a
    requirement), ``township`` (a preference), ``text`` and ``top`` — against the
    talents in scope: the best ``top`` by score (rules.match_score), each with the
    Chinese reasons it scored."""
    tag_ids, category_ids = _ids(need.get("tags")), _ids(need.get("categories"))
    township_id = _pk(need.get("township"))
    text = need.get("text") or ""
    rows = Talent.objects.all()
    level = need.get("title_level_min")
    if level not in (None, "", 0):
        rows = rows.filter(title_level__gte=int(level))
    textual = Talent.objects.filter(text_q(text)) if terms(text) else None
    ranked = _ranked(
        rows, tag_ids, category_ids, township_id, textual, rules.match_top(need.get("top"))
    )
    found = {t.pk: t for t in with_details(Talent.objects.filter(pk__in=[pk for pk, _s in ranked]))}
    results = []
    for pk, score in ranked:
        talent = found.get(pk)
        if talent is not None:
            talent.score = score
            results.append(_explain(talent, tag_ids, category_ids, township_id, text))
    return results


def _hits(alias: str, model, column: str, ids: list[int]) -> tuple[str, list]:
    """A LEFT JOIN of the talents' number of links to ``ids`` (one grouped pass over the
    link table, not a subquery per talent)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    talent = quote(model._meta.get_field("talent").column)
    other = quote(model._meta.get_field(column).column)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"LEFT JOIN (SELECT {talent} AS talent_id, COUNT(*) AS n FROM {table} "
        f"WHERE {other} IN ({marks}) GROUP BY {talent}) {alias} ON {alias}.talent_id = t.id"
    )
    return sql, list(ids)


def _ranked(rows, tag_ids, category_ids, township_id, textual, top) -> list[tuple[int, int]]:
    """(talent id, score) of the best ``top`` of ``rows`` (a scoped queryset). Within
    townships (a few thousand talents) every wanted talent is scored; over the district,
    by levels of the link part when that settles it (pool_match), else the score summed
    in one statement over grouped link counts (the scope comes from the ORM's own SQL
    of ``rows`` and ``textual``, compiled within the active scope)."""
    score = _score(tag_ids, category_ids, township_id, textual)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The plan's cost crosses the JIT threshold at scale; compiling it costs more
            # than running it (seen: 1 s of JIT for 0.4 s of work).
            cursor.execute("SET LOCAL jit = off")
        if _narrow() or not (tag_ids or category_ids):
            wanted = Q()
            for model, column, ids in (
                (TAGS, "talenttag", tag_ids),
                (CATEGORIES, "talentcategory", category_ids),
            ):
                if ids:
                    links = model.objects.filter(talent_id=OuterRef("pk"), **{f"{column}__in": ids})
                    wanted |= Q(Exists(links))
            if textual is not None:
                wanted |= Q(pk__in=textual.order_by().values("pk"))
            return pool_match.scored(rows.filter(wanted), score[:2], top)
        found = pool_match.ranked_by_levels(
            rows=rows,
            score=score[:2],
            tag_links=_links(TAGS, "talenttag", tag_ids),
            category_links=_links(CATEGORIES, "talentcategory", category_ids),
            weights=rules.match_weights(),
            rest_max=score[2],
            township=township_id,
            text=textual is not None,
            top=top,
        )
        if found is not None:
            return found
        sql, params = _ranked_whole(rows, tag_ids, category_ids, township_id, textual, top)
        cursor.execute(sql, params)
        return [(pk, int(score)) for pk, score in cursor.fetchall()]


def _narrow() -> bool:
    """The active scope lies within townships (no grant on the district's root)."""
    scope = active_scope()
    if scope is None or scope.everything:
        return False
    return all(len(path) > ROOT_PATH_LENGTH for path in scope.paths)


def _links(model, column: str, ids: list[int]) -> list[tuple[str, str, str, int]]:
    meta = model._meta
    talent, other = meta.get_field("talent").column, meta.get_field(column).column
    return [(meta.db_table, talent, other, pk) for pk in ids]


def _score(tag_ids, category_ids, township_id, textual) -> tuple[str, list, int]:
    """The SQL of a talent's score (rules.match_score) on the ORM's own talent row, its
    params, and the most the part other than tags and categories can add outside the
    preferred township."""
    weights = rules.match_weights()
    quote = connection.ops.quote_name
    t = quote(Talent._meta.db_table)
    select = [f"{t}.title_level * %s", f"CASE WHEN {t}.contact_consent THEN %s ELSE 0 END"]
    params: list = [weights["title_level"], weights["consent"]]
    for model, column, ids, weight in (
        (TAGS, "talenttag", tag_ids, weights["tag"]),
        (CATEGORIES, "talentcategory", category_ids, weights["category"]),
    ):
        if ids:  # the talent's own links, read from its index (a few per talent)
            meta = model._meta
            talent, other = meta.get_field("talent").column, meta.get_field(column).column
            marks = ", ".join(["%s"] * len(ids))
            select.append(
                f"(SELECT COUNT(*) FROM {quote(meta.db_table)} x WHERE x.{quote(talent)} = "
                f"{t}.id AND x.{quote(other)} IN ({marks})) * %s"
            )
            params += [*ids, weight]
    rest_max = weights["title_level"] * max(rules.title_levels()) + weights["consent"]
    if township_id is not None:
        select.append(f"CASE WHEN {t}.township_id = %s THEN %s ELSE 0 END")
        params += [township_id, weights["township"]]
    if textual is not None:
        text_sql, text_params = textual.order_by().values("pk").query.sql_with_params()
        select.append(f"CASE WHEN {t}.id IN ({text_sql}) THEN %s ELSE 0 END")
        params += [*text_params, weights["text"]]
        rest_max += weights["text"]
    return " + ".join(select), params, rest_max


def _ranked_whole(rows, tag_ids, category_ids, township_id, textual, top) -> tuple[str, list]:
    """The score of every wanted talent in one statement (the best ``top`` of them)."""
    weights = rules.match_weights()
    table = connection.ops.quote_name(Talent._meta.db_table)
    select = ["t.title_level * %s", "CASE WHEN t.contact_consent THEN %s ELSE 0 END"]
    select_params: list = [weights["title_level"], weights["consent"]]
    joins, join_params, wanted, wanted_params = [], [], [], []
    for alias, model, column, ids, weight in (
        ("th", TAGS, "talenttag", tag_ids, weights["tag"]),
        ("ch", CATEGORIES, "talentcategory", category_ids, weights["category"]),
    ):
        if ids:
            sql, params = _hits(alias, model, column, ids)
            joins.append(sql)
            join_params += params
            select.append(f"COALESCE({alias}.n, 0) * %s")
            select_params.append(weight)
            wanted.append(f"{alias}.n IS NOT NULL")
    if township_id is not None:
        select.append("CASE WHEN t.township_id = %s THEN %s ELSE 0 END")
        select_params += [township_id, weights["township"]]
    if textual is not None:
        text_sql, text_params = textual.order_by().values("pk").query.sql_with_params()
        select.append(f"CASE WHEN t.id IN ({text_sql}) THEN %s ELSE 0 END")
        select_params += [*text_params, weights["text"]]
        wanted.append(f"t.id IN ({text_sql})")
        wanted_params += list(text_params)
    scoped_sql, scoped_params = rows.order_by().values("pk").query.sql_with_params()
    where = f"t.id IN ({scoped_sql})"
    if wanted:
        where += " AND (" + " OR ".join(wanted) + ")"
    sql = (
        f"SELECT t.id, {' + '.join(select)} AS score FROM {table} t {' '.join(joins)} "
        f"WHERE {where} ORDER BY score DESC, t.name_pinyin, t.id LIMIT %s"
    )
    return sql, [*select_params, *join_params, *scoped_params, *wanted_params, top]


def _explain(talent, tag_ids, category_ids, township_id, text) -> Match:
    tags = [t for t in talent.tags.all() if t.pk in tag_ids]
    categories = [c for c in talent.categories.all() if c.pk in category_ids]
    same = township_id is not None and talent.township_id == township_id
    found = bool(terms(text)) and _text_found(talent, text)
    reasons = [_("标签“%(t)s”相符") % {"t": t.name} for t in tags]
    reasons += [_("类别“%(c)s”相符") % {"c": c.name} for c in categories]
    if talent.title_level:
        reasons.append(_("职称%(l)s") % {"l": rules.title_label(talent.title_level)})
    if same:
        reasons.append(_("同在%(t)s") % {"t": short_name(talent.township)})
    if found:
        reasons.append(_("包含“%(q)s”") % {"q": " ".join(terms(text))})
    reasons.append(_("本人同意联系") if talent.contact_consent else _("本人未同意联系"))
    score = rules.match_score(
        tags=len(tags),
        categories=len(categories),
        title_level=talent.title_level,
        same_township=same,
        text=found,
        consent=talent.contact_consent,
    )
    return Match(talent=talent, score=getattr(talent, "score", score), reasons=reasons)


def _text_found(talent: Talent, text: str) -> bool:
    for term in terms(text):
        if pinyin.is_query(term):
            inside = len(term) >= PINYIN_INSIDE
            found = term in talent.name_pinyin if inside else talent.name_pinyin.startswith(term)
            if not found and not talent.name_initials.startswith(term):
                return False
        elif term not in talent.search_text:
            return False
    return True
