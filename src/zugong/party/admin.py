from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import action, display
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core import capabilities as core_caps
from zugong.core import codes
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.errors import ApplicationError
from zugong.core.middleware import client_ip
from zugong.core.models import CodeTable, Organization, Person
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import person_search
from zugong.core.tasks import job_start
from zugong.party import capabilities as caps
from zugong.party import pipeline, roster, rules, selectors
from zugong.party.jobs import EXPORT_ROSTER, IMPORT_ROSTER
from zugong.party.models import (
    Attendance,
    BranchCommittee,
    CommitteePost,
    CommitteeSeat,
    DevelopmentCase,
    DevelopmentStep,
    DuesBase,
    DuesPayment,
    FloatingRecord,
    Honour,
    MajorMatterReport,
    Meeting,
    MeetingKind,
    Member,
    MemberStatus,
    MemberStatusChange,
    ReviewGrade,
    StudyRecord,
    Transfer,
    Visit,
)
from zugong.party.services import committees as committee_services
from zugong.party.services import development as development_services
from zugong.party.services import dues as dues_services
from zugong.party.services import meetings as meeting_services
from zugong.party.services import members as services
from zugong.party.services import records as record_services
from zugong.party.services import transfers as transfer_services


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
    file = forms.FileField(label=_("花名册文件（.xlsx）"))
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认：有任何错误则整个文件不导入）"), required=False
    )


class StatusChangeInline(TabularInline):
    model = MemberStatusChange
    fields = ["occurred_on", "old_status", "new_status", "reason", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    tab = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
    list_filter = ["kind", "status", "occupation"]
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

    @display(description=_("姓名"), ordering="person__name")
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
            scope_paths=request.access.scope().paths,
        )
        return redirect(reverse("admin:core_job_change", args=[job.pk]))

    @action(description=_("下载导入模板"), url_path="template", icon="table_view")
    def download_template(self, request):
        folder = Path(tempfile.mkdtemp())
        roster.template(folder / "template.xlsx")
        return FileResponse(
            open(folder / "template.xlsx", "rb"),
            as_attachment=True,
            filename="党员花名册导入模板.xlsx",
        )

    @action(description=_("导入花名册"), url_path="import", icon="upload_file")
    def import_roster(self, request):
        if not request.access.has(caps.IMPORT_MEMBERS):
            raise Http404
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            name = default_storage.save(
                f"imports/{uuid.uuid4().hex}.xlsx", form.cleaned_data["file"]
            )
            messages.success(request, _("已开始导入，完成后可在本页查看结果并下载错误报告"))
            return self._start(
                request,
                IMPORT_ROSTER,
                _("导入党员花名册"),
                {"file": name, "good_rows_only": form.cleaned_data["good_rows_only"]},
            )
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("导入党员花名册"),
            "columns": [c for c, _w in roster.COLUMNS],
            "required": roster.REQUIRED,
        }
        return TemplateResponse(request, "party/admin/import.html", context)

    @action(description=_("导出花名册"), url_path="export", icon="download")
    def export_roster(self, request):
        if not request.access.has(core_caps.EXPORT):
            messages.error(request, _("您没有“导出数据”的权限"))
            return redirect(reverse("admin:party_member_changelist"))
        messages.success(request, _("已开始导出，可在“我的后台任务”中查看进度并下载"))
        return self._start(request, EXPORT_ROSTER, _("导出党员花名册"), {})

    @action(description=_("光荣在党50年名单"), url_path="medal", icon="military_tech")
    def medal_list(self, request):
        try:
            year = int(request.GET.get("year") or dt.date.today().year)
        except ValueError:
            year = dt.date.today().year
        members = selectors.medal_candidates(year)
        if request.GET.get("format") == "xlsx":
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
            "title": _("%(y)d年“光荣在党50年”纪念章颁发对象") % {"y": year},
        }
        return TemplateResponse(request, "party/admin/medal.html", context)

    @action(description=_("支部设置检查"), url_path="structure", icon="rule")
    def structure_findings(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": selectors.branch_findings(),
            "title": _("党支部设置检查"),
        }
        return TemplateResponse(request, "party/admin/structure.html", context)

    @action(description=_("变更党籍状态"), url_path="status", icon="swap_horiz")
    def change_status(self, request, object_id):
        member = get_scoped_or_404(
            Member.objects.select_related("person__organization"), pk=object_id
        )
        form = StatusForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.member_change_status(
                    actor=request.user, member=member, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("已变更党籍状态"))
                return redirect(reverse("admin:party_member_change", args=[member.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": member,
            "opts": self.model._meta,
            "title": _("变更党籍状态：%(n)s") % {"n": member.person.name},
        }
        return TemplateResponse(request, "party/admin/status.html", context)


def person_picker():
    """A search-as-you-type person picker: only the chosen person is rendered, never
    the whole roster (the persons' admin answers the search, within scope)."""
    return AutocompleteSelect(CommitteeSeat._meta.get_field("person"), site)


class CommitteeForm(ServiceForm):
    secretary = forms.ModelChoiceField(
        label=_("书记"), queryset=Person.objects.all(), widget=person_picker()
    )
    deputy = forms.ModelChoiceField(
        label=_("副书记"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )
    organization_member = forms.ModelChoiceField(
        label=_("组织委员"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )
    publicity_member = forms.ModelChoiceField(
        label=_("宣传委员"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )
    discipline_member = forms.ModelChoiceField(
        label=_("纪检委员"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )

    class Meta:
        model = BranchCommittee
        fields = ["organization", "elected_on", "document_no"]

    def run_service(self, data):
        seats = [
            (data[field], post)
            for field, post in (
                ("secretary", CommitteePost.SECRETARY),
                ("deputy", CommitteePost.DEPUTY),
                ("organization_member", CommitteePost.ORGANIZATION),
                ("publicity_member", CommitteePost.PUBLICITY),
                ("discipline_member", CommitteePost.DISCIPLINE),
            )
            if data.get(field)
        ]
        return committee_services.committee_elect(
            actor=self.request.user,
            organization=data["organization"],
            elected_on=data["elected_on"],
            seats=seats,
            document_no=data.get("document_no", ""),
        )


class PostponeForm(forms.Form):
    until = forms.DateField(label=_("批准延期至"), widget=UnfoldAdminSingleDateWidget)
    document_no = forms.CharField(
        label=_("批准文号"), max_length=100, widget=UnfoldAdminTextInputWidget
    )


class SeatInline(TabularInline):
    model = CommitteeSeat
    fields = ["post", "person"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@register(BranchCommittee, site=site)
class BranchCommitteeAdmin(RequestFormMixin, CapabilityAdmin):
    form = CommitteeForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["organization", "elected_on", "term_years", "due", "state", "ended_on"]
    list_filter = ["term_years"]
    search_fields = ["organization__name", "document_no"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [SeatInline]
    actions_list = ["election_list"]
    actions_detail = ["postpone"]

    def object_path(self, obj):
        return obj.organization.path

    def has_change_permission(self, request, obj=None):
        # An election is recorded once; a new one supersedes it.
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return (
            [
                "organization",
                "elected_on",
                "document_no",
                "term_years",
                "postponed_until",
                "ended_on",
            ]
            if obj
            else []
        )

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.get_readonly_fields(request, obj)
        return super().get_fields(request, obj)

    @display(description=_("应换届日期"))
    def due(self, obj):
        return obj.postponed_until or rules.election_due(obj.elected_on, obj.term_years)

    @display(
        description=_("换届状态"),
        label={"已逾期": "danger", "即将届满": "warning", "正常": "success", "已换届": "info"},
    )
    def state(self, obj):
        if obj.ended_on:
            return _("已换届")
        state, _due = rules.election_state(
            elected_on=obj.elected_on,
            years=obj.term_years,
            postponed_until=obj.postponed_until,
            on=dt.date.today(),
        )
        return ELECTION_STATE_NAMES[state]

    @action(description=_("换届提醒"), url_path="elections", icon="event_busy")
    def election_list(self, request):
        rows = selectors.elections(dt.date.today(), states=("overdue", "due_soon", "missing"))
        for row in rows:
            row["state_name"] = ELECTION_STATE_NAMES[row["state"]]
        counts = {
            state: sum(1 for r in rows if r["state"] == state)
            for state in ("overdue", "due_soon", "missing")
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows,
            "counts": counts,
            "source": rules.TERM_YEARS.source,
            "title": _("换届提醒"),
        }
        return TemplateResponse(request, "party/admin/elections.html", context)

    @action(description=_("批准延期换届"), url_path="postpone", icon="update")
    def postpone(self, request, object_id):
        committee = get_scoped_or_404(
            BranchCommittee.objects.select_related("organization"), pk=object_id
        )
        form = PostponeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                committee_services.committee_postpone(
                    actor=request.user, committee=committee, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("已记录延期换届"))
                return redirect(reverse("admin:party_branchcommittee_change", args=[committee.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": committee,
            "opts": self.model._meta,
            "title": _("批准延期换届：%(o)s") % {"o": committee.organization.name},
            "latest": rules.latest_postponement(committee.elected_on, committee.term_years),
        }
        return TemplateResponse(request, "party/admin/postpone.html", context)


ELECTION_STATE_NAMES = {
    "overdue": _("已逾期"),
    "due_soon": _("即将届满"),
    "ok": _("正常"),
    "missing": _("无班子记录"),
}


class DuesPaymentForm(ServiceForm):
    class Meta:
        model = DuesPayment
        fields = ["member", "kind", "month", "amount", "paid_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("按月交纳时可不填，按核定基数计算")
        self.fields["month"].help_text = _("按月交纳时必填，如2026-03-01")

    def run_service(self, data):
        if data["kind"] == DuesPayment.Kind.VOLUNTARY:
            return dues_services.dues_voluntary(
                actor=self.request.user,
                member=data["member"],
                amount=data.get("amount"),
                paid_on=data["paid_on"],
                note=data.get("note", ""),
            )
        if not data.get("month"):
            raise ApplicationError(_("请填写所属月份"), field="month")
        return dues_services.dues_pay(
            actor=self.request.user,
            member=data["member"],
            month=data["month"],
            paid_on=data["paid_on"],
            amount=data.get("amount"),
            note=data.get("note", ""),
        )


@register(DuesPayment, site=site)
class DuesPaymentAdmin(RequestFormMixin, CapabilityAdmin):
    form = DuesPaymentForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["member", "kind", "month", "due", "amount", "paid_on", "to_central"]
    list_filter = ["kind", "to_central"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]
    date_hierarchy = "paid_on"
    actions_list = ["arrears"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        # A payment is recorded once; corrections go through the audit trail, not edits.
        return obj is None and super().has_change_permission(request, obj)

    @action(description=_("党费欠缴"), url_path="arrears", icon="money_off")
    def arrears(self, request):
        rows = selectors.dues_arrears(dt.date.today())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows[:1000],
            "count": len(rows),
            "lapsed": sum(1 for r in rows if r["lapse"]),
            "source": rules.LAPSE_MONTHS.source,
            "title": _("党费欠缴"),
        }
        return TemplateResponse(request, "party/admin/arrears.html", context)


class DuesBaseForm(ServiceForm):
    class Meta:
        model = DuesBase
        fields = ["member", "effective_from", "base", "farmer_amount"]

    def run_service(self, data):
        return dues_services.dues_set_base(
            actor=self.request.user,
            member=data["member"],
            effective_from=data["effective_from"],
            base=data.get("base"),
            farmer_amount=data.get("farmer_amount"),
        )


@register(DuesBase, site=site)
class DuesBaseAdmin(RequestFormMixin, CapabilityAdmin):
    form = DuesBaseForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["member", "effective_from", "base", "farmer_amount", "monthly"]
    search_fields = ["member__person__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @display(description=_("每月应交（元）"))
    def monthly(self, obj):
        return rules.monthly_dues(obj.member.occupation, obj.base, farmer_amount=obj.farmer_amount)


class MeetingForm(ServiceForm):
    absent_text = forms.CharField(
        label=_("缺席人员及原因"),
        required=False,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}),
        help_text=_("每行一人，如“黄秀英：外出务工”；未列出的本组织党员均记为出席"),
    )

    class Meta:
        model = Meeting
        fields = ["organization", "kind", "held_on", "topic", "host", "minutes", "attachment"]

    def run_service(self, data):
        organization = data["organization"]
        absent = {}
        lines = [
            line.strip() for line in (data.get("absent_text") or "").splitlines() if line.strip()
        ]
        names = {}
        for line in lines:
            name, _sep, reason = line.replace(":", "：").partition("：")
            names[name.strip()] = reason.strip()
        people = meeting_services.person_ids_by_name(organization, list(names))
        unknown = [name for name in names if name not in people]
        if unknown:
            raise ApplicationError(
                _("“%(n)s”不是本组织的党员") % {"n": "、".join(unknown)}, field="absent_text"
            )
        absent = {people[name].pk: reason for name, reason in names.items()}
        return meeting_services.meeting_record(
            actor=self.request.user,
            organization=organization,
            kind=data["kind"],
            held_on=data["held_on"],
            topic=data["topic"],
            host=data.get("host", ""),
            minutes=data.get("minutes", ""),
            absent=absent,
            attachment=data.get("attachment"),
        )


class AttendanceInline(TabularInline):
    model = Attendance
    fields = ["person", "present", "absence_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    tab = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@register(Meeting, site=site)
class MeetingAdmin(RequestFormMixin, CapabilityAdmin):
    form = MeetingForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["held_on", "kind", "topic", "organization", "host"]
    list_filter = ["kind"]
    search_fields = ["topic", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline]
    actions_list = ["compliance"]
    actions_detail = ["grade"]

    def object_path(self, obj):
        return obj.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f != "absent_text"] if obj else fields

    @action(description=_("评定民主评议等次"), url_path="grade", icon="grading")
    def grade(self, request, object_id):
        meeting = get_scoped_or_404(Meeting.objects.select_related("organization"), pk=object_id)
        members = list(
            meeting_services.members_of(meeting.organization)
            .filter(kind="full")
            .order_by("person__name")
        )
        current = dict(meeting.reviews.values_list("member_id", "grade"))
        fields = {
            f"m{m.pk}": forms.ChoiceField(
                label=m.person.name,
                choices=ReviewGrade.choices,
                initial=current.get(m.pk, ReviewGrade.QUALIFIED),
                widget=UnfoldAdminSelectWidget,
            )
            for m in members
        }
        form = type("GradeForm", (forms.Form,), fields)(request.POST or None)
        if request.method == "POST" and form.is_valid():
            grades = {int(key[1:]): value for key, value in form.cleaned_data.items()}
            try:
                meeting_services.review_grade(actor=request.user, meeting=meeting, grades=grades)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("已保存评议等次"))
                return redirect(reverse("admin:party_meeting_change", args=[meeting.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": meeting,
            "opts": self.model._meta,
            "title": _("民主评议等次：%(t)s（优秀最多%(c)d名）")
            % {"t": meeting.topic, "c": rules.excellent_cap(len(members))},
            "back": reverse("admin:party_meeting_change", args=[meeting.pk]),
        }
        return TemplateResponse(request, "party/admin/simple_form.html", context)

    @action(description=_("组织生活落实情况"), url_path="compliance", icon="fact_check")
    def compliance(self, request):
        today = dt.date.today()
        try:
            year = int(request.GET.get("year") or today.year)
            quarter = int(request.GET.get("quarter") or 0)
            month = int(request.GET.get("month") or 0)
        except ValueError:
            year, quarter, month = today.year, 0, 0
        if month:
            start = dt.date(year, month, 1)
            end = rules.add_months(start, 1) - dt.timedelta(days=1)
            period = _("%(y)d年%(m)d月") % {"y": year, "m": month}
        elif quarter:
            start = dt.date(year, (quarter - 1) * 3 + 1, 1)
            end = rules.add_months(start, 3) - dt.timedelta(days=1)
            period = _("%(y)d年第%(q)d季度") % {"y": year, "q": quarter}
        else:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            period = _("%(y)d年") % {"y": year}
        rows = selectors.compliance(start, end, today=today)
        names = dict(MeetingKind.choices)
        for row in rows:
            for item_row in row["items"]:
                item_row["name"] = names[item_row["kind"]]
        rows.sort(key=lambda r: (-r["missing"], r["organization"].path))  # gaps first
        if request.GET.get("format") == "xlsx":
            return compliance_workbook(rows, period)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows[:2000],
            "count": len(rows),
            "complete": sum(1 for r in rows if r["missing"] == 0),
            "townships": selectors.compliance_by_township(rows),
            "period": period,
            "year": year,
            "quarter": quarter,
            "month": month,
            "source": rules.MEETING_FREQUENCIES.source,
            "title": _("组织生活落实情况（%(p)s）") % {"p": period},
        }
        return TemplateResponse(request, "party/admin/compliance.html", context)


def xlsx_response(titles: list, widths: list[int], rows, filename: str, sheet_name) -> HttpResponse:
    """A small report as an Excel download (large exports go through background jobs)."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(str(sheet_name))
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for column, (title, width) in enumerate(zip(titles, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, str(title), header)
    for line, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if isinstance(value, int | float):
                sheet.write_number(line, column, value)
            else:
                sheet.write_string(line, column, str(value))
    sheet.freeze_panes(1, 1)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


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
    )


def compliance_workbook(rows: list[dict], period) -> HttpResponse:
    """The compliance report: one row per organization and meeting kind."""
    lines = (
        (
            row["organization"].name,
            entry["name"],
            entry["required"],
            entry["done"],
            "、".join(entry["missing"]),
        )
        for row in rows
        for entry in row["items"]
    )
    return xlsx_response(
        [_("党组织"), _("组织生活"), _("应开展（期）"), _("已开展（期）"), _("缺少的期次")],
        [34, 16, 12, 12, 60],
        lines,
        f"组织生活落实情况_{period}.xlsx",
        _("组织生活落实情况"),
    )


class StartForm(ServiceForm):
    applied_on = forms.DateField(label=_("递交入党申请书日期"), widget=UnfoldAdminSingleDateWidget)

    class Meta:
        model = DevelopmentCase
        fields = ["person"]

    def run_service(self, data):
        return development_services.development_start(
            actor=self.request.user, person=data["person"], applied_on=data["applied_on"]
        )


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("环节"), widget=UnfoldAdminSelectWidget)
    occurred_on = forms.DateField(label=_("日期"), widget=UnfoldAdminSingleDateWidget)
    persons = forms.CharField(
        label=_("培养联系人/入党介绍人"),
        required=False,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("填写姓名，用顿号分隔；须是本支部的正式党员"),
    )
    notice_start = forms.DateField(
        label=_("公示开始"), required=False, widget=UnfoldAdminSingleDateWidget
    )
    notice_end = forms.DateField(
        label=_("公示结束"), required=False, widget=UnfoldAdminSingleDateWidget
    )
    days = forms.DecimalField(
        label=_("培训天数"), required=False, widget=UnfoldAdminTextInputWidget
    )
    hours = forms.DecimalField(
        label=_("培训学时"), required=False, widget=UnfoldAdminTextInputWidget
    )
    should_attend = forms.IntegerField(
        label=_("应到会有表决权的正式党员数"), required=False, widget=UnfoldAdminTextInputWidget
    )
    present = forms.IntegerField(
        label=_("实到人数"), required=False, widget=UnfoldAdminTextInputWidget
    )
    yes = forms.IntegerField(label=_("赞成票"), required=False, widget=UnfoldAdminTextInputWidget)
    months = forms.IntegerField(
        label=_("延长月数"), required=False, widget=UnfoldAdminTextInputWidget
    )
    extended = forms.BooleanField(label=_("经批准延长审批期限（最长六个月）"), required=False)
    note = forms.CharField(
        label=_("备注"), required=False, max_length=200, widget=UnfoldAdminTextInputWidget
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            (code, spec.label)
            for code, spec in pipeline.STEPS.items()
            if case is None or case.stage in spec.stages
        ]

    def details(self, organization) -> dict:
        data = self.cleaned_data
        details = {}
        if data.get("persons"):
            names = [
                n.strip()
                for n in data["persons"].replace(",", "、").replace("，", "、").split("、")
                if n.strip()
            ]
            found = meeting_services.person_ids_by_name(organization, names)
            unknown = [n for n in names if n not in found]
            if unknown:
                raise ApplicationError(
                    _("“%(n)s”不是本组织的党员") % {"n": "、".join(unknown)}, field="persons"
                )
            details["persons"] = [found[n].pk for n in names]
        if data.get("notice_start") and data.get("notice_end"):
            details["start"], details["end"] = (
                data["notice_start"].isoformat(),
                data["notice_end"].isoformat(),
            )
        for key in ("should_attend", "present", "yes", "months"):
            if data.get(key) is not None:
                details[key] = data[key]
        for key in ("days", "hours"):
            if data.get(key) is not None:
                details[key] = float(data[key])
        if data.get("extended"):
            details["extended"] = True
        return details


class StepInline(TabularInline):
    model = DevelopmentStep
    fields = ["occurred_on", "step_name", "summary", "note", "recorded_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    tab = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @display(description=_("环节"))
    def step_name(self, obj):
        spec = pipeline.STEPS.get(obj.step)
        return spec.label if spec else obj.step

    @display(description=_("详情"))
    def summary(self, obj):
        details = obj.details or {}
        parts = []
        if details.get("names"):
            parts.append("、".join(details["names"]))
        if "yes" in details:
            parts.append(
                _("应到%(s)s、实到%(p)s、赞成%(y)s")
                % {
                    "s": details.get("should_attend"),
                    "p": details.get("present"),
                    "y": details.get("yes"),
                }
            )
        if details.get("start"):
            parts.append(f"{details['start']}～{details.get('end', '')}")
        if details.get("months"):
            parts.append(_("%(m)s个月") % {"m": details["months"]})
        return "；".join(str(p) for p in parts)


@register(DevelopmentCase, site=site)
class DevelopmentCaseAdmin(RequestFormMixin, CapabilityAdmin):
    form = StartForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["person", "stage", "organization", "rule_set", "created_at"]
    list_filter = ["stage", "rule_set"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person__organization"]
    inlines = [StepInline]
    actions_list = ["board"]
    actions_detail = ["record_step"]

    def object_path(self, obj):
        return obj.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        return ["person", "stage", "rule_set"] if obj else ["person", "applied_on"]

    def get_readonly_fields(self, request, obj=None):
        return ["person", "stage", "rule_set"] if obj else []

    @display(description=_("所在党组织"))
    def organization(self, obj):
        return obj.person.organization.name

    @action(description=_("发展党员看板"), url_path="board", icon="view_kanban")
    def board(self, request):
        board = selectors.development_board(dt.date.today())
        columns = [(pipeline.STAGE_LABELS[stage], rows) for stage, rows in board.items()]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "columns": columns,
            "overdue": sum(1 for rows in board.values() for r in rows if r["overdue"]),
            "title": _("发展党员看板"),
        }
        return TemplateResponse(request, "party/admin/board.html", context)

    @action(description=_("记录环节"), url_path="step", icon="add_task")
    def record_step(self, request, object_id):
        case = get_scoped_or_404(
            DevelopmentCase.objects.select_related("person__organization"), pk=object_id
        )
        form = StepForm(request.POST or None, case=case)
        if request.method == "POST" and form.is_valid():
            try:
                development_services.development_step(
                    actor=request.user,
                    case=case,
                    step=form.cleaned_data["step"],
                    occurred_on=form.cleaned_data["occurred_on"],
                    details=form.details(case.person.organization),
                    note=form.cleaned_data.get("note", ""),
                )
            except ApplicationError as error:
                for detail in error.details or [{"message": error.message}]:
                    form.add_error(None, detail["message"])
            else:
                messages.success(request, _("已记录"))
                return redirect(reverse("admin:party_developmentcase_change", args=[case.pk]))
        due = pipeline.next_due(
            stage=case.stage, steps=development_services.steps_of(case), today=dt.date.today()
        )
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": case,
            "opts": self.model._meta,
            "due": due,
            "title": _("记录发展环节：%(n)s（%(s)s）")
            % {"n": case.person.name, "s": case.get_stage_display()},
        }
        return TemplateResponse(request, "party/admin/step.html", context)


class TransferForm(ServiceForm):
    to_organization_code = forms.CharField(
        label=_("转入党组织编码"),
        required=False,
        max_length=32,
        widget=UnfoldAdminTextInputWidget,
        help_text=_(
            "区内转接填写接收党支部的组织编码（可转入本区任一党支部）；转出本区则填写下方的区外党组织"
        ),
    )

    class Meta:
        model = Transfer
        fields = ["member", "outside_organization", "letter_no", "issued_on", "note"]

    def run_service(self, data):
        target = None
        code = (data.get("to_organization_code") or "").strip()
        if code:
            # Unscoped on purpose: any branch of the district may receive the member.
            target = Organization.objects.unscoped().filter(code=code).first()
            if target is None:
                raise ApplicationError(
                    _("组织编码“%(c)s”不存在") % {"c": code}, field="to_organization_code"
                )
        return transfer_services.transfer_start(
            actor=self.request.user,
            member=data["member"],
            letter_no=data["letter_no"],
            issued_on=data["issued_on"],
            to_organization=target,
            outside_organization=data.get("outside_organization", ""),
            note=data.get("note", ""),
        )


class ReceiveForm(forms.Form):
    received_on = forms.DateField(
        label=_("接收日期"), initial=dt.date.today, widget=UnfoldAdminSingleDateWidget
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回或退回原因"), max_length=200, widget=UnfoldAdminTextInputWidget
    )


@register(Transfer, site=site)
class TransferAdmin(RequestFormMixin, CapabilityAdmin):
    form = TransferForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = [
        "member",
        "kind",
        "from_organization",
        "destination",
        "letter_no",
        "issued_on",
        "status",
        "received_on",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["member__person__name", "letter_no"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person", "from_organization", "to_organization"]
    actions_detail = ["receive", "cancel"]
    actions_list = ["open_transfers", "flags"]

    def object_path(self, obj):
        return (obj.to_organization or obj.from_organization).path

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        # Either side of the transfer may look at it.
        sides = (obj.from_organization, obj.to_organization)
        return any(
            org is not None and request.access.has(caps.VIEW_MEMBER, org.path) for org in sides
        )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @display(description=_("去向"))
    def destination(self, obj):
        return obj.to_organization.name if obj.to_organization else obj.outside_organization

    def _action_form(self, request, object_id, form_class, service, title, done):
        transfer = get_scoped_or_404(
            Transfer.objects.select_related(
                "member__person", "from_organization", "to_organization"
            ),
            pk=object_id,
        )
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(actor=request.user, transfer=transfer, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, done)
                return redirect(reverse("admin:party_transfer_change", args=[transfer.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": transfer,
            "opts": self.model._meta,
            "title": title % {"n": transfer.member.person.name},
            "back": reverse("admin:party_transfer_change", args=[transfer.pk]),
        }
        return TemplateResponse(request, "party/admin/simple_form.html", context)

    @action(description=_("确认接收"), url_path="receive", icon="how_to_reg")
    def receive(self, request, object_id):
        return self._action_form(
            request,
            object_id,
            ReceiveForm,
            transfer_services.transfer_receive,
            _("确认接收：%(n)s"),
            _("已接收，组织关系已转入"),
        )

    @action(description=_("撤回或退回"), url_path="cancel", icon="undo")
    def cancel(self, request, object_id):
        return self._action_form(
            request,
            object_id,
            CancelForm,
            transfer_services.transfer_cancel,
            _("撤回或退回：%(n)s"),
            _("已撤回"),
        )

    @action(description=_("在途转接"), url_path="open", icon="local_shipping")
    def open_transfers(self, request):
        rows = selectors.transfers_open(dt.date.today())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows,
            "limit": rules.transfer_valid_days(),
            "title": _("在途转接"),
        }
        return TemplateResponse(request, "party/admin/transfers_open.html", context)

    @action(description=_("党员状态提示"), url_path="flags", icon="notification_important")
    def flags(self, request):
        rows = selectors.member_flags(dt.date.today())
        for row in rows:
            row["label"] = selectors.FLAG_LABELS[row["code"]]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows[:2000],
            "count": len(rows),
            "title": _("党员状态提示"),
        }
        return TemplateResponse(request, "party/admin/flags.html", context)


@register(FloatingRecord, site=site)
class FloatingRecordAdmin(CapabilityAdmin):
    view_capability = caps.VIEW_MEMBER
    add_allowed = False
    list_display = ["member", "destination", "since", "until", "contact", "last_contact_on"]
    search_fields = ["member__person__name", "destination"]
    list_select_related = ["member__person", "contact"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        return False


class StudyForm(ServiceForm):
    class Meta:
        model = StudyRecord
        fields = ["person", "kind", "title", "organizer", "started_on", "ended_on", "hours"]

    def run_service(self, data):
        return record_services.study_record(actor=self.request.user, **data)


@register(StudyRecord, site=site)
class StudyRecordAdmin(RequestFormMixin, CapabilityAdmin):
    form = StudyForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["person", "kind", "title", "started_on", "ended_on", "hours"]
    list_filter = ["kind"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
    date_hierarchy = "started_on"
    actions_list = ["totals"]

    def object_path(self, obj):
        return obj.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @action(description=_("学时统计"), url_path="totals", icon="summarize")
    def totals(self, request):
        try:
            year = int(request.GET.get("year") or dt.date.today().year)
        except ValueError:
            year = dt.date.today().year
        rows = selectors.study_totals(year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organizations": selectors.study_totals_by_organization(year)[:2000],
            "rows": rows[:2000],
            "year": year,
            "title": _("%(y)d年学习培训学时统计") % {"y": year},
        }
        return TemplateResponse(request, "party/admin/study_totals.html", context)


class HonourForm(ServiceForm):
    class Meta:
        model = Honour
        fields = [
            "kind",
            "year",
            "person",
            "organization",
            "awarded_by",
            "document_no",
            "awarded_on",
        ]

    def run_service(self, data):
        return record_services.honour_award(actor=self.request.user, **data)


@register(Honour, site=site)
class HonourAdmin(RequestFormMixin, CapabilityAdmin):
    form = HonourForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["year", "kind", "person", "organization", "awarded_by", "document_no"]
    list_filter = ["kind", "year"]
    search_fields = ["person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]

    def object_path(self, obj):
        return (obj.organization or obj.person.organization).path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


class VisitForm(ServiceForm):
    class Meta:
        model = Visit
        fields = ["person", "visitors", "visited_on", "reason", "amount", "goods", "note"]

    def run_service(self, data):
        return record_services.visit_record(actor=self.request.user, **data)


@register(Visit, site=site)
class VisitAdmin(RequestFormMixin, CapabilityAdmin):
    form = VisitForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["person", "visited_on", "reason", "visitors", "amount", "goods"]
    list_filter = ["reason"]
    search_fields = ["person__name", "visitors"]
    autocomplete_fields = ["person"]
    date_hierarchy = "visited_on"

    def object_path(self, obj):
        return obj.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


class MajorMatterForm(ServiceForm):
    class Meta:
        model = MajorMatterReport
        fields = ["organization", "kind", "title", "content", "submitted_on"]

    def run_service(self, data):
        return record_services.major_matter_submit(actor=self.request.user, **data)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        widget=UnfoldAdminSelectWidget,
        choices=[
            ("approved", _("同意（请示）")),
            ("acknowledged", _("阅知（报告）")),
            ("returned", _("退回")),
        ],
    )
    comments = forms.CharField(
        label=_("审核意见"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )
    reviewed_on = forms.DateField(
        label=_("审核日期"), initial=dt.date.today, widget=UnfoldAdminSingleDateWidget
    )


@register(MajorMatterReport, site=site)
class MajorMatterAdmin(RequestFormMixin, CapabilityAdmin):
    form = MajorMatterForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["title", "kind", "organization", "reviewer", "submitted_on", "due_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization"]
    actions_detail = ["review"]

    def object_path(self, obj):
        return obj.organization.path

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        # The submitting and the reviewing organization both see it.
        return any(
            request.access.has(caps.VIEW_MEMBER, org.path)
            for org in (obj.organization, obj.reviewer)
        )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return (
            [
                "organization",
                "reviewer",
                "kind",
                "title",
                "content",
                "submitted_on",
                "due_on",
                "status",
                "comments",
                "reviewed_on",
            ]
            if obj
            else []
        )

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj else super().get_fields(request, obj)

    @action(description=_("审核"), url_path="review", icon="rate_review")
    def review(self, request, object_id):
        report = get_scoped_or_404(
            MajorMatterReport.objects.select_related("organization", "reviewer"), pk=object_id
        )
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                record_services.major_matter_review(
                    actor=request.user, report=report, **form.cleaned_data
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("已审核"))
                return redirect(reverse("admin:party_majormatterreport_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "object": report,
            "opts": self.model._meta,
            "title": _("审核：%(t)s") % {"t": report.title},
            "back": reverse("admin:party_majormatterreport_change", args=[report.pk]),
        }
        return TemplateResponse(request, "party/admin/simple_form.html", context)


def sidebar_members() -> dict:
    view = caps.VIEW_MEMBER
    return {
        "title": _("党员管理"),
        "items": [
            item(_("党员"), "groups", "admin:party_member_changelist", view),
            item(_("发展党员看板"), "view_kanban", "admin:party_developmentcase_board", view),
            item(_("发展党员"), "person_add", "admin:party_developmentcase_changelist", view),
            item(_("支部班子"), "diversity_3", "admin:party_branchcommittee_changelist", view),
            item(_("组织关系转接"), "swap_horiz", "admin:party_transfer_changelist", view),
            item(_("在途转接"), "local_shipping", "admin:party_transfer_open_transfers", view),
            item(_("流动党员"), "directions_walk", "admin:party_floatingrecord_changelist", view),
            item(_("党员状态提示"), "notification_important", "admin:party_transfer_flags", view),
            item(_("换届提醒"), "event_busy", "admin:party_branchcommittee_election_list", view),
            item(_("支部设置检查"), "rule", "admin:party_member_structure_findings", view),
            item(_("光荣在党50年"), "military_tech", "admin:party_member_medal_list", view),
        ],
    }


def sidebar_work() -> dict:
    view = caps.VIEW_MEMBER
    return {
        "title": _("学习、表彰与请示报告"),
        "items": [
            item(_("学习培训"), "school", "admin:party_studyrecord_changelist", view),
            item(_("学时统计"), "summarize", "admin:party_studyrecord_totals", view),
            item(_("表彰"), "workspace_premium", "admin:party_honour_changelist", view),
            item(_("走访慰问"), "volunteer_activism", "admin:party_visit_changelist", view),
            item(
                _("重大事项请示报告"),
                "outgoing_mail",
                "admin:party_majormatterreport_changelist",
                view,
            ),
        ],
    }


def sidebar_life() -> dict:
    view = caps.VIEW_MEMBER
    return {
        "title": _("组织生活与党费"),
        "items": [
            item(_("组织生活"), "event_note", "admin:party_meeting_changelist", view),
            item(_("组织生活落实情况"), "fact_check", "admin:party_meeting_compliance", view),
            item(_("党费交纳"), "payments", "admin:party_duespayment_changelist", view),
            item(_("党费欠缴"), "money_off", "admin:party_duespayment_arrears", view),
            item(_("党费基数"), "calculate", "admin:party_duesbase_changelist", view),
        ],
    }


register_sidebar_group(10, sidebar_members)
register_sidebar_group(11, sidebar_life)
register_sidebar_group(12, sidebar_work)
