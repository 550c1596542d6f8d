"""The "two coverages" (两个覆盖) rates of a subtree on a date, computed by rule.

Public interface (the benchmark calls these):

``coverage_figures(root_path, as_of) -> dict``
    The figures of every two-new organization registered under ``root_path`` (its
    township or its party organization lies in that subtree) and in the active scope:
    ``totals``, ``by_kind`` (enterprise / social_org) and ``by_township`` (a list), each
    a dict of the numerators (``registered``, ``counted``, ``excluded``, ``separate``,
    ``organized``, ``work_covered``, ``uncovered``) and the three rates (percent,
    Decimal, None when nothing counts). One GROUP BY query over (township, kind).

``coverage_list(root_path, as_of, numerator, kind=None, township_id=None)``
    The queryset of exactly the organizations behind one number.

What each numerator counts (the rule's definition, rules.twonew):

- counted (denominator): units in the counting scope (三有 for enterprises, ≥30 staff for
  social organizations, shell, dormant and closed ones removed) — ``Entity.counted``,
  recomputed by rules.counting_verdict on every save;
- separate: counted, a separately formed party organization founded on or before
  ``as_of``;
- organized: counted, a separately or jointly formed one founded on or before ``as_of``;
- work_covered: organized, or with an instructor or a liaison;
- uncovered: counted and not work covered; excluded: registered and not counted.

An organization formed after ``as_of`` counts as not formed on that date, so a report of
an earlier date gives that date's numerators (the registry keeps no history of the
counting scope itself: the denominator is the current one).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

from zugong.grassroots import rules
from zugong.grassroots.models.twonew import Coverage, Entity, EntityKind

NUMERATORS = (
    "registered",
    "counted",
    "excluded",
    "separate",
    "organized",
    "work_covered",
    "uncovered",
)
RATES = {
    "org_coverage_rate": "organized",
    "separate_rate": "separate",
    "work_coverage_rate": "work_covered",
}


def in_subtree(root_path: str) -> Q:
    return Q(township__path__startswith=root_path) | Q(
        party_organization__path__startswith=root_path
    )


def numerator_q(numerator: str, as_of: dt.date) -> Q:
    """The one definition of each number (module docstring)."""
    formed = Q(formed_on__isnull=False, formed_on__lte=as_of)
    organized = Q(counted=True, coverage__in=[Coverage.SEPARATE, Coverage.JOINT]) & formed
    helped = Q(instructor__isnull=False) | ~Q(liaison="")
    work = organized | (Q(counted=True) & helped)
    return {
        "registered": Q(),
        "counted": Q(counted=True),
        "excluded": Q(counted=False),
        "separate": Q(counted=True, coverage=Coverage.SEPARATE) & formed,
        "organized": organized,
        "work_covered": work,
        "uncovered": Q(counted=True) & ~work,
    }[numerator]


def _with_rates(row: dict) -> dict:
    row = {name: row.get(name, 0) for name in NUMERATORS} | {
        k: v for k, v in row.items() if k not in NUMERATORS
    }
    for rate, numerator in RATES.items():
        row[rate] = rules.percent(row[numerator], row["counted"])
    return row


def coverage_figures(root_path: str, as_of: dt.date) -> dict:
    """See the module docstring. One query, whatever the number of organizations."""
    # Annotations named apart from the model's fields ("counted" is one).
    aggregates = {f"n_{name}": Count("id", filter=numerator_q(name, as_of)) for name in NUMERATORS}
    aggregates["n_registered"] = Count("id")
    rows = list(
        Entity.objects.filter(in_subtree(root_path))
        .values("township_id", "township__name", "township__path", "kind")
        .annotate(**aggregates)
        .order_by("township__path", "kind")
    )
    totals = dict.fromkeys(NUMERATORS, 0)
    by_kind = {kind: dict.fromkeys(NUMERATORS, 0) for kind in EntityKind.values}
    townships: dict[int, dict] = {}
    for row in rows:
        town = townships.setdefault(
            row["township_id"],
            {
                "township_id": row["township_id"],
                "name": row["township__name"],
                "path": row["township__path"],
                **dict.fromkeys(NUMERATORS, 0),
            },
        )
        for name in NUMERATORS:
            value = row[f"n_{name}"]
            totals[name] += value
            by_kind[row["kind"]][name] += value
            town[name] += value
    return {
        "root_path": root_path,
        "as_of": as_of,
        "totals": _with_rates(totals),
        "by_kind": {kind: _with_rates(values) for kind, values in by_kind.items()},
        "by_township": [_with_rates(town) for town in townships.values()],
    }


def coverage_list(
    root_path: str,
    as_of: dt.date,
    numerator: str,
    kind: str | None = None,
    township_id: int | None = None,
):
    """The organizations behind one number (a queryset, ordered by township and name)."""
    if numerator not in NUMERATORS:
        raise ValueError(numerator)
    queryset = Entity.objects.filter(in_subtree(root_path)).filter(numerator_q(numerator, as_of))
    if kind:
        queryset = queryset.filter(kind=kind)
    if township_id:
        queryset = queryset.filter(township_id=township_id)
    return queryset.select_related("township", "party_organization", "instructor__person").order_by(
        "township__path", "name", "id"
    )


def why(entity: Entity, as_of: dt.date) -> str:
    """Why an organization counts where it does: the counting verdict's reasons stored
    with it, then the coverage rule's verdict on ``as_of``."""
    formed = entity.formed_on is not None and entity.formed_on <= as_of
    coverage = entity.coverage if formed else Coverage.NONE
    verdict = rules.coverage_kind(
        counted=entity.counted,
        coverage=coverage,
        has_instructor=entity.instructor_id is not None,
        has_liaison=bool(entity.liaison),
    )
    text = f"{entity.counted_reason}；{verdict.why}" if entity.counted_reason else verdict.why
    if entity.coverage != Coverage.NONE and not formed:
        text += "（党组织成立于统计日期之后）"
    return text


def numerator_ids(root_path: str, as_of: dt.date) -> dict[str, list[int]]:
    """The ids of the organizations behind each numerator (for a saved report)."""
    return {
        name: sorted(coverage_list(root_path, as_of, name).values_list("id", flat=True))
        for name in ("counted", "separate", "organized", "work_covered")
    }


def jsonable(figures: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in figures.items()}


def changes_since(report, root_path: str, as_of: dt.date) -> dict:
    """For each numerator, the organizations that entered or left it since ``report``
    (a CoverageReport of the same subtree), as ids; names are read by the caller."""
    saved = (report.figures or {}).get("ids", {}) if report else {}
    now = numerator_ids(root_path, as_of)
    result = {}
    for name, ids in now.items():
        before = set(saved.get(name, []))
        current = set(ids)
        result[name] = {
            "entered": sorted(current - before),
            "left": sorted(before - current),
        }
    return result
