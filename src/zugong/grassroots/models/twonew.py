"""Two-new organizations (两新组织: non-public enterprises and social organizations,
seed point 7): the registry, party-building instructors and their visits, the joint
meeting's member units and their duty lists, and coverage reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("非公有制企业")
    SOCIAL_ORG = "social_org", _("社会组织")


class OperatingStatus(models.TextChoices):
    NORMAL = "normal", _("正常经营")
    SHELL = "shell", _("空壳企业")
    DORMANT = "dormant", _("僵尸（停业）企业")
    CLOSED = "closed", _("已注销或吊销")


class Coverage(models.TextChoices):
    SEPARATE = "separate", _("单独组建")
    JOINT = "joint", _("联合组建")
    NONE = "none", _("未组建")


class Entity(models.Model):
    """One non-public enterprise or social organization (一企一表)."""

    kind = models.CharField(_("类别"), max_length=16, choices=EntityKind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    township = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在乡镇（街道）"),
    )
    industry = models.CharField(_("行业"), max_length=50, blank=True)
    employees = models.PositiveIntegerField(_("从业人员数"), default=0)
    party_members = models.PositiveIntegerField(_("党员数"), default=0)
    full_members = models.PositiveIntegerField(_("正式党员数"), default=0)
    head = models.CharField(_("出资人或负责人"), max_length=50, blank=True)
    operating_status = models.CharField(
        _("经营状态"),
        max_length=16,
        choices=OperatingStatus.choices,
        default=OperatingStatus.NORMAL,
    )
    fixed_place = models.BooleanField(_("有固定经营场所"), default=True)
    real_operation = models.BooleanField(_("实体运营"), default=True)
    counted = models.BooleanField(_("纳入统计范围"), default=False, editable=False)
    counted_reason = models.CharField(_("统计口径说明"), max_length=200, blank=True, editable=False)
    coverage = models.CharField(
        _("组建情况"), max_length=16, choices=Coverage.choices, default=Coverage.NONE
    )
    party_organization = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在党组织"),
    )
    formed_on = models.DateField(_("党组织成立日期"), null=True, blank=True)
    formed_how = models.CharField(
        _("组建方式"), max_length=50, blank=True, help_text=_("如单独组建、依托园区联合组建")
    )
    not_formed_reason = models.CharField(_("未组建原因"), max_length=200, blank=True)
    instructor = models.ForeignKey(
        "grassroots.Instructor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entities",
        verbose_name=_("党建工作指导员"),
    )
    liaison = models.CharField(_("党建工作联络员"), max_length=50, blank=True)
    trade_union = models.BooleanField(_("已建工会"), default=False)
    youth_league = models.BooleanField(_("已建共青团"), default=False)
    # Social organizations: 党建入章 and the four synchronisations (R8).
    charter_party = models.BooleanField(_("党建工作写入章程"), default=False)
    sync_registration = models.BooleanField(_("登记管理同步"), default=False)
    sync_inspection = models.BooleanField(_("年检年报同步"), default=False)
    sync_evaluation = models.BooleanField(_("组织评估同步"), default=False)
    surveyed_on = models.DateField(_("排查日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager("township__path", "party_organization__path")

    class Meta:
        verbose_name = _("两新组织")
        verbose_name_plural = _("两新组织")
        ordering = ["township__path", "name"]
        indexes = [models.Index(fields=["counted", "coverage"], name="entity_counted_coverage")]

    def __str__(self) -> str:
        return self.name


class Instructor(models.Model):
    """A party-building instructor (党建工作指导员) or liaison sent to two-new organizations."""

    class Level(models.TextChoices):
        COUNTY = "county", _("县级党建指导员")
        DISTRICT = "district", _("区级联络员")
        TOWNSHIP = "township", _("乡镇（街道）指导员")

    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("人员")
    )
    township = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("派驻乡镇（街道）"),
    )
    full_time = models.BooleanField(_("专职"), default=False)
    level = models.CharField(_("驻派等级"), max_length=16, choices=Level.choices)
    visit_every_days = models.PositiveSmallIntegerField(
        _("走访频次（天）"), null=True, blank=True, help_text=_("不填按系统设置")
    )
    appointed_on = models.DateField(_("选派日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = ScopedManager("township__path")

    class Meta:
        verbose_name = _("党建工作指导员")
        verbose_name_plural = _("党建工作指导员")
        ordering = ["township__path", "person__name"]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_level_display()}）"


class InstructorVisit(models.Model):
    instructor = models.ForeignKey(
        Instructor, on_delete=models.CASCADE, related_name="visits", verbose_name=_("指导员")
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="visits", verbose_name=_("两新组织")
    )
    visited_on = models.DateField(_("走访日期"))
    content = models.TextField(_("指导内容"))
    problems = models.TextField(_("发现问题"), blank=True)

    objects = ScopedManager("entity__township__path")

    class Meta:
        verbose_name = _("指导员走访")
        verbose_name_plural = _("指导员走访")
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.entity.name}"


class CoverageReport(models.Model):
    """A coverage figure as reported on a date: the rates and the entities behind each
    numerator, so the next report can say what changed."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("统计范围")
    )
    as_of = models.DateField(_("统计日期"))
    figures = models.JSONField(_("统计数据"), default=dict)
    made_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    made_by = models.CharField(_("生成人"), max_length=50, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("两个覆盖统计")
        verbose_name_plural = _("两个覆盖统计")
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.as_of:%Y-%m-%d}"


class JointMemberUnit(models.Model):
    """A member unit of the two-new joint meeting (两新组织党建工作联席会议成员单位)."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("牵头党组织"),
    )
    name = models.CharField(_("成员单位"), max_length=100)
    officer = models.CharField(_("信息员"), max_length=50, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("联席会议成员单位")
        verbose_name_plural = _("联席会议成员单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DutyItem(models.Model):
    """An item of a member unit's lists (三张清单: as editable lists)."""

    class ListKind(models.TextChoices):
        DUTY = "duty", _("责任清单")
        TASK = "task", _("任务清单")
        PROBLEM = "problem", _("问题清单")

    unit = models.ForeignKey(
        JointMemberUnit, on_delete=models.CASCADE, related_name="items", verbose_name=_("成员单位")
    )
    list_kind = models.CharField(_("清单"), max_length=16, choices=ListKind.choices)
    content = models.CharField(_("事项"), max_length=200)
    owner = models.CharField(_("责任人"), max_length=50)
    deadline = models.DateField(_("完成时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    progress = models.TextField(_("进展情况"), blank=True)

    objects = ScopedManager("unit__organization__path")

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["deadline"]

    def __str__(self) -> str:
        return self.content


class UnitReport(models.Model):
    """A member unit's half-yearly report (每半年报告一次)."""

    unit = models.ForeignKey(
        JointMemberUnit,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("成员单位"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    submitted_on = models.DateField(_("报送日期"))
    summary = models.TextField(_("报告内容"))

    objects = ScopedManager("unit__organization__path")

    class Meta:
        verbose_name = _("半年报告")
        verbose_name_plural = _("半年报告")
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "half"], name="unit_report_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year}年{self.get_half_display()}"
