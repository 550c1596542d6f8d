"""The talent pool (seed points 12 and 14): one talent record per core.Person, with
categories and tags from editable tables, native talents outside the district and what
they bring back, the liaison office's contacts and the alumni enterprises returning."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.core.scope import ScopedManager


class CategoryKind(models.TextChoices):
    NATIONAL = "national", _("乡村人才五类")
    CITY = "city", _("市级人才分类")


class TalentCategory(models.Model):
    """An editable category: the five national rural-talent categories (中办国办《关于加快
    推进乡村人才振兴的意见》, 2021) and the city's own classes A–E."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=10, choices=CategoryKind.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("人才类别")
        verbose_name_plural = _("人才类别")
        ordering = ["kind", "order", "code"]

    def __str__(self) -> str:
        return self.name


class TagGroup(models.TextChoices):
    INDUSTRY = "industry", _("产业")
    SKILL = "skill", _("技能")


class TalentTag(models.Model):
    """An industry or skill tag (文旅、医美、电竞、时尚 …), editable."""

    name = models.CharField(_("标签"), max_length=20, unique=True)
    group = models.CharField(_("分组"), max_length=10, choices=TagGroup.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("人才标签")
        verbose_name_plural = _("人才标签")
        ordering = ["group", "order", "name"]

    def __str__(self) -> str:
        return self.name


class ReturnInterest(models.TextChoices):
    UNKNOWN = "unknown", _("未了解")
    NONE = "none", _("暂无意向")
    SOME = "some", _("有意向")
    STRONG = "strong", _("意向强烈")
    RETURNED = "returned", _("已回归")


class Talent(models.Model):
    """A talent: the person's record in the pool (a member or cadre too is one person)."""

    person = models.OneToOneField(
        "core.Person", on_delete=models.PROTECT, related_name="talent", verbose_name=_("人员")
    )
    # The township (or the district itself) that keeps the record: the record's scope.
    township = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在乡镇（街道）"),
    )
    village = models.CharField(_("所在村（社区）"), max_length=50, blank=True)
    categories = models.ManyToManyField(
        TalentCategory, blank=True, related_name="talents", verbose_name=_("人才类别")
    )
    tags = models.ManyToManyField(
        TalentTag, blank=True, related_name="talents", verbose_name=_("产业与技能标签")
    )
    title = models.CharField(_("职称"), max_length=50, blank=True)
    title_level = models.PositiveSmallIntegerField(
        _("职称等级"),
        default=0,
        help_text=_("0无，1初级，2中级，3副高级，4正高级"),
    )
    honours = models.TextField(_("荣誉称号"), blank=True)
    specialty = models.CharField(_("专长"), max_length=200, blank=True)
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    employer_credit_code = models.CharField(_("单位统一社会信用代码"), max_length=18, blank=True)
    contact_consent = models.BooleanField(
        _("同意联系"), default=True, help_text=_("本人可在人才服务平台修改")
    )
    consent_updated_at = models.DateTimeField(_("同意联系更新时间"), null=True, blank=True)
    # Native talents working outside the district (籍贯人才).
    outside = models.BooleanField(_("在外籍贯人才"), default=False)
    current_city = models.CharField(_("现工作城市"), max_length=50, blank=True)
    field_of_work = models.CharField(_("从事领域"), max_length=100, blank=True)
    return_interest = models.CharField(
        _("回归意向"),
        max_length=10,
        choices=ReturnInterest.choices,
        default=ReturnInterest.UNKNOWN,
    )
    # Search keys kept by the service: full pinyin and initials of the name.
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(_("姓名首字母"), max_length=50, editable=False, db_index=True)
    # The free-text search key kept by the service (services.pool.search_keys): name,
    # employer, specialty, title and honours, lower case, on the talent's own row so a
    # search never joins the person table (1,000,000 persons at benchmark scale).
    search_text = models.TextField(_("检索文本"), editable=False, blank=True, default="")
    # The same text as single characters and pairs of characters, each written as
    # ASCII code points (core.grams): on PostgreSQL a GIN full-text index over
    # it finds 1- and 2-character terms (most Chinese name searches) without a scan.
    search_grams = models.TextField(_("检索词元"), editable=False, blank=True, default="")
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager("township__path", own="person")

    class Meta:
        verbose_name = _("人才")
        verbose_name_plural = _("人才库")
        ordering = ["name_pinyin", "id"]
        indexes = [models.Index(fields=["township", "name_pinyin"], name="talent_township_py")]

    def __str__(self) -> str:
        return self.person.name


class ContactKind(models.TextChoices):
    VISIT = "visit", _("走访")
    CALL = "call", _("电话")
    MESSAGE = "message", _("信息")
    GREETING = "greeting", _("节日慰问")
    MEETING = "meeting", _("座谈")


class NativeContact(models.Model):
    """A contact with a native talent outside (联络记录)."""

    talent = models.ForeignKey(
        Talent, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("人才")
    )
    contacted_on = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=ContactKind.choices)
    by = models.CharField(_("联络人"), max_length=50)
    summary = models.TextField(_("情况"))

    objects = ScopedManager("talent__township__path")

    class Meta:
        verbose_name = _("联络记录")
        verbose_name_plural = _("联络记录")
        ordering = ["-contacted_on"]

    def __str__(self) -> str:
        return f"{self.contacted_on:%Y-%m-%d} {self.get_kind_display()}"


class ReturnKind(models.TextChoices):
    """The five returns of 才聚绿城 智汇八桂 (next-modules R18)."""

    TALENT = "talent", _("人才回桂")
    PROJECT = "project", _("项目回移")
    CAPITAL = "capital", _("资本回流")
    TECHNOLOGY = "technology", _("技术回归")
    ADVICE = "advice", _("智力回哺")


class ReturnOutcome(models.Model):
    talent = models.ForeignKey(
        Talent, on_delete=models.CASCADE, related_name="returns", verbose_name=_("人才")
    )
    kind = models.CharField(_("回归类型"), max_length=12, choices=ReturnKind.choices)
    achieved_on = models.DateField(_("日期"))
    description = models.TextField(_("内容"))
    amount = models.DecimalField(
        _("金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = ScopedManager("talent__township__path")

    class Meta:
        verbose_name = _("回归成效")
        verbose_name_plural = _("回归成效")
        ordering = ["-achieved_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description[:20]}"


class LiaisonContact(models.Model):
    """The liaison office's (驻深圳联络站) contact with a Bay Area enterprise or project."""

    office = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属单位"),
    )
    station = models.CharField(_("联络站"), max_length=50, default="驻深圳人才工作联络站")
    enterprise = models.CharField(_("企业"), max_length=100)
    project = models.CharField(_("项目"), max_length=100, blank=True)
    contacted_on = models.DateField(_("日期"))
    contact_person = models.CharField(_("对接人"), max_length=50, blank=True)
    summary = models.TextField(_("对接情况"))
    outcome = models.CharField(_("成效"), max_length=200, blank=True)
    talent = models.ForeignKey(
        Talent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("关联人才"),
    )

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("联络站对接")
        verbose_name_plural = _("联络站对接")
        ordering = ["-contacted_on"]

    def __str__(self) -> str:
        return self.enterprise


class AlumniEnterprise(models.Model):
    """An alumni enterprise returning to the district (校友企业回归)."""

    office = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位")
    )
    name = models.CharField(_("企业名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    university = models.CharField(_("校友所在高校"), max_length=100)
    founder = models.CharField(_("创办人"), max_length=50, blank=True)
    returned_on = models.DateField(_("落户日期"))
    registered_capital = models.DecimalField(
        _("注册资金（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    jobs = models.PositiveIntegerField(_("带动就业（人）"), default=0)
    tax = models.DecimalField(
        _("年纳税（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = ScopedManager("office__path")

    class Meta:
        verbose_name = _("校友企业回归")
        verbose_name_plural = _("校友企业回归")
        ordering = ["-returned_on"]

    def __str__(self) -> str:
        return self.name


class SavedSearch(models.Model):
    """A user's saved pool search (the query string of the pool's filters)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户")
    )
    name = models.CharField(_("名称"), max_length=50)
    query = models.JSONField(_("条件"), default=dict)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保存的查询")
        verbose_name_plural = _("保存的查询")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique")]

    def __str__(self) -> str:
        return self.name
