from __future__ import annotations

import datetime as dt

from django import forms
from django.apps import apps
from django.contrib.admin import register
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
)

from zugong.core import authz
from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.models import (
    Attendance,
    Meeting,
    MeetingKind,
    ReviewGrade,
)
from zugong.party.services import meetings as meeting_services


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            absent = self.instance.attendance.filter(present=False).select_related("person")
            self.initial["absent_text"] = "\n".join(
                f"{a.person.name}：{a.absence_reason}" for a in absent.order_by("person__name_pinyin")
            )

    def absences(self, organization) -> dict[int, str]:
        """The absence lines ("姓名：原因") as person id → reason, names resolved among
        those the meeting was recorded for, then the organization's members."""
        names = {}
        for line in (self.cleaned_data.get("absent_text") or "").splitlines():
            name, _sep, reason = line.strip().replace(":", "：").partition("：")
            if name.strip():
                names[name.strip()] = reason.strip()
        people = {}
        if self.instance.pk is not None:
            people = {p.name: p for p in meeting_services.meeting_roster(self.instance).values()}
        missing = [name for name in names if name not in people]
        people.update(meeting_services.person_ids_by_name(organization, missing))
        unknown = [name for name in names if name not in people]
        if unknown:
            raise ApplicationError(
                _("“%(n)s”不是本组织的党员") % {"n": "、".join(unknown)}, field="absent_text"
            )
        return {people[name].pk: reason for name, reason in names.items()}

    def run_service(self, data):
        if self.instance.pk is not None:
            attachment = data.get("attachment")
            return meeting_services.meeting_update(
                actor=self.request.user,
                meeting=self.instance,
                kind=data["kind"],
                held_on=data["held_on"],
                topic=data["topic"],
                host=data.get("host", ""),
                minutes=data.get("minutes", ""),
                absent=self.absences(self.instance.organization),
                # Unchanged, the field gives back the stored file: keep it.
                attachment=attachment if isinstance(attachment, UploadedFile | bool) else None,
            )
        organization = data["organization"]
        return meeting_services.meeting_record(
            actor=self.request.user,
            organization=organization,
            kind=data["kind"],
            held_on=data["held_on"],
            topic=data["topic"],
            host=data.get("host", ""),
            minutes=data.get("minutes", ""),
            absent=self.absences(organization),
            attachment=data.get("attachment"),
        )


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ["person", "present", "absence_reason"]


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

    def get_fields(self, request, obj=None):
        fields = ["organization", "kind", "held_on", "topic", "host", "minutes", "attachment"]
        if obj is None or self.has_change_permission(request, obj):
            # A recorded meeting is corrected in the same form; the leader only reads it.
            return [*fields, "absent_text"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return self.get_fields(request, obj)
        # The organization that held the meeting is not corrected: record it again there.
        return ["organization"]

    def get_actions_detail(self, request, object_id):
        # Grades belong to a democratic review of members only.
        actions = super().get_actions_detail(request, object_id)
        meeting = Meeting.objects.filter(pk=object_id).first()
        review = meeting is not None and meeting.kind == MeetingKind.MEMBER_REVIEW
        return [a for a in actions if a.method.__name__ != "grade" or review]

    @action(
        capability=caps.CHANGE_MEMBER,
        description=_("评定民主评议等次"),
        url_path="grade",
        icon="grading",
    )
    def grade(self, request, object_id):
        meeting = get_scoped_or_404(Meeting.objects.select_related("organization"), pk=object_id)
        members = list(
            meeting_services.members_of(meeting.organization)
            .filter(kind="full")
            .order_by("person__name_pinyin")
        )
        current = dict(meeting.reviews.values_list("member_id", "grade"))
        evidence = review_evidence(members, meeting_services.review_year(meeting.held_on))
        fields = {
            f"m{m.pk}": forms.ChoiceField(
                label=m.person.name,
                choices=ReviewGrade.choices,
                initial=current.get(m.pk, ReviewGrade.QUALIFIED),
                widget=UnfoldAdminSelectWidget,
                help_text=evidence.get(m.person_id, ""),
            )
            for m in members
        }
        form = type("GradeForm", (forms.Form,), fields)(request.POST or None)

        def save(**data):
            grades = {int(key[1:]): value for key, value in data.items()}
            meeting_services.review_grade(actor=request.user, meeting=meeting, grades=grades)

        return form_action(
            self,
            request,
            obj=meeting,
            form=form,
            call=save,
            done=_("已保存评议等次"),
            title=_("民主评议等次：%(t)s（优秀最多%(c)d名）")
            % {"t": meeting.topic, "c": rules.excellent_cap(len(members))},
            intro=_("每名党员下方列出其本年度承诺践诺情况和到社区报到、服务时长，供评议参考。")
            if evidence
            else "",
            success_url=reverse("admin:party_meeting_change", args=[meeting.pk]),
        )

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("组织生活落实情况"),
        url_path="compliance",
        icon="fact_check",
    )
    def compliance(self, request):
        download = download_requested(request, caps.VIEW_MEMBER)
        today = dt.date.today()
        year, quarter, month = compliance_period(request.GET, today)
        start, end, period = period_bounds(year, quarter, month)
        rows = selectors.compliance(start, end, today=today)
        names = dict(MeetingKind.choices)
        for row in rows:
            for item_row in row["items"]:
                item_row["name"] = names[item_row["kind"]]
        rows.sort(key=lambda r: (-r["missing"], r["organization"].path))  # gaps first
        if download:
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
            "years": sorted({year, *range(today.year - 5, today.year + 1)}, reverse=True),
            "quarters": [(q, _("第%(q)d季度") % {"q": q}) for q in range(1, 5)],
            "months": [(m, _("%(m)d月") % {"m": m}) for m in range(1, 13)],
            "source": rules.MEETING_FREQUENCIES.source,
            "can_export": authz.holds(request, (caps.VIEW_MEMBER, EXPORT)),
            "title": _("组织生活落实情况（%(p)s）") % {"p": period},
        }
        return TemplateResponse(request, "party/admin/compliance.html", context)


def review_evidence(members, year: int) -> dict[int, str]:
    """Each member's year-end evidence line (commitments, community report, hours) from
    the grassroots module when it is installed; person id → text."""
    if not apps.is_installed("zugong.grassroots"):
        return {}
    from zugong.grassroots.selectors.review_evidence import summaries

    return summaries([m.person_id for m in members], year)


def compliance_period(query, today: dt.date) -> tuple[int, int, int]:
    """The year, quarter (0: any) and month (0: any) asked for; a value outside its
    range (a hand-edited address) falls back to the default instead of failing."""

    def number(name: str, low: int, high: int, default: int) -> int:
        try:
            value = int(query.get(name) or default)
        except ValueError:
            return default
        return value if low <= value <= high else default

    return (
        number("year", 2000, today.year + 1, today.year),
        number("quarter", 1, 4, 0),
        number("month", 1, 12, 0),
    )


def period_bounds(year: int, quarter: int, month: int) -> tuple[dt.date, dt.date, str]:
    """First and last day of the period and its name; a month wins over a quarter."""
    if month:
        start = dt.date(year, month, 1)
        end = rules.add_months(start, 1) - dt.timedelta(days=1)
        return start, end, _("%(y)d年%(m)d月") % {"y": year, "m": month}
    if quarter:
        start = dt.date(year, (quarter - 1) * 3 + 1, 1)
        end = rules.add_months(start, 3) - dt.timedelta(days=1)
        return start, end, _("%(y)d年第%(q)d季度") % {"y": year, "q": quarter}
    return dt.date(year, 1, 1), dt.date(year, 12, 31), _("%(y)d年") % {"y": year}


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
        what="party.compliance",
        details={"period": str(period)},
    )
