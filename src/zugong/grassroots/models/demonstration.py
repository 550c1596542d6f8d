"""The demonstration chain (区有品牌、乡有典型、村有特色、屯有亮点, seed point 4).

One tree: a district brand above township models, village features under them and hamlet
highlights under those; each site with its theme, year, responsible leader and projects.
The roadside demonstration belt of two-new organizations (公路沿线示范带, point 7) is
made of sites of this chain too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager

MONEY = {"max_digits": 14, "decimal_places": 2}


class DemoLevel(models.TextChoices):
    DISTRICT = "district", _("区级品牌")
    TOWNSHIP = "township", _("乡镇典型")
    VILLAGE = "village", _("村级特色")
    HAMLET = "hamlet", _("屯级亮点")


class DemoStatus(models.TextChoices):
    ACTIVE = "active", _("创建中")
    NAMED = "named", _("已命名")
    SUSPENDED = "suspended", _("已暂停")


class DemoSite(models.Model):
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级示范点"),
    )
    level = models.CharField(_("层级"), max_length=16, choices=DemoLevel.choices)
    name = models.CharField(_("示范点名称"), max_length=100)
    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属党组织"),
    )
    hamlet = models.CharField(_("自然村（屯）"), max_length=50, blank=True)
    theme = models.CharField(_("创建主题"), max_length=100)
    year = models.PositiveSmallIntegerField(_("创建年度"))
    leader = models.CharField(_("责任领导"), max_length=50)
    belt = models.BooleanField(_("公路沿线两新组织党建示范带"), default=False)
    enterprise = models.ForeignKey(
        "grassroots.Entity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demo_sites",
        verbose_name=_("两新组织"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=DemoStatus.choices, default=DemoStatus.ACTIVE
    )
    suspended_on = models.DateField(_("暂停日期"), null=True, blank=True)
    suspended_reason = models.CharField(_("暂停原因"), max_length=200, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("示范点")
        verbose_name_plural = _("示范创建")
        ordering = ["level", "organization__path", "name"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{self.name}"


class DemoProject(models.Model):
    site = models.ForeignKey(
        DemoSite, on_delete=models.CASCADE, related_name="projects", verbose_name=_("示范点")
    )
    name = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("项目类型"), max_length=50, blank=True)
    scale = models.DecimalField(
        _("建设规模"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    scale_unit = models.CharField(_("规模单位"), max_length=10, blank=True)
    higher_support = models.DecimalField(_("上级扶持资金（元）"), default=0, **MONEY)
    self_raised = models.DecimalField(_("自筹资金（元）"), default=0, **MONEY)
    starts_on = models.DateField(_("开工日期"), null=True, blank=True)
    ends_on = models.DateField(_("计划完工日期"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    responsible = models.CharField(_("责任人"), max_length=50, blank=True)
    in_five_year_plan = models.BooleanField(_("列入“十四五”规划"), default=False)

    objects = ScopedManager("site__organization__path")

    class Meta:
        verbose_name = _("示范项目")
        verbose_name_plural = _("示范项目")
        ordering = ["site", "starts_on", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def investment(self):
        return (self.higher_support or 0) + (self.self_raised or 0)
