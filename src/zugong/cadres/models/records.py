"""The cadre record (干部信息): a cadre is a core.Person with a unit, posts and ranks
and their history, education, résumé, family, rewards and punishments.

A cadre's scope follows the unit's organization (the township committee for township
cadres, the organ's branch for district organs), so a township officer sees exactly the
cadres of their township.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zugong.cadres.models.notices import NoticeExemption
from zugong.core.scope import ScopedManager


class UnitKind(models.TextChoices):
    PARTY_GOVERNMENT = "organ", _("党政机关")
    CIVIL_SERVICE_MANAGED = "managed", _("参照公务员法管理单位")
    PUBLIC_INSTITUTION = "institution", _("事业单位")
    STATE_ENTERPRISE = "enterprise", _("国有企业")


class UnitLevel(models.TextChoices):
    """Where the unit sits: county organs may hold ranks up to 二级调研员 (规定第十条)."""

    COUNTY = "county", _("县级机关")
    TOWNSHIP = "township", _("乡镇（街道）")


class CadreStatus(models.TextChoices):
    SERVING = "serving", _("在职")
    RETIRED = "retired", _("已退休")
    LEFT = "left", _("已调出")


class PostLevel(models.TextChoices):
    """领导职务层次 (《公务员职务与职级并行规定》第六条), the part a district manages."""

    TOWNSHIP_DEPUTY = "township_deputy", _("乡科级副职")
    TOWNSHIP_PRINCIPAL = "township_principal", _("乡科级正职")
    COUNTY_DEPUTY = "county_deputy", _("县处级副职")
    COUNTY_PRINCIPAL = "county_principal", _("县处级正职")
    BUREAU_DEPUTY = "bureau_deputy", _("厅局级副职")
    BUREAU_PRINCIPAL = "bureau_principal", _("厅局级正职")


class Rank(models.TextChoices):
    """综合管理类职级序列, high → low (《公务员职务与职级并行规定》第七条)."""

    INSPECTOR_1 = "xsy1", _("一级巡视员")
    INSPECTOR_2 = "xsy2", _("二级巡视员")
    RESEARCHER_1 = "dyy1", _("一级调研员")
    RESEARCHER_2 = "dyy2", _("二级调研员")
    RESEARCHER_3 = "dyy3", _("三级调研员")
    RESEARCHER_4 = "dyy4", _("四级调研员")
    PRINCIPAL_CLERK_1 = "zrky1", _("一级主任科员")
    PRINCIPAL_CLERK_2 = "zrky2", _("二级主任科员")
    PRINCIPAL_CLERK_3 = "zrky3", _("三级主任科员")
    PRINCIPAL_CLERK_4 = "zrky4", _("四级主任科员")
    CLERK_1 = "ky1", _("一级科员")
    CLERK_2 = "ky2", _("二级科员")


class LeadingGroup(models.Model):
    """A leading group (领导班子): a township's party and government team, a bureau's team."""

    class Level(models.TextChoices):
        TOWNSHIP = "township", _("乡镇（街道）班子")
        DEPARTMENT = "department", _("区直部门班子")
        COUNTY = "county", _("区级班子")

    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="leading_groups",
        verbose_name=_("所属党组织"),
    )
    name = models.CharField(_("班子名称"), max_length=100)
    level = models.CharField(_("班子层级"), max_length=16, choices=Level.choices)
    establishment = models.PositiveSmallIntegerField(_("领导职数"), null=True, blank=True)
    is_government = models.BooleanField(
        _("政府班子"), default=False, help_text=_("区政府班子一般应配备党外干部")
    )

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("领导班子")
        verbose_name_plural = _("领导班子")
        ordering = ["organization__path", "name"]

    def __str__(self) -> str:
        return self.name


class Cadre(models.Model):
    person = models.OneToOneField(
        "core.Person", on_delete=models.PROTECT, related_name="cadre", verbose_name=_("人员")
    )
    unit = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="cadres",
        verbose_name=_("所在单位党组织"),
        help_text=_("决定谁能看到这名干部：乡镇干部挂乡镇党委，区直干部挂本单位党组织"),
    )
    unit_name = models.CharField(_("工作单位"), max_length=100)
    unit_kind = models.CharField(_("单位性质"), max_length=16, choices=UnitKind.choices)
    unit_level = models.CharField(_("单位层级"), max_length=16, choices=UnitLevel.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=CadreStatus.choices, default=CadreStatus.SERVING
    )
    work_started_on = models.DateField(_("参加工作时间"))
    # How precisely the form gave 出生年月 and 参加工作时间: to the month (YYYYMM, the
    # editor's default) or to the day (YYYYMMDD); an exported .lrmx gives the same back.
    birth_written_to_day = models.BooleanField(
        _("出生年月写到日"), default=False, help_text=_("任免审批表中出生年月写作年月日")
    )
    work_started_written_to_day = models.BooleanField(
        _("参加工作时间写到日"), default=False, help_text=_("任免审批表中参加工作时间写作年月日")
    )
    party_joined_on = models.DateField(_("入党时间"), null=True, blank=True)
    other_party = models.CharField(
        _("民主党派或无党派"), max_length=30, blank=True, help_text=_("如“民建”“无党派”")
    )
    birth_place = models.CharField(_("出生地"), max_length=50, blank=True)
    health = models.CharField(_("健康状况"), max_length=50, blank=True, default="健康")
    professional_title = models.CharField(_("专业技术职务"), max_length=90, blank=True)
    expertise = models.CharField(_("熟悉专业有何专长"), max_length=110, blank=True)
    current_post_text = models.CharField(
        _("现任职务"), max_length=324, blank=True, help_text=_("单位及主要职务全称或规范简称")
    )
    probation_started_on = models.DateField(
        _("公务员试用期起始（新录用）"),
        null=True,
        blank=True,
        help_text=_("新录用公务员报到之日起试用期一年，年度考核只写评语不定等次"),
    )
    last_training_on = models.DateField(
        _("最近一次任职培训结业时间"),
        null=True,
        blank=True,
        help_text=_("党校（行政学院）、干部学院等培训；提拔前未参加的，一般应在提拔后一年内完成"),
    )
    photo = models.BinaryField(_("照片"), blank=True, default=b"", editable=False)
    photo_type = models.CharField(_("照片格式"), max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager("unit__path")

    class Meta:
        verbose_name = _("干部")
        verbose_name_plural = _("干部")
        ordering = ["unit__path", "person__name_pinyin", "id"]  # by unit, then in pinyin order

    def __str__(self) -> str:
        return self.person.name if self.person_id else "-"


class Position(models.Model):
    """A post held (职务) with the documents that appointed and removed the cadre (任免)."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="positions", verbose_name=_("干部")
    )
    unit_name = models.CharField(_("单位"), max_length=100)
    title = models.CharField(_("职务名称"), max_length=100)
    level = models.CharField(
        _("职务层次"),
        max_length=24,
        choices=PostLevel.choices,
        blank=True,
        help_text=_("领导职务填写；非领导职务留空"),
    )
    leading_group = models.ForeignKey(
        LeadingGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
        verbose_name=_("所在班子"),
    )
    is_party_post = models.BooleanField(_("党内职务"), default=False)
    started_on = models.DateField(_("任职时间"), help_text=_("党委（党组）决定、选举或任命之日"))
    ended_on = models.DateField(_("免职时间"), null=True, blank=True)
    probation = models.BooleanField(
        _("实行任职试用期"), default=False, help_text=_("非选举产生的提拔任职，试用期一年")
    )
    is_promotion = models.BooleanField(_("属于提拔任职"), default=False)
    notice = models.ForeignKey(
        "cadres.AppointmentNotice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
        verbose_name=_("任前公示"),
    )
    notice_exemption = models.CharField(
        _("未经公示的原因"),
        max_length=20,
        blank=True,
        choices=NoticeExemption.choices,
        help_text=_("提拔任职没有任前公示的，须说明原因"),
    )
    notice_exemption_note = models.CharField(_("未经公示的说明"), max_length=200, blank=True)
    appointment_doc = models.CharField(_("任职文号"), max_length=100, blank=True)
    appointment_approved_by = models.CharField(_("任职批准机关"), max_length=100, blank=True)
    removal_doc = models.CharField(_("免职文号"), max_length=100, blank=True)
    removal_approved_by = models.CharField(_("免职批准机关"), max_length=100, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("任职记录")
        verbose_name_plural = _("任职记录")
        ordering = ["cadre", "-started_on", "id"]
        indexes = [models.Index(fields=["ended_on", "level"], name="position_current_level")]

    def __str__(self) -> str:
        return f"{self.unit_name}{self.title}"


class RankRecord(models.Model):
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="ranks", verbose_name=_("干部")
    )
    rank = models.CharField(_("职级"), max_length=8, choices=Rank.choices)
    started_on = models.DateField(_("任职级时间"))
    ended_on = models.DateField(_("止于"), null=True, blank=True)
    pay_grade = models.PositiveSmallIntegerField(_("级别"), null=True, blank=True)
    document = models.CharField(_("文号"), max_length=100, blank=True)
    approved_by = models.CharField(_("批准机关"), max_length=100, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("职级记录")
        verbose_name_plural = _("职级记录")
        ordering = ["cadre", "-started_on", "id"]

    def __str__(self) -> str:
        return self.get_rank_display()


class StaffGradeRecord(models.Model):
    """职员等级 of a management post in a public institution below county level."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="staff_grades", verbose_name=_("干部")
    )
    grade = models.PositiveSmallIntegerField(_("职员等级"), help_text=_("一至十级，填数字"))
    started_on = models.DateField(_("起始时间"))
    ended_on = models.DateField(_("止于"), null=True, blank=True)
    document = models.CharField(_("文号"), max_length=100, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("职员等级记录")
        verbose_name_plural = _("职员等级记录")
        ordering = ["cadre", "-started_on", "id"]

    def __str__(self) -> str:
        return f"{self.grade}级职员"


class Education(models.Model):
    class Kind(models.TextChoices):
        FULL_TIME = "full_time", _("全日制教育")
        IN_SERVICE = "in_service", _("在职教育")

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="educations", verbose_name=_("干部")
    )
    kind = models.CharField(_("教育类别"), max_length=16, choices=Kind.choices)
    education = models.CharField(_("学历"), max_length=54, blank=True)
    degree = models.CharField(_("学位"), max_length=54, blank=True)
    education_school = models.CharField(_("学历毕业院校系及专业"), max_length=90, blank=True)
    degree_school = models.CharField(_("学位毕业院校系及专业"), max_length=90, blank=True)
    education_code = models.CharField(
        _("学历代码"), max_length=2, blank=True, help_text=_("GB/T 4658，用于任职资格比对")
    )
    graduated_on = models.DateField(_("毕业时间"), null=True, blank=True)
    is_highest = models.BooleanField(_("最高学历"), default=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("学历学位")
        verbose_name_plural = _("学历学位")
        ordering = ["cadre", "kind", "-is_highest", "id"]

    def __str__(self) -> str:
        return self.education or self.degree


class ResumeEntry(models.Model):
    """One period of the résumé (简历): ``YYYY.MM--YYYY.MM  unit and post``."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="resume", verbose_name=_("干部")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    start = models.DateField(_("起始年月"))
    end = models.DateField(_("截止年月"), null=True, blank=True, help_text=_("至今留空"))
    text = models.TextField(_("单位及职务"))
    is_grassroots = models.BooleanField(
        _("基层工作经历"),
        default=False,
        help_text=_("县级以下党政机关、乡镇、村、企事业单位基层一线"),
    )

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("简历")
        verbose_name_plural = _("简历")
        ordering = ["cadre", "order"]

    def __str__(self) -> str:
        return self.text[:30]


class FamilyMember(models.Model):
    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="family", verbose_name=_("干部")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    relation = models.CharField(_("称谓"), max_length=18)
    name = models.CharField(_("姓名"), max_length=18)
    birth_month = models.CharField(
        _("出生年月"), max_length=8, blank=True, help_text=_("六位年月，如197408")
    )
    political_status = models.CharField(_("政治面貌"), max_length=18, blank=True)
    unit_post = models.CharField(_("工作单位及职务"), max_length=124, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("家庭成员及重要社会关系")
        verbose_name_plural = _("家庭成员及重要社会关系")
        ordering = ["cadre", "order"]

    def __str__(self) -> str:
        return f"{self.relation} {self.name}"


class RewardPunishment(models.Model):
    class Kind(models.TextChoices):
        REWARD = "reward", _("奖励")
        PUNISHMENT = "punishment", _("惩处")

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="rewards", verbose_name=_("干部")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=100, help_text=_("如“嘉奖”“记三等功”"))
    on = models.DateField(_("时间"))
    issuer = models.CharField(_("批准机关"), max_length=100, blank=True)
    document = models.CharField(_("文号"), max_length=100, blank=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("奖惩情况")
        verbose_name_plural = _("奖惩情况")
        ordering = ["cadre", "-on"]

    def __str__(self) -> str:
        return self.name


class AppointmentForm(models.Model):
    """One appointment approval form (干部任免审批表): what is proposed, why, by whom,
    with the free-text boxes as written (they are the form, not derived data)."""

    cadre = models.ForeignKey(
        Cadre, on_delete=models.CASCADE, related_name="forms", verbose_name=_("干部")
    )
    proposed_post = models.CharField(_("拟任职务"), max_length=324, blank=True)
    proposed_removal = models.CharField(_("拟免职务"), max_length=324, blank=True)
    reason = models.TextField(_("任免理由"), blank=True)
    rewards_text = models.TextField(_("奖惩情况"), blank=True)
    assessment_text = models.TextField(_("年度考核结果"), blank=True)
    reporting_unit = models.CharField(_("呈报单位"), max_length=252, blank=True)
    filled_by = models.CharField(_("填表人"), max_length=18, blank=True)
    filled_on = models.CharField(
        _("填表时间"), max_length=8, blank=True, help_text=_("六位年月或八位年月日")
    )
    age_basis = models.CharField(
        _("计算年龄时间"), max_length=8, blank=True, help_text=_("六位年月或八位年月日")
    )
    pre_reform_age_line = models.CharField(_("改革前任职年龄界限"), max_length=10, blank=True)
    version = models.CharField(_("文件版本"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedManager("cadre__unit__path")

    class Meta:
        verbose_name = _("干部任免审批表")
        verbose_name_plural = _("干部任免审批表")
        ordering = ["cadre", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.proposed_post or self.proposed_removal or str(self.cadre)


class UnitEstablishment(models.Model):
    """The civil-service establishment (公务员编制) of a county or township organ, on
    which its rank quotas (职级职数) are counted."""

    organization = models.OneToOneField(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="civil_service_establishment",
        verbose_name=_("单位党组织"),
    )
    posts = models.PositiveIntegerField(_("公务员（参公）编制数"))
    document = models.CharField(_("核定文件"), max_length=100, blank=True)

    objects = ScopedManager("organization__path")

    class Meta:
        verbose_name = _("单位编制")
        verbose_name_plural = _("单位编制")
        ordering = ["organization__path"]

    def __str__(self) -> str:
        return f"{self.organization} {self.posts}"
