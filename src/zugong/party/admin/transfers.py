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

from zugong.core import authz
from zugong.core.admin.base import (
    CapabilityAdmin,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import organization_paths
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.models import (
    FloatingRecord,
    Transfer,
)
from zugong.party.services import transfers as transfer_services


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

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "member",
                "to_organization_code",
                "outside_organization",
                "letter_no",
                "issued_on",
                "note",
            ]
        return [
            "member",
            "kind",
            "from_organization",
            "to_organization",
            "outside_organization",
            "letter_no",
            "issued_on",
            "status",
            "received_on",
            "note",
            "recorded_by",
        ]

    def get_readonly_fields(self, request, obj=None):
        # A transfer, once issued, changes only by being received or cancelled.
        return self.get_fields(request, obj) if obj is not None else []

    # What the user may do with this transfer: the buttons shown and the pages opened.
    def may_receive(self, request, transfer: Transfer) -> bool:
        """Only the receiving side confirms (the sending side for a transfer out of the
        district, recording the receipt), and only while the letter is outstanding."""
        side = transfer.to_organization or transfer.from_organization
        return transfer.status == Transfer.Status.ISSUED and authz.holds(
            request, caps.CHANGE_MEMBER, side.path
        )

    def may_cancel(self, request, transfer: Transfer) -> bool:
        """The sending side withdraws, the receiving side returns, while outstanding."""
        sides = [o for o in (transfer.from_organization, transfer.to_organization) if o]
        return transfer.status == Transfer.Status.ISSUED and any(
            authz.holds(request, caps.CHANGE_MEMBER, side.path) for side in sides
        )

    def get_actions_detail(self, request, object_id):
        # Each action is decided here for either side of the transfer (may_receive,
        # may_cancel), not by the single path of CapabilityAdmin's generic check.
        actions = super(CapabilityAdmin, self).get_actions_detail(request, object_id)
        transfer = (
            Transfer.objects.select_related("from_organization", "to_organization")
            .filter(pk=object_id)
            .first()
        )
        checks = {"receive": self.may_receive, "cancel": self.may_cancel}
        return [
            a
            for a in actions
            if a.method.__name__ not in checks
            or (transfer is not None and checks[a.method.__name__](request, transfer))
        ]

    @display(description=_("去向"))
    def destination(self, obj):
        return obj.to_organization.name if obj.to_organization else obj.outside_organization

    def _action_form(self, request, object_id, form_class, service, title, done, allowed):
        transfer = get_scoped_or_404(
            Transfer.objects.select_related(
                "member__person", "from_organization", "to_organization"
            ),
            pk=object_id,
        )
        if transfer.status != Transfer.Status.ISSUED:
            messages.error(
                request, _("这次转接%(s)s，不能再办理") % {"s": transfer.get_status_display()}
            )
            return redirect(reverse("admin:party_transfer_change", args=[transfer.pk]))
        if not allowed(request, transfer):
            raise PermissionDenied(
                _("您不能办理这次转接：确认接收由转入方办理，撤回或退回由转出方或转入方办理")
            )
        return form_action(
            self,
            request,
            obj=transfer,
            form=form_class(request.POST or None),
            call=lambda **data: service(actor=request.user, transfer=transfer, **data),
            title=title % {"n": transfer.member.person.name},
            done=done,
            success_url=reverse("admin:party_transfer_change", args=[transfer.pk]),
        )

    @action(
        capability=caps.CHANGE_MEMBER,
        description=_("确认接收"),
        url_path="receive",
        icon="how_to_reg",
    )
    def receive(self, request, object_id):
        return self._action_form(
            request,
            object_id,
            ReceiveForm,
            transfer_services.transfer_receive,
            _("确认接收：%(n)s"),
            _("已接收，组织关系已转入"),
            self.may_receive,
        )

    @action(
        capability=caps.CHANGE_MEMBER, description=_("撤回或退回"), url_path="cancel", icon="undo"
    )
    def cancel(self, request, object_id):
        return self._action_form(
            request,
            object_id,
            CancelForm,
            transfer_services.transfer_cancel,
            _("撤回或退回：%(n)s"),
            _("已撤回或退回，党员仍在原党组织"),
            self.may_cancel,
        )

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("在途转接"),
        url_path="open",
        icon="local_shipping",
    )
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

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("党员状态提示"),
        url_path="flags",
        icon="notification_important",
    )
    def flags(self, request):
        rows = selectors.member_flags(dt.date.today())
        shown = rows[:2000]
        labels = organization_paths([row["member"].person.organization for row in shown])
        for row in shown:
            row["label"] = selectors.FLAG_LABELS[row["code"]]
            row["organization"] = labels[row["member"].person.organization_id]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": shown,
            "count": len(rows),
            "title": _("党员状态提示"),
        }
        return TemplateResponse(request, "party/admin/flags.html", context)


PLACE_CHOICES = [("", _("未核实")), ("true", _("是，地点相对固定")), ("false", _("否，流动不定"))]


class FloatingForm(ServiceForm):
    fixed_place = forms.TypedChoiceField(
        label=_("外出地点相对固定"),
        choices=PLACE_CHOICES,
        required=False,
        coerce=lambda value: value == "true",
        empty_value=None,
        widget=UnfoldAdminSelectWidget,
        help_text=_("外出6个月以上且地点相对固定的，应将组织关系转移到外出所在地党组织"),
    )

    class Meta:
        model = FloatingRecord
        fields = ["member", "destination", "since", "fixed_place", "note"]

    def run_service(self, data):
        return transfer_services.floating_register(
            actor=self.request.user,
            member=data["member"],
            destination=data["destination"],
            since=data["since"],
            fixed_place=data.get("fixed_place"),
            note=data.get("note", ""),
        )


class VerifyForm(forms.Form):
    fixed_place = forms.TypedChoiceField(
        label=_("外出地点相对固定"),
        choices=[
            ("", _("— 请选择 —")),
            ("1", _("是，应转移组织关系")),
            ("0", _("否，继续按流动党员管理")),
        ],
        coerce=lambda v: v == "1",
        widget=UnfoldAdminSelectWidget,
    )
    contacted_on = forms.DateField(
        label=_("联系日期"),
        widget=UnfoldAdminSingleDateWidget,
        help_text=_("据以核实外出地点的那次联系"),
    )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(
        label=_("返回日期"), initial=dt.date.today, widget=UnfoldAdminSingleDateWidget
    )


@register(FloatingRecord, site=site)
class FloatingRecordAdmin(RequestFormMixin, CapabilityAdmin):
    form = FloatingForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = [
        "member",
        "destination",
        "since",
        "fixed_place_label",
        "transfer_due",
        "until",
        "contact",
        "last_contact_on",
    ]
    list_filter = ["fixed_place"]
    search_fields = ["member__person__name", "destination"]
    autocomplete_fields = ["member"]
    list_select_related = ["member__person", "contact"]
    actions_detail = ["verify", "returned"]

    def object_path(self, obj):
        return obj.member.person.organization.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "destination", "since", "fixed_place", "note"]
        return [
            "member",
            "destination",
            "since",
            "fixed_place_label",
            "transfer_due",
            "until",
            "contact",
            "last_contact_on",
            "note",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    @display(description=_("外出地点相对固定"))
    def fixed_place_label(self, obj):
        return {True: _("是"), False: _("否")}.get(obj.fixed_place, _("未核实"))

    @display(description=_("应转移组织关系日期"))
    def transfer_due(self, obj):
        """Six months after leaving, for a place that is fairly fixed (or not verified)."""
        if obj.until is not None or obj.fixed_place is False:
            return "—"
        return rules.away_transfer_due(obj.since).isoformat()

    def get_actions_detail(self, request, object_id):
        # A record closed by the member's return takes no more steps.
        actions = super().get_actions_detail(request, object_id)
        record = FloatingRecord.objects.filter(pk=object_id).only("until").first()
        if record is None or record.until is not None:
            return []
        return actions

    def _floating_form(self, request, object_id, form, service, title, done):
        # The action runs with the scope narrowed to where CHANGE_MEMBER is held, so a
        # record the user only reads (or another township's) is 404 here already.
        record = get_scoped_or_404(
            FloatingRecord.objects.select_related("member__person__organization"), pk=object_id
        )
        if record.until is not None:
            messages.error(request, _("该外出登记已于%(d)s返回") % {"d": record.until})
            return redirect(reverse("admin:party_floatingrecord_change", args=[record.pk]))
        return form_action(
            self,
            request,
            obj=record,
            form=form(request.POST or None),
            call=lambda **data: service(actor=request.user, record=record, **data),
            title=title % {"n": record.member.person.name},
            done=done,
            success_url=reverse("admin:party_floatingrecord_change", args=[record.pk]),
        )

    @action(
        capability=caps.CHANGE_MEMBER,
        description=_("核实外出地点"),
        url_path="verify",
        icon="fact_check",
    )
    def verify(self, request, object_id):
        return self._floating_form(
            request,
            object_id,
            VerifyForm,
            transfer_services.floating_verify,
            _("核实外出地点：%(n)s"),
            _("已记录核实情况"),
        )

    @action(
        capability=caps.CHANGE_MEMBER,
        description=_("登记返回"),
        url_path="return",
        icon="keyboard_return",
    )
    def returned(self, request, object_id):
        return self._floating_form(
            request,
            object_id,
            ReturnForm,
            transfer_services.floating_return,
            _("登记返回：%(n)s"),
            _("已登记返回"),
        )
