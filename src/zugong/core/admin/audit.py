from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.admin import SimpleListFilter, register
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import audit as audit_log
from zugong.core import capabilities as caps
from zugong.core.admin.base import CapabilityAdmin, action
from zugong.core.admin.site import site
from zugong.core.models import AuditEntry


class ActionFilter(SimpleListFilter):
    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in sorted(audit_log.ACTIONS.items())]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@register(AuditEntry, site=site)
class AuditEntryAdmin(CapabilityAdmin):
    """Read-only, for the audit administrator only (三员分立)."""

    view_capability = caps.VIEW_AUDIT
    add_allowed = False
    list_display = ["at", "actor_name", "ip", "action_name", "object_repr"]
    list_filter = [ActionFilter]
    search_fields = ["actor_name", "object_repr", "ip"]
    date_hierarchy = "at"
    list_per_page = 50
    fields = [
        "at",
        "actor_name",
        "ip",
        "action_name",
        "object_type",
        "object_id",
        "object_repr",
        "changes_pretty",
        "extra_pretty",
        "prev_hash",
        "hash",
    ]
    readonly_fields = fields
    actions_list = ["verify"]

    def has_change_permission(self, request, obj=None):
        return False

    @display(description=_("操作"), ordering="action")
    def action_name(self, obj):
        return audit_log.action_label(obj.action)

    @display(description=_("变更内容"))
    def changes_pretty(self, obj):
        return format_html(
            "<pre class='zg-pre'>{}</pre>", json.dumps(obj.changes, ensure_ascii=False, indent=2)
        )

    @display(description=_("附加信息"))
    def extra_pretty(self, obj):
        return format_html(
            "<pre class='zg-pre'>{}</pre>", json.dumps(obj.extra, ensure_ascii=False, indent=2)
        )

    @action(
        capability=caps.VIEW_AUDIT,
        description=_("校验日志完整性"),
        url_path="verify",
        icon="verified",
    )
    def verify(self, request):
        if not self.has_view_permission(request):
            return redirect(reverse("admin:index"))
        report = audit_log.verify_chain()
        audit_log.log_action(
            audit_log.AUDIT_VERIFIED, extra={"checked": report.checked, "ok": report.ok}
        )
        if report.ok:
            messages.success(
                request, _("已校验%(n)d条日志，摘要链完整，未发现篡改") % {"n": report.checked}
            )
        else:
            messages.error(
                request,
                _("发现%(p)d处异常：%(first)s")
                % {"p": len(report.problems), "first": "；".join(report.problems[:5])},
            )
        return redirect(reverse("admin:core_auditentry_changelist"))
