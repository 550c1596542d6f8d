"""Leading cadres in contact with experts (领导干部联系服务专家, RULES.md §15): pairs by
level, the contact log and the problems raised and solved; the frequency check is in
rules.contact."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager
from zugong.talent.models.pool import ContactKind


class LeaderLevel(models.TextChoices):
    MAIN = "main", _("四家班子主要领导")
    STANDING = "standing", _("区委常委")
    OTHER = "other", _("其他区级领导")
    DEPARTMENT = "department", _("部门主要负责人")


class ContactPair(models.Model):
    office = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位")
    )
    leader = models.CharField(_("联系领导"), max_length=50)
    leader_post = models.CharField(_("领导职务"), max_length=100)
    leader_level = models.CharField(_("领导层级"), max_length=12, choices=LeaderLevel.choices)
    talent = models.ForeignKey(
        "talent.Talent",
        on_delete=models.PROTECT,
        related_name="leader_pairs",
        verbose_name=_("联系专家人才"),
    )
    since = models.DateField(_("建立联系日期"))
    until = models.DateField(_("结束日期"), null=True, blank=True)

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("领导联系专家")
        verbose_name_plural = _("领导联系专家")
        ordering = ["leader", "talent"]

    def __str__(self) -> str:
        return f"{self.leader} — {self.talent}"


class ContactRecord(models.Model):
    pair = models.ForeignKey(
        ContactPair, on_delete=models.CASCADE, related_name="records", verbose_name=_("联系对子")
    )
    contacted_on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=ContactKind.choices)
    summary = models.TextField(_("情况"))

    objects = ScopedManager("pair__office__path")

    class Meta:
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        ordering = ["pair", "-contacted_on"]

    def __str__(self) -> str:
        return f"{self.contacted_on:%Y-%m-%d}"


class ContactProblem(models.Model):
    pair = models.ForeignKey(
        ContactPair, on_delete=models.CASCADE, related_name="problems", verbose_name=_("联系对子")
    )
    raised_on = models.DateField(_("提出日期"))
    content = models.TextField(_("问题或诉求"))
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    solution = models.TextField(_("解决情况"), blank=True)

    objects = ScopedManager("pair__office__path")

    class Meta:
        verbose_name = _("问题诉求")
        verbose_name_plural = _("问题诉求")
        ordering = ["pair", "-raised_on"]

    def __str__(self) -> str:
        return self.content[:30]
