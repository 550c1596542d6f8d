"""The enrolment page (/account/two-factor/): status, QR code or key, confirm with a code."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from zugong.core.authz import requires
from zugong.core.capabilities import SIGNED_IN
from zugong.core.errors import ApplicationError
from zugong.core.services import two_factor as services
from zugong.core.two_factor import (
    config_url,
    confirmed_device,
    qr_svg,
    required_for,
    secret_for_display,
)
from zugong.core.two_factor.forms import EnrolForm

PENDING_KEY = "zugong_totp_pending_key"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@login_required(login_url="admin:login")
@requires(requirement=SIGNED_IN)
def enrol(request):
    """Enrol (or replace) the user's authenticator. A user who already has one reached
    this page through the login with its code (the middleware sees to it)."""
    from zugong.core.admin import site

    device = confirmed_device(request.user)
    renewing = device is None or request.GET.get("renew") == "1" or request.method == "POST"
    form = EnrolForm(request.POST or None)
    key = request.session.get(PENDING_KEY)
    if request.method == "POST" and key and form.is_valid():
        try:
            device = services.totp_enrol(
                actor=request.user, user=request.user, key=key, token=form.cleaned_data["token"]
            )
        except ApplicationError as exc:
            form.add_error("token", exc.message)
        else:
            del request.session[PENDING_KEY]
            django_otp.login(request, device)
            messages.success(
                request, _("双因素认证已启用：今后登录时，请在密码之后输入验证器显示的动态验证码")
            )
            return redirect(_next_url(request))
    if request.method == "POST" and not key:
        form.add_error(None, _("页面已过期，请重新扫描二维码"))
    if renewing and not key:
        # Kept until confirmed, so reloading the page shows the same code to scan.
        key = services.new_key()
        request.session[PENDING_KEY] = key
    context = {
        **site.each_context(request),
        "title": _("双因素认证"),
        "device": device,
        "renewing": renewing,
        "required": required_for(request.user),
        "form": form,
        "next": _next_url(request),
    }
    if renewing and key:
        context["qr"] = qr_svg(config_url(request.user, key))
        context["secret"] = secret_for_display(key)
    return TemplateResponse(request, "core/account/two_factor.html", context)
