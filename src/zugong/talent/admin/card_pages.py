"""The talent card's pages, mixed into the ModelAdmins: cards in the renewal window
(admin:talent_talentcard_expiring), the figures by tier (admin:talent_talentcard_figures),
the verification page (admin:talent_talentcard_verify_page) and the overdue service
requests of the entitlement clock (admin:talent_servicerequest_overdue)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminTextareaWidget, UnfoldAdminTextInputWidget

from zugong.core import authz
from zugong.core.admin.base import action
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.core.exports import download_requested, xlsx_response
from zugong.talent import capabilities as caps
from zugong.talent.rules import card as rules
from zugong.talent.selectors import card as selectors
from zugong.talent.services import card_verify as verify

VIEW = caps.VIEW_TALENT
LIST_LIMIT = 2000


def today() -> dt.date:
    return dt.date.today()


def _table(model_admin, request, *, title, headers, rows, intro, empty, source="", export=False):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "intro": intro,
        "headers": headers,
        "rows": rows[:LIST_LIMIT],
        "count": len(rows),
        "empty": empty,
        "source": source,
        "can_export": export and authz.holds(request, (VIEW, EXPORT)),
    }
    return TemplateResponse(request, "talent/card_table.html", context)


class VerifyForm(forms.Form):
    payload = forms.CharField(
        label=_("二维码内容"), max_length=500, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3})
    )
    unit = forms.CharField(
        label=_("核验单位"), max_length=100, required=False, widget=UnfoldAdminTextInputWidget
    )


class CardPages:
    @action(capability=VIEW, description=_("即将到期"), url_path="expiring", icon="alarm")
    def expiring(self, request):
        now = today()
        cards = list(selectors.expiring_cards(now))
        return _table(
            self,
            request,
            title=_("进入续期期的人才卡"),
            intro=_("有效期在%(n)d天内届满的人才卡，持卡人可办理续期。")
            % {"n": rules.renew_before_days()},
            headers=[
                _("卡号"),
                _("持卡人"),
                _("类别"),
                _("乡镇（街道）"),
                _("有效期至"),
                _("剩余天数"),
            ],
            rows=[
                {
                    "cells": [
                        c.number,
                        c.talent.person.name,
                        c.tier.name,
                        c.talent.township.name,
                        c.valid_until.isoformat(),
                        (c.valid_until - now).days,
                    ],
                    "url": reverse("admin:talent_talentcard_change", args=[c.pk]),
                }
                for c in cards
            ],
            empty=_("没有即将到期的人才卡"),
            source=rules.RENEW_BEFORE_DAYS.source,
        )

    @action(capability=VIEW, description=_("分类统计"), url_path="figures", icon="bar_chart")
    def figures(self, request):
        rows = selectors.figures_by_tier(today())
        return _table(
            self,
            request,
            title=_("人才卡分类统计"),
            intro=_("按人才卡类别统计主卡状态、有效附卡和逾期未办结的服务事项。"),
            headers=[
                _("类别"),
                _("合计"),
                _("审核中"),
                _("有效"),
                _("已过期"),
                _("挂失、失效或未通过"),
                _("有效附卡"),
                _("逾期服务事项"),
            ],
            rows=[
                {
                    "cells": [
                        r["tier"].name,
                        r["total"],
                        r["applied"],
                        r["valid"],
                        r["expired"],
                        r["ended"],
                        r["dependants"],
                        r["overdue"],
                    ]
                }
                for r in rows
            ],
            empty=_("还没有人才卡类别"),
        )

    @action(
        capability=caps.VERIFY_CARD,
        description=_("核验人才卡"),
        url_path="verify",
        icon="qr_code_scanner",
    )
    def verify_page(self, request):
        form = VerifyForm(request.POST or None)
        answer = None
        if request.method == "POST" and form.is_valid():
            try:
                answer = verify.card_verify(actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                form.add_error(None, error.message)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("核验人才卡"),
            "form": form,
            "answer": answer,
        }
        return TemplateResponse(request, "talent/card_verify.html", context)


OVERDUE_HEADERS = [
    _("服务事项"),
    _("持卡人"),
    _("类别"),
    _("乡镇（街道）"),
    _("承办单位"),
    _("提交日期"),
    _("办理期限"),
    _("逾期天数"),
    _("状态"),
]


def _overdue_cells(r, now) -> list:
    return [
        r.entitlement.name,
        r.card.talent.person.name,
        r.card.tier.name,
        r.card.talent.township.name,
        r.handling_unit,
        r.submitted_on.isoformat(),
        r.due_on.isoformat(),
        selectors.days_overdue(r, now),
        r.get_status_display(),
    ]


class RequestPages:
    @action(capability=VIEW, description=_("逾期未办结"), url_path="overdue", icon="event_busy")
    def overdue(self, request):
        download = download_requested(request, VIEW)
        now = today()
        rows = list(selectors.overdue_requests(now))
        if download:
            return xlsx_response(
                OVERDUE_HEADERS,
                [16, 10, 8, 14, 22, 12, 12, 10, 10],
                (_overdue_cells(r, now) for r in rows),
                "逾期未办结的人才服务事项.xlsx",
                "逾期服务事项",
                what="talent.services_overdue",
                action=caps.TALENT_EXPORTED,
            )
        return _table(
            self,
            request,
            title=_("逾期未办结的人才服务事项"),
            intro=_(
                "已过办理期限（提交日加服务事项的办理时限，按工作日计）仍未办结的事项，逾期最久的在前。"
            ),
            headers=OVERDUE_HEADERS,
            rows=[
                {
                    "cells": _overdue_cells(r, now),
                    "url": reverse("admin:talent_servicerequest_change", args=[r.pk]),
                }
                for r in rows
            ],
            empty=_("没有逾期未办结的服务事项"),
            source=rules.SERVICE_LIMIT_IN_WORKDAYS.source,
            export=True,
        )
