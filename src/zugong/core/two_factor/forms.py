"""The login form with the second factor, the enrolment form, and the audited password
change form of the admin."""

from __future__ import annotations

import django_otp
from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unfold.forms import AdminOwnPasswordChangeForm, AuthenticationForm
from unfold.widgets import UnfoldAdminTextInputWidget

from zugong.core.services import two_factor as services
from zugong.core.two_factor import confirmed_device


def token_widget() -> UnfoldAdminTextInputWidget:
    return UnfoldAdminTextInputWidget(
        attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "maxlength": "6",
            "placeholder": "000000",
        }
    )


class LoginForm(AuthenticationForm):
    """Django's admin login (through django-axes) plus the TOTP code for users who have
    enrolled an authenticator. A wrong or missing code counts as a failed login, so
    django-axes locks the account after as many of them as of wrong passwords."""

    otp_token = forms.CharField(
        label=gettext_lazy("动态验证码"),
        required=False,
        max_length=12,
        widget=token_widget(),
        help_text=gettext_lazy("已绑定验证器的账号须填写验证器显示的6位数字；未绑定的留空"),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None:
            device = confirmed_device(user)
            if device is not None:
                self._verify(user, device, cleaned.get("otp_token", ""))
        return cleaned

    def _verify(self, user, device, token: str) -> None:
        token = services.normalized_token(token)
        if not token:
            self._refuse(_("该账号已启用双因素认证，请输入验证器显示的6位动态验证码"))
        allowed, details = device.verify_is_allowed()
        if not allowed:
            until = (details or {}).get("locked_until")
            seconds = max(1, int((until - timezone.now()).total_seconds())) if until else 1
            self._refuse(_("动态验证码错误次数过多，请%(s)d秒后再试") % {"s": seconds}, count=False)
        verified = django_otp.verify_token(user, device.persistent_id, token)
        if verified is None:
            self._refuse(_("动态验证码不正确或已过期，请输入验证器当前显示的6位数字"))
        # django-otp marks the session as verified with this device when it logs in.
        user.otp_device = verified

    def _refuse(self, message: str, count: bool = True):
        username = self.cleaned_data.get("username", "")
        self.user_cache = None
        if count:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": username},
                request=self.request,
            )
        raise forms.ValidationError(message, code="invalid_otp")


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证器显示的6位数字"),
        max_length=12,
        widget=token_widget(),
        error_messages={"required": gettext_lazy("请输入验证器显示的6位数字")},
    )


class PasswordChangeForm(AdminOwnPasswordChangeForm):
    """Django's password change, written through the audited service (which also
    stamps the change time and refuses the current password as the new one)."""

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password2")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error(
                "new_password2",
                forms.ValidationError(_("新密码不能与当前密码相同"), code="password_unchanged"),
            )
        return cleaned

    def save(self, commit=True):
        from zugong.core.services.access import user_set_password

        user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )
        return self.user
