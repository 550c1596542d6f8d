"""The cadre record in the back office: the long record in tabs, and the actions that
call the services (appoint, remove, rank, review, qualification check, print, .lrmx)."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import lrmx, printing, rules, selectors
from zugong.cadres.admin.base import CadreRowAdmin, table_page
from zugong.cadres.models import (
    AnnualAssessment,
    AppointmentForm,
    Cadre,
    Education,
    FamilyMember,
    LeadingGroup,
    Position,
    PostLevel,
    Rank,
    RankRecord,
    ResumeEntry,
    RewardPunishment,
    StaffGradeRecord,
    SupervisionRecord,
    UnitEstablishment,
)
from zugong.cadres.services import lrmx as lrmx_services
from zugong.cadres.services import records as services
from zugong.cadres.services import supervision as supervision_services
from zugong.core import authz, codes, uploads
from zugong.core import capabilities as core_caps
from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.models import CodeTable, Organization
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import person_search

DATE = UnfoldAdminSingleDateWidget
TEXT = UnfoldAdminTextInputWidget


def cadre_or_404(object_id) -> Cadre:
    return get_scoped_or_404(
        selectors.with_details(Cadre.objects.select_related("person", "unit")), pk=object_id
    )


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
    )
    is_party_post = forms.BooleanField(label=_("党内职务"), required=False)
    started_on = forms.DateField(label=_("任职时间"), widget=DATE)
    probation = forms.BooleanField(label=_("实行任职试用期（一年）"), required=False)
    appointment_doc = forms.CharField(label=_("任职文号"), required=False, widget=TEXT)
    appointment_approved_by = forms.CharField(label=_("批准机关"), required=False, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leading_group"].queryset = LeadingGroup.objects.all()


class EndPositionForm(forms.Form):
    position = forms.ModelChoiceField(
        label=_("免去职务"), queryset=Position.objects.none(), widget=UnfoldAdminSelectWidget
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


class LrmxUploadForm(forms.Form):
    file = forms.FileField(label=_(".lrmx文件或.zip压缩包"))
    unit = forms.ModelChoiceField(
        label=_("新建干部所在单位党组织"),
        queryset=Organization.objects.none(),
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.exclude(kind="branch").order_by("path")


class MonthsForm(forms.Form):
    months = forms.IntegerField(
        label=_("未来月数"),
        min_value=1,
        max_value=120,
        initial=12,
        widget=UnfoldAdminIntegerFieldWidget,
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("自"), widget=DATE)
    end = forms.DateField(label=_("至"), widget=DATE)


def record_form(model, field_names):
    """A ServiceForm for one row of the record's own tables (education, résumé, …)."""

    class RowForm(ServiceForm):
        class Meta:
            fields = ["cadre", *field_names]

        def run_service(self, data):
            obj = self.instance
            for key, value in data.items():
                setattr(obj, key, value)
            return services.record_save(actor=self.request.user, obj=obj)

    RowForm.Meta.model = model
    return RowForm


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
    fields = ["order", "start", "end", "text", "is_grassroots"]


class FamilyInline(ReadOnlyInline):
    model = FamilyMember
    fields = ["order", "relation", "name", "birth_month", "political_status", "unit_post"]


class RewardInline(ReadOnlyInline):
    model = RewardPunishment
    fields = ["kind", "name", "on", "issuer", "document"]


class AnnualInline(ReadOnlyInline):
    model = AnnualAssessment
    fields = ["year", "grade", "is_leader", "ungraded_reason", "unit"]


class FormInline(ReadOnlyInline):
    model = AppointmentForm
    fields = ["proposed_post", "proposed_removal", "reason", "filled_by", "filled_on"]


class SupervisionInline(ReadOnlyInline):
    model = SupervisionRecord
    verbose_name_plural = _("干部监督")
    fields = ["kind", "measure", "issue", "decided_on", "reply_due", "replied_on", "status"]


# ---------------------------------------------------------------- the cadre admin


@register(Cadre, site=site)
class CadreAdmin(RequestFormMixin, CapabilityAdmin):
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

    @display(description=_("姓名"), ordering="person__name")
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

    def _back(self, cadre):
        return reverse("admin:cadres_cadre_change", args=[cadre.pk])

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

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
            verdict=verdict,
            verdict_sources="；".join(dict.fromkeys(verdict.sources)),
            retirement=selectors.retirement(cadre),
            eligibility=eligibility,
            current_rank=rules.rank_name(eligibility.current) if eligibility else "",
            target_rank=rules.rank_name(eligibility.target)
            if eligibility and eligibility.target
            else "",
            staff=selectors.staff_grade_eligibility(cadre),
            consequences=selectors.consequences(cadre),
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
            form=form,
            checks=checks,
            qualified=all(c.ok for c in checks),
            back=self._back(cadre),
        )
        return TemplateResponse(request, "cadres/admin/qualification.html", context)

    def _require_change(self, request, cadre):
        if not request.access.has(caps.CHANGE_CADRE, cadre.unit.path):
            raise Http404

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
                "提拔任职（职务层次高于现职）时，系统按影响期、试用期和近三年考核结果判断能否提拔；不能的，说明原因和期限。"
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

    @action(
        capability=(caps.VIEW_CADRE, core_caps.EXPORT),
        description=_("打印任免审批表"),
        url_path="print",
        icon="print",
    )
    def print_form(self, request, object_id):
        cadre = cadre_or_404(object_id)
        try:
            lrmx_services.export_recorded(actor=request.user, cadres=[cadre], printed=True)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self._back(cadre))
        response = HttpResponse(printing.render(cadre), content_type="application/pdf")
        response["Content-Disposition"] = (
            f"inline; filename*=UTF-8''{_quote(cadre.person.name + '_干部任免审批表.pdf')}"
        )
        return response

    @action(
        capability=(caps.VIEW_CADRE, core_caps.EXPORT, core_caps.VIEW_SENSITIVE),
        description=_("导出LRMX"),
        url_path="lrmx",
        icon="download",
    )
    def export_lrmx(self, request, object_id):
        cadre = cadre_or_404(object_id)
        try:
            lrmx_services.export_recorded(actor=request.user, cadres=[cadre])
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self._back(cadre))
        response = HttpResponse(lrmx.export(cadre), content_type="application/xml")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{_quote(cadre.person.name + '.lrmx')}"
        )
        return response

    @action(
        capability=(caps.VIEW_CADRE, core_caps.EXPORT, core_caps.VIEW_SENSITIVE),
        description=_("导出所选干部的任免审批表（LRMX压缩包）"),
    )
    def export_lrmx_selected(self, request, queryset):
        cadres = list(selectors.with_details(queryset).prefetch_related("family", "forms")[:500])
        try:
            lrmx_services.export_recorded(actor=request.user, cadres=cadres)
        except ApplicationError as error:
            messages.error(request, error.message)
            return None
        response = HttpResponse(lrmx.export_zip(cadres), content_type="application/zip")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{_quote('干部任免审批表.zip')}"
        )
        return response

    # ------------------------------------------------------------ list actions

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("导入LRMX"),
        url_path="import-lrmx",
        icon="upload_file",
    )
    def import_lrmx(self, request):
        if not request.access.has(caps.CHANGE_CADRE):
            raise Http404
        back = reverse("admin:cadres_cadre_changelist")
        context = self._context(request, _("导入干部任免审批表（.lrmx）"), back=back)
        if request.method == "POST" and request.POST.get("confirm"):
            token = request.POST.get("token", "")
            path = _pending_path(request, token)
            # The preview holds ID numbers in clear: it is used once, whatever comes of
            # the confirm (imported, refused, expired, out of scope), then it goes.
            try:
                unit = get_scoped_or_404(Organization, pk=request.POST.get("unit"))
                if path is None or _pending_expired(token) or not default_storage.exists(path):
                    messages.error(request, _("预览已过期，请重新上传"))
                    return redirect(request.path)
                with default_storage.open(path, "rb") as handle:
                    content = handle.read()
                batch = lrmx.parse_upload(content, request.POST.get("name", "upload"))
                try:
                    cadres = lrmx_services.import_batch(actor=request.user, batch=batch, unit=unit)
                except ApplicationError as error:
                    messages.error(request, error.message)
                    return redirect(request.path)
            finally:
                if path is not None:
                    uploads.discard(path)
            messages.success(request, _("已导入%(n)d份任免审批表") % {"n": len(cadres)})
            return redirect(back)
        form = LrmxUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(lrmx.MAX_FILE_BYTES * 5 + 1)
            try:
                batch = lrmx.parse_upload(content, upload.name)
                rows = lrmx_services.preview(actor=request.user, batch=batch)
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                context.update(
                    rows=rows,
                    errors=batch.errors,
                    name=upload.name,
                    unit=form.cleaned_data["unit"],
                )
                if any(r["status"] == "out_of_scope" for r in rows):
                    context["errors"] = [
                        *batch.errors,
                        *[
                            {
                                "file": r["parsed"].filename,
                                "message": _("该身份证号码对应的人员不在您的数据范围内"),
                                "details": [],
                            }
                            for r in rows
                            if r["status"] == "out_of_scope"
                        ],
                    ]
                if rows and not context["errors"]:
                    # Kept for the confirm only when the page offers one.
                    key = uuid.uuid4().hex
                    context["token"] = _pending_token(key)
                    default_storage.save(_pending_name(request, key), ContentFile(content))
                return TemplateResponse(request, "cadres/admin/lrmx_import.html", context)
        context["form"] = form
        return TemplateResponse(request, "cadres/admin/lrmx_import.html", context)

    @action(
        capability=caps.VIEW_CADRE,
        description=_("到龄提醒"),
        url_path="retirement",
        icon="hourglass_bottom",
    )
    def retirement_list(self, request):
        form = MonthsForm(request.GET or None)
        months = form.cleaned_data["months"] if form.is_valid() else 12
        rows = [
            {
                "url": reverse("admin:cadres_cadre_change", args=[r["cadre"].pk]),
                "cells": [
                    r["cadre"].person.name,
                    r["cadre"].unit_name,
                    r["cadre"].current_post_text,
                    f"{r['cadre'].person.birth_date:%Y.%m}",
                    f"{r['retirement'].original:%Y.%m}",
                    _("%(n)d个月") % {"n": r["retirement"].delay_months},
                    f"{r['retirement'].month:%Y.%m}" + (_("（已到龄）") if r["overdue"] else ""),
                ],
            }
            for r in selectors.retiring_within(months)
        ]
        return table_page(
            self,
            request,
            _("未来%(m)d个月到龄干部") % {"m": months},
            [
                _("姓名"),
                _("工作单位"),
                _("现任职务"),
                _("出生年月"),
                _("原退休年月"),
                _("延迟"),
                _("到龄年月"),
            ],
            rows,
            filters=MonthsForm(initial={"months": months}) if not request.GET else form,
            intro=_(
                "按《国务院关于渐进式延迟法定退休年龄的办法》计算：原退休年龄男60周岁、女干部55周岁，自2025年1月起每4个月延迟1个月，最多36个月。"
            ),
            sources=[rules.RETIREMENT_DELAY.source],
        )

    @action(
        capability=caps.VIEW_CADRE,
        description=_("职级晋升名单"),
        url_path="eligibility",
        icon="trending_up",
    )
    def eligibility_list(self, request):
        download = download_requested(request, caps.VIEW_CADRE, param="export")
        today = dt.date.today()
        form = PeriodForm(request.GET or None)
        start, end = today, dt.date(today.year, 12, 31)
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        found = selectors.eligible_between(start, end, access=request.access)
        cells = [
            [
                r["cadre"].person.name,
                r["cadre"].unit_name,
                rules.rank_name(r["eligibility"].current),
                f"{r['eligibility'].since:%Y-%m-%d}",
                rules.rank_name(r["eligibility"].target),
                f"{r['eligibility'].earliest:%Y-%m-%d}",
                "；".join(r["eligibility"].notes),
                r["verdict"].text,
            ]
            for r in found
        ]
        columns = [
            _("姓名"),
            _("工作单位"),
            _("现职级"),
            _("任现职级时间"),
            _("拟晋升职级"),
            _("最早可晋升时间"),
            _("年限计算"),
            _("影响期等情形"),
        ]
        if download:
            return xlsx_response(
                columns,
                [10, 24, 14, 14, 14, 16, 30, 40],
                cells,
                f"职级晋升名单_{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
                _("职级晋升名单"),
                what="cadres.eligibility",
                details={"start": str(start), "end": str(end)},
                action=caps.ELIGIBILITY_EXPORTED,
            )
        query = request.GET.copy()
        query["export"] = "1"
        query.setdefault("start", start.isoformat())
        query.setdefault("end", end.isoformat())
        return table_page(
            self,
            request,
            _("%(s)s至%(e)s符合职级晋升年限的干部") % {"s": start, "e": end},
            columns,
            [
                {"url": reverse("admin:cadres_cadre_change", args=[r["cadre"].pk]), "cells": c}
                for r, c in zip(found, cells, strict=True)
            ],
            filters=form if request.GET else PeriodForm(initial={"start": start, "end": end}),
            export_url=f"{request.path}?{query.urlencode()}"
            if authz.holds(request, (caps.VIEW_CADRE, core_caps.EXPORT))
            else "",
            intro=_(
                "逐级晋升最低任职年限；任职年限内每个优秀年度缩短半年，基本称职或不定等次年度不计算；县、乡机关最高二级调研员。"
            ),
            sources=[rules.RANK_PROMOTION_YEARS.source, rules.EXCELLENT_SHORTENS.source],
        )

    @action(
        capability=caps.VIEW_CADRE,
        description=_("职级职数核查"),
        url_path="rank-quotas",
        icon="rule",
    )
    def rank_quotas(self, request):
        rows = []
        for item in selectors.rank_quota_report():
            establishment = item["establishment"]
            for finding in item["findings"]:
                rows.append(
                    {
                        "cells": [
                            establishment.organization.name,
                            establishment.posts,
                            finding["name"],
                            f"{finding['percent']}%",
                            finding["cap"],
                            finding["held"],
                            _("超出职数") if finding["over"] else _("未超出"),
                        ]
                    }
                )
        return table_page(
            self,
            request,
            _("县乡机关职级职数核查"),
            [
                _("单位"),
                _("编制数"),
                _("职级"),
                _("比例"),
                _("职数"),
                _("现有"),
                _("结论"),
            ],
            rows,
            intro=_(
                "按“单位编制”中登记的公务员编制数核定；未登记编制的单位不在此列。晋升职级时超出职数的予以拒绝。"
            ),
            sources=[rules.RANK_QUOTAS.source],
        )

    @action(
        capability=caps.VIEW_CADRE, description=_("班子结构分析"), url_path="teams", icon="groups_3"
    )
    def team_structure(self, request):
        data = selectors.district_structure()

        def bars(counter: dict) -> list:
            top = max(counter.values(), default=0) or 1
            return [(label, (n, round(100 * n / top))) for label, n in counter.items()]

        context = self._context(
            request,
            _("领导班子结构分析"),
            d=data,
            bands=bars(data["bands"]),
            education=bars(data["education"]),
            warnings=bars(data["warnings"]),
            source=rules.TEAM_REQUIREMENTS.source,
        )
        return TemplateResponse(request, "cadres/admin/teams.html", context)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# A .lrmx preview waits for its confirm under a random key; the page carries the key
# signed with the time it was issued, so a confirm names only a preview issued here,
# to this user, and not older than ZUGONG_PREVIEW_MAX_AGE_MINUTES (an unconfirmed
# preview is then removed by `zugong clean_uploads`).
_PREVIEW_SIGNER = signing.TimestampSigner(salt="zugong.cadres.lrmx-preview")


def _pending_token(key: str) -> str:
    return _PREVIEW_SIGNER.sign(key)


def _pending_name(request, key: str) -> str:
    return f"{uploads.PREVIEW_FOLDER}/{request.user.pk}-{key}.bin"


def _pending_path(request, token: str) -> str | None:
    try:
        key = _PREVIEW_SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    if not key.isalnum() or len(key) != 32:
        return None
    return _pending_name(request, key)


def _pending_expired(token: str) -> bool:
    try:
        _PREVIEW_SIGNER.unsign(token, max_age=uploads.preview_max_age())
    except signing.BadSignature:  # SignatureExpired included
        return True
    return False


# ---------------------------------------------------------------- the record's tables


class RowAdmin(CadreRowAdmin):
    """Education, résumé, family and rewards rows: added, changed and deleted through
    ``records.record_save`` and ``record_delete``; reached from the cadre's tabs."""

    delete_allowed = True
    add_only = False

    def has_module_permission(self, request):
        return False  # reached from the cadre record, not the sidebar

    def delete_model(self, request, obj):
        services.record_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record_delete(actor=request.user, obj=obj)


for _model, _fields, _display in (
    (
        Education,
        [
            "kind",
            "education",
            "degree",
            "education_school",
            "degree_school",
            "education_code",
            "graduated_on",
            "is_highest",
        ],
        ["cadre", "kind", "education", "degree", "graduated_on"],
    ),
    (
        ResumeEntry,
        ["order", "start", "end", "text", "is_grassroots"],
        ["cadre", "order", "start", "end", "text"],
    ),
    (
        FamilyMember,
        ["order", "relation", "name", "birth_month", "political_status", "unit_post"],
        ["cadre", "order", "relation", "name", "unit_post"],
    ),
    (
        RewardPunishment,
        ["kind", "name", "on", "issuer", "document"],
        ["cadre", "kind", "name", "on"],
    ),
):
    site.register(
        _model,
        type(
            f"{_model.__name__}Admin",
            (RowAdmin,),
            {"form": record_form(_model, _fields), "list_display": _display},
        ),
    )


class LeadingGroupForm(ServiceForm):
    class Meta:
        model = LeadingGroup
        fields = ["organization", "name", "level", "establishment", "is_government"]

    def run_service(self, data):
        return services.leading_group_save(
            actor=self.request.user, group=self.instance, data=dict(data)
        )


@register(LeadingGroup, site=site)
class LeadingGroupAdmin(RequestFormMixin, CapabilityAdmin):
    form = LeadingGroupForm
    view_capability = caps.VIEW_CADRE
    change_capability = caps.CHANGE_CADRE
    list_display = ["name", "organization", "level", "establishment", "is_government"]
    list_filter = ["level"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]

    def object_path(self, obj):
        return obj.organization.path


class EstablishmentForm(ServiceForm):
    class Meta:
        model = UnitEstablishment
        fields = ["organization", "posts", "document"]

    def run_service(self, data):
        return services.establishment_save(
            actor=self.request.user, establishment=self.instance, data=dict(data)
        )


@register(UnitEstablishment, site=site)
class EstablishmentAdmin(RequestFormMixin, CapabilityAdmin):
    form = EstablishmentForm
    view_capability = caps.VIEW_CADRE
    change_capability = caps.CHANGE_CADRE
    list_display = ["organization", "posts", "document"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]

    def object_path(self, obj):
        return obj.organization.path
