from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter, register
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextInputWidget,
)

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
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.middleware import client_ip
from zugong.core.models import CodeTable, Job
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import person_search
from zugong.core.tasks import UPLOADS_PARAM, job_start
from zugong.party import capabilities as caps
from zugong.party import roster, roster_headers, rules, selectors
from zugong.party.jobs import EXPORT_ROSTER, EXTENSIONS, IMPORT_ROSTER, pending_file, upload_suffix
from zugong.party.models import (
    Member,
    MemberStatus,
    MemberStatusChange,
)
from zugong.party.services import members as services


class MemberForm(ServiceForm):
    class Meta:
        model = Member
        fields = ["kind", "joined_on", "full_on", "occupation"]

    def run_service(self, data):
        member = Member.objects.select_related("person__organization").get(pk=self.instance.pk)
        return services.member_update(actor=self.request.user, member=member, data=data)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("新状态"), choices=MemberStatus.choices, widget=UnfoldAdminSelectWidget
    )
    occurred_on = forms.DateField(
        label=_("日期"), initial=dt.date.today, widget=UnfoldAdminSingleDateWidget
    )
    reason = forms.CharField(
        label=_("原因"), required=False, max_length=200, widget=UnfoldAdminTextInputWidget
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("花名册文件（.xlsx或.xls）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(EXTENSIONS), "class": "zg-file-input"}
        ),
    )
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认：有任何错误则整个文件不导入）"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(
                _("请上传Excel文件（%(e)s），“%(n)s”不是")
                % {"e": "、".join(EXTENSIONS), "n": upload.name}
            )
        return upload


class ConfirmForm(forms.Form):
    job = forms.UUIDField()
    accept_renames = forms.BooleanField(required=False)


class StatusChangeInline(ReadOnlyInline):
    model = MemberStatusChange
    fields = ["occurred_on", "old_status", "new_status", "reason", "actor"]


class RollFilter(SimpleListFilter):
    """The roster lists the members on the roll unless asked otherwise, so its count is
    the home page's 党员 figure (party.selectors.members_on_roll)."""

    title = _("在册情况")
    parameter_name = "roll"

    def lookups(self, request, model_admin):
        return [
            ("on", _("在册党员（正常、流动、失联、停止党籍）")),
            ("off", _("已转出、除名或去世")),
            ("all", _("全部")),
        ]

    def value(self):
        return super().value() or "on"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        from zugong.party.selectors import LIVING

        if self.value() == "on":
            return queryset.filter(status__in=LIVING)
        if self.value() == "off":
            return queryset.exclude(status__in=LIVING)
        return queryset


@register(Member, site=site)
class MemberAdmin(RequestFormMixin, CapabilityAdmin):
    form = MemberForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    add_allowed = False  # members come from the roster import and, later, the development pipeline
    list_display = [
        "name",
        "gender",
        "birth_date",
        "kind",
        "joined_on",
        "full_on",
        "standing",
        "status",
        "organization",
    ]
    list_filter = [RollFilter, "kind", "status", "occupation"]
    search_fields = ["person__name"]
    search_help_text = _("按姓名查找；输入完整的身份证号或手机号则精确查找")
    list_select_related = ["person__organization"]
    list_per_page = 20
    readonly_fields = ["name", "gender", "birth_date", "organization", "standing", "status"]
    fields = [
        "name",
        "gender",
        "birth_date",
        "organization",
        "kind",
        "joined_on",
        "full_on",
        "standing",
        "occupation",
        "status",
    ]
    inlines = [StatusChangeInline]
    actions_list = [
        "download_template",
        "import_roster",
        "export_roster",
        "medal_list",
        "structure_findings",
    ]
    actions_detail = ["change_status"]

    def object_path(self, obj):
        return obj.person.organization.path

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        persons = person_search(Member.person.field.related_model.objects.all(), search_term)
        return queryset.filter(person__in=persons), False

    @display(description=_("姓名"), ordering="person__name_pinyin")
    def name(self, obj):
        return obj.person.name

    @display(description=_("性别"))
    def gender(self, obj):
        return codes.name(CodeTable.GENDER, obj.person.gender)

    @display(description=_("出生日期"), ordering="person__birth_date")
    def birth_date(self, obj):
        return obj.person.birth_date

    @display(description=_("所在党组织"), ordering="person__organization__path")
    def organization(self, obj):
        return obj.person.organization.name

    @display(description=_("党龄（年）"))
    def standing(self, obj):
        return rules.party_standing_years(obj.full_on, dt.date.today())

    def _start(self, request, kind, title, params):
        job = job_start(
            user=request.user,
            kind=kind,
            title=str(title),
            params={**params, "ip": client_ip(request)},
        )
        return redirect(reverse("admin:core_job_change", args=[job.pk]))

    @action(
        capability=caps.IMPORT_MEMBERS,
        description=_("下载导入模板"),
        url_path="template",
        icon="table_view",
    )
    def download_template(self, request):
        folder = Path(tempfile.mkdtemp())
        roster.template(folder / "template.xlsx")
        return FileResponse(
            open(folder / "template.xlsx", "rb"),
            as_attachment=True,
            filename="党员花名册导入模板.xlsx",
        )

    @action(
        capability=caps.IMPORT_MEMBERS,
        description=_("导入花名册"),
        url_path="import",
        icon="upload_file",
    )
    def import_roster(self, request):
        if not request.access.has(caps.IMPORT_MEMBERS):
            raise Http404
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            # The real extension is kept (an .xls stays .xls); the reader tells the
            # format from the content either way.
            name = default_storage.save(
                f"{uploads.FOLDER}/{uuid.uuid4().hex}{upload_suffix(upload.name)}", upload
            )
            job = self._start_import(
                request, name, {"good_rows_only": form.cleaned_data["good_rows_only"]}
            )
            messages.success(request, _("已开始导入，完成后可在本页查看结果并下载错误报告"))
            return redirect(f"{request.path}?job={job.pk}")
        job = self._own_import_job(request, request.GET.get("job"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("导入党员花名册"),
            "columns": [c for c, _w in roster.COLUMNS],
            "required": roster.REQUIRED,
            "alternatives": roster_headers.accepted_headers(),
            "job": job,
            "result": (job.result or {}) if job else {},
            "confirmable": bool(job and pending_file(job)),
            "running": bool(job and job.status in (Job.Status.QUEUED, Job.Status.RUNNING)),
        }
        return TemplateResponse(request, "party/admin/import.html", context)

    def _own_import_job(self, request, job_id) -> Job | None:
        if not job_id:
            return None
        try:
            uuid.UUID(str(job_id))
        except ValueError:
            return None
        return Job.objects.filter(pk=job_id, user=request.user, kind=IMPORT_ROSTER).first()

    def _start_import(self, request, name: str, params: dict) -> Job:
        try:
            return job_start(
                user=request.user,
                kind=IMPORT_ROSTER,
                title=str(_("导入党员花名册")),
                params={
                    **params,
                    "file": name,
                    "ip": client_ip(request),
                    # run_job deletes the roster however the job ends.
                    UPLOADS_PARAM: [name],
                },
            )
        except Exception:
            uploads.discard(name)  # no job was started to delete it
            raise

    def _confirm_import(self, request):
        """Apply a preview: a second job on the file the preview was made from, which
        writes only if the changes are still those shown."""
        form = ConfirmForm(request.POST)
        job = self._own_import_job(request, form.data.get("job")) if form.is_valid() else None
        name = pending_file(job) if job else None
        if name is None:
            messages.error(request, _("预览已过期或已确认过，请重新上传花名册"))
            return redirect(request.path)
        result = job.result
        if result.get("renames") and not form.cleaned_data["accept_renames"]:
            messages.error(
                request,
                _("有%(n)d人的姓名与已登记的不同，请核对后勾选“确认姓名变更”再确认导入")
                % {"n": result["renames"]},
            )
            return redirect(f"{request.path}?job={job.pk}")
        confirmed = self._start_import(
            request,
            name,
            {
                "good_rows_only": job.params.get("good_rows_only", False),
                "apply_changes": True,
                "accept_renames": form.cleaned_data["accept_renames"],
                "expected": result.get("fingerprint", ""),
            },
        )
        messages.success(request, _("已确认，开始写入"))
        return redirect(f"{request.path}?job={confirmed.pk}")

    @action(
        capability=(caps.VIEW_MEMBER, core_caps.EXPORT),
        description=_("导出花名册"),
        url_path="export",
        icon="download",
    )
    def export_roster(self, request):
        messages.success(request, _("已开始导出，可在“我的后台任务”中查看进度并下载"))
        return self._start(request, EXPORT_ROSTER, _("导出党员花名册"), {})

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("光荣在党50年名单"),
        url_path="medal",
        icon="military_tech",
    )
    def medal_list(self, request):
        download = download_requested(request, caps.VIEW_MEMBER)
        try:
            year = int(request.GET.get("year") or dt.date.today().year)
        except ValueError:
            year = dt.date.today().year
        members = selectors.medal_candidates(year)
        if download:
            return medal_workbook(members, year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "year": year,
            "members": members[:500],
            "count": members.count(),
            "cutoff": rules.medal_cutoff(year),
            "latest": rules.medal_latest_full_on(year),
            "source": rules.MEDAL_YEARS.source,
            "can_export": authz.holds(request, (caps.VIEW_MEMBER, core_caps.EXPORT)),
            "title": _("%(y)d年“光荣在党50年”纪念章颁发对象") % {"y": year},
        }
        return TemplateResponse(request, "party/admin/medal.html", context)

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("党组织设置检查"),
        url_path="structure",
        icon="rule",
    )
    def structure_findings(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": selectors.branch_findings(),
            "title": _("党组织设置检查"),
        }
        return TemplateResponse(request, "party/admin/structure.html", context)

    @action(
        capability=caps.CHANGE_MEMBER,
        description=_("变更党籍状态"),
        url_path="status",
        icon="swap_horiz",
    )
    def change_status(self, request, object_id):
        member = get_scoped_or_404(
            Member.objects.select_related("person__organization"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=member,
            form=StatusForm(request.POST or None),
            call=lambda **data: services.member_change_status(
                actor=request.user, member=member, **data
            ),
            title=_("变更党籍状态：%(n)s") % {"n": member.person.name},
            done=_("已变更党籍状态"),
            success_url=reverse("admin:party_member_change", args=[member.pk]),
            intro=_("当前状态：%(s)s。变更记入党籍状态历史和审计日志。")
            % {"s": member.get_status_display()},
        )


def medal_workbook(members, year: int) -> HttpResponse:
    rows = (
        (
            m.person.name,
            codes.name(CodeTable.GENDER, m.person.gender),
            m.person.birth_date.isoformat(),
            m.joined_on.isoformat(),
            m.full_on.isoformat(),
            rules.party_standing_years(m.full_on, rules.medal_cutoff(year)),
            m.person.organization.name,
        )
        for m in members.iterator()
    )
    return xlsx_response(
        [
            _("姓名"),
            _("性别"),
            _("出生日期"),
            _("入党时间"),
            _("转正时间"),
            _("截至7月1日党龄"),
            _("所在党组织"),
        ],
        [10, 6, 12, 12, 12, 14, 34],
        rows,
        f"光荣在党50年纪念章颁发对象_{year}.xlsx",
        _("颁发对象"),
        what="party.medal",
        details={"year": year},
    )
