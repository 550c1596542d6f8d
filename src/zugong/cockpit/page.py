"""The cockpit for a request: every section whose capability the user holds, each read
in the subtrees where that capability is held (authz.narrowed), and the home page's
summary drawn from the same sections."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from zugong.cadres import capabilities as cadre_caps
from zugong.cockpit import live, selectors
from zugong.core import authz
from zugong.core import capabilities as core_caps
from zugong.core.capabilities import need_any
from zugong.grassroots import capabilities as grassroots_caps
from zugong.party import capabilities as party_caps
from zugong.talent import capabilities as talent_caps


def _workplan_capability() -> str:
    try:
        from zugong.workplan.capabilities import VIEW_WORKPLAN
    except ImportError:
        return ""
    return VIEW_WORKPLAN


SECTIONS: list[tuple[str, str, Callable[[dt.date], dict | None]]] = [
    ("members", party_caps.VIEW_MEMBER, selectors.members_section),
    ("organizations", core_caps.VIEW_ORGANIZATION, selectors.organizations_section),
    ("party_work", party_caps.VIEW_MEMBER, selectors.party_work_section),
    ("cadres", cadre_caps.VIEW_CADRE, live.cadres_section),
    ("supervision", cadre_caps.VIEW_SUPERVISION, live.supervision_section),
    ("grassroots", grassroots_caps.VIEW_GRASSROOTS, selectors.grassroots_section),
    ("talents", talent_caps.VIEW_TALENT, selectors.talents_section),
]
if _workplan_capability():
    SECTIONS.append(("workplan", _workplan_capability(), live.workplan_section))

# The cockpit opens for anyone holding one of its sections' capabilities; each section
# then reads where its own capability is held.
REQUIREMENT = need_any(*(capability for _key, capability, _f in SECTIONS))
SECTION_KEYS = tuple(key for key, _c, _f in SECTIONS)


def sections_for(request, on: dt.date, only: tuple[str, ...] = ()) -> list[dict]:
    result = []
    for key, capability, build in SECTIONS:
        if only and key not in only:
            continue
        if not authz.holds(request, capability):
            continue
        with authz.narrowed(capability):
            built = build(on)
        if built is not None:
            result.append(built)
    return result


def headline(fig: dict) -> dict:
    """One figure as a summary card: its rate when it has one, else its total."""
    if fig["rate"] is not None:
        value, unit = fig["rate"], "%"
    elif fig["total"] is not None:
        value, unit = fig["total"], fig["unit"]
    else:
        value, unit = sum(r["count"] for r in fig["rows"]), fig["unit"]
    return {
        "key": fig["key"],
        "title": fig["title"],
        "value": value,
        "unit": unit,
        "caption": fig["caption"],
        "url": fig["url"],
    }


# The home page's cards (its 党员 and 人员 cards, core.selectors.figure_sources, come first).
SUMMARY = (
    "org_kind",
    "election",
    "compliance",
    "dues",
    "development",
    "cadre_level",
    "team_warnings",
    "supervision",
    "stars",
    "coverage",
    "talent_category",
    "card_tier",
    "lights",
)


def summary(sections: list[dict]) -> list[dict]:
    cards = []
    for sec in sections:
        for fig in sec["figures"]:
            if fig["key"] in SUMMARY:
                cards.append({**headline(fig), "as_of": sec["as_of"]})
    return cards


PALETTE = ["#9f1239", "#c2410c", "#b45309", "#15803d", "#0e7490", "#1d4ed8", "#6d28d9", "#4b5563"]


def chart_data(fig: dict) -> str:
    """Chart.js data for Unfold's chart components (unfold/components/chart/*.html)."""
    rows = [r for r in fig["rows"] if r["count"] or fig["chart"] == "bar"]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(rows))]
    dataset = {"label": fig["title"], "data": [r["count"] for r in rows]}
    if fig["chart"] == "doughnut":
        dataset["backgroundColor"] = colours
    else:
        dataset["backgroundColor"] = PALETTE[0]
    return json.dumps(
        {"labels": [r["label"] for r in rows], "datasets": [dataset]}, ensure_ascii=False
    )


def with_charts(sections: list[dict]) -> list[dict]:
    for sec in sections:
        for fig in sec["figures"]:
            fig["chart_data"] = (
                chart_data(fig) if fig["chart"] and any(r["count"] for r in fig["rows"]) else ""
            )
    return sections
