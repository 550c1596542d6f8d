"""Young-cadre pool, secondments, and the dossier (materials and loans)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import rules, selectors
from zugong.cadres.admin.base import CadreRowAdmin, table_page
from zugong.cadres.models import DossierLoan, DossierMaterial, Secondment, YoungCadreEntry
from zugong.cadres.services import pool as services
from zugong.core.admin.base import ServiceForm, action, form_action
from zugong.core.admin.site import site

DATE = UnfoldAdminSingleDateWidget


class YoungForm(ServiceForm):
    class Meta:
        model = YoungCadreEntry
        fields = ["cadre", "entered_on", "source", "evaluation", "follow_up"]

    def run_service(self, data):
        return services.young_enter(actor=self.request.user, cadre=data["cadre"], data=dict(data))


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(
        label=_("跟踪培养情况"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=YoungCadreEntry.Status.choices, widget=UnfoldAdminSelectWidget
    )
    left_on = forms.DateField(label=_("出库时间"), required=False, widget=DATE)


@register(YoungCadreEntry, site=site)
class YoungAdmin(CadreRowAdmin):
    form = YoungForm
    list_display = ["cadre", "entered_on", "source", "status", "left_on"]
    list_filter = ["status", "source"]
    actions_detail = ["follow"]

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("跟踪培养"),
        url_path="follow",
        icon="trending_up",
    )
    def follow(self, request, object_id):
        entry = self.row_for_change(request, YoungCadreEntry, object_id)
        return form_action(
            self,
            request,
            obj=entry,
            form=FollowUpForm(request.POST or None, initial={"status": entry.status}),
            call=lambda **data: services.young_follow_up(actor=request.user, entry=entry, **data),
            title=_("跟踪培养：%(n)s") % {"n": entry.cadre.person.name},
            done=_("已记录"),
            success_url=reverse("admin:cadres_youngcadreentry_change", args=[entry.pk]),
            intro=rules.YOUNG_AGE_LINES.source,
        )


class SecondmentForm(ServiceForm):
    class Meta:
        model = Secondment
        fields = ["cadre", "kind", "place", "post", "started_on", "ends_on"]

    def run_service(self, data):
        return services.secondment_start(
            actor=self.request.user, cadre=data["cadre"], data=dict(data)
        )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("实际结束时间"), initial=dt.date.today, widget=DATE)
    evaluation = forms.CharField(
        label=_("期满鉴定"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )


@register(Secondment, site=site)
class SecondmentAdmin(CadreRowAdmin):
    form = SecondmentForm
    list_display = ["cadre", "kind", "place", "post", "started_on", "ends_on", "returned_on"]
    list_filter = ["kind"]
    actions_list = ["expiring"]
    actions_detail = ["come_back"]

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("期满结束"),
        url_path="return",
        icon="keyboard_return",
    )
    def come_back(self, request, object_id):
        record = self.row_for_change(request, Secondment, object_id)
        return form_action(
            self,
            request,
            obj=record,
            form=ReturnForm(request.POST or None),
            call=lambda **data: services.secondment_return(
                actor=request.user, secondment=record, **data
            ),
            title=_("挂职结束：%(n)s") % {"n": record.cadre.person.name},
            done=_("已登记"),
            success_url=reverse("admin:cadres_secondment_change", args=[record.pk]),
        )

    @action(
        capability=caps.VIEW_CADRE, description=_("即将期满"), url_path="expiring", icon="alarm"
    )
    def expiring(self, request):
        today = dt.date.today()
        rows = [
            {
                "url": reverse("admin:cadres_secondment_change", args=[s.pk]),
                "cells": [
                    s.cadre.person.name,
                    s.get_kind_display(),
                    s.place,
                    s.post,
                    s.ends_on,
                    _("已超期%(n)d天") % {"n": (today - s.ends_on).days}
                    if s.ends_on < today
                    else _("还有%(n)d天") % {"n": (s.ends_on - today).days},
                ],
            }
            for s in selectors.expiring_secondments(30, today)
        ]
        return table_page(
            self,
            request,
            _("30天内期满或已超期未结束的挂职、墩苗、驻村"),
            [_("姓名"), _("类别"), _("单位"), _("挂任职务"), _("期满时间"), _("提示")],
            rows,
        )


class MaterialForm(ServiceForm):
    class Meta:
        model = DossierMaterial
        fields = ["cadre", "category", "title", "formed_on", "received_on", "pages", "sent_by"]

    def run_service(self, data):
        return services.dossier_receive(
            actor=self.request.user, cadre=data["cadre"], data=dict(data)
        )


@register(DossierMaterial, site=site)
class MaterialAdmin(CadreRowAdmin):
    form = MaterialForm
    list_display = ["cadre", "category", "title", "formed_on", "received_on", "pages", "sent_by"]
    list_filter = ["category"]


class LoanForm(ServiceForm):
    class Meta:
        model = DossierLoan
        fields = [
            "cadre",
            "borrower",
            "borrower_unit",
            "purpose",
            "approved_by",
            "lent_on",
            "due_on",
        ]

    def run_service(self, data):
        return services.dossier_lend(actor=self.request.user, cadre=data["cadre"], data=dict(data))


class LoanReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("归还日期"), initial=dt.date.today, widget=DATE)


@register(DossierLoan, site=site)
class LoanAdmin(CadreRowAdmin):
    form = LoanForm
    list_display = [
        "cadre",
        "borrower",
        "borrower_unit",
        "approved_by",
        "lent_on",
        "due_on",
        "returned_on",
    ]
    actions_list = ["overdue"]
    actions_detail = ["give_back"]

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("归还"),
        url_path="return",
        icon="assignment_return",
    )
    def give_back(self, request, object_id):
        loan = self.row_for_change(request, DossierLoan, object_id)
        return form_action(
            self,
            request,
            obj=loan,
            form=LoanReturnForm(request.POST or None),
            call=lambda **data: services.dossier_return(actor=request.user, loan=loan, **data),
            title=_("档案归还：%(n)s") % {"n": loan.cadre.person.name},
            done=_("已登记归还"),
            success_url=reverse("admin:cadres_dossierloan_change", args=[loan.pk]),
        )

    @action(
        capability=caps.VIEW_CADRE,
        description=_("逾期未还"),
        url_path="overdue",
        icon="assignment_late",
    )
    def overdue(self, request):
        today = dt.date.today()
        rows = [
            {
                "url": reverse("admin:cadres_dossierloan_change", args=[loan.pk]),
                "cells": [
                    loan.cadre.person.name,
                    loan.borrower,
                    loan.borrower_unit,
                    loan.approved_by,
                    loan.due_on,
                    _("逾期%(n)d天") % {"n": (today - loan.due_on).days},
                ],
            }
            for loan in selectors.overdue_loans(today)
        ]
        return table_page(
            self,
            request,
            _("逾期未归还的干部档案"),
            [_("档案"), _("借阅人"), _("借阅单位"), _("审批人"), _("应归还日期"), _("逾期")],
            rows,
        )
