"""What the contact and native back-office pages share: the table page, the talent
autocomplete and dates and amounts as people read them."""

from __future__ import annotations

from django.contrib.admin.widgets import AutocompleteSelect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from zugong.core.admin.site import site
from zugong.talent.models import NativeContact, Talent

LIMIT = 500


def talent_autocomplete(model_admin) -> list[str]:
    """["talent"] when the pool's Talent admin is there to answer the autocomplete."""
    return ["talent"] if site.is_registered(Talent) else []


def talent_widget():
    """The talent picker of a workflow form (a plain select until the pool admin exists)."""
    if site.is_registered(Talent):
        return AutocompleteSelect(NativeContact._meta.get_field("talent"), site)
    return None


def day(value) -> str:
    return value.isoformat() if value else _("无")


def money(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}"


def table(title, columns, rows, total=None) -> dict:
    rows = list(rows)
    total = len(rows) if total is None else total
    return {
        "title": title,
        "columns": columns,
        "rows": rows[:LIMIT],
        "total": total,
        "limited": total > LIMIT,
    }


def page(model_admin, request, title, tables, *, intro="", sources=(), filters=None, links=()):
    return TemplateResponse(
        request,
        "talent/contact_table.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "intro": intro,
            "tables": tables,
            "sources": list(sources),
            "filters": filters,
            "links": list(links),
        },
    )
