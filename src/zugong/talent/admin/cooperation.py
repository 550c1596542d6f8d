"""Back office of university–enterprise cooperation (产学研): alliance members,
agreements with their outcomes and the no-outcome badge, programmes with cohorts,
trainees, practice bases with terms and graduates retained. The challenges (揭榜挂帅)
and their steps are in cooperation_challenges; the report pages (outcome board, export,
programme ledgers, retention, the graduates import) in cooperation_pages. The sidebar
group (order 44) is at the end."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.admin.cooperation_pages import AgreementPages, GraduatePages, ProgrammePages
from zugong.talent.models.cooperation import (
    Agreement,
    AllianceMember,
    Cohort,
    Graduate,
    PracticeBase,
    PracticeTerm,
    Programme,
    Trainee,
)
from zugong.talent.rules import cooperation as rules
from zugong.talent.selectors import cooperation as selectors
from zugong.talent.services import cooperation as services

VIEW, CHANGE = caps.VIEW_TALENT, caps.CHANGE_TALENT


def today() -> dt.date:
    return dt.date.today()


class CoopAdmin(RequestFormMixin, CapabilityAdmin):
    """A cooperation ledger table: read with VIEW_TALENT, written with CHANGE_TALENT on
    the row's office through a service; the office is fixed once the row exists."""

    view_capability, change_capability = VIEW, CHANGE
    office_path = "office"

    def object_path(self, obj):
        for part in self.office_path.split("__"):
            obj = getattr(obj, part)
        return obj.path

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "office":
            field.queryset = field.queryset.filter(kind__in=services.OFFICE_KINDS)
        return field

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return [f for f in self.form.Meta.fields]
        return ["office"] if "office" in self.form.Meta.fields else []


def _office(form, data):
    return form.instance.office if form.instance.pk else data.pop("office", None)


# Members --------------------------------------------------------------------------------


class MemberForm(ServiceForm):
    class Meta:
        model = AllianceMember
        fields = [
            "office",
            "name",
            "kind",
            "credit_code",
            "contact_person",
            "joined_on",
            "in_district",
        ]

    def run_service(self, data):
        office = _office(self, data)
        data.pop("office", None)
        member = self.instance if self.instance.pk else None
        return services.member_save(actor=self.request.user, office=office, member=member, **data)


@register(AllianceMember, site=site)
class MemberAdmin(CoopAdmin):
    form = MemberForm
    list_display = ["name", "kind", "credit_code", "contact_person", "in_district", "office"]
    list_filter = ["kind", "in_district"]
    search_fields = ["name", "credit_code", "contact_person"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]


# Agreements -----------------------------------------------------------------------------


class OutcomeFilter(admin.SimpleListFilter):
    title = _("成效")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return (("none", _("满期无成效")), ("some", _("已有成效")))

    def queryset(self, request, queryset):
        if self.value() in ("none", "some"):
            return selectors.outcome_filter(queryset, today(), flagged=self.value() == "none")
        return queryset


class AgreementForm(ServiceForm):
    class Meta:
        model = Agreement
        fields = ["office", "title", "members", "signed_on", "ends_on", "content"]

    def run_service(self, data):
        office = _office(self, data)
        data.pop("office", None)
        agreement = self.instance if self.instance.pk else None
        return services.agreement_save(
            actor=self.request.user, office=office, agreement=agreement, **data
        )


class ProgrammeInline(ReadOnlyInline):
    model = Programme
    fields = ["name", "kind", "year", "target"]
    verbose_name_plural = _("依托本协议的合作项目")


class GraduateInline(ReadOnlyInline):
    model = Graduate
    fields = ["name", "university", "year", "kind", "employer"]
    verbose_name_plural = _("依托本协议留区的毕业生")


@register(Agreement, site=site)
class AgreementAdmin(AgreementPages, CoopAdmin):
    form = AgreementForm
    list_display = [
        "title",
        "office",
        "signed_on",
        "students",
        "graduates_retained",
        "solved",
        "programme_count",
        "flag",
    ]
    list_filter = [OutcomeFilter, "signed_on"]
    search_fields = ["title", "members__name"]
    list_select_related = ["office"]
    autocomplete_fields = ["office", "members"]
    inlines = [ProgrammeInline, GraduateInline]
    actions_list = ["outcome_board", "export_agreements"]

    def get_queryset(self, request):
        return selectors.with_outcomes(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "outcomes"] if obj is not None else fields

    def get_fields(self, request, obj=None):
        fields = list(AgreementForm.Meta.fields)
        return [*fields, "outcomes"] if obj is not None else fields

    @display(description=_("实践学生（人次）"), ordering="n_students")
    def students(self, obj):
        return obj.n_students

    @display(description=_("留区毕业生"), ordering="n_graduates")
    def graduates_retained(self, obj):
        return obj.n_graduates

    @display(description=_("揭榜验收通过"), ordering="n_solved")
    def solved(self, obj):
        return obj.n_solved

    @display(description=_("合作项目"), ordering="n_programmes")
    def programme_count(self, obj):
        return obj.n_programmes

    @display(
        description=_("成效标注"),
        label={str(_("无成效")): "danger", str(_("有成效")): "success", str(_("跟踪中")): "info"},
    )
    def flag(self, obj):
        row = selectors.outcome_row(obj, today())
        if row["flag"].flagged:
            return str(_("无成效"))
        return (
            str(_("有成效")) if any(row[k] for k in rules.OUTCOME_KINDS.value) else str(_("跟踪中"))
        )

    @display(description=_("成效"))
    def outcomes(self, obj):
        row = selectors.outcome_row(obj, today())
        text = _(
            "实践学生%(s)d人次，留区毕业生%(g)d人，揭榜项目验收通过%(c)d项，"
            "合作项目%(p)d个（学员%(t)d人）"
        ) % {
            "s": row["students"],
            "g": row["graduates"],
            "c": row["solved"],
            "p": row["programmes"],
            "t": row["trainees"],
        }
        if row["flag"].flagged:
            text = f"{text}；{row['flag'].label}"
        return text


# Programmes, cohorts, trainees ---------------------------------------------------------


class ProgrammeForm(ServiceForm):
    class Meta:
        model = Programme
        fields = ["office", "name", "kind", "year", "agreement", "partner", "description", "target"]

    def run_service(self, data):
        office = _office(self, data)
        data.pop("office", None)
        programme = self.instance if self.instance.pk else None
        return services.programme_save(
            actor=self.request.user, office=office, programme=programme, **data
        )


class CohortInline(ReadOnlyInline):
    model = Cohort
    fields = ["name", "starts_on", "ends_on"]


class CohortStepForm(forms.Form):
    name = forms.CharField(label=_("期次"), max_length=50, widget=UnfoldAdminTextInputWidget)
    starts_on = forms.DateField(label=_("开班日期"), widget=UnfoldAdminSingleDateWidget)
    ends_on = forms.DateField(label=_("结业日期"), widget=UnfoldAdminSingleDateWidget)


@register(Programme, site=site)
class ProgrammeAdmin(ProgrammePages, CoopAdmin):
    form = ProgrammeForm
    list_display = ["name", "kind", "year", "office", "agreement", "partner", "target"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "description"]
    list_select_related = ["office", "agreement", "partner"]
    autocomplete_fields = ["office", "agreement", "partner"]
    inlines = [CohortInline]
    actions_detail = ["add_cohort"]
    actions_list = ["ledgers"]

    @action(capability=CHANGE, description=_("增加期次"), url_path="add-cohort", icon="add")
    def add_cohort(self, request, object_id):
        programme = get_scoped_or_404(Programme.objects.select_related("office"), pk=object_id)
        return form_action(
            self,
            request,
            obj=programme,
            form=CohortStepForm(request.POST or None),
            call=lambda **d: services.cohort_save(actor=request.user, programme=programme, **d),
            title=_("增加期次：%(p)s") % {"p": programme.name},
            done=_("已增加期次"),
            success_url=reverse("admin:talent_programme_change", args=[programme.pk]),
        )


class CohortForm(ServiceForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "starts_on", "ends_on"]

    def run_service(self, data):
        cohort = self.instance if self.instance.pk else None
        if cohort is not None:
            data["programme"] = cohort.programme
        return services.cohort_save(actor=self.request.user, cohort=cohort, **data)


class TraineeInline(ReadOnlyInline):
    model = Trainee
    fields = ["name", "employer", "talent", "completed"]


class TraineeStepForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, widget=UnfoldAdminTextInputWidget)
    employer = forms.CharField(
        label=_("单位"), max_length=100, required=False, widget=UnfoldAdminTextInputWidget
    )
    completed = forms.BooleanField(label=_("已结业"), required=False)


@register(Cohort, site=site)
class CohortAdmin(CoopAdmin):
    form = CohortForm
    office_path = "programme__office"
    list_display = ["name", "programme", "starts_on", "ends_on"]
    list_filter = ["programme__kind", "programme__year"]
    search_fields = ["name", "programme__name"]
    list_select_related = ["programme__office"]
    autocomplete_fields = ["programme"]
    inlines = [TraineeInline]
    actions_detail = ["add_trainee"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return list(CohortForm.Meta.fields)
        return ["programme"] if obj is not None else []

    @action(capability=CHANGE, description=_("增加学员"), url_path="add-trainee", icon="person_add")
    def add_trainee(self, request, object_id):
        cohort = get_scoped_or_404(Cohort.objects.select_related("programme__office"), pk=object_id)
        return form_action(
            self,
            request,
            obj=cohort,
            form=TraineeStepForm(request.POST or None),
            call=lambda **d: services.trainee_save(actor=request.user, cohort=cohort, **d),
            title=_("增加学员：%(c)s") % {"c": cohort},
            done=_("已增加学员"),
            success_url=reverse("admin:talent_cohort_change", args=[cohort.pk]),
        )


class TraineeForm(ServiceForm):
    class Meta:
        model = Trainee
        fields = ["cohort", "name", "talent", "employer", "completed"]

    def run_service(self, data):
        trainee = self.instance if self.instance.pk else None
        if trainee is not None:
            data["cohort"] = trainee.cohort
        return services.trainee_save(actor=self.request.user, trainee=trainee, **data)


@register(Trainee, site=site)
class TraineeAdmin(CoopAdmin):
    form = TraineeForm
    office_path = "cohort__programme__office"
    list_display = ["name", "employer", "cohort", "completed"]
    list_filter = ["completed", "cohort__programme__kind", "cohort__programme__year"]
    search_fields = ["name", "employer", "cohort__programme__name"]
    list_select_related = ["cohort__programme__office"]
    autocomplete_fields = ["cohort"]
    # The pool's talent admin may not be there to answer an autocomplete: a raw id.
    raw_id_fields = ["talent"]
    actions = ["mark_completed"]

    @action(capability=CHANGE, description=_("将所选学员登记为已结业"))
    def mark_completed(self, request, queryset):
        try:
            count = services.trainees_complete(
                actor=request.user, trainees=list(queryset.select_related("cohort__programme"))
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return None
        messages.success(request, _("已登记%(n)d名学员结业") % {"n": count})
        return None

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return list(TraineeForm.Meta.fields)
        return ["cohort"] if obj is not None else []


# Practice bases -------------------------------------------------------------------------


class BaseForm(ServiceForm):
    class Meta:
        model = PracticeBase
        fields = ["office", "name", "host", "university", "agreement", "places", "established_on"]

    def run_service(self, data):
        office = _office(self, data)
        data.pop("office", None)
        base = self.instance if self.instance.pk else None
        return services.base_save(actor=self.request.user, office=office, base=base, **data)


class TermInline(ReadOnlyInline):
    model = PracticeTerm
    fields = ["term", "starts_on", "students"]


class TermStepForm(forms.Form):
    term = forms.CharField(
        label=_("学期"), max_length=20, help_text=_("如 2026春"), widget=UnfoldAdminTextInputWidget
    )
    starts_on = forms.DateField(label=_("开始日期"), widget=UnfoldAdminSingleDateWidget)
    students = forms.IntegerField(
        label=_("实践学生（人）"), min_value=0, widget=UnfoldAdminIntegerFieldWidget
    )


@register(PracticeBase, site=site)
class PracticeBaseAdmin(CoopAdmin):
    form = BaseForm
    list_display = ["name", "host", "university", "places", "established_on", "office"]
    list_filter = ["established_on"]
    search_fields = ["name", "host", "university__name"]
    list_select_related = ["office", "university"]
    autocomplete_fields = ["office", "university", "agreement"]
    inlines = [TermInline]
    actions_detail = ["add_term"]

    @action(capability=CHANGE, description=_("登记实践期次"), url_path="add-term", icon="school")
    def add_term(self, request, object_id):
        base = get_scoped_or_404(PracticeBase.objects.select_related("office"), pk=object_id)
        return form_action(
            self,
            request,
            obj=base,
            form=TermStepForm(request.POST or None),
            call=lambda **d: services.term_save(actor=request.user, base=base, **d),
            title=_("登记实践期次：%(b)s") % {"b": base.name},
            done=_("已登记实践期次"),
            success_url=reverse("admin:talent_practicebase_change", args=[base.pk]),
            intro=_("每期岗位数%(p)d个，实践学生不能超过岗位数。") % {"p": base.places},
        )


# Graduates ------------------------------------------------------------------------------


class GraduateForm(ServiceForm):
    class Meta:
        model = Graduate
        fields = [
            "office",
            "university",
            "name",
            "year",
            "major",
            "kind",
            "employer",
            "agreement",
            "started_on",
        ]

    def run_service(self, data):
        office = _office(self, data)
        data.pop("office", None)
        graduate = self.instance if self.instance.pk else None
        return services.graduate_save(
            actor=self.request.user, office=office, graduate=graduate, **data
        )


@register(Graduate, site=site)
class GraduateAdmin(GraduatePages, CoopAdmin):
    form = GraduateForm
    list_display = ["name", "university", "year", "major", "kind", "employer", "started_on"]
    list_filter = ["year", "kind", "university"]
    search_fields = ["name", "employer", "major", "university__name"]
    list_select_related = ["university"]
    autocomplete_fields = ["office", "university", "agreement"]
    actions_list = ["retention", "import_graduates", "template_graduates"]


from zugong.talent.admin import cooperation_challenges  # noqa: E402, F401


def sidebar_cooperation() -> dict:
    return {
        "title": _("人才工作·产学研合作"),
        "items": [
            item(_("合作成效看板"), "monitoring", "admin:talent_agreement_outcome_board", VIEW),
            item(_("校企合作协议"), "handshake", "admin:talent_agreement_changelist", VIEW),
            item(_("联盟成员"), "groups", "admin:talent_alliancemember_changelist", VIEW),
            item(_("合作项目与活动"), "event_note", "admin:talent_programme_changelist", VIEW),
            item(_("项目台账"), "menu_book", "admin:talent_programme_ledgers", VIEW),
            item(_("期次"), "view_week", "admin:talent_cohort_changelist", VIEW),
            item(_("学员"), "school", "admin:talent_trainee_changelist", VIEW),
            item(_("揭榜挂帅"), "emoji_events", "admin:talent_challenge_changelist", VIEW),
            item(_("揭榜挂帅看板"), "view_kanban", "admin:talent_challenge_board", VIEW),
            item(_("实践基地"), "apartment", "admin:talent_practicebase_changelist", VIEW),
            item(_("毕业生留区"), "person_pin_circle", "admin:talent_graduate_changelist", VIEW),
            item(_("留区统计"), "bar_chart", "admin:talent_graduate_retention", VIEW),
            item(
                _("导入毕业生"),
                "upload_file",
                "admin:talent_graduate_import_graduates",
                caps.IMPORT_TALENT,
            ),
        ],
    }


register_sidebar_group(44, sidebar_cooperation)
