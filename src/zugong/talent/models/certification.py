"""Rural talent certification (乡村振兴人才评价认定, seed point 12) and one town one
product (一镇一品). Levels, validity and criteria are editable tables: the city's
measures were not found (RULES.md §12)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class CertificationLevel(models.Model):
    """A level (初级/中级/高级, or 县级/市级/省级), with how long a certificate holds."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), default=3)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("认定等级")
        verbose_name_plural = _("认定等级")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CertificationCriterion(models.Model):
    """One item of the checklist for a category and level (a criterion's evidence is
    attached to the application)."""

    category = models.ForeignKey(
        "talent.TalentCategory",
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("人才类别"),
    )
    level = models.ForeignKey(
        CertificationLevel,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("等级"),
    )
    text = models.CharField(_("条件"), max_length=200)
    evidence_required = models.BooleanField(_("须附佐证"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("认定条件")
        verbose_name_plural = _("认定条件")
        ordering = ["category", "level", "order"]

    def __str__(self) -> str:
        return self.text


class CertStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    RECOMMENDED = "recommended", _("村推荐")
    REVIEWED = "reviewed", _("乡镇审核")
    CERTIFIED = "certified", _("区级认定（公示中）")
    PUBLISHED = "published", _("已发证")
    REFUSED = "refused", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")
    EXPIRED = "expired", _("已过期")


class Certification(models.Model):
    talent = models.ForeignKey(
        "talent.Talent",
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("人才"),
    )
    category = models.ForeignKey(
        "talent.TalentCategory", on_delete=models.PROTECT, related_name="+", verbose_name=_("类别")
    )
    level = models.ForeignKey(
        CertificationLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("申报等级")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=CertStatus.choices, default=CertStatus.APPLIED
    )
    applied_on = models.DateField(_("申请日期"))
    by_portal = models.BooleanField(_("本人在平台申请"), default=False)
    statement = models.TextField(_("主要事迹"), blank=True)
    recommended_on = models.DateField(_("村推荐日期"), null=True, blank=True)
    recommended_by = models.CharField(_("推荐人"), max_length=50, blank=True)
    recommendation = models.TextField(_("村推荐意见"), blank=True)
    reviewed_on = models.DateField(_("乡镇审核日期"), null=True, blank=True)
    review_opinion = models.TextField(_("乡镇审核意见"), blank=True)
    certified_on = models.DateField(_("区级认定日期"), null=True, blank=True)
    notice_starts = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateField(_("公示结束"), null=True, blank=True)
    objection = models.TextField(_("公示异议"), blank=True)
    certificate_no = models.CharField(
        _("证书编号"), max_length=30, blank=True, db_index=True, editable=False
    )
    issued_on = models.DateField(_("发证日期"), null=True, blank=True, editable=False)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, editable=False)
    refused_on = models.DateField(_("不予认定日期"), null=True, blank=True)
    refused_reason = models.TextField(_("不予认定理由"), blank=True)
    renewal_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("复审的原证书"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The township keeps the record; the village branch of the talent's person
    # recommends, so its secretary sees the application too.
    objects = ScopedManager(
        "talent__township__path", "talent__person__organization__path", own="talent__person"
    )

    class Meta:
        verbose_name = _("乡村人才认定")
        verbose_name_plural = _("乡村人才认定")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~models.Q(certificate_no=""),
                name="certificate_no_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.talent} · {self.category} · {self.level}"


class CertificationCheck(models.Model):
    """A criterion of the checklist, as found for one application, with its evidence."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="checks", verbose_name=_("认定申请")
    )
    criterion = models.ForeignKey(
        CertificationCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("条件")
    )
    met = models.BooleanField(_("符合"), null=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="talent/certification/%Y/", blank=True)

    objects = ScopedManager(
        "certification__talent__township__path",
        "certification__talent__person__organization__path",
        own="certification__talent__person",
    )

    class Meta:
        verbose_name = _("条件核查")
        verbose_name_plural = _("条件核查")
        ordering = ["certification", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["certification", "criterion"], name="cert_check_unique")
        ]

    def __str__(self) -> str:
        return str(self.criterion)


class TownProduct(models.Model):
    """One town, one product (一镇一品): the township's product or industry."""

    township = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("乡镇（街道）"),
    )
    product = models.CharField(_("特色产品或产业"), max_length=50)
    industry = models.CharField(_("产业类别"), max_length=30, blank=True)
    description = models.TextField(_("简介"), blank=True)
    talents = models.ManyToManyField(
        "talent.Talent", blank=True, related_name="products", verbose_name=_("带动人才")
    )

    objects = ScopedManager("township__path")

    class Meta:
        verbose_name = _("一镇一品")
        verbose_name_plural = _("一镇一品")
        ordering = ["township__path"]
        constraints = [
            models.UniqueConstraint(fields=["township", "product"], name="town_product_unique")
        ]

    def __str__(self) -> str:
        return self.product


class TownProductYear(models.Model):
    product = models.ForeignKey(
        TownProduct, on_delete=models.CASCADE, related_name="years", verbose_name=_("一镇一品")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    output_value = models.DecimalField(_("产值（万元）"), max_digits=12, decimal_places=2)
    projects = models.TextField(_("项目"), blank=True)
    households = models.PositiveIntegerField(_("带动农户（户）"), default=0)

    objects = ScopedManager("product__township__path")

    class Meta:
        verbose_name = _("年度产出")
        verbose_name_plural = _("年度产出")
        ordering = ["product", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="town_product_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class RetiredSoldier(models.Model):
    """A person's retired-soldier status (退役军人), which core.Person does not hold: read
    by the village two-committee structure check (三个1/3)."""

    person = models.OneToOneField(
        "core.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("人员")
    )
    enlisted_year = models.PositiveSmallIntegerField(_("入伍年份"), null=True, blank=True)
    discharged_year = models.PositiveSmallIntegerField(_("退役年份"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=100, blank=True)

    objects = ScopedManager("person__organization__path", own="person")

    class Meta:
        verbose_name = _("退役军人")
        verbose_name_plural = _("退役军人")
        ordering = ["person__name", "id"]

    def __str__(self) -> str:
        return self.person.name
