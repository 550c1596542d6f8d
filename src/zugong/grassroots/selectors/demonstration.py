"""Reads of the demonstration chain in the active scope: the year's tree with its gaps
(a township with no model, a model village with no hamlet highlight), the sites list
and the roadside two-new belt."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from zugong.core.models import Organization, OrgKind
from zugong.grassroots.models.demonstration import DemoLevel, DemoProject, DemoSite


def sites(year: int | None = None):
    queryset = DemoSite.objects.select_related("organization", "parent", "enterprise")
    if year:
        queryset = queryset.filter(year__lte=year)
    return queryset.annotate(
        project_count=Count("projects"),
        higher=Sum("projects__higher_support"),
        raised=Sum("projects__self_raised"),
    ).order_by("organization__path", "name")


def tree(year: int) -> dict:
    """The sites created in or before ``year`` as nested nodes, and the gaps."""
    rows = list(sites(year))
    children = defaultdict(list)
    ids = {s.pk for s in rows}
    roots = []
    for site in rows:
        site.higher = site.higher or Decimal(0)
        site.raised = site.raised or Decimal(0)
        if site.parent_id in ids:
            children[site.parent_id].append(site)
        else:
            roots.append(site)

    def node(site, depth=0):
        return {
            "site": site,
            "depth": depth,
            "children": [node(c, depth + 1) for c in children[site.pk]],
        }

    order = list(DemoLevel.values)
    roots.sort(key=lambda s: (order.index(s.level), s.organization.path))
    nodes = [node(r) for r in roots]
    flat = []

    def walk(items):
        for item in items:
            flat.append(item)
            walk(item["children"])

    walk(nodes)
    modelled = {s.organization_id for s in rows if s.level == DemoLevel.TOWNSHIP}
    townships = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path")
    without_model = [t for t in townships if t.pk not in modelled]
    without_highlight = [
        s
        for s in rows
        if s.level == DemoLevel.VILLAGE
        and not any(c.level == DemoLevel.HAMLET for c in children[s.pk])
    ]
    return {
        "nodes": nodes,
        "flat": flat,
        "townships_without_model": without_model,
        "villages_without_highlight": without_highlight,
        "count": len(rows),
    }


def belt():
    return (
        DemoSite.objects.filter(belt=True)
        .select_related("organization", "enterprise")
        .order_by("organization__path", "name")
    )


def projects(site_id: int | None = None):
    queryset = DemoProject.objects.select_related("site")
    if site_id:
        queryset = queryset.filter(site_id=site_id)
    return queryset
