"""The search in the back office: the Ctrl+K palette (Unfold's command palette, through
``UNFOLD["COMMAND"]["search_callback"]``) and the results page with every kind."""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from unfold.dataclasses import SearchResult

from zugong.core import capabilities as caps
from zugong.core.authz import requires
from zugong.core.search import KINDS, id_number_of, normalize, phone_of, search

PALETTE_LIMIT = 12
PAGE_LIMIT = 50


def results_url(query: str) -> str:
    return f"{reverse('search_results')}?{urlencode({'q': query})}"


def palette_results(request, term: str) -> list[SearchResult]:
    """The palette's hits, each named by its kind, and a link to the full results.

    Runs inside the admin's search view (signed in; base scope): core.search narrows
    each kind to where the user holds its capability."""
    results = search(term, limit=PALETTE_LIMIT, actor=request.user)
    found = [
        SearchResult(
            title=hit.title,
            description=" · ".join(p for p in (hit.kind_label, hit.subtitle) if p),
            link=hit.url,
            icon=KINDS[hit.kind].icon if hit.kind in KINDS else "search",
        )
        for hit in results.hits
    ]
    # Not for a full ID number or phone: the link would carry it into access logs.
    key = id_number_of(results.query) or phone_of(results.query)
    if results.kinds and results.query and not key:
        found.append(
            SearchResult(
                title=_("查看“%(q)s”的全部结果") % {"q": results.query},
                description=_("按类别列出"),
                link=results_url(results.query),
                icon="manage_search",
            )
        )
    return found


@requires(requirement=caps.SIGNED_IN)
def results_page(request):
    """All kinds the user may see, each with its best hits (GET ?q=)."""
    query = normalize(request.GET.get("q", ""))
    kind = request.GET.get("kind", "")
    results = search(
        query,
        limit=PAGE_LIMIT,
        kinds={kind} if kind in KINDS else None,
        actor=request.user,
    )
    from zugong.core.admin.site import site

    context = {
        **site.each_context(request),
        "title": _("全局检索"),
        "query": query,
        "results": results,
        "groups": results.by_kind(),
        "kind_filter": kind if kind in KINDS else "",
        "limit": PAGE_LIMIT,
    }
    return TemplateResponse(request, "core/search/results.html", context)


def results_view():
    """The page as the back office serves it (signed in, the requirement checked)."""
    from zugong.core.admin.site import site

    return site.admin_view(results_page)
