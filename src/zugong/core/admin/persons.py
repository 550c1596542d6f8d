from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter, register
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from zugong.core import capabilities as caps
from zugong.core import codes
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm, action
from zugong.core.admin.fields import OrganizationPathsMixin
from zugong.core.admin.site import site
from zugong.core.authz import requires
from zugong.core.errors import ApplicationError
from zugong.core.jobs import EXPORT_PERSONS
from zugong.core.middleware import client_ip
from zugong.core.models import CodeTable, Person
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import PERSON_FILTERS, person_search
from zugong.core.services import persons as person_services
from zugong.core.tasks import job_start


class PersonForm(ServiceForm):
    id_number = forms.CharField(
        label=_("公民身份号码"),
        max_length=30,
        required=False,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("18位，末位可为X；出生日期和性别由号码自动得出"),
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, required=False, widget=UnfoldAdminTextInputWidget
    )
    ethnicity = forms.ChoiceField(label=_("民族"), widget=UnfoldAdminSelectWidget)
    education = forms.ChoiceField(label=_("学历"), required=False, widget=UnfoldAdminSelectWidget)
    political_status = forms.ChoiceField(label=_("政治面貌"), widget=UnfoldAdminSelectWidget)

    class Meta:
        model = Person
        fields = ["organization", *person_services.FORM_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].choices = codes.choices(CodeTable.ETHNICITY)
        self.fields["education"].choices = [
            ("", "—"),
            *codes.choices(CodeTable.EDUCATION, leaf_only=True),
        ]
        self.fields["political_status"].choices = codes.choices(CodeTable.POLITICAL_STATUS)
        if self.instance.pk:
            self.fields["id_number"].help_text = _("当前为%(m)s；留空表示不修改") % {
                "m": self.instance.id_number_masked
            }
            self.fields["phone"].help_text = _("当前为%(m)s；留空表示不修改") % {
                "m": self.instance.phone_masked or "—"
            }
        else:
            self.fields["id_number"].required = True
            self.fields["ethnicity"].initial = "01"
            self.fields["political_status"].initial = "13"

    def run_service(self, data):
        actor = self.request.user
        fields = {k: v for k, v in data.items() if k != "organization"}
        if self.instance.pk is None:
            return person_services.person_create(
                actor=actor, organization=data["organization"], data=fields
            )
        for protected in ("id_number", "phone"):
            if not fields.get(protected):
                fields.pop(protected, None)
        person = Person.objects.get(pk=self.instance.pk)
        return person_services.person_update(
            actor=actor, person=person, data=fields, organization=data["organization"]
        )


def code_filter(table: str, field: str, title):
    class CodeFilter(SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            leaf = table == CodeTable.EDUCATION
            return codes.choices(table, leaf_only=leaf)

        def queryset(self, request, queryset):
            return queryset.filter(**{field: self.value()}) if self.value() else queryset

    CodeFilter.title = title
    CodeFilter.__name__ = f"{field.title().replace('_', '')}Filter"
    return CodeFilter


@register(Person, site=site)
class PersonAdmin(OrganizationPathsMixin, RequestFormMixin, CapabilityAdmin):
    form = PersonForm
    view_capability = caps.VIEW_PERSON
    change_capability = caps.CHANGE_PERSON
    delete_allowed = True
    list_display = [
        "name",
        "gender_name",
        "birth_date",
        "ethnicity_name",
        "education_name",
        "political_name",
        "id_number_masked",
        "phone_masked",
        "organization_path",
    ]
    list_filter = [
        code_filter(CodeTable.GENDER, "gender", _("性别")),
        code_filter(CodeTable.POLITICAL_STATUS, "political_status", _("政治面貌")),
        code_filter(CodeTable.EDUCATION, "education", _("学历")),
        code_filter(CodeTable.ETHNICITY, "ethnicity", _("民族")),
    ]
    search_fields = ["name"]
    search_help_text = _("按姓名查找；输入完整的身份证号或手机号则精确查找")
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    list_per_page = 20
    show_full_result_count = True
    readonly_fields = ["gender_name", "birth_date", "protected_values"]
    actions_list = ["export_xlsx"]
    fieldsets = [
        (
            _("基本信息"),
            {
                "fields": [
                    "name",
                    "former_name",
                    "id_number",
                    "gender_name",
                    "birth_date",
                    "ethnicity",
                    "native_place",
                    "education",
                    "political_status",
                ]
            },
        ),
        (_("联系方式与单位"), {"fields": ["phone", "organization", "work_unit", "job_title"]}),
        (_("受保护信息"), {"fields": ["protected_values"]}),
    ]

    def object_path(self, obj):
        return obj.organization.path

    # What a user who may only read the record sees: names from the code tables (not
    # the stored codes and the standard's number), the protected values masked once.
    read_fieldsets = [
        (
            _("基本信息"),
            {
                "fields": [
                    "name",
                    "former_name",
                    "gender_name",
                    "birth_date",
                    "ethnicity_name",
                    "native_place",
                    "education_name",
                    "political_name",
                ]
            },
        ),
        (_("联系方式与单位"), {"fields": ["organization_path", "work_unit", "job_title"]}),
        (_("受保护信息"), {"fields": ["protected_values"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.read_fieldsets
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": [
                            "name",
                            "former_name",
                            "id_number",
                            "ethnicity",
                            "native_place",
                            "education",
                            "political_status",
                            "phone",
                            "organization",
                            "work_unit",
                            "job_title",
                        ]
                    },
                )
            ]
        return self.fieldsets

    def get_search_results(self, request, queryset, search_term):
        return person_search(queryset, search_term), False

    @display(description=_("性别"), ordering="gender")
    def gender_name(self, obj):
        return codes.name(CodeTable.GENDER, obj.gender)

    @display(description=_("民族"))
    def ethnicity_name(self, obj):
        return codes.name(CodeTable.ETHNICITY, obj.ethnicity)

    @display(description=_("学历"))
    def education_name(self, obj):
        return codes.name(CodeTable.EDUCATION, obj.education) if obj.education else ""

    @display(description=_("政治面貌"))
    def political_name(self, obj):
        return codes.name(CodeTable.POLITICAL_STATUS, obj.political_status)

    @display(description=_("所在党组织"), ordering="organization__path")
    def organization_path(self, obj):
        return self.organization_path_of(obj)

    @display(description=_("身份证号与电话"))
    def protected_values(self, obj):
        request = self._request
        can_reveal = request.access.has(caps.VIEW_SENSITIVE, obj.organization.path)
        parts = []
        for field, label, masked in (
            ("id_number", _("公民身份号码"), obj.id_number_masked),
            ("phone", _("联系电话"), obj.phone_masked),
        ):
            if can_reveal and masked:
                url = reverse("admin:core_person_reveal", args=[obj.pk, field])
                parts.append(
                    format_html(
                        '{}：{} <a class="zg-reveal" href="{}">{}</a>',
                        label,
                        masked,
                        url,
                        _("查看明文"),
                    )
                )
            else:
                parts.append(format_html("{}：{}", label, masked or "—"))
        return format_html("<br>".join(["{}"] * len(parts)), *parts)

    def get_form(self, request, obj=None, change=False, **kwargs):
        self._request = request
        return super().get_form(request, obj, change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self._request = request
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj):
        person_services.person_delete(actor=request.user, person=obj)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/reveal/<str:field>/",
                self.admin_site.admin_view(self.reveal_view),
                name="core_person_reveal",
            ),
            *super().get_urls(),
        ]

    @requires(caps.VIEW_PERSON, caps.VIEW_SENSITIVE)
    def reveal_view(self, request, object_id, field):
        person = get_scoped_or_404(Person.objects.select_related("organization"), pk=object_id)
        if field not in person_services.PROTECTED_FIELDS:
            raise Http404
        try:
            value = person_services.person_reveal(actor=request.user, person=person, field=field)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(reverse("admin:core_person_change", args=[person.pk]))
        context = {
            **self.admin_site.each_context(request),
            "person": person,
            "value": value,
            "label": person_services.LABELS[field],
            "opts": self.model._meta,
            "title": _("查看明文：%(name)s") % {"name": person.name},
        }
        response = TemplateResponse(request, "core/admin/person_reveal.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @action(
        capability=(caps.VIEW_PERSON, caps.EXPORT),
        description=_("导出Excel"),
        url_path="export",
        icon="download",
    )
    def export_xlsx(self, request):
        if not request.access.has(caps.EXPORT):
            messages.error(request, _("您没有“导出数据”的权限"))
            return redirect(reverse("admin:core_person_changelist"))
        filters = {key: request.GET[key] for key in PERSON_FILTERS if request.GET.get(key)}
        job = job_start(
            user=request.user,
            kind=EXPORT_PERSONS,
            title=str(_("导出人员名册")),
            params={
                "q": request.GET.get("q", ""),
                "filters": filters,
                "ip": client_ip(request),
                "clear": request.access.has(caps.VIEW_SENSITIVE),
            },
        )
        messages.success(request, _("已开始导出，可在“我的后台任务”中查看进度并下载"))
        return redirect(reverse("admin:core_job_change", args=[job.pk]))
