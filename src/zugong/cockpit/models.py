"""The cockpit's tally (驾驶舱统计表): counts per organization and figure bucket.

One row per organization holding counts: ``own`` are the organization's own rows
(its members, its committee, itself), ``subtree`` the same summed over it and every
organization under it. A scope reads the ``subtree`` rows of its roots only, so the
cockpit of the whole district reads one row, whatever the number of members.
``path`` is the organization's tree path when its counts were last rolled up into its
ancestors: a touch that finds it changed knows the organization moved.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class Tally(models.Model):
    organization = models.OneToOneField(
        "core.Organization",
        on_delete=models.CASCADE,
        related_name="cockpit_tally",
        verbose_name=_("组织"),
    )
    path = models.CharField(_("统计时的树路径"), max_length=255, db_index=True)
    own = models.JSONField(_("本组织计数"), default=dict)
    subtree = models.JSONField(_("本组织及下级计数"), default=dict)
    counted_on = models.DateField(_("统计日"))
    counted_at = models.DateTimeField(_("全量统计时间"))
    touched_at = models.DateTimeField(_("最近增量更新时间"), null=True, blank=True)

    objects = ScopedManager("path")

    class Meta:
        verbose_name = _("驾驶舱")
        verbose_name_plural = _("驾驶舱")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path
