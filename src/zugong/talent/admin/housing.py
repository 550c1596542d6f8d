"""Back office of talent housing (人才公寓): apartments with their rooms, applications
with each condition shown and the steps (decide, allocate), the waiting list, vacant
rooms, leases with their re-reviews (review, exit), reviews due and leases ending. The
sidebar group is order 43."""

from __future__ import annotations

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldBooleanSwitchWidget,
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
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.admin.card import TownshipFilter
from zugong.talent.admin.card_pages import today
from zugong.talent.models import (
    Apartment,
    HousingApplication,
    Lease,
    LeaseReview,
    Room,
)
from zugong.talent.rules import housing as rules
from zugong.talent.selectors import housing as selectors
from zugong.talent.services import housing as services

VIEW, CHANGE, MANAGE = caps.VIEW_TALENT, caps.CHANGE_TALENT, caps.MANAGE_HOUSING


def _table(model_admin, request, *, title, headers, rows, intro, empty, source=""):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "intro": intro,
        "headers": headers,
        "rows": rows,
        "count": len(rows),
        "empty": empty,
        "source": source,
    }
    return TemplateResponse(request, "talent/card_table.html", context)


class ApartmentForm(ServiceForm):
    class Meta:
        model = Apartment
        fields = ["township", "name", "address"]

    def run_service(self, data):
        return services.apartment_save(
            actor=self.request.user, apartment=self.instance if self.instance.pk else None, **data
        )


class RoomInline(ReadOnlyInline):
    model = Room
    fields = ["number", "layout", "area", "monthly_rent", "out_of_service"]


class RoomForm(ServiceForm):
    class Meta:
        model = Room
        fields = ["apartment", "number", "layout", "area", "monthly_rent", "out_of_service"]

    def run_service(self, data):
        return services.room_save(
            actor=self.request.user, room=self.instance if self.instance.pk else None, **data
        )


@register(Apartment, site=site)
class ApartmentAdmin(RequestFormMixin, CapabilityAdmin):
    form = ApartmentForm
    view_capability, change_capability = VIEW, MANAGE
    list_display = ["name", "township", "address"]
    search_fields = ["name", "address"]
    list_select_related = ["township"]
    autocomplete_fields = ["township"]
    inlines = [RoomInline]
    actions_list = ["vacant"]

    def object_path(self, obj):
        return obj.township.path

    @action(capability=VIEW, description=_("空置房间"), url_path="vacant", icon="meeting_room")
    def vacant(self, request):
        rooms = list(selectors.vacant_rooms(today()))
        return _table(
            self,
            request,
            title=_("今日空置的人才公寓房间"),
            intro=_("未暂停使用、今日无人租住的房间。"),
            headers=[_("公寓"), _("房号"), _("户型"), _("面积（平方米）"), _("月租金（元）")],
            rows=[
                {
                    "cells": [r.apartment.name, r.number, r.layout, r.area, r.monthly_rent],
                    "url": reverse("admin:talent_room_change", args=[r.pk]),
                }
                for r in rooms
            ],
            empty=_("没有空置房间"),
        )


@register(Room, site=site)
class RoomAdmin(RequestFormMixin, CapabilityAdmin):
    form = RoomForm
    view_capability, change_capability = VIEW, MANAGE
    list_display = ["apartment", "number", "layout", "area", "monthly_rent", "out_of_service"]
    list_filter = ["out_of_service", "layout"]
    search_fields = ["number", "apartment__name"]
    list_select_related = ["apartment"]
    autocomplete_fields = ["apartment"]

    def object_path(self, obj):
        return obj.apartment.township.path


class ApplicationForm(ServiceForm):
    class Meta:
        model = HousingApplication
        fields = [
            "talent",
            "employer",
            "employer_in_district",
            "insurance_months",
            "owns_housing",
            "household",
        ]

    def run_service(self, data):
        if self.instance.pk:
            return self.instance  # an application moves by its steps
        return services.housing_apply(actor=self.request.user, **data)


class AllocateForm(forms.Form):
    room = forms.ModelChoiceField(
        label=_("房间"), queryset=Room.objects.none(), widget=UnfoldAdminSelectWidget
    )
    starts_on = forms.DateField(label=_("起租日期"), widget=UnfoldAdminSingleDateWidget)
    ends_on = forms.DateField(label=_("租期届满"), widget=UnfoldAdminSingleDateWidget)
    occupants = forms.CharField(
        label=_("共同居住人"),
        required=False,
        help_text=_("每行一人：姓名 关系"),
        widget=UnfoldAdminTextareaWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = selectors.vacant_rooms(today())


class ConfirmForm(forms.Form):
    pass


@register(HousingApplication, site=site)
class HousingApplicationAdmin(RequestFormMixin, CapabilityAdmin):
    form = ApplicationForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["talent", "township", "submitted_on", "status", "queued_on", "by_portal"]
    list_filter = ["status", TownshipFilter, "by_portal"]
    search_fields = ["talent__person__name", "talent__name_pinyin", "employer"]
    list_select_related = ["talent__person", "talent__township"]
    autocomplete_fields = ["talent"]
    actions_list = ["waiting"]
    actions_detail = ["decide", "allocate"]

    def object_path(self, obj):
        return obj.talent.township.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            *ApplicationForm.Meta.fields,
            "submitted_on",
            "status",
            "conditions",
            "queued_on",
            "decided_on",
            "refused_reason",
        ]

    @display(description=_("乡镇（街道）"))
    def township(self, obj):
        return obj.talent.township.name

    @display(description=_("资格审查"))
    def conditions(self, obj):
        items = [c for c in obj.eligibility or []]
        if not items:
            return "—"
        return format_html_join(
            "",
            "<div>{} {}</div>",
            (("✔" if c["met"] else "✘", c["reason"]) for c in items),
        )

    def _application(self, object_id):
        return get_scoped_or_404(
            HousingApplication.objects.select_related("talent__person", "talent__township"),
            pk=object_id,
        )

    @action(capability=MANAGE, description=_("资格审查"), url_path="decide", icon="fact_check")
    def decide(self, request, object_id):
        application = self._application(object_id)
        return form_action(
            self,
            request,
            obj=application,
            form=ConfirmForm(request.POST if request.method == "POST" else None),
            call=lambda **d: services.housing_decide(actor=request.user, application=application),
            title=_("人才公寓资格审查：%(n)s") % {"n": application.talent.person.name},
            intro=_(
                "按学历、工作单位、社保缴纳和住房情况审查；符合条件的进入轮候，不符合的列明原因。"
            ),
            done=_("已完成资格审查"),
            success_url=reverse("admin:talent_housingapplication_change", args=[application.pk]),
        )

    @action(capability=MANAGE, description=_("配租"), url_path="allocate", icon="key")
    def allocate(self, request, object_id):
        application = self._application(object_id)
        return form_action(
            self,
            request,
            obj=application,
            form=AllocateForm(request.POST or None),
            call=lambda **d: services.housing_allocate(
                actor=request.user, application=application, **d
            ),
            title=_("配租：%(n)s") % {"n": application.talent.person.name},
            intro=_("租期最长%(y)d年；起租后每%(m)d个月复核一次资格。")
            % {"y": rules.max_lease_years(), "m": rules.review_every_months()},
            done=_("已配租"),
            success_url=reverse("admin:talent_housingapplication_change", args=[application.pk]),
        )

    @action(
        capability=VIEW, description=_("轮候名单"), url_path="waiting", icon="format_list_numbered"
    )
    def waiting(self, request):
        rows = list(selectors.waiting_list())
        return _table(
            self,
            request,
            title=_("人才公寓轮候名单"),
            intro=_("资格审查通过、等待配租的申请，按进入轮候的先后排列。"),
            headers=[
                _("顺序"),
                _("申请人"),
                _("乡镇（街道）"),
                _("工作单位"),
                _("共同居住人数"),
                _("进入轮候日期"),
            ],
            rows=[
                {
                    "cells": [
                        i,
                        a.talent.person.name,
                        a.talent.township.name,
                        a.employer,
                        a.household,
                        a.queued_on.isoformat(),
                    ],
                    "url": reverse("admin:talent_housingapplication_change", args=[a.pk]),
                }
                for i, a in enumerate(rows, 1)
            ],
            empty=_("轮候名单为空"),
        )


class ReviewInline(ReadOnlyInline):
    model = LeaseReview
    fields = ["reviewed_on", "eligible", "note"]


class LeaseReviewForm(forms.Form):
    eligible = forms.BooleanField(
        label=_("仍符合条件"), required=False, initial=True, widget=UnfoldBooleanSwitchWidget
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=150,
        help_text=_("不再符合条件时必须填写"),
        widget=UnfoldAdminTextInputWidget,
    )


class ExitForm(forms.Form):
    on = forms.DateField(label=_("退租日期"), widget=UnfoldAdminSingleDateWidget)
    reason = forms.CharField(label=_("退租原因"), max_length=200, widget=UnfoldAdminTextInputWidget)


@register(Lease, site=site)
class LeaseAdmin(CapabilityAdmin):
    view_capability = VIEW
    add_allowed = False
    list_display = ["room", "tenant", "starts_on", "ends_on", "next_review_on", "exited_on"]
    list_filter = ["exited_on"]
    search_fields = ["application__talent__person__name", "room__number", "room__apartment__name"]
    list_select_related = ["room__apartment", "application__talent__person"]
    inlines = [ReviewInline]
    actions_list = ["reviews_due", "ending"]
    actions_detail = ["review", "exit"]

    def object_path(self, obj):
        return obj.application.talent.township.path

    def get_readonly_fields(self, request, obj=None):
        return [
            "application",
            "room",
            "starts_on",
            "ends_on",
            "occupants",
            "next_review_on",
            "exited_on",
            "exit_reason",
        ]

    @display(description=_("承租人"))
    def tenant(self, obj):
        return obj.application.talent.person.name

    def _lease(self, object_id):
        return get_scoped_or_404(
            Lease.objects.select_related("application__talent__township", "room__apartment"),
            pk=object_id,
        )

    def _step(self, request, lease, *, form, call, title, done):
        return form_action(
            self,
            request,
            obj=lease,
            form=form,
            call=call,
            title=title % {"r": str(lease.room)},
            done=done,
            success_url=reverse("admin:talent_lease_change", args=[lease.pk]),
        )

    @action(capability=MANAGE, description=_("资格复核"), url_path="review", icon="fact_check")
    def review(self, request, object_id):
        lease = self._lease(object_id)
        return self._step(
            request,
            lease,
            form=LeaseReviewForm(request.POST or None, initial={"eligible": True}),
            call=lambda **d: services.lease_review(actor=request.user, lease=lease, **d),
            title=_("资格复核：%(r)s"),
            done=_("已记录资格复核"),
        )

    @action(capability=MANAGE, description=_("退租"), url_path="exit", icon="logout")
    def exit(self, request, object_id):
        lease = self._lease(object_id)
        return self._step(
            request,
            lease,
            form=ExitForm(request.POST or None),
            call=lambda **d: services.lease_exit(actor=request.user, lease=lease, **d),
            title=_("退租：%(r)s"),
            done=_("已退租"),
        )

    def _lease_table(self, request, rows, *, title, intro, empty, date_label, date_of, source=""):
        return _table(
            self,
            request,
            title=title,
            intro=intro,
            headers=[
                _("房间"),
                _("承租人"),
                _("乡镇（街道）"),
                _("起租日期"),
                _("租期届满"),
                date_label,
            ],
            rows=[
                {
                    "cells": [
                        str(lease.room),
                        lease.application.talent.person.name,
                        lease.application.talent.township.name,
                        lease.starts_on.isoformat(),
                        lease.ends_on.isoformat(),
                        date_of(lease).isoformat(),
                    ],
                    "url": reverse("admin:talent_lease_change", args=[lease.pk]),
                }
                for lease in rows
            ],
            empty=empty,
            source=source,
        )

    @action(
        capability=VIEW, description=_("待复核"), url_path="reviews-due", icon="pending_actions"
    )
    def reviews_due(self, request):
        return self._lease_table(
            request,
            list(selectors.reviews_due(today())),
            title=_("待资格复核的租赁"),
            intro=_("下次资格复核日期已到或在%(d)d天内的租赁。")
            % {"d": selectors.REVIEW_AHEAD_DAYS},
            empty=_("没有待复核的租赁"),
            date_label=_("下次资格复核"),
            date_of=lambda lease: lease.next_review_on,
            source=rules.REVIEW_EVERY_MONTHS.source,
        )

    @action(capability=VIEW, description=_("即将到期"), url_path="ending", icon="alarm")
    def ending(self, request):
        return self._lease_table(
            request,
            list(selectors.leases_ending(today())),
            title=_("即将到期的租赁"),
            intro=_("租期在%(d)d天内届满（或已届满未退租）的租赁。")
            % {"d": selectors.ENDING_AHEAD_DAYS},
            empty=_("没有即将到期的租赁"),
            date_label=_("租期届满"),
            date_of=lambda lease: lease.ends_on,
        )


def sidebar_housing() -> dict:
    return {
        "title": _("人才工作·人才公寓"),
        "items": [
            item(_("人才公寓"), "apartment", "admin:talent_apartment_changelist", VIEW),
            item(_("房间"), "meeting_room", "admin:talent_room_changelist", VIEW),
            item(_("空置房间"), "door_open", "admin:talent_apartment_vacant", VIEW),
            item(_("公寓申请"), "assignment", "admin:talent_housingapplication_changelist", VIEW),
            item(
                _("轮候名单"),
                "format_list_numbered",
                "admin:talent_housingapplication_waiting",
                VIEW,
            ),
            item(_("租赁"), "key", "admin:talent_lease_changelist", VIEW),
            item(_("待复核"), "pending_actions", "admin:talent_lease_reviews_due", VIEW),
            item(_("即将到期"), "alarm", "admin:talent_lease_ending", VIEW),
        ],
    }


register_sidebar_group(43, sidebar_housing)
