"""Tasks broken out of a point, with the 6W (干什么、谁来干、怎么干、什么时间干、干不好
怎么办、谁来监督), milestones, the co-units, the units' submissions and their review,
leaders' instructions (批示) and supervision notices (督办单)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager
from zugong.workplan.models.plans import Point
from zugong.workplan.models.scoping import ConditionManager


class TaskStatus(models.TextChoices):
    ISSUED = "issued", _("待签收")
    IN_PROGRESS = "in_progress", _("在办")
    STAGE_DONE = "stage_done", _("阶段性办结")
    DONE = "done", _("办结")
    SUSPENDED = "suspended", _("中止")


OPEN_STATUSES = (TaskStatus.ISSUED, TaskStatus.IN_PROGRESS, TaskStatus.STAGE_DONE)


class Light(models.TextChoices):
    GREEN = "green", _("正常推进")
    BLUE = "blue", _("临近期限")
    YELLOW = "yellow", _("进度滞后")
    RED = "red", _("逾期")
    DONE = "done", _("已办结")
    SUSPENDED = "suspended", _("已中止")


class Grade(models.TextChoices):
    A = "A", _("A 已完成")
    B = "B", _("B 接近尾声")
    C = "C", _("C 正在进行")
    D = "D", _("D 未启动")


class Task(models.Model):
    point = models.ForeignKey(
        Point, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("工作要点条目")
    )
    number = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("任务（干什么）"), max_length=300)
    lead_unit = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("牵头单位")
    )
    co_units = models.ManyToManyField(
        "core.Organization",
        through="TaskCoUnit",
        related_name="+",
        blank=True,
        verbose_name=_("协办单位"),
    )
    how = models.TextField(_("措施（怎么干）"), blank=True)
    starts_on = models.DateField(_("起始日期"))
    deadline = models.DateField(_("完成时限"))
    consequence = models.TextField(_("干不好怎么办"), blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("督办人"),
    )
    leader_name = models.CharField(_("责任领导"), max_length=50)
    leader_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("责任领导账号"),
    )
    frequency = models.CharField(_("报送频次"), max_length=12)
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ISSUED
    )
    light = models.CharField(
        _("亮灯"), max_length=10, choices=Light.choices, default=Light.GREEN, db_index=True
    )
    light_reason = models.CharField(_("亮灯原因"), max_length=200, blank=True)
    light_on = models.DateField(_("亮灯日期"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    reported_progress = models.PositiveSmallIntegerField(
        _("报送的进度（%）"), null=True, blank=True
    )
    grade = models.CharField(_("进度等次"), max_length=1, choices=Grade.choices, default=Grade.D)
    indicator_key = models.CharField(_("关联指标"), max_length=64, blank=True)
    indicator_target = models.DecimalField(
        _("指标目标值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_value = models.DecimalField(
        _("指标当前值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_on = models.DateField(_("指标取数日期"), null=True, blank=True)
    signed_on = models.DateField(_("签收日期"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("签收人"),
    )
    assignee = models.CharField(_("具体承办人"), max_length=50, blank=True)
    assigned_on = models.DateField(_("指派日期"), null=True, blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("下达时间"), auto_now_add=True)

    objects = ConditionManager("task")

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["point__number", "number", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="workplan_task_open")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TaskCoUnit(models.Model):
    """A co-unit (协办单位) of a task: it signs and assigns its own part too."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="co_unit_rows", verbose_name=_("工作任务")
    )
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("协办单位")
    )
    signed_on = models.DateField(_("签收日期"), null=True, blank=True)
    assignee = models.CharField(_("具体承办人"), max_length=50, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("协办单位")
        verbose_name_plural = _("协办单位")
        constraints = [
            models.UniqueConstraint(fields=["task", "organization"], name="workplan_co_unit_once")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Milestone(models.Model):
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("工作任务")
    )
    title = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("节点时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = ConditionManager("via_task")

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["task", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class SubmissionKind(models.TextChoices):
    STAGE = "stage", _("阶段性办结")
    COMPLETE = "complete", _("办结")
    POSTPONE = "postpone", _("延期")
    SUSPEND = "suspend", _("中止")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    TO_REVIEW = "to_review", _("待审核")
    REVIEWED = "reviewed", _("已审核")
    RETURNED = "returned", _("已退回")


class Submission(models.Model):
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("工作任务")
    )
    unit = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("报送单位")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=SubmissionKind.choices)
    situation = models.TextField(_("进展情况"))
    reason = models.TextField(_("原因"), blank=True)
    measures = models.TextField(_("下步措施"), blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("完成的时间节点"),
    )
    new_deadline = models.DateField(_("申请延期至"), null=True, blank=True)
    attachment = models.FileField(_("附件"), upload_to="workplan/%Y/", blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("填报人"),
    )
    written_on = models.DateField(_("填报日期"))
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = ConditionManager("via_task")

    class Meta:
        verbose_name = _("进度报送")
        verbose_name_plural = _("进度报送")
        ordering = ["task", "-written_on", "-id"]
        indexes = [models.Index(fields=["status", "task"], name="workplan_submission_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.written_on:%Y-%m-%d}"


class Instruction(models.Model):
    """A leader's instruction (领导批示) on a task."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="instructions", verbose_name=_("工作任务")
    )
    leader = models.CharField(_("批示领导"), max_length=50)
    given_on = models.DateField(_("批示日期"))
    content = models.TextField(_("批示内容"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )

    objects = ConditionManager("via_task")

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["task", "-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.leader} {self.given_on:%Y-%m-%d}"


class SupervisionNotice(models.Model):
    """A supervision notice (督办单), issued by the lights scan when a task turns red and
    again at each escalation level; one per task, level and deadline (a postponed task
    that turns red again gets a new one)."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="notices", verbose_name=_("工作任务")
    )
    number = models.CharField(_("督办单号"), max_length=40)
    level = models.PositiveSmallIntegerField(_("督办级别"))
    deadline = models.DateField(_("当时的完成时限"))
    issued_on = models.DateField(_("下发日期"))
    content = models.TextField(_("督办内容"))
    recipients = models.CharField(_("送达"), max_length=300)

    objects = ConditionManager("via_task")

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "level", "deadline"], name="workplan_notice_once"
            )
        ]

    def __str__(self) -> str:
        return self.number
