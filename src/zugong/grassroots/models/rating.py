"""Star rating of village and community party organizations (星级化管理, seed point 4).

The district keeps one indicator system per year (indicators grouped by standard, their
maximum points, the score bands of the five stars and the veto items); each organization
gets one rating a year, scored indicator by indicator, each score with the records that
prove it, and carried through self-assessment, township review, district approval and
the public notice to a published star.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager

POINTS = {"max_digits": 6, "decimal_places": 2}


class EvidenceSource(models.TextChoices):
    """Records zugong already holds that an indicator may be scored from."""

    NONE = "", _("人工评分（无系统依据）")
    ORG_LIFE = "org_life", _("组织生活落实情况")
    ELECTION = "election", _("按期换届")
    DEVELOPMENT = "development", _("发展党员")
    DUES = "dues", _("党费按时足额交纳")
    COLLECTIVE_INCOME = "collective_income", _("村级集体经济收入")
    COBUILDING = "cobuilding", _("共建契约履约")
    RECTIFICATION = "rectification", _("整改落实")
    SECRETARY_SUPERVISION = "secretary_supervision", _("书记受监督处理情况")
    WEAK_LAX = "weak_lax", _("软弱涣散整顿")


class IndicatorSet(models.Model):
    """The year's indicator system (评星指标体系), kept by the district."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    total_points = models.DecimalField(_("总分"), default=100, **POINTS)
    basis = models.CharField(_("制定依据"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)

    # The district's code table for the year: read wherever ratings are read.
    objects = models.Manager()

    class Meta:
        verbose_name = _("星级评定指标体系")
        verbose_name_plural = _("星级评定指标体系")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("指标体系"),
    )
    standard = models.CharField(_("评定标准（分组）"), max_length=50)
    code = models.CharField(_("指标编号"), max_length=20)
    name = models.CharField(_("指标"), max_length=200)
    max_points = models.DecimalField(_("满分"), **POINTS)
    evidence = models.CharField(
        _("系统依据"), max_length=32, choices=EvidenceSource.choices, blank=True
    )
    guidance = models.TextField(_("评分细则"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = models.Manager()

    class Meta:
        verbose_name = _("评定指标")
        verbose_name_plural = _("评定指标")
        ordering = ["indicator_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}（{self.max_points}分）"


class StarBand(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="bands", verbose_name=_("指标体系")
    )
    star = models.PositiveSmallIntegerField(_("星级"))
    min_score = models.DecimalField(_("最低得分"), **POINTS)

    objects = models.Manager()

    class Meta:
        verbose_name = _("星级分档")
        verbose_name_plural = _("星级分档")
        ordering = ["indicator_set", "-star"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "star"], name="band_star_unique")
        ]

    def __str__(self) -> str:
        return f"{self.star}星：{self.min_score}分以上"


class VetoItem(models.Model):
    """A veto (一票否决) caps the star whatever the score."""

    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("指标体系")
    )
    code = models.CharField(_("编号"), max_length=20)
    name = models.CharField(_("否决事项"), max_length=200)
    cap_star = models.PositiveSmallIntegerField(_("最高可评星级"), default=1)

    objects = models.Manager()

    class Meta:
        verbose_name = _("一票否决事项")
        verbose_name_plural = _("一票否决事项")
        ordering = ["indicator_set", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="veto_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}（最高{self.cap_star}星）"


class RatingStatus(models.TextChoices):
    DRAFT = "draft", _("系统初评")
    SELF_ASSESSED = "self_assessed", _("村（社区）已自评")
    REVIEWED = "reviewed", _("乡镇（街道）已审核")
    APPROVED = "approved", _("区级已审定")
    IN_NOTICE = "in_notice", _("公示中")
    PUBLISHED = "published", _("已发布")
    RETURNED = "returned", _("已退回")


class Rating(models.Model):
    """One organization's star rating for one year."""

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("党组织"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("指标体系")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RatingStatus.choices, default=RatingStatus.DRAFT
    )
    draft_score = models.DecimalField(_("系统初评得分"), null=True, blank=True, **POINTS)
    score = models.DecimalField(_("当前得分"), null=True, blank=True, **POINTS)
    star = models.PositiveSmallIntegerField(_("评定星级"), null=True, blank=True)
    previous_star = models.PositiveSmallIntegerField(_("上年星级"), null=True, blank=True)
    returned_from = models.CharField(_("退回环节"), max_length=16, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    notice_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends_on = models.DateField(_("公示结束"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("星级评定")
        verbose_name_plural = _("星级评定")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="rating_org_year_unique")
        ]
        indexes = [models.Index(fields=["year", "status"], name="rating_year_status")]

    def __str__(self) -> str:
        # A star is the organization's only once published; before, the stage is named.
        if self.status == RatingStatus.PUBLISHED and self.star:
            return f"{self.organization.name} {self.year}年 {self.star}星"
        return f"{self.organization.name} {self.year}年（{self.get_status_display()}）"


class IndicatorScore(models.Model):
    """An indicator's points in a rating, with the records behind them.

    ``draft_points`` is what zugong computed from its own records before anyone typed
    anything; ``points`` is the current score. A score typed for an indicator that has
    no system evidence and no evidence note is marked ``unsupported``.
    """

    rating = models.ForeignKey(
        Rating, on_delete=models.CASCADE, related_name="scores", verbose_name=_("星级评定")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("指标")
    )
    draft_points = models.DecimalField(_("系统初评分"), null=True, blank=True, **POINTS)
    points = models.DecimalField(_("得分"), null=True, blank=True, **POINTS)
    evidence_summary = models.CharField(_("系统依据"), max_length=300, blank=True)
    evidence_refs = models.JSONField(_("依据记录"), default=list, blank=True)
    evidence_note = models.TextField(_("佐证说明"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="ratings/%Y/", blank=True)
    unsupported = models.BooleanField(_("无依据评分"), default=False)
    scored_by = models.CharField(_("评分环节"), max_length=16, blank=True)

    objects = ScopedManager("rating__organization__path")

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["rating", "indicator__order", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "indicator"], name="score_indicator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}：{self.points if self.points is not None else '—'}"


class RatingVeto(models.Model):
    rating = models.ForeignKey(
        Rating, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("星级评定")
    )
    veto = models.ForeignKey(
        VetoItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("否决事项")
    )
    note = models.TextField(_("情况说明"), blank=True)

    objects = ScopedManager("rating__organization__path")

    class Meta:
        verbose_name = _("触发否决")
        verbose_name_plural = _("触发否决")
        constraints = [
            models.UniqueConstraint(fields=["rating", "veto"], name="rating_veto_unique")
        ]

    def __str__(self) -> str:
        return str(self.veto)


class RatingStep(models.Model):
    """The rating's workflow history: who moved it, when, with what comment."""

    rating = models.ForeignKey(
        Rating, on_delete=models.CASCADE, related_name="steps", verbose_name=_("星级评定")
    )
    status = models.CharField(_("环节"), max_length=16, choices=RatingStatus.choices)
    score = models.DecimalField(_("得分"), null=True, blank=True, **POINTS)
    star = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("办理人"),
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = ScopedManager("rating__organization__path")

    class Meta:
        verbose_name = _("评定流转记录")
        verbose_name_plural = _("评定流转记录")
        ordering = ["rating", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%Y-%m-%d}"


class RatingObjection(models.Model):
    """An objection received during the public notice (公示期间反映)."""

    rating = models.ForeignKey(
        Rating, on_delete=models.CASCADE, related_name="objections", verbose_name=_("星级评定")
    )
    received_on = models.DateField(_("收到日期"))
    raised_by = models.CharField(_("反映人"), max_length=50, blank=True)
    content = models.TextField(_("反映内容"))
    finding = models.TextField(_("核查结果"), blank=True)
    upheld = models.BooleanField(_("反映属实"), null=True, blank=True)
    handled_on = models.DateField(_("办结日期"), null=True, blank=True)

    objects = ScopedManager("rating__organization__path")

    class Meta:
        verbose_name = _("公示期间反映")
        verbose_name_plural = _("公示期间反映")
        ordering = ["rating", "received_on"]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.content[:20]}"


class WeakLaxStatus(models.TextChoices):
    LISTED = "listed", _("整顿中")
    DELISTED = "delisted", _("已销号")


class WeakLaxListing(models.Model):
    """A weak and lax organization (软弱涣散基层党组织) and its rectification."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    listed_on = models.DateField(_("列入日期"))
    reasons = models.TextField(_("主要问题"))
    leader = models.CharField(_("包联领导"), max_length=50, blank=True)
    instructor = models.CharField(_("驻村指导员（第一书记）"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=WeakLaxStatus.choices, default=WeakLaxStatus.LISTED
    )
    delisted_on = models.DateField(_("销号日期"), null=True, blank=True)
    delisting_note = models.TextField(_("销号验收意见"), blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("软弱涣散党组织")
        verbose_name_plural = _("软弱涣散党组织")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="weaklax_org_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}（{self.year}年）"


class Rectification(models.Model):
    """One rectification item: from a rating of four stars or below, or a weak and
    lax listing (item, deadline, responsible person, result)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("党组织")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    rating = models.ForeignKey(
        Rating,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rectifications",
        verbose_name=_("星级评定"),
    )
    listing = models.ForeignKey(
        WeakLaxListing,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rectifications",
        verbose_name=_("软弱涣散整顿"),
    )
    item = models.TextField(_("整改事项"))
    deadline = models.DateField(_("整改时限"))
    responsible = models.CharField(_("责任人"), max_length=50)
    result = models.TextField(_("整改结果"), blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["completed_on", "deadline"]
        indexes = [models.Index(fields=["deadline", "completed_on"], name="rectification_due")]

    def __str__(self) -> str:
        return self.item[:40]
