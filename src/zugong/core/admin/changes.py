"""Recorded changes as a user reads them: 组织名称：甲 → 乙, never raw JSON.

Services record a change as ``{field: {"old": …, "new": …}}`` or ``{field: value}``
(core.audit.log_action, OrganizationEvent.details). Here a field is named by its
model's verbose name (or by EXTRA_LABELS), a coded value by its choice label, and an
empty value as “（空）”.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

# Keys recorded beside model fields (organization history, audit extras).
EXTRA_LABELS = {
    "parent": _("上级组织"),
    "into": _("并入组织"),
    "persons": _("转入人员数"),
    "persons_moved": _("转入人员数"),
    "document_no": _("批准文号"),
    "on": _("日期"),
    "rows": _("行数"),
    "count": _("份数"),
    "file": _("文件"),
    "title": _("名称"),
    "clear": _("含明文"),
    "source": _("来源"),
}
EMPTY = _("（空）")
ARROW = " → "


def field_label(model, key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    if model is not None:
        try:
            return str(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            pass
    return key


def value_text(model, key: str, value) -> str:
    if value in (None, "", [], {}):
        return str(EMPTY)
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        choices = dict(getattr(field, "flatchoices", None) or [])
        if value in choices:
            return str(choices[value])
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    return str(value)


def change_lines(model, details: dict | None) -> list[tuple[str, str]]:
    """(label, text) per recorded key: “old → new” for a change, the value otherwise."""
    lines = []
    for key, value in (details or {}).items():
        if isinstance(value, dict) and set(value) <= {"old", "new"} and value:
            text = (
                value_text(model, key, value.get("old"))
                + ARROW
                + value_text(model, key, value.get("new"))
            )
        else:
            text = value_text(model, key, value)
        lines.append((field_label(model, key), text))
    return lines


def changes_html(model, details: dict | None):
    lines = change_lines(model, details)
    if not lines:
        return "—"
    return format_html(
        '<ul class="zg-changes">{}</ul>',
        format_html_join("", "<li>{}：{}</li>", lines),
    )
