"""Back office of the talent portal's accounts: registrations waiting for the talent
office, approval or refusal with a reason, disabling, and an account the office opens
for a talent it keeps (the first login replaces the password). Sidebar group 46."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminPasswordWidget, UnfoldAdminTextInputWidget

from zugong.core.admin.base import CapabilityAdmin, action, form_action
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.models import AccountStatus, PortalAccount
from zugong.talent.services import portal as services

MANAGE = caps.MANAGE_ACCOUNTS


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, widget=UnfoldAdminTextInputWidget)


class OpenForm(forms.Form):
    id_number = forms.CharField(
        label=_("人才的公民身份号码"),
        max_length=18,
        widget=UnfoldAdminTextInputWidget,
        help_text=_("须是人才库中、您的数据范围内的人才"),
    )
    username = forms.CharField(label=_("登录名"), max_length=30, widget=UnfoldAdminTextInputWidget)
    password = forms.CharField(
        label=_("初始密码"),
        widget=UnfoldAdminPasswordWidget,
        help_text=_("告知本人；首次登录时须改为只有本人知道的密码"),
    )


def _open_account(actor, id_number: str, username: str, password: str):
    from zugong.core import crypto, idnumber
    from zugong.talent.models import Talent

    info = idnumber.parse(id_number, field="id_number")
    talent = (
        Talent.objects.filter(person__id_number_hash=crypto.keyed_hash(info.number))
        .select_related("person", "township")
        .first()
    )
    if talent is None:
        raise ApplicationError(
            _("您的数据范围内的人才库中没有此公民身份号码的人才"), field="id_number"
        )
    return services.account_open(actor=actor, talent=talent, username=username, password=password)


@register(PortalAccount, site=site)
class PortalAccountAdmin(CapabilityAdmin):
    view_capability = MANAGE
    change_capability = ""
    add_allowed = False
    list_display = [
        "talent",
        "username",
        "township",
        "status_badge",
        "self_registered",
        "registered_at",
    ]
    list_filter = ["status", "self_registered"]
    search_fields = ["talent__person__name", "talent__name_pinyin", "user__username"]
    list_select_related = ["talent__person", "talent__township", "user"]
    readonly_fields = [
        "talent",
        "user",
        "status",
        "self_registered",
        "registered_at",
        "decided_at",
        "decided_by",
        "refused_reason",
    ]
    fields = readonly_fields
    actions = ["approve_selected"]
    actions_list = ["open_account"]
    actions_detail = ["approve", "refuse", "disable"]

    def object_path(self, obj):
        return obj.talent.township.path

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("talent__person", "talent__township", "user")
        )

    @display(description=_("登录名"))
    def username(self, obj):
        return obj.user.username

    @display(description=_("乡镇（街道）"))
    def township(self, obj):
        return obj.talent.township.name

    @display(
        description=_("状态"),
        label={
            AccountStatus.PENDING: "warning",
            AccountStatus.ACTIVE: "success",
            AccountStatus.REFUSED: "danger",
            AccountStatus.DISABLED: "info",
        },
    )
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    def _back(self, account):
        return reverse("admin:talent_portalaccount_change", args=[account.pk])

    @action(
        capability=MANAGE, description=_("审核通过并开通"), url_path="approve", icon="how_to_reg"
    )
    def approve(self, request, object_id):
        account = get_scoped_or_404(
            PortalAccount.objects.select_related("talent__township", "user"), pk=object_id
        )
        if request.method != "POST":
            return form_action(
                self,
                request,
                obj=account,
                form=forms.Form(),
                call=lambda: None,
                title=_("开通人才平台账号：%(n)s") % {"n": account.talent},
                intro=_("核实身份后开通，本人即可登录人才服务平台办理本人事项。"),
                done="",
                success_url=self._back(account),
            )
        try:
            services.account_approve(actor=request.user, account=account)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("账号已开通"))
        return redirect(self._back(account))

    @action(capability=MANAGE, description=_("不予通过"), url_path="refuse", icon="block")
    def refuse(self, request, object_id):
        account = get_scoped_or_404(
            PortalAccount.objects.select_related("talent__township", "user"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=account,
            form=ReasonForm(request.POST or None),
            call=lambda reason: services.account_refuse(
                actor=request.user, account=account, reason=reason
            ),
            title=_("不予通过：%(n)s") % {"n": account.talent},
            done=_("已不予通过"),
            success_url=self._back(account),
        )

    @action(capability=MANAGE, description=_("停用账号"), url_path="disable", icon="person_off")
    def disable(self, request, object_id):
        account = get_scoped_or_404(
            PortalAccount.objects.select_related("talent__township", "user"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=account,
            form=ReasonForm(request.POST or None),
            call=lambda reason: services.account_disable(
                actor=request.user, account=account, reason=reason
            ),
            title=_("停用账号：%(n)s") % {"n": account.talent},
            done=_("账号已停用"),
            success_url=self._back(account),
        )

    @action(capability=MANAGE, description=_("为人才开通账号"), url_path="open", icon="person_add")
    def open_account(self, request):
        return form_action(
            self,
            request,
            obj=None,
            form=OpenForm(request.POST or None),
            call=lambda **d: _open_account(request.user, **d),
            title=_("为人才库中的人才开通平台账号"),
            intro=_("开通后本人用此登录名和初始密码登录人才服务平台，首次登录须修改密码。"),
            done=_("账号已开通"),
            success_url=reverse("admin:talent_portalaccount_changelist"),
        )

    @action(capability=MANAGE, description=_("批量审核通过"))
    def approve_selected(self, request, queryset):
        done = 0
        for account in queryset.filter(status=AccountStatus.PENDING).select_related(
            "talent__township", "user"
        ):
            try:
                services.account_approve(actor=request.user, account=account)
                done += 1
            except ApplicationError as error:
                messages.error(request, f"{account.talent}：{error.message}")
        messages.success(request, _("已开通%(n)d个账号") % {"n": done})


def sidebar_accounts() -> dict:
    return {
        "title": _("人才工作·服务平台账号"),
        "items": [
            item(_("平台账号审核"), "how_to_reg", "admin:talent_portalaccount_changelist", MANAGE),
        ],
    }


register_sidebar_group(46, sidebar_accounts)
