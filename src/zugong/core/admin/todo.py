"""我的待办: the user's to-do list, stored by the core.todo scan and read from their grants."""

from __future__ import annotations

from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from zugong.core import todo
from zugong.core.admin.base import CapabilityAdmin
from zugong.core.admin.site import site
from zugong.core.models import TodoItem

# The page lists the most urgent items; the API pages through all of them.
PAGE_LIMIT = 300


@register(TodoItem, site=site)
class TodoItemAdmin(CapabilityAdmin):
    """One page per user: items grouped by source, most urgent first, each with its
    deadline and a link to the record to act on. No rows of anyone else's."""

    add_allowed = False
    own_rows = True

    def _has(self, request, capability, obj=None):
        access = getattr(request, "access", None)
        return bool(access and access.grants) and obj is None

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # The list is the only page: items are not edited here, they are acted on in
        # their own module.
        return [p for p in super().get_urls() if p.name == "core_todoitem_changelist"]

    def changelist_view(self, request, extra_context=None):
        rows = todo.items_for(request.user, limit=PAGE_LIMIT)
        counts = todo.counts_by_source(request.user)
        groups = [
            {
                "source": name,
                "title": title,
                "count": count,
                "items": [r for r in rows if r.source == name],
            }
            for name, title, count in counts
        ]
        total = sum(count for _name, _title, count in counts)
        computed = max((r.computed_at for r in rows), default=None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("我的待办"),
            "groups": groups,
            "todo_count": total,
            "shown": len(rows),
            "computed_at": computed,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "core/todo/page.html", context)
