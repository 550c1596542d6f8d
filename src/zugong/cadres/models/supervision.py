"""Cadre supervision (干部监督): reminders, letter inquiries, admonishments, sanctions and
organizational handling; clearances; rectification of inspection findings.

Supervision records are visible only to roles holding ``cadres.view_supervision``; every
view of one is audited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class SupervisionKind(models.TextChoices):
    REMINDER = "reminder", _("提醒")
    INQUIRY = "inquiry", _("函询")
    ADMONISHMENT = "admonishment", _("诫勉")
    PARTY_SANCTION = "party_sanction", _("党纪处分")
    STATE_SANCTION = "state_sanction", _("政务处分")
    ORG_HANDLING = "org_handling", _("组织处理")


class Measure(models.TextChoices):
    """The measure within a kind; the bar each imposes is in rules.BAR_MONTHS."""

    NONE = "", _("—")
    PARTY_WARNING = "party_warning", _("警告（党纪）")
    PARTY_SERIOUS_WARNING = "party_serious_warning", _("严重警告")
    PARTY_POST_REMOVAL = "party_post_removal", _("撤销党内职务")
    PARTY_PROBATION_1 = "party_probation_1", _("留党察看一年")
    PARTY_PROBATION_2 = "party_probation_2", _("留党察看二年")
    PARTY_EXPULSION = "party_expulsion", _("开除党籍")
    STATE_WARNING = "state_warning", _("警告（政务）")
    STATE_DEMERIT = "state_demerit", _("记过")
    STATE_MAJOR_DEMERIT = "state_major_demerit", _("记大过")
    STATE_DEMOTION = "state_demotion", _("降级")
    STATE_REMOVAL = "state_removal", _("撤职")
    ORG_SUSPENSION = "org_suspension", _("停职检查")
    ORG_POST_ADJUSTMENT = "org_post_adjustment", _("调整职务")
    ORG_ORDERED_RESIGNATION = "org_ordered_resignation", _("责令辞职")
    ORG_DISMISSAL = "org_dismissal", _("免职")
    ORG_DEMOTION = "org_demotion", _("降职")


class SupervisionRecord(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CLOSED = "closed", _("已办结")

    cadre = models.ForeignKey(
        "cadres.Cadre",
        on_delete=models.CASCADE,
        related_name="supervision",
        verbose_name=_("干部"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=SupervisionKind.choices)
    measure = models.CharField(
        _("处分或处理种类"), max_length=32, choices=Measure.choices, blank=True
    )
    issue = models.TextField(_("反映问题或事由"))
    decided_on = models.DateField(_("决定（生效）日期"))
    decided_by = models.CharField(_("决定机关"), max_length=100, blank=True)
    document = models.CharField(_("文号"), max_length=100, blank=True)
    letter_received_on = models.DateField(
        _("函询送达日期"), null=True, blank=True, help_text=_("函询须在收函后15个工作日内书面说明")
    )
    reply_due = models.DateField(_("应回复日期"), null=True, blank=True, editable=False)
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    outcome = models.TextField(_("办理结果"), blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    attachment = models.FileField(_("附件"), upload_to="supervision/%Y/", blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("监督记录")
        verbose_name_plural = _("监督记录")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["kind", "decided_on"], name="supervision_kind_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%Y-%m-%d}"


class Clearance(models.Model):
    """澄清正名 of a cadre found falsely accused, linked to the report it clears."""

    class Finding(models.TextChoices):
        SERIOUSLY_UNTRUE = "seriously_untrue", _("严重失实")
        UNTRUE = "untrue", _("失实")
        FABRICATED = "fabricated", _("诬告陷害")

    class Initiator(models.TextChoices):
        DEPARTMENT = "department", _("承办部门提出")
        APPLICANT = "applicant", _("本人书面申请")

    class Form(models.TextChoices):
        MEETING = "meeting", _("会议")
        NOTICE = "notice", _("通报")
        LETTER = "letter", _("书面")
        IN_PERSON = "in_person", _("当面")

    record = models.ForeignKey(
        SupervisionRecord,
        on_delete=models.PROTECT,
        related_name="clearances",
        verbose_name=_("所澄清的问题线索"),
    )
    finding = models.CharField(_("核查结论"), max_length=20, choices=Finding.choices)
    initiated_by = models.CharField(_("启动方式"), max_length=16, choices=Initiator.choices)
    form = models.CharField(_("澄清方式"), max_length=16, choices=Form.choices)
    scope_text = models.CharField(_("澄清范围"), max_length=200)
    cleared_on = models.DateField(_("澄清日期"))
    note = models.TextField(_("澄清内容"), blank=True)

    objects = ScopedManager("record__cadre__unit__path")

    class Meta:
        verbose_name = _("澄清正名")
        verbose_name_plural = _("澄清正名")
        ordering = ["-cleared_on"]

    def __str__(self) -> str:
        return f"{self.get_finding_display()} {self.cleared_on:%Y-%m-%d}"


class Rectification(models.Model):
    """巡视巡察整改: one finding and its rectification task."""

    class Source(models.TextChoices):
        CENTRAL = "central", _("中央巡视")
        PROVINCIAL = "provincial", _("自治区巡视")
        CITY = "city", _("市委巡察")
        DISTRICT = "district", _("区委巡察")

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        DONE = "done", _("已完成")

    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    round_name = models.CharField(_("轮次"), max_length=100)
    finding = models.TextField(_("反馈问题"))
    responsible_unit = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责任单位"),
    )
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    measures = models.TextField(_("整改措施"))
    deadline = models.DateField(_("整改时限"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    progress = models.TextField(_("进展情况"), blank=True)

    objects = ScopedManager("responsible_unit__path")

    class Meta:
        verbose_name = _("巡视巡察整改")
        verbose_name_plural = _("巡视巡察整改")
        ordering = ["status", "deadline"]

    def __str__(self) -> str:
        return self.finding[:30]
