"""Organ party building (机关党建, seed point 6; 《中国共产党党和国家机关基层组织工作条例》
第二十一条): commitments and their fulfilment, pioneer posts, commando teams, service-model
awards, and the facts the organ regulation's structure checks need."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class CommitmentCategory(models.TextChoices):
    POLITICAL = "political", _("政治理论学习")
    DUTY = "duty", _("履职尽责")
    SERVICE = "service", _("服务群众")
    CONDUCT = "conduct", _("作风建设")
    OTHER = "other", _("其他")


class Commitment(models.Model):
    """A member's or a branch's commitment for the year (承诺), and its fulfilment (践诺)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("党员"),
        help_text=_("不填为支部承诺"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=16, choices=CommitmentCategory.choices)
    content = models.TextField(_("承诺事项"))
    deadline = models.DateField(_("完成时限"))
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    fulfilled_on = models.DateField(_("践诺完成日期"), null=True, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("承诺践诺")
        verbose_name_plural = _("承诺践诺")
        ordering = ["-year", "deadline"]
        indexes = [models.Index(fields=["year", "fulfilled_on"], name="commitment_year_done")]

    def __str__(self) -> str:
        who = self.person.name if self.person_id else self.organization.name
        return f"{who}：{self.content[:30]}"


class CommitmentProgress(models.Model):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="records", verbose_name=_("承诺")
    )
    recorded_on = models.DateField(_("日期"))
    progress = models.PositiveSmallIntegerField(_("进度（%）"))
    description = models.TextField(_("践诺情况"))
    evidence = models.FileField(_("佐证材料"), upload_to="commitments/%Y/", blank=True)

    objects = ScopedManager("commitment__organization__path")

    class Meta:
        verbose_name = _("践诺记录")
        verbose_name_plural = _("践诺记录")
        ordering = ["commitment", "recorded_on"]

    def __str__(self) -> str:
        return f"{self.recorded_on:%Y-%m-%d} {self.progress}%"


class PioneerPost(models.Model):
    """A pioneer post (党员先锋岗), individual or collective, through its nomination steps."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人先锋岗")
        COLLECTIVE = "collective", _("集体先锋岗")

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("党员"),
    )
    post_name = models.CharField(_("岗位名称"), max_length=100)
    criteria = models.TextField(_("创建标准"), blank=True)
    step = models.CharField(_("评选环节"), max_length=24, default="self_declared")
    declared_on = models.DateField(_("申报日期"))
    approved_on = models.DateField(_("命名日期"), null=True, blank=True)
    term_ends_on = models.DateField(_("届满日期"), null=True, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("党员先锋岗")
        verbose_name_plural = _("党员先锋岗")
        ordering = ["-declared_on"]

    def __str__(self) -> str:
        return self.post_name


class CommandoTeam(models.Model):
    """A members' commando team (党员突击队) for an urgent task."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    name = models.CharField(_("突击队名称"), max_length=100)
    task = models.TextField(_("突击任务"))
    leader = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("队长"),
    )
    members = models.ManyToManyField(
        "core.Person", blank=True, related_name="+", verbose_name=_("队员")
    )
    starts_on = models.DateField(_("组建日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    result = models.TextField(_("完成情况"), blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("党员突击队")
        verbose_name_plural = _("党员突击队")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class ServiceAward(models.Model):
    """争当服务群众标兵: an award to a member (or a collective)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("党员"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("称号"), max_length=100)
    citation = models.TextField(_("主要事迹"), blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("服务群众标兵")
        verbose_name_plural = _("服务群众标兵")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class OrganUnit(models.Model):
    """An organ's staffing facts for the organ regulation's checks."""

    organization = models.OneToOneField(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("机关党组织"),
    )
    unit_name = models.CharField(_("机关单位"), max_length=100)
    staff = models.PositiveIntegerField(_("机关工作人员数"))
    partywork_staff = models.PositiveIntegerField(_("专职党务工作人员数"), default=0)
    responsible = models.CharField(_("党务工作负责人"), max_length=50, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("机关单位党务力量")
        verbose_name_plural = _("机关单位党务力量")
        ordering = ["organization__path"]

    def __str__(self) -> str:
        return self.unit_name


class OrganMembersMeeting(models.Model):
    """The organ's yearly members' and cadres' meeting hearing the unit head (第二十六条)."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("机关党组织"),
    )
    held_on = models.DateField(_("会议日期"))
    topic = models.CharField(_("议题"), max_length=200)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("机关党员干部大会")
        verbose_name_plural = _("机关党员干部大会")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"
