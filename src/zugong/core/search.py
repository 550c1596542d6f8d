"""Search across everything (全局检索): one box, every kind of record the user may see.

Modules declare kinds in ``<app>/search.py`` (discovered on the first search)::

    @searchable("workplan.task", capability=VIEW_WORKPLAN, label=_("工作任务"))
    def search_tasks(query: str, limit: int) -> list[Hit]: ...

:func:`search` runs each kind only where the user holds its capability: inside
``authz.narrowed`` (the scope limited to those subtrees), skipped where it is held
nowhere. A kind returns at most ``limit`` hits, each with a score (:data:`EXACT`,
:data:`PREFIX`, :data:`CONTAINS`; :data:`KEY` for a full ID number or phone); the
merged list is ranked by score, then by the kind's order, then by the kind's own order.

Persons (and the member, cadre and talent records that name a person) are matched by
:func:`person_matches`: by name, full pinyin and initials (core.pinyin keys kept on the
row), by a full ID number or phone through the keyed hash (never by the clear value,
and only within the scope), in cheap indexed tiers that stop once ``limit`` is reached;
see docs/development.md "Search" for the design and the measured figures.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import threading
from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _

from zugong.core import crypto, grams, idnumber
from zugong.core import pinyin as pinyin_keys
from zugong.core import scope as scope_module
from zugong.core.capabilities import as_requirement
from zugong.core.errors import ApplicationError
from zugong.core.validation import LANDLINE, MOBILE, normalize_phone

logger = logging.getLogger(__name__)

# Scores of the tiers: a full ID number or phone found through its keyed hash, the whole
# name (code, title) equal to the query, starting with it, containing it.
KEY = 100.0
EXACT = 90.0
PREFIX = 70.0
CONTAINS = 50.0
MAX_QUERY = 50  # characters of a query kept
DEFAULT_LIMIT = 20
# The "contains" tier of a name cannot use an index for one or two characters; on
# PostgreSQL it runs under this statement timeout, so a rare character costs at most
# this long (the exact and prefix tiers, indexed, have run already).
CONTAINS_BUDGET_MS = getattr(settings, "ZUGONG_SEARCH_CONTAINS_MS", 40)

# Rows of one exact name ordered in Python's second step (person_matches); the commonest
# name of a million persons is carried by some 3,000.
EQUAL_CAP = 5000

ID_NUMBER = re.compile(r"^\d{17}[\dX]$")


@dataclasses.dataclass
class Hit:
    """One found record: what the list shows and where it leads."""

    title: str
    subtitle: str = ""
    url: str = ""
    score: float = 0.0
    kind: str = ""  # filled by search(): the kind's name and label
    kind_label: str = ""

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str
    capability: str
    label: object
    func: Callable[[str, int], list[Hit]]
    order: int = 100
    icon: str = "search"


@dataclasses.dataclass
class Results:
    query: str
    hits: list[Hit]
    # Kinds searched (the user holds their capability somewhere), in their order.
    kinds: list[Kind] = dataclasses.field(default_factory=list)
    message: str = ""

    def by_kind(self) -> list[tuple[Kind, list[Hit]]]:
        groups = [(kind, [h for h in self.hits if h.kind == kind.name]) for kind in self.kinds]
        return [(kind, hits) for kind, hits in groups if hits]


KINDS: dict[str, Kind] = {}
_discovered = False
_lock = threading.Lock()


def searchable(name: str, *, capability: str, label, order: int = 100, icon: str = "search"):
    """Declare a kind of record the search finds (see the module docstring)."""

    def register(func):
        KINDS[name] = Kind(name, capability, label, func, order, icon)
        return func

    return register


def discover() -> None:
    """Import ``<app>.search`` of every installed app once, registering their kinds."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        for config in apps.get_app_configs():
            if config.name.startswith("zugong.") and find_spec(f"{config.name}.search"):
                import_module(f"{config.name}.search")
        import_module("zugong.core.search_kinds")
        _discovered = True


def registered() -> list[Kind]:
    discover()
    return sorted(KINDS.values(), key=lambda k: (k.order, k.name))


def normalize(query: str) -> str:
    """The query as searched: blanks collapsed, full-width digits and letters made plain,
    at most MAX_QUERY characters."""
    text = " ".join(str(query or "").split())
    text = text.translate(_FULLWIDTH)
    return text[:MAX_QUERY].strip()


_FULLWIDTH = (
    {0xFF10 + i: ord("0") + i for i in range(10)}
    | {0xFF21 + i: ord("A") + i for i in range(26)}
    | {0xFF41 + i: ord("a") + i for i in range(26)}
)


def search(query: str, *, limit: int = DEFAULT_LIMIT, kinds=None, actor=None) -> Results:
    """Every kind the user may see, searched for ``query``, ranked.

    Runs in the current scope (a request's base scope after its entry point): each
    kind is narrowed to the subtrees where its capability is held and skipped where it
    is held nowhere. ``kinds`` limits the search to those kind names. ``actor`` is the
    user, for the audit entry of a search by ID number."""
    text = normalize(query)
    if not text:
        return Results(
            query=text, hits=[], message=_("请输入要查找的姓名、拼音、身份证号、组织名称等")
        )
    current = scope_module.current_scope()
    searched: list[Kind] = []
    hits: list[tuple[float, int, int, Hit]] = []
    with _id_lookup_audit(text, actor) as found:
        for kind in registered():
            if kinds is not None and kind.name not in kinds:
                continue
            narrowed = current.narrow(as_requirement(kind.capability))
            if not (narrowed.everything or narrowed.paths or narrowed.own_person):
                continue
            searched.append(kind)
            with scope_module.activate(narrowed):
                for position, hit in enumerate(kind.func(text, limit)[:limit]):
                    hit.kind, hit.kind_label = kind.name, str(kind.label)
                    hits.append((-hit.score, kind.order, position, hit))
        found.extend(h for _s, _o, _p, h in hits if h.score >= KEY)
    hits.sort(key=lambda item: item[:3])
    return Results(query=text, hits=[h for *_rest, h in hits[:limit]], kinds=searched)


@contextlib.contextmanager
def _id_lookup_audit(text: str, actor) -> Iterator[list[Hit]]:
    """A search by a full ID number is a sensitive lookup: audited with its outcome."""
    found: list[Hit] = []
    number = id_number_of(text)
    yield found
    if number is not None:
        from zugong.core import audit

        audit.log_action(
            audit.PERSON_LOOKED_UP,
            actor=actor,
            extra={"id_number": number, "found": len(found), "via": "search"},
        )


def id_number_of(text: str) -> str | None:
    """The ID number ``text`` is (18 characters, valid check digit), else None."""
    candidate = text.replace(" ", "").upper()
    if not ID_NUMBER.match(candidate):
        return None
    try:
        return idnumber.parse(candidate).number
    except ApplicationError:
        return None


def phone_of(text: str) -> str | None:
    candidate = normalize_phone(text)
    if MOBILE.match(candidate) or (LANDLINE.match(candidate) and "-" in candidate):
        return candidate
    return None


# --- persons -------------------------------------------------------------------------


def person_matches(
    rows: QuerySet,
    query: str,
    limit: int,
    *,
    via: str = "",
    keys: str | None = None,
    scoped_by_person: bool = False,
) -> list[tuple]:
    """``[(row, score), …]``: rows of ``rows`` whose person (``via`` the lookup to it,
    "" for Person itself, "person__" for a member) matches ``query``, best first.
    ``keys`` is where the pinyin keys are, when the row keeps its own copy indexed
    (a talent: ""); by default the person's. ``scoped_by_person``: the rows' scope is
    their person's organization (persons, members), so a small subtree's organizations
    may be named to the database (see ``_subtree_hint``).

    Tiers, each one indexed query, stop once ``limit`` rows are found: a full ID number
    or phone (keyed hash, exact); Latin letters as initials or full pinyin (equal, then
    starting with); Chinese as the name (equal, starting with, containing — the last
    under a time budget on PostgreSQL)."""
    found: list[tuple] = []
    seen: set[int] = set()
    keys = via if keys is None else keys

    def take(
        condition: Q,
        score: float,
        order: tuple[str, ...],
        *,
        budget: bool = False,
        keyed: bool = True,
        equal: bool = False,
    ):
        want = limit - len(found)
        if want <= 0:
            return
        chosen = rows.filter(condition).exclude(pk__in=seen) if seen else rows.filter(condition)
        prefix = keys if keyed else via  # the pinyin keys' row, or the person's own fields
        fields = [f"{prefix}{field}" for field in order]
        if equal:
            # Rows equal to the query (a name) are few: read unordered with their sort
            # keys and ordered here. Asked for the first 20 in any order an index gives
            # (the pinyin key the names share, the row's key, the tree path) the
            # database walks that index testing every row instead (李明 among
            # 1,000,000 persons: 280,000 rows and 0.8 s; among the members 0.3–0.6 s).
            keyed_ids = chosen.order_by().values_list(*fields, "pk")[:EQUAL_CAP]
            ids = [r[-1] for r in sorted(keyed_ids, key=lambda r: [v or "" for v in r])][:want]
            by_pk = rows.filter(pk__in=ids).in_bulk()
            chosen = [by_pk[pk] for pk in ids if pk in by_pk]
        else:
            # Ties in the person's key order: the person indexes end with it.
            chosen = chosen.order_by(*fields, f"{via}pk" if keyed else "pk")[:want]
        for row in bounded(chosen) if budget else chosen:
            seen.add(row.pk)
            found.append((row, score))

    number = id_number_of(query)
    if number is not None:
        take(Q(**{f"{via}id_number_hash": crypto.keyed_hash(number)}), KEY, ())
        return found
    phone = phone_of(query)
    if phone is not None:
        take(Q(**{f"{via}phone_hash": crypto.keyed_hash(phone)}), KEY, ())
        return found
    latin = query.replace(" ", "").lower()
    if pinyin_keys.is_query(latin):
        initials, full = f"{keys}name_initials", f"{keys}name_pinyin"
        # Each tier follows one index in its order: (initials, pinyin), then pinyin.
        take(Q(**{initials: latin}), EXACT, ("name_initials", "name_pinyin"))
        take(Q(**{full: latin}), EXACT, ("name_pinyin",))
        take(key_prefix_q(full, latin), PREFIX, ("name_pinyin",))
        if len(latin) > 1:
            take(key_prefix_q(initials, latin), PREFIX, ("name_initials", "name_pinyin"))
        return found
    name = f"{via}name"
    take(Q(**{name: query}), EXACT, ("organization__path",), keyed=False, equal=True)
    for condition in _prefix_conditions(via, keys, query):
        take(condition, PREFIX, ("name_pinyin",))
    # Inside the name: the grams index on PostgreSQL (core.grams), still under the
    # time budget for a character found in a great many names.
    inside = grams.contains_q(name, query)
    if scoped_by_person:
        inside &= _subtree_hint(f"{via}organization_id")
    take(inside, CONTAINS, ("name_pinyin",), budget=True)
    return found


# Up to this many organizations in the user's subtrees, the "contains" tier names them.
SUBTREE_HINT_MAX = 300


def _subtree_hint(lookup: str) -> Q:
    """The organizations of a small scope, as a list of ids on ``lookup``: the same rows
    the scope's path condition keeps, said so that the planner knows how few they are.
    From a path prefix it estimated a township's 51 organizations at 5 and joined the
    names' grams index once per organization (a township's two-character search: 68 ms
    p99 for persons alone); with the ids it reads the township's persons by
    organization. Nothing for a scope over more organizations (a district)."""
    from zugong.core.models import Organization

    current = scope_module.current_scope()
    if current.everything or not current.paths:
        return Q()
    ids = list(Organization.objects.values_list("pk", flat=True)[: SUBTREE_HINT_MAX + 1])
    if len(ids) > SUBTREE_HINT_MAX:
        return Q()
    return Q(**{f"{lookup}__in": ids})


def key_prefix_q(lookup: str, prefix: str) -> Q:
    """Keys (lower-case ASCII letters and digits) starting with ``prefix``, as a range:
    ``'liu' <= key < 'liv'``. Unlike ``LIKE 'liu%'`` a range walks the column's own
    B-tree in its order under any collation (LIKE needs a "C" or pattern index)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{lookup}__gte": prefix, f"{lookup}__lt": upper})


def _prefix_conditions(via: str, keys: str, query: str) -> list[Q]:
    """Names starting with ``query``, in pinyin order: one condition for a single
    character, else one per reading of the query. The first character is compared as
    such (the person index on the first character and the pinyin key walks only the
    names starting with it); the pinyin key of a name starting with the query starts
    with a reading of it (each character's readings, in turn), so each condition starts
    that walk at one reading — "liming" among the names of 李 for 李明. One condition
    with the readings OR-ed is no index condition for a walk in order: at 1,000,000
    persons 王 (wang or yu) read 630,000 rows of the pinyin index, 1.9 s."""
    condition = Q(Exact(Substr(f"{via}name", 1, 1), query[:1]))
    if len(query) == 1:
        # The first character alone: the index gives its names in pinyin order. Said
        # again as a prefix or a reading, the conditions' estimates multiply (覃: 34
        # rows expected, 25,653 found) and the planner picks a plan for a few rows.
        return [condition]
    condition &= Q(**{f"{via}name__startswith": query})
    readings = key_prefixes(query)
    if not readings:
        return [condition]
    return [condition & key_prefix_q(f"{keys}name_pinyin", r) for r in readings]


MAX_PREFIXES = 16


def key_prefixes(query: str) -> list[str]:
    """Every start the pinyin key of a name beginning with ``query`` may have: the
    readings of its characters combined (surname readings of core.pinyin for the first
    one or two), as far as MAX_PREFIXES combinations allow."""
    from pypinyin import Style, pinyin

    prefixes = [""]
    for position, character in enumerate(query[:4]):
        readings = {
            s[position]
            for key, s in pinyin_keys.SURNAMES.items()
            if position < len(key) and key[: position + 1] == query[: position + 1]
        }
        for options in pinyin(character, style=Style.NORMAL, heteronym=True, errors="ignore"):
            readings.update(option.lower() for option in options)
        readings = {r for r in readings if r.isascii() and r.isalpha()}
        if not readings or len(prefixes) * len(readings) > MAX_PREFIXES:
            break
        prefixes = [p + r for p in prefixes for r in sorted(readings)]
    found = sorted(p for p in prefixes if p)
    # A reading that starts with another adds nothing to its range ("wan" covers "wang"):
    # the ranges left are disjoint, so taking them in turn keeps pinyin order.
    return [p for i, p in enumerate(found) if not any(p.startswith(q) for q in found[:i])]


def name_matches(
    rows: QuerySet, query: str, limit: int, *, field: str, codes: Q, order: tuple[str, ...]
) -> list[tuple]:
    """``[(row, score), …]`` for a small table searched by name and code (organizations,
    two-new organizations): ``codes`` (a unique, indexed code equal to the query) first,
    then the names containing the query (their grams index) ranked in the database
    (equal, starting with, containing), under the time budget. A pinyin or initials
    query, a full ID number or phone is no name: only ``codes`` is looked up."""
    found = [(row, EXACT) for row in rows.filter(codes).order_by(*order, "pk")[:limit]]
    latin = query.replace(" ", "").lower()
    if len(found) >= limit or is_key(query) or pinyin_keys.is_query(latin):
        return found
    rank = Case(
        When(**{field: query}, then=Value(0)),
        When(**{f"{field}__startswith": query}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # The names' grams index (core.grams) on PostgreSQL: every table searched here has
    # one (organizations: core migration 0013; two-new organizations: grassroots 0002).
    chosen = rows.filter(grams.contains_q(field, query)).exclude(pk__in=[r.pk for r, _ in found])
    chosen = chosen.annotate(search_rank=rank).order_by("search_rank", *order, "pk")
    scores = (EXACT, PREFIX, CONTAINS)
    found.extend((row, scores[row.search_rank]) for row in bounded(chosen[: limit - len(found)]))
    return found


def is_key(query: str) -> bool:
    """Whether ``query`` is a full ID number or a phone: found by keyed hash alone."""
    return id_number_of(query) is not None or phone_of(query) is not None


def bounded(rows: QuerySet) -> list:
    """The rows, or as many as the time budget allows (none once it runs out)."""
    if connection.vendor != "postgresql":
        return list(rows)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            before = cursor.fetchone()[0]
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)", [f"{int(CONTAINS_BUDGET_MS)}ms"]
            )
            found = list(rows)
            # SET LOCAL outlives a released savepoint: put the caller's value back.
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
            return found
    except DatabaseError:
        logger.info("search: contains tier stopped at its time budget")
        return []


# --- the keys on existing rows ---------------------------------------------------------


def backfill_person_keys(*, only_missing: bool = True, using=None) -> int:
    """Fill name_pinyin and name_initials of persons from their names; returns the
    number of names computed. Names repeat (a million persons carry some hundred
    thousand names): each distinct name is computed once and written with one UPDATE
    per name (a pipeline of statements on PostgreSQL). Run by migration 0009."""
    from django.db import connections

    from zugong.core.models.persons import search_keys

    db = connections[using or "default"]
    where = " WHERE name_pinyin = ''" if only_missing else ""
    with db.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT name FROM core_person{where}")
        names = [row[0] for row in cursor.fetchall()]
        rows = [(*search_keys(name), name) for name in names]
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                "UPDATE core_person SET name_pinyin = %s, name_initials = %s WHERE name = %s",
                rows[start : start + 5000],
            )
    return len(rows)
