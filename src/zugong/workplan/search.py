"""The ledger's search kind (core.search): tasks by title or number, in the scope."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zugong.core.search import Hit, searchable
from zugong.workplan import capabilities as caps
from zugong.workplan.models import Task
from zugong.workplan.services.tasks import task_url


@searchable(
    "workplan.task", capability=caps.VIEW_WORKPLAN, label=_("工作任务"), order=70, icon="task_alt"
)
def search_tasks(query: str, limit: int) -> list[Hit]:
    query = query.strip()
    if not query:
        return []
    rows = (
        Task.objects.filter(Q(title__contains=query) | Q(number__startswith=query))
        .select_related("lead_unit")
        .order_by("point__number", "number", "id")[:limit]
    )
    hits = []
    for task in rows:
        exact = task.number == query or task.title == query
        starts = task.title.startswith(query) or task.number.startswith(query)
        hits.append(
            Hit(
                title=f"{task.number} {task.title}",
                subtitle=f"{task.lead_unit.name} · {task.get_light_display()} · {task.deadline:%Y-%m-%d}",
                url=task_url(task),
                score=1.0 if exact else 0.8 if starts else 0.5,
            )
        )
    return hits
