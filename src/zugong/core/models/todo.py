"""The to-do list (待办): items every module's sources yield, stored by the core.todo scan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    NORMAL = "normal", _("一般")
    WARNING = "warning", _("临近")
    DANGER = "danger", _("逾期")


class TodoItem(models.Model):
    """One thing someone must act on. A user sees it when they hold ``capability`` over
    an ancestor-or-self of ``path`` (the organization's tree path, copied so the list is
    one indexed query), or, for ``person`` items, when it is their own person."""

    source = models.CharField(_("来源"), max_length=64)
    key = models.CharField(_("事项键"), max_length=120)
    capability = models.CharField(_("权限"), max_length=64)
    organization = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("组织"),
    )
    path = models.CharField(_("树路径"), max_length=255, blank=True)
    person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("本人"),
    )
    title = models.CharField(_("事项"), max_length=300)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    severity = models.CharField(
        _("紧急程度"), max_length=8, choices=Severity.choices, default=Severity.NORMAL
    )
    rank = models.PositiveSmallIntegerField(default=0, editable=False)  # danger 0, warning 1
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["rank", "due_on", "id"]
        indexes = [
            models.Index(fields=["capability", "path"], name="todo_capability_path"),
            models.Index(fields=["person", "capability"], name="todo_person"),
            # The list's order, read from the top for users who see most items.
            models.Index(fields=["rank", "due_on", "id"], name="todo_order"),
            models.Index(fields=["source", "capability", "path"], name="todo_source_path"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="todo_source_key"),
        ]

    def __str__(self) -> str:
        return self.title


class TodoCount(models.Model):
    """How many items of a source lie in the subtree of ``path``: written by the scan
    beside the items, one row per source and organization that has items below it, so
    a user's counts are one lookup per grant instead of a count over a province's
    items (the sidebar's badge is on every page)."""

    source = models.CharField(_("来源"), max_length=64)
    capability = models.CharField(_("权限"), max_length=64)
    path = models.CharField(_("树路径"), max_length=255)
    n = models.PositiveIntegerField(_("事项数"))

    class Meta:
        verbose_name = _("待办计数")
        verbose_name_plural = _("待办计数")
        indexes = [models.Index(fields=["capability", "path"], name="todo_count_capability_path")]
        constraints = [
            models.UniqueConstraint(fields=["source", "path"], name="todo_count_source_path"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.path} {self.n}"
