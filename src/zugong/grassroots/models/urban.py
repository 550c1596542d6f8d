"""Urban co-building (契约化共建), grids (网格) and in-service members reporting to their
residence community (在职党员到社区报到, 双报到) — seed point 5."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class UnitKind(models.TextChoices):
    ORGAN = "organ", _("机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    ENTERPRISE = "enterprise", _("非公有制企业")
    SOCIAL_ORGANIZATION = "social_organization", _("社会组织")
    OTHER = "other", _("其他")


class ResidentUnit(models.Model):
    """A unit resident in a street (驻区单位) and its party organization."""

    street = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在街道（乡镇）"),
    )
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位性质"), max_length=24, choices=UnitKind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    party_organization = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("单位党组织"),
    )
    superior = models.CharField(
        _("上级主管单位"), max_length=100, blank=True, help_text=_("年度评价结果报送单位")
    )
    contact = models.CharField(_("联系人"), max_length=50, blank=True)

    objects = ScopedManager("street__path")

    class Meta:
        verbose_name = _("驻区单位")
        verbose_name_plural = _("驻区单位")
        ordering = ["street__path", "name"]

    def __str__(self) -> str:
        return self.name


class CoBuildingContract(models.Model):
    """《城市基层党建共建契约书》 between a community and a resident unit."""

    community = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("社区党组织"),
    )
    unit = models.ForeignKey(
        ResidentUnit, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("驻区单位")
    )
    title = models.CharField(_("契约名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    step = models.CharField(_("所处环节"), max_length=10, default="商约")
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    starts_on = models.DateField(_("履约开始"), null=True, blank=True)
    ends_on = models.DateField(_("履约结束"), null=True, blank=True)
    content = models.TextField(_("共建内容"), blank=True)

    objects = ScopedManager("community__path")

    class Meta:
        verbose_name = _("共建契约")
        verbose_name_plural = _("共建契约")
        ordering = ["-year", "community__path", "unit__name"]

    def __str__(self) -> str:
        return self.title


class ContractItem(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("社区需求")
        RESOURCE = "resource", _("单位资源")
        PROJECT = "project", _("共建项目")

    contract = models.ForeignKey(
        CoBuildingContract, on_delete=models.CASCADE, related_name="items", verbose_name=_("契约")
    )
    kind = models.CharField(_("清单"), max_length=16, choices=Kind.choices)
    content = models.CharField(_("事项"), max_length=200)
    responsible = models.CharField(_("责任方"), max_length=50, blank=True)
    due_on = models.DateField(_("完成时限"))
    fulfilled_on = models.DateField(_("履约完成日期"), null=True, blank=True)

    objects = ScopedManager("contract__community__path")

    class Meta:
        verbose_name = _("契约事项")
        verbose_name_plural = _("契约事项")
        ordering = ["contract", "due_on"]

    def __str__(self) -> str:
        return self.content


class Fulfilment(models.Model):
    item = models.ForeignKey(
        ContractItem, on_delete=models.CASCADE, related_name="fulfilments", verbose_name=_("事项")
    )
    done_on = models.DateField(_("日期"))
    participants = models.CharField(_("参与人员"), max_length=200, blank=True)
    description = models.TextField(_("履约情况"))
    evidence = models.FileField(_("佐证材料"), upload_to="cobuilding/%Y/", blank=True)
    completes = models.BooleanField(_("事项已完成"), default=False)

    objects = ScopedManager("item__contract__community__path")

    class Meta:
        verbose_name = _("履约记录")
        verbose_name_plural = _("履约记录")
        ordering = ["item", "done_on"]

    def __str__(self) -> str:
        return f"{self.done_on:%Y-%m-%d} {self.description[:20]}"


class ContractEvaluation(models.Model):
    """The annual evaluation of a unit's fulfilment (评约), sent to its superior."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("良好")
        FAIR = "fair", _("一般")
        POOR = "poor", _("较差")

    contract = models.ForeignKey(
        CoBuildingContract,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("契约"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    comments = models.TextField(_("评价意见"), blank=True)
    evaluated_on = models.DateField(_("评价日期"))
    sent_to = models.CharField(_("报送单位"), max_length=100, blank=True)
    sent_on = models.DateField(_("报送日期"), null=True, blank=True)

    objects = ScopedManager("contract__community__path")

    class Meta:
        verbose_name = _("年度评约")
        verbose_name_plural = _("年度评约")
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="evaluation_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_grade_display()}"


class JointMeeting(models.Model):
    """Minutes of a street or community joint meeting (联席会议)."""

    class Level(models.TextChoices):
        STREET = "street", _("街道")
        COMMUNITY = "community", _("社区")

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    held_on = models.DateField(_("会议日期"))
    topic = models.CharField(_("议题"), max_length=200)
    attendees = models.TextField(_("参会单位"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class GridLevel(models.TextChoices):
    GRID = "grid", _("网格")
    MICRO = "micro", _("微网格")


class Grid(models.Model):
    community = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("社区（村）党组织"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级网格"),
    )
    level = models.CharField(_("层级"), max_length=8, choices=GridLevel.choices)
    code = models.CharField(_("网格编码"), max_length=32, unique=True)
    name = models.CharField(_("网格名称"), max_length=100)
    party_unit = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("网格党组织（党小组）"),
    )
    households = models.PositiveIntegerField(_("户数"), default=0)

    objects = ScopedManager("community__path")

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GridStaff(models.Model):
    class Role(models.TextChoices):
        HEAD = "head", _("网格长")
        WORKER = "worker", _("网格员")
        INSTRUCTOR = "instructor", _("网格指导员")

    grid = models.ForeignKey(
        Grid, on_delete=models.CASCADE, related_name="staff", verbose_name=_("网格")
    )
    role = models.CharField(_("岗位"), max_length=16, choices=Role.choices)
    name = models.CharField(_("姓名"), max_length=50)
    person = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("人员"),
    )
    party_member = models.BooleanField(_("党员"), default=False)

    objects = ScopedManager("grid__community__path")

    class Meta:
        verbose_name = _("网格工作人员")
        verbose_name_plural = _("网格工作人员")
        ordering = ["grid", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class GridMember(models.Model):
    """A party member living in a grid."""

    grid = models.ForeignKey(
        Grid, on_delete=models.CASCADE, related_name="members", verbose_name=_("网格")
    )
    person = models.OneToOneField(
        "core.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("党员")
    )

    objects = ScopedManager("grid__community__path")

    class Meta:
        verbose_name = _("网格党员")
        verbose_name_plural = _("网格党员")

    def __str__(self) -> str:
        return self.person.name


class DualReport(models.Model):
    """An in-service member's report to the residence community (双报到)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("已报到")
        WITHDRAWN = "withdrawn", _("已注销")

    person = models.OneToOneField(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("党员")
    )
    unit = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在单位党组织"),
    )
    community = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报到社区"),
    )
    grid = models.ForeignKey(
        Grid,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("网格"),
    )
    reported_on = models.DateField(_("报到日期"))
    confirmed_on = models.DateField(_("最近一次报到（含复报）"))
    skills = models.CharField(_("特长"), max_length=200, blank=True)
    category = models.CharField(_("服务岗位类别"), max_length=20)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )

    objects = ScopedManager("unit__path", "community__path")

    class Meta:
        verbose_name = _("在职党员报到")
        verbose_name_plural = _("在职党员报到")
        ordering = ["-confirmed_on"]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.community.name}"


class ServiceRecord(models.Model):
    report = models.ForeignKey(
        DualReport, on_delete=models.CASCADE, related_name="services", verbose_name=_("报到")
    )
    served_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("时长（小时）"), max_digits=5, decimal_places=1)
    category = models.CharField(_("服务类别"), max_length=20)
    content = models.CharField(_("服务内容"), max_length=200)
    confirmed_by = models.CharField(_("社区确认人"), max_length=50, blank=True)

    objects = ScopedManager("report__unit__path", "report__community__path")

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-served_on"]

    def __str__(self) -> str:
        return f"{self.served_on:%Y-%m-%d} {self.content}（{self.hours}小时）"
