"""Tasks in the back office: the list with light badges and filters, the task's page
(the 6W, co-units, milestones, submissions, instructions, notices, the indicator
against its target), its workflow steps (sign, assign, submit, review, instruct), the
records behind a linked indicator, and the statistics page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import SimpleListFilter, register
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core import authz, indicators
from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.fields import OrganizationChoiceField, OrganizationMultipleChoiceField
from zugong.core.admin.site import site
from zugong.core.models import Organization, User
from zugong.core.scope import get_scoped_or_404
from zugong.workplan import capabilities as caps
from zugong.workplan.admin.pages import statistics_page, table_page
from zugong.workplan.models import (
    Instruction,
    Light,
    Milestone,
    Point,
    Submission,
    SubmissionKind,
    SubmissionStatus,
    SupervisionNotice,
    Task,
    TaskCoUnit,
)
from zugong.workplan.rules import tasks as task_rules
from zugong.workplan.services import submissions as submission_services
from zugong.workplan.services import tasks as services

LIGHT_COLOURS = {
    str(Light.GREEN.label): "success",
    str(Light.BLUE.label): "info",
    str(Light.YELLOW.label): "warning",
    str(Light.RED.label): "danger",
    str(Light.DONE.label): "primary",
    str(Light.SUSPENDED.label): "primary",
}


class TaskForm(ServiceForm):
    co_unit_choices = OrganizationMultipleChoiceField(
        label=_("协办单位"), queryset=Organization.objects.all(), required=False
    )
    milestone_lines = forms.CharField(
        label=_("时间节点"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个：节点名称，日期（如：完成摸底，2026-06-30）"),
    )
    frequency = forms.ChoiceField(label=_("报送频次"), choices=())
    indicator_key = forms.ChoiceField(label=_("关联指标"), choices=(), required=False)

    class Meta:
        model = Task
        fields = [
            "point",
            "number",
            "title",
            "lead_unit",
            "how",
            "deadline",
            "consequence",
            "supervisor",
            "leader_name",
            "leader_user",
            "frequency",
            "indicator_key",
            "indicator_target",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = task_rules.frequencies()
        self.fields["indicator_key"].choices = [("", _t("（不关联）")), *indicators.choices()]
        if self.instance.pk:
            self.fields["co_unit_choices"].initial = [
                r.organization_id for r in TaskCoUnit.objects.unscoped().filter(task=self.instance)
            ]
            self.fields["milestone_lines"].initial = "\n".join(
                f"{m.title}，{m.due_on.isoformat()}"
                for m in Milestone.objects.filter(task=self.instance)
            )

    def clean_milestone_lines(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["milestone_lines"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, day = line.replace(",", "，").rpartition("，")
            try:
                rows.append((title.strip(), dt.date.fromisoformat(day.strip())))
            except ValueError as error:
                raise forms.ValidationError(
                    _t("第%(n)d行的日期无法识别：%(l)s") % {"n": number, "l": line}
                ) from error
        return rows

    def run_service(self, data):
        point = data.get("point")
        if point is None:
            from zugong.core.errors import ApplicationError

            raise ApplicationError(_t("请选择工作要点条目"), field="point")
        return services.task_save(
            actor=self.request.user,
            point=point,
            task=self.instance if self.instance.pk else None,
            data={name: data.get(name) for name in services.TASK_FIELDS},
            co_units=list(data.get("co_unit_choices") or []),
            milestones=data.get("milestone_lines") or [],
        )


class CoUnitInline(ReadOnlyInline):
    model = TaskCoUnit
    fields = ["organization", "signed_on", "assignee"]
    verbose_name_plural = _("协办单位")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["title", "due_on", "done_on"]
    verbose_name_plural = _("时间节点")


class SubmissionInline(ReadOnlyInline):
    model = Submission
    fields = [
        "unit",
        "kind",
        "situation",
        "reason",
        "measures",
        "progress",
        "status",
        "submitted_on",
        "review_comment",
    ]
    verbose_name_plural = _("进度报送")


class InstructionInline(ReadOnlyInline):
    model = Instruction
    fields = ["leader", "given_on", "content"]
    verbose_name_plural = _("领导批示")


class NoticeInline(ReadOnlyInline):
    model = SupervisionNotice
    fields = ["number", "level", "issued_on", "content", "recipients"]
    verbose_name_plural = _("督办单")


class PlanFilter(SimpleListFilter):
    title = _("工作要点")
    parameter_name = "plan"

    def lookups(self, request, model_admin):
        from zugong.workplan.models import Plan

        return [(p.pk, p.title) for p in Plan.objects.order_by("-year")[:20]]

    def queryset(self, request, queryset):
        return queryset.filter(point__part__plan_id=self.value()) if self.value() else queryset


class SignForm(forms.Form):
    unit = OrganizationChoiceField(label=_("签收单位"), queryset=Organization.objects.none())

    def __init__(self, task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [
            task.lead_unit_id,
            *TaskCoUnit.objects.filter(task=task).values_list("organization_id", flat=True),
        ]
        self.fields["unit"].queryset = Organization.objects.filter(pk__in=ids)
        self.fields["unit"].initial = task.lead_unit_id


class AssignForm(SignForm):
    assignee = forms.CharField(label=_("具体承办人"), max_length=50)


class SubmitForm(SignForm):
    kind = forms.ChoiceField(label=_("类型"), choices=SubmissionKind.choices)
    situation = forms.CharField(label=_("进展情况"), widget=forms.Textarea)
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea, required=False)
    measures = forms.CharField(label=_("下步措施"), widget=forms.Textarea, required=False)
    progress = forms.IntegerField(label=_("进度（%）"), min_value=0, max_value=100, required=False)
    milestone = forms.ModelChoiceField(
        label=_("完成的时间节点"), queryset=Milestone.objects.none(), required=False
    )
    new_deadline = forms.DateField(label=_("申请延期至"), required=False)
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, task, *args, **kwargs):
        super().__init__(task, *args, **kwargs)
        self.fields["milestone"].queryset = Milestone.objects.filter(
            task=task, done_on__isnull=True
        )


class ReviewForm(forms.Form):
    submission = forms.ModelChoiceField(label=_("待审核的报送"), queryset=Submission.objects.none())
    approve = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("审核通过")), ("0", _("退回"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("审核意见"), widget=forms.Textarea, required=False)

    def __init__(self, task, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = Submission.objects.filter(
            task=task, status=SubmissionStatus.TO_REVIEW
        ).select_related("unit")


class InstructionForm(forms.Form):
    leader = forms.CharField(label=_("批示领导"), max_length=50, required=False)
    content = forms.CharField(label=_("批示内容"), widget=forms.Textarea)


@register(Task, site=site)
class TaskAdmin(RequestFormMixin, CapabilityAdmin):
    view_capability = caps.VIEW_WORKPLAN
    change_capability = caps.MANAGE_PLAN
    form = TaskForm
    list_display = [
        "number",
        "title",
        "light_badge",
        "lead_unit",
        "deadline",
        "status",
        "progress",
        "grade",
        "leader_name",
    ]
    list_display_links = ["number", "title"]
    list_filter = [PlanFilter, "light", "status", "grade", "frequency"]
    search_fields = ["title", "number", "leader_name"]
    list_select_related = ["lead_unit"]
    autocomplete_fields = ["lead_unit"]
    list_per_page = 50
    inlines = [CoUnitInline, MilestoneInline, SubmissionInline, InstructionInline, NoticeInline]
    readonly_fields = [
        "light_badge",
        "light_reason",
        "progress",
        "grade",
        "indicator_figure",
        "status",
        "signed_on",
        "assignee",
        "completed_on",
        "frequency_label",
    ]
    # The form's own fields (co-units and milestones as text, the frequency and the
    # indicator as choices) are for editing; a reader sees the inlines and the labels.
    EDIT_ONLY = {"co_unit_choices", "milestone_lines", "indicator_key"}
    READ_AS = {"frequency": "frequency_label"}
    fieldsets = [
        (
            _("干什么、谁来干"),
            {
                "fields": [
                    "point",
                    "number",
                    "title",
                    "lead_unit",
                    "co_unit_choices",
                    "leader_name",
                    "leader_user",
                ]
            },
        ),
        (_("怎么干、什么时间干"), {"fields": ["how", "deadline", "milestone_lines", "frequency"]}),
        (_("干不好怎么办、谁来监督"), {"fields": ["consequence", "supervisor"]}),
        (_("进度来自数据"), {"fields": ["indicator_key", "indicator_target", "indicator_figure"]}),
        (
            _("办理情况"),
            {
                "fields": [
                    "status",
                    "light_badge",
                    "light_reason",
                    "progress",
                    "grade",
                    "signed_on",
                    "assignee",
                    "completed_on",
                ]
            },
        ),
    ]
    actions_list = ["statistics"]
    actions_detail = ["sign", "assign", "submit", "review", "instruct", "indicator_records"]

    def object_path(self, obj):
        return obj.lead_unit.path

    def has_view_permission(self, request, obj=None) -> bool:
        # A co-unit's officers read the task too (it is in their scope).
        if obj is not None and not super().has_view_permission(request, obj):
            paths = TaskCoUnit.objects.filter(task=obj).values_list("organization__path", flat=True)
            return any(authz.holds(request, self.view_capability, p) for p in paths)
        return super().has_view_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "supervisor" in form.base_fields:
            form.base_fields["supervisor"].queryset = User.objects.filter(
                is_active=True, is_staff=True
            ).order_by("username")
        if "leader_user" in form.base_fields:
            form.base_fields["leader_user"].queryset = User.objects.filter(
                is_active=True, is_staff=True
            ).order_by("username")
        if "point" in form.base_fields:
            form.base_fields["point"].queryset = Point.objects.select_related(
                "part__plan"
            ).order_by("-part__plan__year", "number")
        if "co_unit_choices" in form.base_fields:
            form.base_fields["co_unit_choices"].widget = AutocompleteSelectMultiple(
                Task._meta.get_field("lead_unit"), self.admin_site
            )
        return form

    def get_actions_detail(self, request, object_id):
        # A co-unit's officer signs, assigns and submits too: those steps are offered
        # where the capability is held over the lead unit or any co-unit.
        offered = super(CapabilityAdmin, self).get_actions_detail(request, object_id)
        task = self.get_queryset(request).filter(pk=object_id).first()
        if task is None:
            return []
        paths = [
            task.lead_unit.path,
            *TaskCoUnit.objects.filter(task=task).values_list("organization__path", flat=True),
        ]
        kept = []
        for entry in offered:
            requirement = getattr(entry.method, "zugong_requirement", None)
            places = paths if entry.method.__name__ in ("sign", "assign", "submit") else paths[:1]
            if requirement is None or any(authz.holds(request, requirement, p) for p in places):
                kept.append(entry)
        return kept

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (
                title,
                {
                    **options,
                    "fields": [
                        self.READ_AS.get(name, name)
                        for name in options["fields"]
                        if name not in self.EDIT_ONLY
                    ],
                },
            )
            for title, options in fieldsets
        ]

    @display(description=_("报送频次"))
    def frequency_label(self, obj):
        return dict(task_rules.frequencies()).get(obj.frequency, obj.frequency)

    @display(description=_("亮灯"), label=LIGHT_COLOURS)
    def light_badge(self, obj):
        return obj.get_light_display()

    @display(description=_("指标当前值"))
    def indicator_figure(self, obj):
        if not obj.indicator_key:
            return "—"
        entry = indicators.get(obj.indicator_key)
        unit = str(entry.unit) if entry else ""
        value = "—" if obj.indicator_value is None else f"{obj.indicator_value.normalize():f}"
        target = "—" if obj.indicator_target is None else f"{obj.indicator_target.normalize():f}"
        on = obj.indicator_on.isoformat() if obj.indicator_on else "—"
        return _t("%(v)s%(u)s（目标%(t)s%(u)s，%(d)s取数）") % {
            "v": value,
            "u": unit,
            "t": target,
            "d": on,
        }

    def _task(self, object_id):
        return get_scoped_or_404(
            Task.objects.select_related("lead_unit", "supervisor", "point__part__plan__owner"),
            pk=object_id,
        )

    def _back(self, task):
        return reverse("admin:workplan_task_change", args=[task.pk])

    def _step(self, request, task, form, call, title, done):
        return form_action(
            self,
            request,
            obj=task,
            form=form,
            call=call,
            title=f"{title}：{task}",
            done=done,
            success_url=self._back(task),
        )

    @action(capability=caps.HANDLE_TASK, description=_("签收"), icon="approval")
    def sign(self, request, object_id):
        task = self._task(object_id)
        form = SignForm(task, request.POST or None)
        return self._step(
            request,
            task,
            form,
            lambda **d: services.task_sign(actor=request.user, task=task, **d),
            _t("签收"),
            _t("已签收"),
        )

    @action(capability=caps.HANDLE_TASK, description=_("指派承办人"), icon="person_add")
    def assign(self, request, object_id):
        task = self._task(object_id)
        form = AssignForm(task, request.POST or None)
        return self._step(
            request,
            task,
            form,
            lambda **d: services.task_assign(actor=request.user, task=task, **d),
            _t("指派承办人"),
            _t("已指派"),
        )

    @action(capability=caps.HANDLE_TASK, description=_("报送进度"), icon="send")
    def submit(self, request, object_id):
        task = self._task(object_id)
        form = SubmitForm(task, request.POST or None, request.FILES or None)

        def call(unit, attachment=None, **data):
            submission_services.submission_save(
                actor=request.user,
                task=task,
                unit=unit,
                data=data,
                submit=True,
                attachment=attachment,
            )

        return self._step(request, task, form, call, _t("报送进度"), _t("已报送，等待督办人审核"))

    @action(capability=caps.REVIEW_TASK, description=_("审核报送"), icon="fact_check")
    def review(self, request, object_id):
        task = self._task(object_id)
        form = ReviewForm(task, request.POST or None)

        def call(submission, approve, comment):
            submission_services.submission_review(
                actor=request.user, submission=submission, approve=approve, comment=comment
            )

        return self._step(request, task, form, call, _t("审核报送"), _t("已审核"))

    @action(capability=caps.INSTRUCT, description=_("领导批示"), icon="history_edu")
    def instruct(self, request, object_id):
        task = self._task(object_id)
        form = InstructionForm(request.POST or None)
        return self._step(
            request,
            task,
            form,
            lambda **d: services.instruction_add(actor=request.user, task=task, **d),
            _t("领导批示"),
            _t("已登记批示"),
        )

    @action(capability=caps.VIEW_WORKPLAN, description=_("指标明细"), icon="dataset")
    def indicator_records(self, request, object_id):
        task = self._task(object_id)
        entry = indicators.get(task.indicator_key) if task.indicator_key else None
        rows, columns, links = [], [], []
        if entry is not None:
            if entry.url:
                links.append(
                    {"url": entry.url, "title": _t("打开“%(t)s”的列表") % {"t": entry.title}}
                )
            found = indicators.records_for(task.indicator_key, dt.date.today()) or []
            if found and isinstance(found[0], dict):
                columns = list(found[0])
                rows = [{"cells": [r[c] for c in columns], "url": r.get("url", "")} for r in found]
            else:
                columns = [_t("记录")]
                rows = [{"cells": [str(r)]} for r in found]
        intro = (
            _t("“%(t)s”关联指标“%(i)s”，以下是构成当前数值的记录（您的数据范围内）。")
            % {"t": task.title, "i": entry.title}
            if entry
            else _t("该任务未关联指标。")
        )
        return table_page(
            self,
            request,
            _t("指标明细：%(t)s") % {"t": task},
            columns,
            rows,
            intro=intro,
            links=links,
        )

    @action(
        capability=caps.VIEW_WORKPLAN,
        description=_("月度季度统计"),
        url_path="statistics",
        icon="bar_chart",
    )
    def statistics(self, request):
        return statistics_page(self, request)


@register(Submission, site=site)
class SubmissionAdmin(CapabilityAdmin):
    view_capability = caps.VIEW_WORKPLAN
    add_allowed = False
    list_display = ["task", "unit", "kind", "status", "written_on", "submitted_on", "reviewed_on"]
    list_filter = ["status", "kind"]
    search_fields = ["task__title", "situation"]
    list_select_related = ["task", "unit"]
    readonly_fields = [
        "task",
        "unit",
        "kind",
        "situation",
        "reason",
        "measures",
        "progress",
        "milestone",
        "new_deadline",
        "attachment",
        "status",
        "written_by",
        "written_on",
        "submitted_on",
        "reviewed_by",
        "reviewed_on",
        "review_comment",
    ]

    def object_path(self, obj):
        return obj.task.lead_unit.path

    def has_view_permission(self, request, obj=None) -> bool:
        # A co-unit's submission is read by the co-unit's officers (its scoped rows).
        if obj is not None and not super().has_view_permission(request, obj):
            if not authz.holds(request, self.view_capability):
                return False
            with authz.narrowed(self.view_capability):
                return self.get_queryset(request).filter(pk=obj.pk).exists()
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@register(SupervisionNotice, site=site)
class SupervisionNoticeAdmin(CapabilityAdmin):
    view_capability = caps.VIEW_WORKPLAN
    add_allowed = False
    list_display = ["number", "task", "level", "issued_on", "recipients"]
    list_filter = ["level", "issued_on"]
    search_fields = ["number", "task__title"]
    list_select_related = ["task"]
    readonly_fields = ["number", "task", "level", "deadline", "issued_on", "content", "recipients"]

    def object_path(self, obj):
        return obj.task.lead_unit.path

    def has_change_permission(self, request, obj=None) -> bool:
        return False
