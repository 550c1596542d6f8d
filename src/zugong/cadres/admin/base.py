"""What the cadre admins share: rows that belong to a cadre, and the list pages."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from unfold.widgets import UnfoldAdminSingleDateWidget, UnfoldAdminTextInputWidget

from zugong.cadres import capabilities as caps
from zugong.cadres import selectors
from zugong.cadres.models import Cadre
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin
from zugong.core.scope import get_scoped_or_404

DATE = UnfoldAdminSingleDateWidget
TEXT = UnfoldAdminTextInputWidget


def cadre_or_404(object_id) -> Cadre:
    return get_scoped_or_404(
        selectors.with_details(Cadre.objects.select_related("person", "unit")), pk=object_id
    )


def family_birth_month(value: str) -> str:
    """A YYYYMM[DD] month of the 任免审批表 (a family member's birth, the form's date) as
    the form prints it: 197408 → 1974.08, 20261115 → 2026.11.15."""
    if len(value) == 8 and value.isdigit():
        return f"{value[:4]}.{value[4:6]}.{value[6:]}"
    if len(value) >= 6 and value[:6].isdigit():
        return f"{value[:4]}.{value[4:6]}"
    return value


def quote_filename(name: str) -> str:
    return quote(name)


class CadrePages:
    """What the cadre admin's own pages share: the way back to the record, the page
    context (with the cadre, so the header names it), and the change check on the
    cadre's unit."""

    def _back(self, cadre, tab: str = ""):
        url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
        return f"{url}#{tab}" if tab else url

    def _context(self, request, title, cadre=None, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **({"object": cadre} if cadre is not None else {}),
            **extra,
        }

    def _require_change(self, request, cadre):
        if not request.access.has(caps.CHANGE_CADRE, cadre.unit.path):
            raise Http404


class CadreRowAdmin(RequestFormMixin, CapabilityAdmin):
    """A record that belongs to one cadre: seen and written within the cadre's unit.
    Rows are added through their service; changes go through detail actions."""

    view_capability = caps.VIEW_CADRE
    change_capability = caps.CHANGE_CADRE
    autocomplete_fields = ["cadre"]
    search_fields = ["cadre__person__name"]
    list_select_related = ["cadre__person"]
    add_only = True

    def object_path(self, obj):
        return obj.cadre.unit.path

    def has_change_permission(self, request, obj=None):
        allowed = obj is None or not self.add_only
        return allowed and super().has_change_permission(request, obj)

    def row_for_change(self, request, model, object_id):
        """The row for a detail action that writes: 404 unless the user may change it."""
        obj = get_scoped_or_404(
            model.objects.select_related("cadre__person", "cadre__unit"), pk=object_id
        )
        if not request.access.has(self.change_capability, obj.cadre.unit.path):
            raise Http404
        return obj


def table_page(model_admin, request, title, columns, rows, **extra) -> TemplateResponse:
    """A list page in the back office (overdue lists, checks, reports)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "columns": columns,
        "rows": rows,
        **extra,
    }
    return TemplateResponse(request, "cadres/admin/table.html", context)
