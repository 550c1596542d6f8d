"""University–enterprise cooperation (产学研, seed point 13): alliance members and
agreements, joint programmes with cohorts and trainees, challenges (揭榜挂帅), practice
bases, graduate retention and the plan's programme ledgers. Each agreement is measured
by its outcomes: students placed, graduates retained, challenges solved."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


def _office(verbose=None):
    return models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose or _("牵头单位"),
    )


class MemberKind(models.TextChoices):
    UNIVERSITY = "university", _("高校")
    ENTERPRISE = "enterprise", _("企业")
    INSTITUTE = "institute", _("科研院所")


class AllianceMember(models.Model):
    office = _office(_("所属单位"))
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=MemberKind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    in_district = models.BooleanField(_("区内单位"), default=False)

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("联盟成员")
        verbose_name_plural = _("联盟成员")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="alliance_member_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    office = _office()
    title = models.CharField(_("协议名称"), max_length=100)
    members = models.ManyToManyField(
        AllianceMember, related_name="agreements", verbose_name=_("签约方")
    )
    signed_on = models.DateField(_("签订日期"))
    ends_on = models.DateField(_("到期日期"), null=True, blank=True)
    content = models.TextField(_("合作内容"), blank=True)

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("校企合作协议")
        verbose_name_plural = _("校企合作协议")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.title


class ProgrammeKind(models.TextChoices):
    CLASS = "class", _("研修班、培训班")
    LIVESTREAM = "livestream", _("电商直播班")
    THINK_TANK = "think_tank", _("专家智库行")
    HELP_GEESE = "help_geese", _("百名高知助雁")
    KEEP_GEESE = "keep_geese", _("万名人才留雁")
    OTHER = "other", _("其他")


class Programme(models.Model):
    office = _office()
    name = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
        verbose_name=_("依托协议"),
    )
    partner = models.ForeignKey(
        AllianceMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("合作方"),
    )
    description = models.TextField(_("内容"), blank=True)
    target = models.PositiveIntegerField(_("目标人数（人次）"), default=0)

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("合作项目与活动")
        verbose_name_plural = _("合作项目与活动")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("项目")
    )
    name = models.CharField(_("期次"), max_length=50)
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))

    objects = ScopedManager("programme__office__path")

    class Meta:
        verbose_name = _("期次")
        verbose_name_plural = _("期次")
        ordering = ["programme", "starts_on"]

    def __str__(self) -> str:
        return f"{self.programme} {self.name}"


class Trainee(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="trainees", verbose_name=_("期次")
    )
    name = models.CharField(_("姓名"), max_length=50)
    talent = models.ForeignKey(
        "talent.Talent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("人才库人员"),
    )
    employer = models.CharField(_("单位"), max_length=100, blank=True)
    completed = models.BooleanField(_("已结业"), default=False)

    objects = ScopedManager("cohort__programme__office__path")

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        ordering = ["cohort", "name"]

    def __str__(self) -> str:
        return self.name


class ChallengeStatus(models.TextChoices):
    OPEN = "open", _("张榜中")
    AWARDED = "awarded", _("已揭榜")
    ACCEPTED = "accepted", _("已验收")
    FAILED = "failed", _("未通过验收")
    CLOSED = "closed", _("流榜")


class Challenge(models.Model):
    """A challenge (揭榜挂帅): an enterprise's need with budget and deadline."""

    office = _office()
    title = models.CharField(_("榜单名称"), max_length=100)
    publisher = models.CharField(_("发榜单位"), max_length=100)
    need = models.TextField(_("技术需求"))
    budget = models.DecimalField(_("榜额（万元）"), max_digits=12, decimal_places=2)
    published_on = models.DateField(_("发榜日期"))
    deadline = models.DateField(_("揭榜截止"))
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("依托协议"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN
    )
    awarded_to = models.ForeignKey(
        AllianceMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("揭榜方"),
    )
    awarded_on = models.DateField(_("揭榜日期"), null=True, blank=True)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    acceptance = models.TextField(_("验收意见"), blank=True)

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("揭榜挂帅")
        verbose_name_plural = _("揭榜挂帅")
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title


class ChallengeBid(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="bids", verbose_name=_("榜单")
    )
    bidder = models.ForeignKey(
        AllianceMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("揭榜单位")
    )
    submitted_on = models.DateField(_("提交日期"))
    proposal = models.TextField(_("方案"))
    amount = models.DecimalField(
        _("报价（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = ScopedManager("challenge__office__path")

    class Meta:
        verbose_name = _("揭榜方案")
        verbose_name_plural = _("揭榜方案")
        ordering = ["challenge", "submitted_on"]

    def __str__(self) -> str:
        return str(self.bidder)


class ChallengeMilestone(models.Model):
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("榜单")
    )
    title = models.CharField(_("节点"), max_length=100)
    due_on = models.DateField(_("计划完成"))
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    objects = ScopedManager("challenge__office__path")

    class Meta:
        verbose_name = _("攻关节点")
        verbose_name_plural = _("攻关节点")
        ordering = ["challenge", "due_on"]

    def __str__(self) -> str:
        return self.title


class PracticeBase(models.Model):
    office = _office()
    name = models.CharField(_("基地名称"), max_length=100)
    host = models.CharField(_("承建单位"), max_length=100)
    university = models.ForeignKey(
        AllianceMember,
        on_delete=models.PROTECT,
        related_name="practice_bases",
        verbose_name=_("合作高校"),
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_bases",
        verbose_name=_("依托协议"),
    )
    places = models.PositiveIntegerField(_("每期岗位数"), default=0)
    established_on = models.DateField(_("挂牌日期"))

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("实践基地")
        verbose_name_plural = _("实践基地")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PracticeTerm(models.Model):
    base = models.ForeignKey(
        PracticeBase, on_delete=models.CASCADE, related_name="terms", verbose_name=_("实践基地")
    )
    term = models.CharField(_("学期"), max_length=20, help_text=_("如 2026春"))
    starts_on = models.DateField(_("开始日期"))
    students = models.PositiveIntegerField(_("实践学生（人）"))

    objects = ScopedManager("base__office__path")

    class Meta:
        verbose_name = _("实践期次")
        verbose_name_plural = _("实践期次")
        ordering = ["base", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["base", "term"], name="practice_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


class RetentionKind(models.TextChoices):
    EMPLOYED = "employed", _("就业")
    STARTUP = "startup", _("创业")


class Graduate(models.Model):
    """A graduate of a university in the district who stays to work or start a business."""

    office = _office(_("所属单位"))
    university = models.ForeignKey(
        AllianceMember,
        on_delete=models.PROTECT,
        related_name="graduates",
        verbose_name=_("毕业院校"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    year = models.PositiveSmallIntegerField(_("毕业年度"))
    major = models.CharField(_("专业"), max_length=50, blank=True)
    kind = models.CharField(_("留区方式"), max_length=10, choices=RetentionKind.choices)
    employer = models.CharField(_("就业或创业单位"), max_length=100)
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="graduates",
        verbose_name=_("依托协议"),
    )
    started_on = models.DateField(_("到岗或创办日期"))

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("毕业生留区")
        verbose_name_plural = _("毕业生留区")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name
