from __future__ import annotations

import json

from django.apps import apps
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
from zugong.core.admin.changes import changes_html
from zugong.core.admin.display import beijing_time
from zugong.core.admin.site import site
from zugong.core.models import AuditEntry

# What an export or a print without a recorded object was, from the entry's extra.
WHAT_LABELS = {
    "persons": _("人员名册"),
    "party.medal": _("光荣在党50年名单"),
    "party.compliance": _("组织生活落实情况"),
    "cadres.eligibility": _("职级晋升名单"),
}


def recorded_model(entry):
    try:
        return apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        return None


def entry_title(entry) -> str:
    """The header of an entry: Beijing time, the operator and the action's name."""
    return " ".join(
        part
        for part in (beijing_time(entry.at), entry.actor_name, audit_log.action_label(entry.action))
        if part
    )


def audit_target(entry) -> str:
    """What the entry is about: the recorded object, or for an export, a print or a
    download without one, what it held (名单、文件、行数、干部编号) from its extra."""
    if entry.object_repr:
        return entry.object_repr
    extra = entry.extra or {}
    parts = []
    if extra.get("title"):
        parts.append(str(extra["title"]))
    what = extra.get("what")
    if what in WHAT_LABELS:  # an unknown code is left out: the action column names it
        parts.append(str(WHAT_LABELS[what]))
    if extra.get("file"):
        parts.append(str(extra["file"]))
    cadres = extra.get("cadres")
    if isinstance(cadres, list) and cadres:
        numbers = "、".join(str(n) for n in cadres[:10])
        more = str(_("等")) if len(cadres) > 10 else ""
        parts.append(
            _("干部%(n)s名（编号%(ids)s%(more)s）")
            % {"n": extra.get("count", len(cadres)), "ids": numbers, "more": more}
        )
    elif isinstance(cadres, int):
        parts.append(_("干部%(n)s名") % {"n": cadres})
    elif extra.get("count") not in (None, ""):
        parts.append(_("%(n)s份") % {"n": extra["count"]})
    if extra.get("rows") not in (None, ""):
        parts.append(_("共%(n)s行") % {"n": extra["rows"]})
    return "，".join(str(p) for p in parts) or "—"


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
    list_display = ["at", "actor_name", "ip", "action_name", "target"]
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
        "target",
        "changes_pretty",
        "extra_pretty",
        "prev_hash",
        "hash",
    ]
    readonly_fields = fields
    actions_list = ["verify"]

    def has_change_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The entry's str() is for logs (UTC, action code); the page names it in
        # Beijing time and by the action's Chinese name.
        entry = self.get_object(request, object_id)
        label = entry_title(entry)
        extra = {"subtitle": label, "zg_object_label": label, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    @display(description=_("操作"), ordering="action")
    def action_name(self, obj):
        return audit_log.action_label(obj.action)

    @display(description=_("对象"), ordering="object_repr")
    def target(self, obj):
        return audit_target(obj)

    @display(description=_("变更内容"))
    def changes_pretty(self, obj):
        return changes_html(recorded_model(obj), obj.changes)

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
