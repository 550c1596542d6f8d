"""Before a signed-in user reaches anything: a session that has not passed the second
factor of an enrolled user is ended; a user whose roles require the second factor and
who has none is sent to enrolment; a password an administrator set, or one older than
the maximum age, must be changed first."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from zugong.core.two_factor import confirmed_device, password_expired, required_for


class AccountPolicyMiddleware:
    """Installed after django-otp's OTPMiddleware (which tells whether the session
    passed the second factor)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or self._always_open(request.path_info):
            return self.get_response(request)
        if not user.is_verified():
            if confirmed_device(user) is not None:
                # Signed in without the code (a session older than the enrolment, or one
                # whose device was reset): sign in again, with the code.
                logout(request)
                return self._refuse(
                    request,
                    "two_factor_login",
                    reverse("admin:login"),
                    _("您的账号已启用双因素认证，请重新登录并输入动态验证码"),
                )
            if required_for(user) and not self._enrolment(request.path_info):
                return self._refuse(
                    request,
                    "two_factor_required",
                    reverse("two_factor_enrol"),
                    _("您的角色要求启用双因素认证：请先绑定动态验证码，完成后才能使用系统"),
                    notify=False,  # the enrolment page says so itself
                )
        if getattr(user, "password_must_change", False) and not self._password_pages(
            request.path_info
        ):
            return self._refuse(
                request,
                "password_must_change",
                self._password_url(request.path_info),
                _("您的密码由管理员设置：请先改为只有您本人知道的密码，再继续使用系统"),
            )
        if password_expired(user) and not self._password_pages(request.path_info):
            return self._refuse(
                request,
                "password_expired",
                self._password_url(request.path_info),
                _("您的密码已使用超过%(d)d天，请先修改密码再继续使用系统")
                % {"d": settings.ZUGONG_PASSWORD_MAX_AGE_DAYS},
            )
        return self.get_response(request)

    @staticmethod
    def _always_open(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path in (reverse("admin:logout"),)

    @staticmethod
    def _enrolment(path: str) -> bool:
        return path.startswith(reverse("two_factor_enrol"))

    @staticmethod
    def _password_url(path: str) -> str:
        """Where this part of the site changes passwords: the back office's page, or
        another part's own (the talent portal's, ZUGONG_PASSWORD_CHANGE_PAGES)."""
        for prefix, url_name in settings.ZUGONG_PASSWORD_CHANGE_PAGES.items():
            if path.startswith(prefix):
                return reverse(url_name)
        return reverse("admin:password_change")

    @classmethod
    def _password_pages(cls, path: str) -> bool:
        others = {reverse(name) for name in settings.ZUGONG_PASSWORD_CHANGE_PAGES.values()}
        return cls._enrolment(path) or path in (
            reverse("admin:password_change"),
            reverse("admin:password_change_done"),
            *others,
        )

    @staticmethod
    def _refuse(request, code: str, url: str, message: str, notify: bool = True):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": code, "message": message, "details": []}, status=403)
        if request.method == "GET" and request.path_info != url:
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if notify:
            messages.warning(request, message)
        return HttpResponseRedirect(url)
