"""The working-day calendar: the days on which China's public-holiday notices differ
from Monday–Friday (holidays on weekdays, make-up working days on weekends)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    day = models.DateField(_("日期"), unique=True)
    is_working = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=50, help_text=_("如“春节”“春节调休上班”"))
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("工作日历")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"
