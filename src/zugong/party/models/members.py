"""Party members: a membership record of a core.Person, with its status history.

A member's branch is the organization of its Person (组织关系所在党组织): one place,
so a member can never be in two branches or in none.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class MemberKind(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class MemberStatus(models.TextChoices):
    NORMAL = "normal", _("正常")
    FLOATING = "floating", _("流动党员")
    LOST_CONTACT = "lost_contact", _("失联")
    SUSPENDED = "suspended", _("停止党籍")
    TRANSFERRED_OUT = "transferred_out", _("已转出本区")
    REMOVED = "removed", _("已出党")
    DECEASED = "deceased", _("已去世")


class Occupation(models.TextChoices):
    """What the 2008 dues rules distinguish (中组发〔2008〕3号 Arts. 1–6)."""

    EMPLOYED = "employed", _("在职（按月工资）")
    ANNUAL_SALARY = "annual_salary", _("实行年薪制")
    SELF_EMPLOYED = "self_employed", _("无固定工资收入（个体等）")
    RETIRED = "retired", _("离退休")
    FARMER = "farmer", _("农民")
    STUDENT = "student", _("学生")
    LOW_INCOME = "low_income", _("下岗失业、依靠抚恤或救济、领取低保")


class Member(models.Model):
    person = models.OneToOneField(
        "core.Person", on_delete=models.PROTECT, related_name="membership", verbose_name=_("人员")
    )
    kind = models.CharField(_("党员类别"), max_length=16, choices=MemberKind.choices)
    joined_on = models.DateField(_("入党时间"), help_text=_("支部大会通过接收为预备党员之日"))
    full_on = models.DateField(
        _("转正时间"), null=True, blank=True, help_text=_("预备期满转为正式党员之日，党龄由此起算")
    )
    status = models.CharField(
        _("党籍状态"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.NORMAL
    )
    occupation = models.CharField(
        _("职业类别（党费）"),
        max_length=16,
        choices=Occupation.choices,
        default=Occupation.EMPLOYED,
    )
    # The last month of regular dues paid (the latest DuesPayment.month of the member),
    # kept by party.services.dues.paid_through_refresh on every write of payments: the
    # arrears of a province's members are then a filter on this row, not a join of the
    # payments (grassroots draft scores, party.selectors.dues_arrears).
    dues_paid_through = models.DateField(
        _("党费交至"), null=True, blank=True, editable=False, help_text=_("最后一个已交党费的月份")
    )
    party_group = models.ForeignKey(
        "core.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("所在党小组"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager("person__organization__path")

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        # The roster in pinyin order, as persons (core.pinyin keys; surname readings).
        ordering = ["person__name_pinyin", "id"]
        indexes = [
            models.Index(fields=["status", "kind"], name="member_status_kind"),
            models.Index(fields=["full_on"], name="member_full_on"),
        ]

    def __str__(self) -> str:
        return self.person.name


class MemberStatusChange(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("党员")
    )
    old_status = models.CharField(
        _("原状态"), max_length=16, choices=MemberStatus.choices, blank=True
    )
    new_status = models.CharField(_("新状态"), max_length=16, choices=MemberStatus.choices)
    occurred_on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("经办人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = ScopedManager("member__person__organization__path")

    class Meta:
        verbose_name = _("党籍状态变更")
        verbose_name_plural = _("党籍状态变更")
        ordering = ["member", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_new_status_display()} {self.occurred_on}"
