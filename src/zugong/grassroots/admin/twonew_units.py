"""Back office of instructors and their visits, the joint meeting's member units, their
list items and half-yearly reports, and saved coverage reports."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
)
from zugong.core.admin.site import site
from zugong.core.models import OrgKind
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.twonew import (
    CoverageReport,
    DutyItem,
    Entity,
    Instructor,
    InstructorVisit,
    JointMemberUnit,
    UnitReport,
)
from zugong.grassroots.selectors import twonew as selectors
from zugong.grassroots.services import twonew as services


def table(model_admin, request, title, columns, rows, intro=""):
    return TemplateResponse(
        request,
        "grassroots/admin/twonew_table.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "intro": intro,
            "columns": columns,
            "rows": rows,
            "total": len(rows),
        },
    )


class InstructorForm(ServiceForm):
    class Meta:
        model = Instructor
        fields = [
            "person",
            "township",
            "full_time",
            "level",
            "visit_every_days",
            "appointed_on",
            "ended_on",
        ]

    def run_service(self, data):
        return services.instructor_save(
            actor=self.request.user,
            instructor=self.instance if self.instance.pk else None,
            data=data,
        )


class GuidedInline(ReadOnlyInline):
    model = Entity
    fk_name = "instructor"
    fields = ["name", "township", "coverage"]
    verbose_name = _("指导的两新组织")
    verbose_name_plural = _("指导的两新组织")


class TwonewAdmin(RequestFormMixin, CapabilityAdmin):
    view_capability = caps.VIEW_GRASSROOTS
    change_capability = caps.CHANGE_GRASSROOTS


@register(Instructor, site=site)
class InstructorAdmin(TwonewAdmin):
    form = InstructorForm
    list_display = ["__str__", "township", "full_time", "level", "visit_every_days", "appointed_on"]
    list_filter = ["level", "full_time"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "township"]
    actions_list = ["overdue_visits"]
    inlines = [GuidedInline]

    def object_path(self, obj):
        return obj.township.path

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "township":
            field.queryset = field.queryset.filter(kind=OrgKind.TOWNSHIP)
        return field

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("走访逾期"),
        url_path="overdue",
        icon="event_busy",
    )
    def overdue_visits(self, request):
        rows = [
            {
                "url": reverse("admin:grassroots_entity_change", args=[r["entity"].pk]),
                "cells": [
                    r["entity"].name,
                    r["instructor"].person.name,
                    r["entity"].township.name,
                    r["last_visit"].isoformat() if r["last_visit"] else _("未走访"),
                    _("每%(n)d天") % {"n": r["every"]},
                    _("%(n)d天") % {"n": r["days"]},
                ],
            }
            for r in selectors.overdue_visits(dt.date.today())
        ]
        from zugong.grassroots import rules

        return table(
            self,
            request,
            _("党建工作指导员走访逾期"),
            [
                _("两新组织"),
                _("指导员"),
                _("所在乡镇（街道）"),
                _("上次走访"),
                _("走访频次"),
                _("逾期"),
            ],
            rows,
            intro=rules.INSTRUCTOR_VISIT_EVERY_DAYS.source,
        )


class VisitForm(ServiceForm):
    class Meta:
        model = InstructorVisit
        fields = ["instructor", "entity", "visited_on", "content", "problems"]

    def run_service(self, data):
        return services.visit_record(
            actor=self.request.user,
            instructor=data["instructor"],
            entity=data["entity"],
            visited_on=data["visited_on"],
            content=data["content"],
            problems=data.get("problems", ""),
        )


@register(InstructorVisit, site=site)
class InstructorVisitAdmin(TwonewAdmin):
    form = VisitForm
    list_display = ["visited_on", "entity", "instructor", "content"]
    search_fields = ["entity__name", "instructor__person__name"]
    list_select_related = ["entity", "instructor__person"]
    date_hierarchy = "visited_on"

    def object_path(self, obj):
        return obj.entity.township.path

    def get_readonly_fields(self, request, obj=None):
        # A visit logged is kept as logged.
        return [] if obj is None else ["instructor", "entity", "visited_on", "content", "problems"]


class UnitForm(ServiceForm):
    class Meta:
        model = JointMemberUnit
        fields = ["organization", "name", "officer"]

    def run_service(self, data):
        return services.member_unit_save(
            actor=self.request.user, unit=self.instance if self.instance.pk else None, data=data
        )


@register(JointMemberUnit, site=site)
class JointMemberUnitAdmin(TwonewAdmin):
    form = UnitForm
    list_display = ["name", "organization", "officer"]
    search_fields = ["name"]
    list_select_related = ["organization"]

    def object_path(self, obj):
        return obj.organization.path


class DutyForm(ServiceForm):
    class Meta:
        model = DutyItem
        fields = ["unit", "list_kind", "content", "owner", "deadline", "done_on", "progress"]

    def run_service(self, data):
        return services.duty_item_save(
            actor=self.request.user, item=self.instance if self.instance.pk else None, data=data
        )


@register(DutyItem, site=site)
class DutyItemAdmin(TwonewAdmin):
    form = DutyForm
    list_display = ["content", "unit", "list_kind", "owner", "deadline", "done_on"]
    list_filter = ["list_kind"]
    search_fields = ["content", "owner", "unit__name"]
    list_select_related = ["unit"]
    actions_list = ["overdue"]

    def object_path(self, obj):
        return obj.unit.organization.path

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("逾期事项"),
        url_path="overdue",
        icon="alarm",
    )
    def overdue(self, request):
        today = dt.date.today()
        rows = [
            {
                "url": reverse("admin:grassroots_dutyitem_change", args=[i.pk]),
                "cells": [
                    i.content,
                    i.unit.name,
                    i.get_list_kind_display(),
                    i.owner,
                    i.deadline.isoformat(),
                    _("%(n)d天") % {"n": (today - i.deadline).days},
                ],
            }
            for i in selectors.overdue_items(today)
        ]
        return table(
            self,
            request,
            _("逾期清单事项"),
            [_("事项"), _("成员单位"), _("清单"), _("责任人"), _("完成时限"), _("逾期")],
            rows,
        )


class ReportForm(ServiceForm):
    class Meta:
        model = UnitReport
        fields = ["unit", "year", "half", "submitted_on", "summary"]

    def run_service(self, data):
        return services.unit_report_save(actor=self.request.user, **data)


@register(UnitReport, site=site)
class UnitReportAdmin(TwonewAdmin):
    form = ReportForm
    list_display = ["unit", "year", "half", "submitted_on"]
    list_filter = ["year", "half"]
    list_select_related = ["unit"]
    actions_list = ["missing"]

    def object_path(self, obj):
        return obj.unit.organization.path

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["unit", "year", "half", "submitted_on", "summary"]

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("未报半年报告"),
        url_path="missing",
        icon="report",
    )
    def missing(self, request):
        (year, half), units = selectors.units_missing_report(dt.date.today())
        rows = [
            {
                "url": reverse("admin:grassroots_jointmemberunit_change", args=[u.pk]),
                "cells": [u.name, u.organization.name, u.officer or "—"],
            }
            for u in units
        ]
        half_name = _("上半年") if half == 1 else _("下半年")
        return table(
            self,
            request,
            _("未报%(y)d年%(h)s报告的成员单位") % {"y": year, "h": half_name},
            [_("成员单位"), _("牵头党组织"), _("信息员")],
            rows,
            intro=_("成员单位每半年至少报告一次（参照广东两新组织党工委工作规则）。"),
        )


@register(CoverageReport, site=site)
class CoverageReportAdmin(TwonewAdmin):
    list_display = ["organization", "as_of", "made_at", "made_by"]
    list_select_related = ["organization"]
    add_allowed = False
    readonly_fields = ["organization", "as_of", "summary", "made_by"]
    fields = ["organization", "as_of", "summary", "made_by"]

    @display(description=_("统计数据"))
    def summary(self, obj):
        from zugong.grassroots.admin.twonew_pages import NUMBER_LABELS, RATE_LABELS

        totals = (obj.figures or {}).get("totals", {})
        parts = [f"{label}：{totals.get(name, 0)}" for name, label in NUMBER_LABELS.items()]
        parts += [f"{label}：{totals.get(name) or '—'}%" for name, label in RATE_LABELS.items()]
        return "；".join(str(p) for p in parts)

    def object_path(self, obj):
        return obj.organization.path

    def has_change_permission(self, request, obj=None):
        return False
