"""Evidence for star-rating draft scores, computed for many organizations at once.

Which organizations are rated: the top party organization of each village and community
(category village or community, kind grassroots committee, general branch or branch,
active, whose parent is not itself of category village or community). Their
subtrees' records count for them: a village committee's branches' meetings and members
are the village's.

Every source is computed with a constant number of grouped queries whatever the number
of organizations (the benchmark is every village-kind organization of a province), in
the caller's scope. Each result per organization and source is an ``Evidence``:
the fraction of the indicator earned (0–1), a Chinese summary and the records behind it
as ``{"kind", "id", "label"}`` references.

The secretary's supervision (书记受组织处理或纪律处分) stays manual: the cadres' records
are scoped by the cadre's unit, not by the village, and village secretaries are not
cadres in zugong, so no count can be read inside the rating's scope; the indicator is
scored by people with an evidence note.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gc
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import get_language, gettext

from zugong.core.models import Organization, OrgCategory, OrgKind, OrgStatus
from zugong.grassroots.models.rating import EvidenceSource

RATED_CATEGORIES = (OrgCategory.VILLAGE, OrgCategory.COMMUNITY)
RATED_KINDS = (OrgKind.GRASSROOTS, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)
MAX_REFS = 8

# The collective income tier's share of the indicator.
TIER_FRACTION = {"strong": Decimal(1), "middle": Decimal("0.7"), "weak": Decimal("0.3")}


# The language draft_scores runs in, read once per call: the summaries are formatted
# for tens of thousands of organizations, and gettext (and even get_language) for each
# was most of that time.
_language: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "evidence_language", default=None
)


def _(message: str) -> str:
    """gettext, once per message and language."""
    return _translated(message, _language.get() or get_language())


@functools.lru_cache(maxsize=512)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


# Above this many organizations, a query selects them by their categories instead of an
# id list (filtered again in Python): tens of thousands of ids cost more to send and to
# plan than the rows they select.
ID_LIST_MAX = 1000


def _among(lookup: str, ids) -> Q:
    """Rows whose organization (``lookup``, a foreign key to Organization) is one of
    ``ids``, or, for many ids, one of the rated categories."""
    ids = list(ids)
    if len(ids) <= ID_LIST_MAX:
        return Q(**{f"{lookup}_id__in": ids})
    return Q(**{f"{lookup}__category__in": RATED_CATEGORIES})


@dataclass
class Evidence:
    fraction: Decimal
    summary: str
    refs: list[dict] = field(default_factory=list)


def rated_organizations(organization_ids=None):
    """The village and community organizations that are rated, in the caller's scope."""
    qs = (
        Organization.objects.filter(
            category__in=RATED_CATEGORIES, kind__in=RATED_KINDS, status=OrgStatus.ACTIVE
        )
        .exclude(parent__category__in=RATED_CATEGORIES)
        .order_by("path")
    )
    if organization_ids is not None:
        qs = qs.filter(pk__in=list(organization_ids))
    return qs


class _Tree:
    """Maps any organization of the rated ones' subtrees to its rated organization."""

    def __init__(self, rated: list[tuple[int, str, str]]):
        self.by_path = {path: pk for pk, path, _name in rated}
        self.names = {pk: name for pk, _path, name in rated}
        self.lengths = sorted({len(path) for path in self.by_path})
        self.paths = {pk: path for pk, path, _name in rated}
        self.communities: set[int] = set()

    def owner(self, path: str) -> int | None:
        for length in self.lengths:
            pk = self.by_path.get(path[:length])
            if pk is not None:
                return pk
        return None

    def subtrees(self, lookup: str = "") -> Q:
        """Organizations (``lookup``: the path to an Organization, "" for itself) in the
        rated ones' subtrees, which are of the rated categories: by path prefix for a few
        rated organizations, by category alone for many (the rows are then given to their
        rated organization by ``owner``, which drops the others)."""
        prefix = f"{lookup}__" if lookup else ""
        condition = Q(**{f"{prefix}category__in": RATED_CATEGORIES})
        if not self.by_path:
            return Q(**{f"{prefix}pk__in": []})
        if len(self.by_path) > PATH_LIST_MAX:
            return condition
        paths = Q()
        for path in self.by_path:
            paths |= Q(**{f"{prefix}path__startswith": path})
        return condition & paths


# Up to this many rated organizations, the subtree sources select their rows by path
# prefix; above it by the rated categories (a prefix per village of a province is a
# filter longer than the rows it selects).
PATH_LIST_MAX = 50


def _org_life(tree: _Tree, year: int, today: dt.date) -> dict:
    """The subtrees' organizational life by party.selectors.compliance_counts (the same
    figures as the compliance report, counted for the subtrees' branches only)."""
    from zugong.party import selectors as party

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    within = Organization.objects.filter(tree.subtrees())
    totals: dict[int, list] = {}
    lacking = _("%(o)s缺%(n)d次")
    for row in party.compliance_counts(start, end, today=today, within=within):
        owner = tree.owner(row.path)
        if owner is None:
            continue
        entry = totals.setdefault(owner, [0, 0, []])
        entry[0] += row.required
        entry[1] += row.done
        if row.missing and len(entry[2]) < MAX_REFS:
            label = lacking % {"o": row.name, "n": row.missing}
            entry[2].append({"kind": "compliance", "id": row.pk, "label": label})
    summary = _("%(y)d年应开组织生活%(r)d次，已开%(d)d次")
    result = {}
    for pk in tree.names:
        required, done, refs = totals.get(pk, [0, 0, []])
        fraction = Decimal(done) / Decimal(required) if required else Decimal(1)
        text = summary % {"y": year, "r": required, "d": done}
        result[pk] = Evidence(min(fraction, Decimal(1)), text, refs)
    return result


def _election(tree: _Tree, year: int, today: dt.date) -> dict:
    from zugong.party.models import BranchCommittee
    from zugong.party.rules.organization import election_state

    on = min(today, dt.date(year, 12, 31))
    # In the committees' order (tree path, latest election first): the last one read
    # of an organization is the one counted, as when they were model instances.
    current = {
        row[1]: row
        for row in BranchCommittee.objects.filter(
            _among("organization", tree.names), ended_on__isnull=True
        ).values_list("id", "organization_id", "elected_on", "term_years", "postponed_until")
    }
    # Many committees share an election date and term: the state is worked out once each.
    states = functools.cache(
        lambda elected_on, years, postponed_until: election_state(
            elected_on=elected_on, years=years, postponed_until=postponed_until, on=on
        )
    )
    none, elected = _("无现任班子记录"), _("%(d)s选举产生")
    overdue, in_time = _("应于%(d)s前换届，已逾期"), _("按期换届，本届应于%(d)s前换届")
    result = {}
    for pk in tree.names:
        committee = current.get(pk)
        if committee is None:
            result[pk] = Evidence(Decimal(0), none)
            continue
        committee_id, _org, elected_on, years, postponed_until = committee
        state, due = states(elected_on, years, postponed_until)
        ref = {
            "kind": "committee",
            "id": committee_id,
            "label": elected % {"d": elected_on.isoformat()},
        }
        if state == "overdue":
            result[pk] = Evidence(Decimal(0), overdue % {"d": due.isoformat()}, [ref])
        else:
            result[pk] = Evidence(Decimal(1), in_time % {"d": due.isoformat()}, [ref])
    return result


def _development(tree: _Tree, year: int) -> dict:
    from zugong.party.models import Member

    counts: dict[int, int] = {}
    refs: dict[int, list] = {}
    for member_id, path, name in Member.objects.filter(
        tree.subtrees("person__organization"), joined_on__year=year
    ).values_list("pk", "person__organization__path", "person__name"):
        owner = tree.owner(path)
        if owner is None:
            continue
        counts[owner] = counts.get(owner, 0) + 1
        if len(refs.setdefault(owner, [])) < MAX_REFS:
            refs[owner].append({"kind": "member", "id": member_id, "label": name})
    summary = _("%(y)d年发展党员%(n)d名")
    result = {}
    for pk in tree.names:
        n = counts.get(pk, 0)
        result[pk] = Evidence(
            Decimal(1 if n else 0), summary % {"y": year, "n": n}, refs.get(pk, [])
        )
    return result


def _dues(tree: _Tree, year: int, today: dt.date) -> dict:
    """Members whose regular dues are not paid up to the month before the day (or to
    November for a past year): one grouped query over the subtrees' members, paid up
    being the member row's own ``dues_paid_through`` (kept by the dues services), not a
    read of the payments. This is a count of members in arrears, not
    party.selectors.dues_arrears (which reads every member as a model instance and is for
    the arrears list)."""
    from zugong.party.models import Member
    from zugong.party.selectors.members import LIVING

    on = min(today, dt.date(year, 12, 31))
    last_month = (on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rows = (
        Member.objects.filter(
            tree.subtrees("person__organization"),
            status__in=LIVING,
            joined_on__lt=last_month,
        )
        .values("person__organization__path")
        .annotate(n=Count("id"), paid=Count("id", filter=Q(dues_paid_through__gte=last_month)))
        .values_list("person__organization__path", "n", "paid")
        .order_by()
    )
    totals: dict[int, list] = {}
    for path, n, paid_up in rows:
        owner = tree.owner(path)
        if owner is None:
            continue
        entry = totals.setdefault(owner, [0, 0])
        entry[0] += n
        entry[1] += n - paid_up
    summary = _("党员%(n)d名，截至%(m)s欠缴党费%(a)d名")
    month = last_month.strftime("%Y-%m")
    arrears_list = _("党费欠缴名单")
    result = {}
    for pk in tree.names:
        n, arrears = totals.get(pk, [0, 0])
        fraction = Decimal(n - arrears) / Decimal(n) if n else Decimal(1)
        text = summary % {"n": n, "m": month, "a": arrears}
        refs = [{"kind": "dues_arrears", "id": pk, "label": arrears_list}] if arrears else []
        result[pk] = Evidence(fraction, text, refs)
    return result


class _Tiers:
    """grassroots.rules.collective's tier and 万 amounts for tens of thousands of
    villages: the lines, the measure and the labels read once (tier_for reads the
    settings and the language on each call), the rule's comparison applied as there (a
    test holds both equal)."""

    def __init__(self):
        from zugong.grassroots.rules import collective as crules
        from zugong.grassroots.rules.common import plain

        self.weak, self.strong = crules.tier_thresholds()
        self.operating = crules.tier_measure() == "operating"
        self.labels = {
            tier.code: tier.label
            for tier in (
                crules.tier_for(operating=amount, total=amount)
                for amount in (Decimal(0), self.weak, self.strong)
            )
        }
        self.wan_format = _("%(n)s万")
        self.plain = plain

    def code(self, operating: Decimal, total: Decimal) -> str:
        amount = operating if self.operating else total
        return "weak" if amount < self.weak else "middle" if amount < self.strong else "strong"

    def wan(self, amount: Decimal) -> str:
        return self.wan_format % {"n": self.plain(Decimal(str(amount)) / 10000)}


def _collective(tree: _Tree, year: int) -> dict:
    from zugong.grassroots.models.collective import CollectiveIncome
    from zugong.grassroots.rules import collective as crules

    operating_sources = [code for code, _label, operating in crules.SOURCES if operating]
    sums = {
        org_id: (operating or Decimal(0), total)
        for org_id, operating, total in (
            CollectiveIncome.objects.filter(_among("organization", tree.names), year=year)
            .values("organization_id")
            .annotate(
                operating=Sum("amount", filter=Q(source__in=operating_sources)), total=Sum("amount")
            )
            .values_list("organization_id", "operating", "total")
            .order_by()
        )
    }
    tiers = _Tiers()
    none = _("%(y)d年无集体经济收入记录") % {"y": year}
    summary = _("%(y)d年集体经济收入%(t)s，其中经营性收入%(o)s，属%(l)s")
    ledger = _("集体经济收入台账")
    result = {}
    for pk in tree.names:
        if pk not in sums:
            result[pk] = Evidence(Decimal(0), none)
            continue
        operating, total = sums[pk]
        code = tiers.code(operating, total)
        text = summary % {
            "y": year,
            "t": tiers.wan(total),
            "o": tiers.wan(operating),
            "l": tiers.labels[code],
        }
        refs = [{"kind": "collective_income", "id": pk, "label": ledger}]
        result[pk] = Evidence(TIER_FRACTION.get(code, Decimal(0)), text, refs)
    return result


def _cobuilding(tree: _Tree, year: int, today: dt.date) -> dict:
    from zugong.grassroots.models.urban import ContractItem

    rows = (
        ContractItem.objects.filter(
            _among("contract__community", tree.names),
            contract__year=year,
            due_on__lte=today,
        )
        .values("contract__community_id")
        .annotate(
            due=Count("id"),
            done=Count("id", filter=Q(fulfilled_on__isnull=False, fulfilled_on__lte=F("due_on"))),
        )
        .values_list("contract__community_id", "due", "done")
        .order_by()
    )
    counts = {pk: (due, done) for pk, due, done in rows}
    village = _("村党组织不适用共建契约，按满分计")
    summary, label = _("%(y)d年共建事项到期%(d)d项，按期履约%(f)d项"), _("共建契约")
    result = {}
    for pk in tree.names:
        if pk not in tree.communities:
            result[pk] = Evidence(Decimal(1), village)
            continue
        due, done = counts.get(pk, (0, 0))
        fraction = Decimal(done) / Decimal(due) if due else Decimal(1)
        text = summary % {"y": year, "d": due, "f": done}
        refs = [{"kind": "cobuilding", "id": pk, "label": label}] if due else []
        result[pk] = Evidence(fraction, text, refs)
    return result


def _rectification(tree: _Tree, today: dt.date) -> dict:
    from zugong.grassroots.models.rating import Rectification

    overdue: dict[int, list] = {}
    for pk, org_id, item, deadline in Rectification.objects.filter(
        _among("organization", tree.names), completed_on__isnull=True, deadline__lt=today
    ).values_list("pk", "organization_id", "item", "deadline"):
        overdue.setdefault(org_id, []).append(
            {"kind": "rectification", "id": pk, "label": f"{deadline.isoformat()} {item[:30]}"}
        )
    late, none = _("整改事项逾期未完成%(n)d项"), _("无逾期整改事项")
    result = {}
    for pk in tree.names:
        refs = overdue.get(pk)
        if not refs:
            result[pk] = Evidence(Decimal("1.00"), none)  # 1 − 0.25 × 0, as below
            continue
        fraction = max(Decimal(0), Decimal(1) - Decimal("0.25") * len(refs))
        result[pk] = Evidence(fraction, late % {"n": len(refs)}, refs[:MAX_REFS])
    return result


def _weak_lax(tree: _Tree, year: int) -> dict:
    from zugong.grassroots.models.rating import WeakLaxListing, WeakLaxStatus

    listed = {
        org_id: pk
        for pk, org_id in WeakLaxListing.objects.filter(
            _among("organization", tree.names), year=year, status=WeakLaxStatus.LISTED
        ).values_list("pk", "organization_id")
    }
    label, listed_text = _("软弱涣散整顿"), _("%(y)d年列为软弱涣散党组织") % {"y": year}
    not_listed = _("未列为软弱涣散党组织")
    result = {}
    for pk in tree.names:
        if pk in listed:
            ref = {"kind": "weak_lax", "id": listed[pk], "label": label}
            result[pk] = Evidence(Decimal(0), listed_text, [ref])
        else:
            result[pk] = Evidence(Decimal(1), not_listed)
    return result


def draft_scores(
    year: int,
    organization_ids=None,
    *,
    today: dt.date | None = None,
    sources=None,
) -> dict[int, dict[str, Evidence]]:
    """The evidence per rated organization and source, without writing anything.

    ``organization_ids`` None means every rated organization in the current scope
    (``rated_organizations``). ``sources`` limits the sources computed (default: every
    computable one). A constant number of queries whatever the number of organizations:
    the organizational life counts of the subtrees' branches
    (party.selectors.compliance_counts, three queries) and one grouped query per other
    source; the subtrees' rows are grouped by organization path and given to their rated
    organization by the path's prefix.
    Returns {organization id: {EvidenceSource value: Evidence}}; the supervision of the
    secretary is never computed (see the module's note).
    """
    today = today or dt.date.today()
    token = _language.set(get_language())
    # A province's evidence is a quarter of a million small objects made in a few
    # seconds, each allocation counting towards a collection that walks every object of
    # the process: the cycle collector waits until they are made (they hold no cycles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _draft_scores(year, organization_ids, today, sources)
    finally:
        if collecting:
            gc.enable()
        _language.reset(token)


def _draft_scores(year, organization_ids, today, sources) -> dict[int, dict[str, Evidence]]:
    rows = list(rated_organizations(organization_ids).values_list("pk", "path", "name", "category"))
    tree = _Tree([row[:3] for row in rows])
    tree.communities = {row[0] for row in rows if row[3] == OrgCategory.COMMUNITY}
    wanted = set(sources) if sources is not None else set(COMPUTED)
    computed: dict[str, dict] = {}
    S = EvidenceSource
    if S.ORG_LIFE in wanted:
        computed[S.ORG_LIFE] = _org_life(tree, year, today)
    if S.ELECTION in wanted:
        computed[S.ELECTION] = _election(tree, year, today)
    if S.DEVELOPMENT in wanted:
        computed[S.DEVELOPMENT] = _development(tree, year)
    if S.DUES in wanted:
        computed[S.DUES] = _dues(tree, year, today)
    if S.COLLECTIVE_INCOME in wanted:
        computed[S.COLLECTIVE_INCOME] = _collective(tree, year)
    if S.COBUILDING in wanted:
        computed[S.COBUILDING] = _cobuilding(tree, year, today)
    if S.RECTIFICATION in wanted:
        computed[S.RECTIFICATION] = _rectification(tree, today)
    if S.WEAK_LAX in wanted:
        computed[S.WEAK_LAX] = _weak_lax(tree, year)
    return {pk: {source: rows[pk] for source, rows in computed.items()} for pk in tree.names}


COMPUTED = (
    EvidenceSource.ORG_LIFE,
    EvidenceSource.ELECTION,
    EvidenceSource.DEVELOPMENT,
    EvidenceSource.DUES,
    EvidenceSource.COLLECTIVE_INCOME,
    EvidenceSource.COBUILDING,
    EvidenceSource.RECTIFICATION,
    EvidenceSource.WEAK_LAX,
)
SUBTREE_SOURCES = {EvidenceSource.ORG_LIFE, EvidenceSource.DEVELOPMENT, EvidenceSource.DUES}


def points_for(evidence: Evidence, max_points: Decimal) -> Decimal:
    """The indicator's draft points: its maximum times the fraction, to 0.1 point."""
    return (max_points * evidence.fraction).quantize(Decimal("0.1"))
