"""The young-cadre pool (优秀年轻干部库) and front-line postings (挂职、墩苗)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class YoungCadreEntry(models.Model):
    class Source(models.TextChoices):
        RECOMMENDATION = "recommendation", _("民主推荐")
        SURVEY = "survey", _("调研发现")
        ASSESSMENT = "assessment", _("考核发现")
        NOMINATION = "nomination", _("组织推荐")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在库")
        USED = "used", _("已使用（提拔或进一步使用）")
        REMOVED = "removed", _("已出库")

    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.CASCADE, related_name="pool", verbose_name=_("干部")
    )
    entered_on = models.DateField(_("入库时间"))
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    evaluation = models.TextField(_("综合评价"))
    follow_up = models.TextField(_("培养措施和跟踪情况"), blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    left_on = models.DateField(_("出库时间"), null=True, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("优秀年轻干部")
        verbose_name_plural = _("优秀年轻干部库")
        ordering = ["status", "-entered_on"]

    def __str__(self) -> str:
        return f"{self.cadre} {self.entered_on:%Y-%m-%d}"


class Secondment(models.Model):
    class Kind(models.TextChoices):
        SECONDMENT = "secondment", _("挂职")
        SEASONING = "seasoning", _("墩苗")
        VILLAGE = "village", _("驻村")

    cadre = models.ForeignKey(
        "cadres.Cadre", on_delete=models.CASCADE, related_name="secondments", verbose_name=_("干部")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    place = models.CharField(_("挂职（锻炼）单位"), max_length=100)
    post = models.CharField(_("挂任职务"), max_length=100)
    started_on = models.DateField(_("开始时间"))
    ends_on = models.DateField(_("期满时间"))
    returned_on = models.DateField(_("实际结束时间"), null=True, blank=True)
    evaluation = models.TextField(_("期满鉴定"), blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("挂职锻炼")
        verbose_name_plural = _("挂职锻炼")
        ordering = ["ends_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.place}{self.post}"
