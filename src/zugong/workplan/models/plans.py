"""The plan (工作要点) as its document gives it: a plan of a year, its parts (一、二、…)
and its points (1. 2. …, numbered through the whole plan) with a title and a body."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.workplan.models.scoping import ConditionManager

CHINESE_NUMERALS = "〇一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (the parts' numbering 一、二、…)."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return f"{head}十{CHINESE_NUMERALS[ones] if ones else ''}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")
    CLOSED = "closed", _("已总结")


class Plan(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    issuing_body = models.CharField(_("印发机关"), max_length=100)
    owner = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("台账管理单位"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ISSUED
    )
    preamble = models.TextField(_("总体要求"), blank=True)
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    objects = ConditionManager("plan")

    class Meta:
        verbose_name = _("工作要点")
        verbose_name_plural = _("工作要点")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title


class Part(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="parts", verbose_name=_("工作要点")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=300)

    objects = ConditionManager("part")

    class Meta:
        verbose_name = _("部分")
        verbose_name_plural = _("部分")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplan_part_number")
        ]

    def __str__(self) -> str:
        return f"{chinese_number(self.number)}、{self.title}"


class Point(models.Model):
    part = models.ForeignKey(
        Part, on_delete=models.CASCADE, related_name="points", verbose_name=_("部分")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)

    objects = ConditionManager("point")

    class Meta:
        verbose_name = _("工作要点条目")
        verbose_name_plural = _("工作要点条目")
        ordering = ["part__plan", "number"]

    def __str__(self) -> str:
        return f"{self.number}.{self.title}"
