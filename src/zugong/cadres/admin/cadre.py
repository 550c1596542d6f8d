"""The cadre record in the back office: the long record in tabs, and the detail actions
that call the services (appoint, remove, rank, staff grade, photo, review, qualification)."""

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.admin.base import (
    DATE,
    TEXT,
    CadrePages,
    cadre_or_404,
    family_birth_month,
)
from zugong.cadres.admin.editing import RecordEditing
from zugong.cadres.admin.lists import ListPages
from zugong.cadres.admin.lrmx_pages import LrmxPages
from zugong.cadres.admin.notices import NoticeInline
from zugong.cadres.models import (
    AnnualAssessment,
    AppointmentForm,
    Cadre,
    Education,
    FamilyMember,
    LeadingGroup,
    NoticeExemption,
    Position,
    PostLevel,
    Rank,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
    StaffGradeRecord,
    SupervisionRecord,
)
from zugong.cadres.services import records as services
from zugong.cadres.services import supervision as supervision_services
from zugong.core import codes
from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.models import CodeTable
from zugong.core.selectors import person_search

# ---------------------------------------------------------------- forms


class CadreForm(ServiceForm):
    class Meta:
        model = Cadre
        fields = [
            "person",
            "unit",
            "unit_name",
            "unit_kind",
            "unit_level",
            "status",
            "current_post_text",
            "work_started_on",
            "work_started_written_to_day",
            "birth_written_to_day",
            "party_joined_on",
            "other_party",
            "birth_place",
            "health",
            "professional_title",
            "expertise",
            "probation_started_on",
            "last_training_on",
        ]

    def run_service(self, data):
        cadre = self.instance
        if cadre.pk:
            cadre = Cadre.objects.select_related("person", "unit").get(pk=cadre.pk)
            data = {k: v for k, v in data.items() if k != "person"}
        return services.cadre_save(actor=self.request.user, cadre=cadre, data=dict(data))


class PositionForm(forms.Form):
    unit_name = forms.CharField(label=_("单位"), max_length=100, required=False, widget=TEXT)
    title = forms.CharField(label=_("职务名称"), max_length=100, widget=TEXT)
    level = forms.ChoiceField(
        label=_("职务层次"),
        required=False,
        choices=[("", _("非领导职务")), *PostLevel.choices],
        widget=UnfoldAdminSelectWidget,
    )
    leading_group = forms.ModelChoiceField(
        label=_("所在班子"),
        required=False,
        queryset=LeadingGroup.objects.none(),
        widget=UnfoldAdminSelectWidget,
        empty_label=_("（不在领导班子中）"),
    )
    is_party_post = forms.BooleanField(label=_("党内职务"), required=False)
    started_on = forms.DateField(label=_("任职时间"), widget=DATE)
    probation = forms.BooleanField(label=_("实行任职试用期（一年）"), required=False)
    appointment_doc = forms.CharField(label=_("任职文号"), required=False, widget=TEXT)
    appointment_approved_by = forms.CharField(label=_("批准机关"), required=False, widget=TEXT)
    notice_exemption = forms.ChoiceField(
        label=_("未经公示的原因"),
        required=False,
        choices=NoticeExemption.choices,
        widget=UnfoldAdminSelectWidget,
        help_text=_("提拔任职须经任前公示；特殊岗位、换届考察时已公示或补录以往任职的，选择原因"),
    )
    notice_exemption_note = forms.CharField(
        label=_("未经公示的说明"), max_length=200, required=False, widget=TEXT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leading_group"].queryset = LeadingGroup.objects.all()


class EndPositionForm(forms.Form):
    position = forms.ModelChoiceField(
        label=_("免去职务"),
        queryset=Position.objects.none(),
        widget=UnfoldAdminSelectWidget,
        empty_label=_("请选择要免去的职务"),
    )
    ended_on = forms.DateField(label=_("免职时间"), widget=DATE, initial=dt.date.today)
    removal_doc = forms.CharField(label=_("免职文号"), required=False, widget=TEXT)
    removal_approved_by = forms.CharField(label=_("批准机关"), required=False, widget=TEXT)

    def __init__(self, *args, cadre=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(cadre=cadre, ended_on=None)


class RankForm(forms.Form):
    rank = forms.ChoiceField(label=_("职级"), choices=Rank.choices, widget=UnfoldAdminSelectWidget)
    started_on = forms.DateField(label=_("任职级时间"), widget=DATE)
    pay_grade = forms.IntegerField(
        label=_("级别"),
        required=False,
        min_value=1,
        max_value=27,
        widget=UnfoldAdminIntegerFieldWidget,
    )
    document = forms.CharField(label=_("文号"), required=False, widget=TEXT)
    approved_by = forms.CharField(label=_("批准机关"), required=False, widget=TEXT)


class StaffGradeForm(forms.Form):
    grade = forms.IntegerField(
        label=_("职员等级"), min_value=1, max_value=10, widget=UnfoldAdminIntegerFieldWidget
    )
    started_on = forms.DateField(label=_("起始时间"), widget=DATE)
    document = forms.CharField(label=_("文号"), required=False, widget=TEXT)


class PhotoForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024
    photo = forms.FileField(label=_("照片（JPEG或PNG，二寸彩色证件照，不超过2MB）"))

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        if photo.size > self.MAX_BYTES:
            raise forms.ValidationError(_("照片超过2MB，请压缩后重新上传"))
        return photo


class QualificationForm(forms.Form):
    target = forms.ChoiceField(
        label=_("拟任职务层次"), choices=PostLevel.choices, widget=UnfoldAdminSelectWidget
    )
    on = forms.DateField(label=_("拟任职日期"), initial=dt.date.today, widget=DATE)
    exceptional = forms.BooleanField(label=_("破格提拔"), required=False)


# ---------------------------------------------------------------- inlines (tabs)


class PositionInline(ReadOnlyInline):
    model = Position
    verbose_name_plural = _("任职经历")
    fields = [
        "unit_name",
        "title",
        "level",
        "started_on",
        "ended_on",
        "probation",
        "appointment_doc",
        "appointment_approved_by",
        "removal_doc",
        "notice",
        "notice_exemption",
    ]


class RankInline(ReadOnlyInline):
    model = RankRecord
    fields = ["rank", "started_on", "ended_on", "pay_grade", "document", "approved_by"]


class StaffGradeInline(ReadOnlyInline):
    model = StaffGradeRecord
    fields = ["grade", "started_on", "ended_on", "document"]


class EducationInline(ReadOnlyInline):
    model = Education
    fields = ["kind", "education", "degree", "education_school", "degree_school", "graduated_on"]


class ResumeInline(ReadOnlyInline):
    model = ResumeEntry
    fields = ["order", "start_month", "end_month", "text", "is_grassroots"]

    # Months as the 任免审批表 writes them: 2007.07--2010.01, the open one 至今.
    @display(description=_("起始年月"))
    def start_month(self, obj):
        return f"{obj.start:%Y.%m}"

    @display(description=_("截止年月"))
    def end_month(self, obj):
        return f"{obj.end:%Y.%m}" if obj.end else _("至今")


class FamilyInline(ReadOnlyInline):
    model = FamilyMember
    fields = ["order", "relation", "name", "birth", "political_status", "unit_post"]

    @display(description=_("出生年月"))
    def birth(self, obj):
        return family_birth_month(obj.birth_month)


class RewardInline(ReadOnlyInline):
    model = RewardPunishment
    fields = ["kind", "name", "on", "issuer", "document"]


class AnnualInline(ReadOnlyInline):
    model = AnnualAssessment
    fields = [
        "year",
        "grade",
        "is_leader",
        "ungraded_reason",
        "sick_leave_days",
        "personal_leave_days",
        "unit",
    ]


class FormInline(ReadOnlyInline):
    model = AppointmentForm
    fields = ["proposed_post", "proposed_removal", "reason", "filled_by", "filled"]

    @display(description=_("填表时间"))
    def filled(self, obj):
        return family_birth_month(obj.filled_on)  # 202611 → 2026.11, as printed


class SupervisionInline(ReadOnlyInline):
    model = SupervisionRecord
    verbose_name_plural = _("干部监督")
    fields = ["kind", "measure", "issue", "decided_on", "reply_due", "replied_on", "status"]


# ---------------------------------------------------------------- the cadre admin


@register(Cadre, site=site)
class CadreAdmin(
    CadrePages,
    RecordEditing,
    LrmxPages,
    ListPages,
    RequestFormMixin,
    CapabilityAdmin,
):
    form = CadreForm
    view_capability = caps.VIEW_CADRE
    change_capability = caps.CHANGE_CADRE
    list_display = [
        "name",
        "gender",
        "birth",
        "unit_name",
        "current_post_text",
        "rank",
        "retirement",
        "status",
    ]
    list_filter = ["status", "unit_kind", "unit_level"]
    search_fields = ["person__name"]
    search_help_text = _("按姓名查找；输入完整的身份证号则精确查找")
    autocomplete_fields = ["person", "unit"]
    list_per_page = 20
    actions = ["export_lrmx_selected"]
    actions_list = [
        "import_lrmx",
        "retirement_list",
        "eligibility_list",
        "rank_quotas",
        "team_structure",
    ]
    actions_detail = [
        "review",
        "qualification",
        {
            "title": _("任免与职级"),
            "icon": "work",
            "items": [
                "add_position",
                "end_position",
                "set_rank",
                "set_staff_grade",
                "upload_photo",
            ],
        },
        {
            "title": _("编辑履历"),
            "icon": "edit_note",
            "items": [
                "edit_education",
                "edit_resume",
                "edit_family",
                "edit_rewards",
                "edit_appointment_form",
            ],
        },
        {
            "title": _("任免审批表"),
            "icon": "print",
            "items": ["print_form", "export_lrmx"],
        },
    ]
    base_inlines = [
        PositionInline,
        RankInline,
        StaffGradeInline,
        EducationInline,
        ResumeInline,
        FamilyInline,
        RewardInline,
        AnnualInline,
        FormInline,
        NoticeInline,
    ]

    def object_path(self, obj):
        return obj.unit.path

    def get_readonly_fields(self, request, obj=None):
        # The person of a record does not change; a different person is a new record.
        return ["person"] if obj is not None else []

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("person", "unit").prefetch_related("ranks")
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        persons = person_search(Cadre.person.field.related_model.objects.all(), search_term)
        return queryset.filter(person__in=persons), False

    def get_inline_instances(self, request, obj=None):
        classes = list(self.base_inlines) if obj is not None else []
        if obj is not None and request.access.has(caps.VIEW_SUPERVISION, obj.unit.path):
            classes.append(SupervisionInline)
            if request.method == "GET":
                # Showing the supervision tab is a read of supervision records: audited.
                supervision_services.supervision_list_viewed(
                    actor=request.user, cadre=obj, count=obj.supervision.count()
                )
        return [inline(self.model, self.admin_site) for inline in classes]

    @display(description=_("姓名"), ordering="person__name_pinyin")
    def name(self, obj):
        return obj.person.name

    @display(description=_("性别"))
    def gender(self, obj):
        return codes.name(CodeTable.GENDER, obj.person.gender)

    @display(description=_("出生年月"), ordering="person__birth_date")
    def birth(self, obj):
        return f"{obj.person.birth_date:%Y.%m}"

    @display(description=_("职级"))
    def rank(self, obj):
        current = selectors.current_rank(obj)
        return current.get_rank_display() if current else "—"

    @display(description=_("到龄年月"))
    def retirement(self, obj):
        return f"{selectors.retirement(obj).month:%Y.%m}"

    # ------------------------------------------------------------ detail actions

    @action(
        capability=caps.VIEW_CADRE, description=_("综合研判"), url_path="review", icon="fact_check"
    )
    def review(self, request, object_id):
        cadre = cadre_or_404(object_id)
        verdict = selectors.verdict(cadre, access=request.access)
        eligibility = selectors.rank_eligibility(cadre)
        context = self._context(
            request,
            _("综合研判：%(n)s") % {"n": cadre.person.name},
            cadre=cadre,
            verdict=verdict,
            verdict_sources="；".join(dict.fromkeys(verdict.sources)),
            retirement=selectors.retirement(cadre),
            eligibility=eligibility,
            current_rank=rules.rank_name(eligibility.current) if eligibility else "",
            target_rank=rules.rank_name(eligibility.target)
            if eligibility and eligibility.target
            else "",
            staff=selectors.staff_grade_eligibility(cadre),
            consequences=[
                {"text": c.text, "source": c.source} for c in selectors.consequences(cadre)
            ],
            problems=selectors.record_problems(cadre),
            back=self._back(cadre),
        )
        return TemplateResponse(request, "cadres/admin/review.html", context)

    @action(
        capability=caps.VIEW_CADRE,
        description=_("任职资格审查"),
        url_path="qualification",
        icon="rule",
    )
    def qualification(self, request, object_id):
        cadre = cadre_or_404(object_id)
        form = QualificationForm(request.GET or None)
        checks = []
        if form.is_valid():
            checks = rules.post_qualification(
                selectors.cadre_facts(cadre),
                target=form.cleaned_data["target"],
                on=form.cleaned_data["on"],
                exceptional=form.cleaned_data["exceptional"],
                redact_bars=not request.access.has(caps.VIEW_SUPERVISION, cadre.unit.path),
            )
        context = self._context(
            request,
            _("任职资格审查：%(n)s") % {"n": cadre.person.name},
            cadre=cadre,
            form=form,
            checks=[{"ok": c.ok, "text": c.text, "source": c.source} for c in checks],
            qualified=all(c.ok for c in checks),
            back=self._back(cadre),
        )
        return TemplateResponse(request, "cadres/admin/qualification.html", context)

    @action(capability=caps.CHANGE_CADRE, description=_("任职"), url_path="appoint", icon="work")
    def add_position(self, request, object_id):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        return form_action(
            self,
            request,
            obj=cadre,
            form=PositionForm(request.POST or None, initial={"unit_name": cadre.unit_name}),
            call=lambda **data: services.position_add(actor=request.user, cadre=cadre, data=data),
            title=_("任职：%(n)s") % {"n": cadre.person.name},
            done=_("已登记任职"),
            success_url=self._back(cadre),
            intro=_(
                "提拔任职（职务层次高于现职）时，系统按影响期、试用期和近三年考核结果判断能否提拔，并核对任前公示是否期满；受责令辞职、免职处理的，影响期内不能担任领导职务或高于原职务层次的职务。不能的，说明原因和期限。"
            ),
        )

    @action(capability=caps.CHANGE_CADRE, description=_("免职"), url_path="remove", icon="work_off")
    def end_position(self, request, object_id):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        return form_action(
            self,
            request,
            obj=cadre,
            form=EndPositionForm(request.POST or None, cadre=cadre),
            call=lambda position, **data: services.position_end(
                actor=request.user, position=position, **data
            ),
            title=_("免职：%(n)s") % {"n": cadre.person.name},
            done=_("已登记免职"),
            success_url=self._back(cadre),
        )

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("职级晋升或任定"),
        url_path="rank",
        icon="stairs",
    )
    def set_rank(self, request, object_id):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        eligibility = selectors.rank_eligibility(cadre)
        intro = ""
        if eligibility and eligibility.target:
            intro = _("现任%(c)s；晋升%(t)s最早于%(d)s。") % {
                "c": rules.rank_name(eligibility.current),
                "t": rules.rank_name(eligibility.target),
                "d": f"{eligibility.earliest:%Y-%m-%d}" if eligibility.earliest else "—",
            } + (eligibility.blocked or "")
        return form_action(
            self,
            request,
            obj=cadre,
            form=RankForm(request.POST or None),
            call=lambda **data: services.rank_set(actor=request.user, cadre=cadre, **data),
            title=_("职级：%(n)s") % {"n": cadre.person.name},
            done=_("已登记职级"),
            success_url=self._back(cadre),
            intro=intro,
        )

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("职员等级"),
        url_path="staff-grade",
        icon="badge",
    )
    def set_staff_grade(self, request, object_id):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        return form_action(
            self,
            request,
            obj=cadre,
            form=StaffGradeForm(request.POST or None),
            call=lambda **data: services.staff_grade_set(actor=request.user, cadre=cadre, **data),
            title=_("职员等级：%(n)s") % {"n": cadre.person.name},
            done=_("已登记职员等级"),
            success_url=self._back(cadre),
            intro=_("县以下事业单位管理岗位职员等级晋升，年限按设置计算，优秀年度缩短半年。"),
        )

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("上传照片"),
        url_path="photo",
        icon="add_a_photo",
    )
    def upload_photo(self, request, object_id):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        return form_action(
            self,
            request,
            obj=cadre,
            form=PhotoForm(request.POST or None, request.FILES or None),
            call=lambda photo: services.photo_set(
                actor=request.user,
                cadre=cadre,
                content=photo.read(),
            ),
            title=_("上传照片：%(n)s") % {"n": cadre.person.name},
            done=_("已更新照片"),
            success_url=self._back(cadre),
            intro=_("照片不超过2MB。"),
        )
