"""The start page of every role: the user's own scope, their to-do list (core.todo) and
their cockpit summary (zugong.cockpit), never more.

Each figure is read in the subtrees where its capability is held, so a system, security
or audit administrator, who holds no business capability, sees no business figure. A
read-only business user (the leader role) finds the whole cockpit here, charts included.
"""

from __future__ import annotations

from django.template.loader import select_template
from django.utils import timezone

from zugong.core import authz
from zugong.core import capabilities as caps
from zugong.core.models import Job
from zugong.core.selectors import figure_sources, scope_roots

TODO_LIMIT = 12
# core.todo's include once it exists; the cockpit's own rendering of the same rows until then.
TODO_TEMPLATES = ("core/todo/_list.html", "cockpit/_todo.html")


def dashboard_callback(request, context):
    context["zg_roots"] = []
    if authz.holds(request, caps.VIEW_ORGANIZATION):
        with authz.narrowed(caps.VIEW_ORGANIZATION):
            context["zg_roots"] = list(scope_roots())
    context["zg_figures"] = _figures(request)
    _todo(request, context)
    _cockpit(request, context)
    context["zg_jobs"] = (
        Job.objects.filter(user=request.user)[:5] if request.user.is_authenticated else []
    )
    return context


def _figures(request) -> list:
    """The counts of the user's own responsibility (core.selectors.figure_sources), each
    read in the subtrees where its capability is held."""
    figures = []
    for capability, count in figure_sources():
        if authz.holds(request, capability):
            with authz.narrowed(capability):
                figures.extend(count())
    return figures


def _todo(request, context) -> None:
    from zugong.core import todo

    user = request.user
    context["todo_items"] = todo.items_for(user, limit=TODO_LIMIT)
    context["todo_count"] = todo.count_for(user)
    context["zg_todo_template"] = select_template(TODO_TEMPLATES).template.name


def _read_only(request) -> bool:
    access = getattr(request, "access", None)
    held = access.capabilities if access else set()
    return bool(held) and not any(caps.is_write_capability(c) for c in held)


def _cockpit(request, context) -> None:
    from zugong.cockpit import page

    context["zg_cockpit"] = []
    context["zg_cockpit_full"] = False
    if not authz.holds(request, page.REQUIREMENT):
        return
    sections = page.sections_for(request, timezone.localdate())
    context["zg_cockpit"] = page.summary(sections)
    if _read_only(request):
        context["zg_cockpit_full"] = True
        context["sections"] = page.with_charts(sections)
