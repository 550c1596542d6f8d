"""The start page: figures of the user's own scope, never more."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext as _

from zugong.core import authz, codes
from zugong.core import capabilities as caps
from zugong.core.models import CodeTable, Job, OrgKind, Person
from zugong.core.selectors import figure_sources, organization_counts_by_kind, scope_roots

AGE_BANDS = (
    (0, 35, "35岁及以下"),
    (36, 45, "36至45岁"),
    (46, 55, "46至55岁"),
    (56, 60, "56至60岁"),
    (61, 200, "61岁及以上"),
)


def _age_bands(today: dt.date) -> list[tuple[str, int]]:
    result = []
    for low, high, label in AGE_BANDS:
        # born between (today - high - 1 years, today - low years]
        youngest = today.replace(year=today.year - low)
        oldest = today.replace(year=today.year - high - 1)
        n = Person.objects.filter(birth_date__lte=youngest, birth_date__gt=oldest).count()
        result.append((_(label), n))
    return result


def _share(rows: list[tuple[str, int]]) -> list[dict]:
    total = sum(n for _, n in rows) or 1
    return [{"label": label, "count": n, "percent": round(n * 100 / total)} for label, n in rows]


def dashboard_callback(request, context):
    """The start page is the user's own (any role opens it); each figure is read in the
    subtrees where its capability is held, so a system administrator sees none."""
    access = getattr(request, "access", None)
    context["zg_roots"] = []
    if authz.holds(request, caps.VIEW_ORGANIZATION):
        with authz.narrowed(caps.VIEW_ORGANIZATION):
            _organizations(context)
    context["zg_figures"] = _figures(request)
    if authz.holds(request, caps.VIEW_PERSON):
        with authz.narrowed(caps.VIEW_PERSON):
            _persons(context)
    context["zg_jobs"] = (
        Job.objects.filter(user=request.user)[:5] if request.user.is_authenticated else []
    )
    context["zg_capabilities"] = sorted(
        str(caps.CAPABILITIES.get(c, c)) for c in (access.capabilities if access else set())
    )
    return context


def _figures(request) -> list:
    """The counts of the page, each from its one selector (core.selectors.figure_sources),
    read in the subtrees where its capability is held."""
    figures = []
    for capability, count in figure_sources():
        if authz.holds(request, capability):
            with authz.narrowed(capability):
                figures.extend(count())
    return figures


def _organizations(context) -> None:
    context["zg_roots"] = list(scope_roots())
    counts = organization_counts_by_kind()
    context["zg_org_counts"] = [
        (OrgKind(kind).label, counts.get(kind, 0)) for kind in OrgKind.values if counts.get(kind)
    ]


def _persons(context) -> None:
    today = dt.date.today()
    genders = codes.names(CodeTable.GENDER)
    statuses = codes.names(CodeTable.POLITICAL_STATUS)
    by_gender = Person.objects.values("gender").annotate(n=Count("id")).order_by("gender")
    by_status = Person.objects.values("political_status").annotate(n=Count("id")).order_by("-n")[:6]
    context["zg_by_gender"] = _share(
        [(genders.get(r["gender"], r["gender"]), r["n"]) for r in by_gender]
    )
    context["zg_by_status"] = _share(
        [(statuses.get(r["political_status"], ""), r["n"]) for r in by_status]
    )
    context["zg_by_age"] = _share(_age_bands(today))
