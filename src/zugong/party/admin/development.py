from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.admin import register
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

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
)
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import pipeline, selectors
from zugong.party.models import (
    DevelopmentCase,
    DevelopmentStep,
)
from zugong.party.services import development as development_services
from zugong.party.services import meetings as meeting_services


class StartForm(ServiceForm):
    applied_on = forms.DateField(label=_("递交入党申请书日期"), widget=UnfoldAdminSingleDateWidget)

    class Meta:
        model = DevelopmentCase
        fields = ["person"]

    def run_service(self, data):
        return development_services.development_start(
            actor=self.request.user, person=data["person"], applied_on=data["applied_on"]
        )


# The fields each step asks for beyond its date and note.
STEP_FIELDS = {
    "contacts": ("persons",),
    "sponsors": ("persons",),
    "notice": ("notice_start", "notice_end"),
    "training": ("days", "hours"),
    "branch_meeting": ("should_attend", "present", "yes"),
    "full_meeting": ("should_attend", "present", "yes"),
    "approval": ("extended",),
    "extension": ("months",),
}
STEP_FIELD_STEPS: dict[str, tuple[str, ...]] = {}
for _code, _names in STEP_FIELDS.items():
    for _name in _names:
        STEP_FIELD_STEPS[_name] = (*STEP_FIELD_STEPS.get(_name, ()), _code)


def step_choices(case, steps: dict) -> list[tuple[str, object]]:
    """The steps that may be recorded in the case's stage, the next one due first;
    a step recorded already is offered again only when it repeats (半年考察)."""
    stage = case.stage if case is not None else None
    open_steps = [
        (code, spec.label)
        for code, spec in pipeline.STEPS.items()
        if (stage is None or stage in spec.stages) and (spec.repeatable or not steps.get(code))
    ]
    if stage is None:
        return open_steps
    due = pipeline.next_due(stage=stage, steps=steps, today=dt.date.today())
    code_of = {str(spec.label): code for code, spec in pipeline.STEPS.items()}
    first = [code_of.get(d.label) for d in due]
    order = {code: i for i, code in enumerate(c for c in first if c)}
    return sorted(open_steps, key=lambda c: (c[0] == "cancel", order.get(c[0], len(order))))


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
    late_reason = forms.CharField(
        label=_("超期说明"),
        required=False,
        max_length=200,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("超过期限记录的环节须说明原因，例如：申请人外出务工，返乡后补谈"),
    )
    note = forms.CharField(
        label=_("备注"), required=False, max_length=200, widget=UnfoldAdminTextInputWidget
    )

    def __init__(self, *args, case=None, steps=None, chosen="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = step_choices(case, steps or {})
        codes = [code for code, _label in self.fields["step"].choices]
        self.chosen = chosen if chosen in codes else (codes[0] if codes else "")
        self.fields["step"].initial = self.chosen

    def sections(self):
        """Each field with the steps it belongs to (empty: every step) and whether it is
        hidden for the chosen step; the page's script shows a step's own fields."""
        for bound in self:
            steps = STEP_FIELD_STEPS.get(bound.name, ())
            yield bound, " ".join(steps), bool(steps) and self.chosen not in steps

    def details(self, organization) -> dict:
        # Only the chosen step's own fields count: a value left in another step's field
        # (hidden on the page) is not recorded with this step.
        own = set(STEP_FIELDS.get(self.cleaned_data["step"], ()))
        data = {k: v for k, v in self.cleaned_data.items() if k in own or k not in STEP_FIELD_STEPS}
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
        if data.get("late_reason"):
            details["late_reason"] = data["late_reason"]
        return details


class StepInline(ReadOnlyInline):
    model = DevelopmentStep
    # The row title would be the model's str, which names the step by its code.
    show_title = False
    fields = ["occurred_on", "step_name", "summary", "note", "recorded_by"]

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
        late = self._late(obj.case_id).get(obj.pk)
        if late is not None:
            parts.append(
                _("超期%(n)d天记录（应于%(d)s前，%(src)s）")
                % {"n": late.days, "d": late.deadline.isoformat(), "src": late.source}
            )
            if details.get("late_reason"):
                parts.append(_("超期说明：%(r)s") % {"r": details["late_reason"]})
        return "；".join(str(p) for p in parts)

    def _late(self, case_id: int) -> dict[int, pipeline.Late]:
        """The case's late records by step id, computed once per page (one function
        decides lateness: pipeline.late_records)."""
        cache = self.__dict__.setdefault("_late_cache", {})
        if case_id not in cache:
            rows = list(
                DevelopmentStep.objects.filter(case_id=case_id)
                .order_by("occurred_on", "id")
                .values_list("pk", "step", "occurred_on", "details")
            )
            steps: dict[str, list] = {}
            ids: dict[tuple[str, int], int] = {}
            for pk, code, day, details in rows:
                ids[(code, len(steps.get(code, [])))] = pk
                steps.setdefault(code, []).append((day, details))
            by_step = {ids[(late.code, late.index)]: late for late in pipeline.late_records(steps)}
            cache[case_id] = by_step
        return cache[case_id]


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

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("发展党员看板"),
        url_path="board",
        icon="view_kanban",
    )
    def board(self, request):
        board = selectors.development_board(dt.date.today())
        columns = [(pipeline.STAGE_LABELS[stage], rows) for stage, rows in board.items()]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "columns": columns,
            "overdue": sum(1 for rows in board.values() for r in rows if r["overdue"]),
            "late": sum(1 for rows in board.values() for r in rows if r["late"]),
            "title": _("发展党员看板"),
        }
        return TemplateResponse(request, "party/admin/board.html", context)

    @action(
        capability=caps.CHANGE_MEMBER, description=_("记录环节"), url_path="step", icon="add_task"
    )
    def record_step(self, request, object_id):
        case = get_scoped_or_404(
            DevelopmentCase.objects.select_related("person__organization"), pk=object_id
        )
        steps = development_services.steps_of(case)
        chosen = request.POST.get("step") or request.GET.get("step") or ""
        form = StepForm(request.POST or None, case=case, steps=steps, chosen=chosen)
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
                for detail in error.details or [{"field": error.field, "message": error.message}]:
                    field = detail.get("field")
                    form.add_error(field if field in form.fields else None, detail["message"])
            else:
                messages.success(request, _("已记录"))
                return redirect(reverse("admin:party_developmentcase_change", args=[case.pk]))
        due = pipeline.next_due(stage=case.stage, steps=steps, today=dt.date.today())
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
