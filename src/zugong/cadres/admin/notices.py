"""Public notice before appointment (任前公示) in the back office: open a notice (its end
is computed), record and handle objections, record the result, print the announcement."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import rules
from zugong.cadres.admin.base import CadreRowAdmin
from zugong.cadres.models import AppointmentNotice, NoticeObjection, PostLevel
from zugong.cadres.services import notices as services
from zugong.core.admin.base import ReadOnlyInline, ServiceForm, action, form_action
from zugong.core.admin.site import site
from zugong.core.scope import get_scoped_or_404

DATE = UnfoldAdminSingleDateWidget
AREA = UnfoldAdminTextareaWidget(attrs={"rows": 3})
READ_FIELDS = [
    "cadre",
    "current_post_held",
    "proposed_post",
    "proposed_level_name",
    "decided_on",
    "starts_on",
    "ends_on",
    "period",
    "scope_text",
    "contact",
    "exceptional",
    "exceptional_reason",
    "status",
    "closed_on",
    "result_note",
]


class NoticeForm(ServiceForm):
    proposed_level = forms.ChoiceField(
        label=_("拟任职务层次"),
        choices=[("", _("请选择")), *PostLevel.choices],
        widget=UnfoldAdminSelectWidget,
        help_text=_("与任职时登记的职务层次一致"),
    )

    class Meta:
        model = AppointmentNotice
        fields = [
            "cadre",
            "current_post",
            "proposed_post",
            "proposed_level",
            "decided_on",
            "starts_on",
            "scope_text",
            "contact",
            "exceptional",
            "exceptional_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "current_post" in self.fields:
            self.fields["current_post"].help_text = _(
                "留空的，取任职记录中的现任职务；公示公告按公示开始时的任职记录写现任职务"
            )

    def run_service(self, data):
        return services.notice_open(actor=self.request.user, cadre=data["cadre"], data=dict(data))


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label=_("收到日期"), initial=dt.date.today, widget=DATE)
    channel = forms.ChoiceField(
        label=_("反映方式"), choices=NoticeObjection.Channel.choices, widget=UnfoldAdminSelectWidget
    )
    content = forms.CharField(label=_("反映内容"), widget=AREA)


class HandleForm(forms.Form):
    objection = forms.ModelChoiceField(
        label=_("反映"),
        queryset=NoticeObjection.objects.none(),
        widget=UnfoldAdminSelectWidget,
        empty_label=_("请选择尚未核查处理的反映"),
    )
    handled_on = forms.DateField(label=_("核查办结日期"), initial=dt.date.today, widget=DATE)
    handling_result = forms.CharField(label=_("核查处理结果"), widget=AREA)
    affects_appointment = forms.BooleanField(label=_("影响任职"), required=False)

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objection"].queryset = NoticeObjection.objects.filter(
            notice=notice, handled_on__isnull=True
        )


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("公示结果认定日期"), initial=dt.date.today, widget=DATE)
    passed = forms.TypedChoiceField(
        label=_("公示结果"),
        choices=[("1", _("不影响任职")), ("0", _("影响任职"))],
        coerce=lambda value: value == "1",
        widget=UnfoldAdminSelectWidget,
    )
    result_note = forms.CharField(label=_("公示结果说明"), required=False, widget=AREA)

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        if notice is not None and not can_pass(notice):
            # Before the end, or with an objection pending or affecting the appointment,
            # the only result that can be recorded is that it affects the appointment.
            self.fields["passed"].choices = [("0", _("影响任职"))]
            self.fields["passed"].initial = "0"


def unhandled(notice) -> list[NoticeObjection]:
    return [o for o in notice.objections.all() if o.handled_on is None]


def can_pass(notice, today: dt.date | None = None) -> bool:
    """Whether 不影响任职 can be recorded now: the period is over, every objection is
    handled and none affects the appointment (services.notice_close decides the same)."""
    today = today or dt.date.today()
    objections = list(notice.objections.all())
    return (
        today >= notice.ends_on
        and all(o.handled_on is not None for o in objections)
        and not any(o.affects_appointment for o in objections)
    )


def short_title(notice) -> str:
    """The page's name for a notice, short enough for the header beside its buttons;
    the post and dates are in the page body."""
    return _("任前公示：%(n)s") % {"n": notice.cadre.person.name}


class ObjectionInline(ReadOnlyInline):
    model = NoticeObjection
    verbose_name_plural = _("公示期间反映")
    fields = [
        "received_on",
        "channel",
        "content",
        "handled_on",
        "handling_result",
        "affects_appointment",
    ]


class NoticeInline(ReadOnlyInline):
    """The cadre record's tab of notices."""

    model = AppointmentNotice
    verbose_name_plural = _("任前公示")
    fields = ["proposed_post", "starts_on", "ends_on", "exceptional", "status", "objection_count"]

    @display(description=_("反映件数"))
    def objection_count(self, obj):
        return obj.objections.count()


@register(AppointmentNotice, site=site)
class NoticeAdmin(CadreRowAdmin):
    form = NoticeForm
    change_capability = caps.CHANGE_NOTICE
    list_display = [
        "cadre",
        "proposed_post",
        "starts_on",
        "ends_on",
        "exceptional",
        "status",
        "objection_count",
    ]
    list_filter = ["status", "exceptional"]
    date_hierarchy = "starts_on"
    inlines = [ObjectionInline]
    actions_detail = ["add_objection", "handle_objection", "close", "print_notice"]

    def get_fields(self, request, obj=None):
        return READ_FIELDS if obj is not None else NoticeForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        return READ_FIELDS if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("objections")

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "subtitle": _("公示期按%(s)s计算，结束日期由系统按工作日历算出")
            % {"s": rules.NOTICE_DAYS.source},
        }
        return super().add_view(request, form_url, extra_context)

    @display(description=_("反映件数"))
    def objection_count(self, obj):
        return len(obj.objections.all())

    @display(description=_("现任职务"))
    def current_post_held(self, obj):
        """What the announcement states: the posts held when the notice began."""
        return "、".join(services.held_posts(obj.cadre, obj.starts_on)) or obj.current_post or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notice = (
            self.get_queryset(request).select_related("cadre__person").filter(pk=object_id).first()
        )
        if notice is not None:
            label = short_title(notice)
            # Django would name the page by str() (post and dates) in the header and the
            # browser's title; beside four buttons it is cut off. The detail is below.
            extra_context = {
                "title": label,
                "subtitle": None,
                "zg_object_label": label,
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions_detail(self, request, object_id):
        """Beyond the capability on the record's subtree: an action is offered only where
        it can be used (objections are recorded while the notice runs, handled while one
        is pending; the result is recorded once)."""
        offered = super().get_actions_detail(request, object_id)
        notice = self.get_queryset(request).filter(pk=object_id).first()
        if notice is None:
            return []
        is_open = notice.status == AppointmentNotice.Status.OPEN
        usable = {
            "add_objection": is_open,
            "handle_objection": bool(unhandled(notice)),
            "close": is_open,
        }
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}_"
        return [a for a in offered if usable.get(a.action_name.removeprefix(prefix), True)]

    def _refuse(self, request, notice, message):
        messages.warning(request, message)
        return redirect(self._back(notice))

    def _named(self, response, notice):
        if isinstance(response, TemplateResponse):
            response.context_data["zg_object_label"] = short_title(notice)
        return response

    @display(description=_("拟任职务层次"))
    def proposed_level_name(self, obj):
        return PostLevel(obj.proposed_level).label if obj.proposed_level else "—"

    @display(description=_("公示天数"))
    def period(self, obj):
        unit = _("个工作日") if obj.day_kind == AppointmentNotice.DayKind.WORKING else _("天")
        return f"{obj.days}{unit}"

    def _back(self, notice):
        return reverse("admin:cadres_appointmentnotice_change", args=[notice.pk])

    @action(
        capability=caps.CHANGE_NOTICE,
        description=_("登记反映"),
        url_path="objection",
        icon="feedback",
    )
    def add_objection(self, request, object_id):
        notice = self.row_for_change(request, AppointmentNotice, object_id)
        if notice.status != AppointmentNotice.Status.OPEN:
            return self._refuse(request, notice, _("公示已结束，不能再登记反映"))
        response = form_action(
            self,
            request,
            obj=notice,
            form=ObjectionForm(request.POST or None),
            call=lambda **data: services.objection_record(
                actor=request.user, notice=notice, data=data
            ),
            title=_("登记公示期间反映：%(n)s") % {"n": notice.cadre.person.name},
            done=_("已登记反映"),
            success_url=self._back(notice),
        )
        return self._named(response, notice)

    @action(
        capability=caps.CHANGE_NOTICE,
        description=_("核查处理反映"),
        url_path="handle",
        icon="fact_check",
    )
    def handle_objection(self, request, object_id):
        notice = self.row_for_change(request, AppointmentNotice, object_id)
        if not unhandled(notice):
            return self._refuse(request, notice, _("该公示没有尚未核查处理的反映"))
        response = form_action(
            self,
            request,
            obj=notice,
            form=HandleForm(request.POST or None, notice=notice),
            call=lambda objection, **data: services.objection_handle(
                actor=request.user, objection=objection, **data
            ),
            title=_("核查处理反映：%(n)s") % {"n": notice.cadre.person.name},
            done=_("已记录核查处理结果"),
            success_url=self._back(notice),
        )
        return self._named(response, notice)

    @action(
        capability=caps.CHANGE_NOTICE,
        description=_("认定公示结果"),
        url_path="close",
        icon="task_alt",
    )
    def close(self, request, object_id):
        notice = self.row_for_change(request, AppointmentNotice, object_id)
        if notice.status != AppointmentNotice.Status.OPEN:
            return self._refuse(request, notice, _("该公示已认定结果"))
        intro = _("公示期至%(d)s；期满且反映均已核查、不影响任职的，方可办理任职手续。") % {
            "d": f"{notice.ends_on:%Y-%m-%d}"
        }
        if not can_pass(notice):
            intro += _("目前只能认定为影响任职（期满前、有反映未核查或经核查影响任职）。")
        response = form_action(
            self,
            request,
            obj=notice,
            form=CloseForm(request.POST or None, notice=notice),
            call=lambda **data: services.notice_close(actor=request.user, notice=notice, **data),
            title=_("认定公示结果：%(n)s") % {"n": notice.cadre.person.name},
            done=_("已认定公示结果"),
            success_url=self._back(notice),
            intro=intro,
        )
        return self._named(response, notice)

    @action(
        capability=caps.VIEW_CADRE,
        description=_("打印公示"),
        url_path="print",
        icon="print",
    )
    def print_notice(self, request, object_id):
        notice = get_scoped_or_404(
            AppointmentNotice.objects.select_related("cadre__person", "cadre__unit"),
            pk=object_id,
        )
        if not self.has_view_permission(request, notice):
            raise Http404
        text = services.notice_print(actor=request.user, notice=notice)
        return TemplateResponse(
            request,
            "cadres/notice_print.html",
            {"title": _("干部任前公示"), "lines": text.split("\n")},
        )
