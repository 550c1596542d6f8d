from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import register
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminPasswordWidget,
)

from zugong.core import capabilities as caps
from zugong.core.admin.base import CapabilityAdmin, RequestFormMixin, ServiceForm
from zugong.core.admin.site import site
from zugong.core.models import ApiToken, Role, RoleAssignment, TOTPDevice, User
from zugong.core.services import access as access_services


class UserForm(ServiceForm):
    new_password = forms.CharField(
        label=_("新密码"),
        required=False,
        widget=UnfoldAdminPasswordWidget(render_value=False),
        help_text=_("至少10位，含大写字母、小写字母、数字、符号中的至少3类；修改时留空表示不改"),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["new_password"].required = True
        else:
            self.fields["username"].disabled = True

    def run_service(self, data):
        actor = self.request.user
        if self.instance.pk is None:
            user = access_services.user_create(
                actor=actor,
                username=data["username"],
                full_name=data["full_name"],
                password=data["new_password"],
                email=data.get("email", ""),
            )
            if not data.get("is_active", True):
                access_services.user_update(
                    actor=actor,
                    user=user,
                    full_name=user.full_name,
                    email=user.email,
                    is_active=False,
                )
            return user
        user = User.objects.get(pk=self.instance.pk)
        access_services.user_update(
            actor=actor,
            user=user,
            full_name=data["full_name"],
            email=data.get("email", ""),
            is_active=data.get("is_active", False),
        )
        if data.get("new_password"):
            access_services.user_set_password(actor=actor, user=user, password=data["new_password"])
        return user


@register(User, site=site)
class UserAdmin(RequestFormMixin, CapabilityAdmin):
    form = UserForm
    view_capability = caps.MANAGE_USERS
    change_capability = caps.MANAGE_USERS
    list_display = ["username", "full_name", "roles", "two_factor", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["username", "full_name"]
    fields = ["username", "full_name", "email", "is_active", "new_password"]

    def has_view_permission(self, request, obj=None):
        # Security administrators pick users when granting roles.
        return super().has_view_permission(request, obj) or self._has(request, caps.MANAGE_ROLES)

    def get_queryset(self, request):
        from django.db.models import Exists, OuterRef

        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        # Accounts bound to a person (User.person) are that person's own accounts on a
        # portal, kept by the module that serves it (the talent office): their names are
        # business data, and no staff role is ever granted to them.
        return (
            super()
            .get_queryset(request)
            .filter(person__isnull=True)
            .prefetch_related("assignments__role", "assignments__organization")
            .annotate(totp_enrolled=Exists(enrolled))
        )

    @display(description=_("双因素认证"), boolean=True)
    def two_factor(self, obj):
        return obj.totp_enrolled

    @display(description=_("角色与数据范围"))
    def roles(self, obj):
        return "；".join(f"{a.role.name}（{a.organization.name}）" for a in obj.assignments.all())


class RoleForm(ServiceForm):
    capabilities = forms.MultipleChoiceField(
        label=_("权限"), widget=UnfoldAdminCheckboxSelectMultipleWidget, required=False
    )

    class Meta:
        model = Role
        fields = ["code", "name", "description", "two_factor", "capabilities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].choices = [
            (code, label) for code, label in caps.CAPABILITIES.items()
        ]
        if self.instance.pk:
            self.fields["code"].disabled = True

    def run_service(self, data):
        role = (
            Role.objects.get(pk=self.instance.pk) if self.instance.pk else Role(code=data["code"])
        )
        return access_services.role_save(
            actor=self.request.user,
            role=role,
            capabilities=list(data["capabilities"]),
            name=data["name"],
            description=data.get("description", ""),
            two_factor=data.get("two_factor") or None,
        )


@register(Role, site=site)
class RoleAdmin(RequestFormMixin, CapabilityAdmin):
    form = RoleForm
    view_capability = caps.MANAGE_ROLES
    change_capability = caps.MANAGE_ROLES
    list_display = ["name", "code", "description", "capability_names", "two_factor", "is_builtin"]

    @display(description=_("权限"))
    def capability_names(self, obj):
        return "、".join(str(caps.CAPABILITIES.get(c, c)) for c in obj.capabilities)


class AssignmentForm(ServiceForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "organization"]

    def run_service(self, data):
        return access_services.role_grant(
            actor=self.request.user,
            user=data["user"],
            role=data["role"],
            organization=data["organization"],
        )


@register(RoleAssignment, site=site)
class RoleAssignmentAdmin(RequestFormMixin, CapabilityAdmin):
    form = AssignmentForm
    view_capability = caps.MANAGE_ROLES
    change_capability = caps.MANAGE_ROLES
    delete_allowed = True
    list_display = ["user", "role", "organization", "granted_by", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        # Assignments whose subtree the security administrator manages.
        # Portal accounts' own-records role is kept by their module (see UserAdmin).
        queryset = (
            super()
            .get_queryset(request)
            .filter(user__person__isnull=True)
            .select_related("user", "role", "organization")
        )
        paths = request.access.paths_for(caps.MANAGE_ROLES)
        from zugong.core.scope import Scope

        return queryset.filter(Scope(paths=paths).q("organization__path"))

    def has_change_permission(self, request, obj=None):
        # A grant is never edited: revoke it and grant another.
        return obj is None and super().has_change_permission(request, obj)

    def delete_model(self, request, obj):
        access_services.role_revoke(actor=request.user, assignment=obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._has(request, caps.MANAGE_SECURITY):
            actions.pop("reset_two_factor", None)
        return actions

    def reset_two_factor(self, request, queryset):
        """A lost phone: the user enrols again after the next password login."""
        from zugong.core.services.two_factor import totp_reset

        for user in {assignment.user for assignment in queryset}:
            totp_reset(actor=request.user, user=user)
        messages.success(request, _("已重置所选用户的双因素认证，其下次登录后须重新绑定"))

    reset_two_factor.short_description = _("重置双因素认证（更换手机）")

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            access_services.role_revoke(actor=request.user, assignment=assignment)


class TokenForm(ServiceForm):
    days = forms.IntegerField(
        label=_("有效天数"),
        min_value=1,
        max_value=365,
        initial=90,
        widget=UnfoldAdminIntegerFieldWidget,
    )

    class Meta:
        model = ApiToken
        fields = ["name"]

    def run_service(self, data):
        token, clear = access_services.token_create(
            actor=self.request.user, user=self.request.user, name=data["name"], days=data["days"]
        )
        messages.warning(self.request, _("令牌只显示这一次，请立即妥善保存：%(t)s") % {"t": clear})
        return token


@register(ApiToken, site=site)
class ApiTokenAdmin(RequestFormMixin, CapabilityAdmin):
    """Every user manages their own API tokens."""

    own_rows = True
    form = TokenForm
    list_display = ["name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def _has(self, request, capability, obj=None):
        access = getattr(request, "access", None)
        return bool(access and access.grants) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return obj is None and self._has(request, "", obj)

    @staticmethod
    def _revoke(request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            access_services.token_revoke(actor=request.user, token=token)

    def revoke(self, request, queryset):
        self._revoke(request, queryset)
        messages.success(request, _("已吊销所选令牌"))

    revoke.short_description = _("吊销所选令牌")
