"""The portal's own pages: signing in and out, registering, the home page with every
application's progress, the profile (contact consent, tags) and the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from zugong.core.errors import ApplicationError
from zugong.core.middleware import client_ip
from zugong.core.services.access import user_set_password
from zugong.talent.models import (
    Certification,
    HousingApplication,
    ServiceRequest,
    TalentCard,
    TalentTag,
)
from zugong.talent.portal.base import add_error, portal_page, talent_of
from zugong.talent.portal.forms import PasswordForm, PortalLoginForm, ProfileForm, RegisterForm
from zugong.talent.services import portal as services


class LoginView(auth_views.LoginView):
    template_name = "talent/portal/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = False
    next_page = reverse_lazy("talent_portal:home")

    def get_default_redirect_url(self):
        return str(reverse_lazy("talent_portal:home"))


login = LoginView.as_view()


@require_http_methods(["POST"])
def logout(request):
    from django.contrib.auth import logout as end

    end(request)
    messages.info(request, _("您已退出登录"))
    return redirect("talent_portal:login")


@never_cache
@csrf_protect
def register(request):
    townships = services.registration_townships()
    form = RegisterForm(request.POST or None, townships=townships)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_register(data=form.cleaned_data, ip=client_ip(request))
        except ApplicationError as error:
            add_error(form, error)
        else:
            return redirect("talent_portal:registered")
    return render(request, "talent/portal/register.html", {"form": form, "title": _("注册")})


def registered(request):
    return render(request, "talent/portal/registered.html", {"title": _("注册成功")})


def _progress(talent):
    """Every application of the talent, newest first, for the home page."""
    return {
        "certifications": list(
            Certification.objects.filter(talent=talent).select_related("category", "level")[:10]
        ),
        "cards": list(
            TalentCard.objects.filter(talent=talent, holder_card__isnull=True).select_related(
                "tier"
            )[:5]
        ),
        "requests": list(
            ServiceRequest.objects.filter(card__talent=talent).select_related("entitlement")[:10]
        ),
        "housing": list(HousingApplication.objects.filter(talent=talent)[:5]),
    }


@never_cache
@portal_page()
def home(request):
    talent = talent_of(request)
    return render(
        request,
        "talent/portal/home.html",
        {"talent": talent, "title": _("我的人才服务"), **_progress(talent)},
    )


@never_cache
@portal_page()
def profile(request):
    talent = talent_of(request)
    tag_choices = list(TalentTag.objects.values_list("pk", "name"))
    initial = {
        "contact_consent": talent.contact_consent,
        "specialty": talent.specialty,
        "tags": [str(pk) for pk in talent.tags.values_list("pk", flat=True)],
    }
    form = ProfileForm(request.POST or None, initial=initial, tag_choices=tag_choices)
    if request.method == "POST" and form.is_valid():
        from zugong.talent.services.pool import talent_update_own

        data = form.cleaned_data
        try:
            talent_update_own(
                actor=request.user,
                talent=talent,
                contact_consent=data["contact_consent"],
                tags=list(TalentTag.objects.filter(pk__in=data["tags"])),
                specialty=data["specialty"],
            )
        except ApplicationError as error:
            add_error(form, error)
        else:
            messages.success(request, _("个人信息已保存"))
            return redirect("talent_portal:profile")
    return render(
        request,
        "talent/portal/profile.html",
        {"talent": talent, "form": form, "title": _("我的信息")},
    )


@never_cache
@portal_page()
def password(request):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.user.check_password(data["old_password"]):
            form.add_error("old_password", _("当前密码不正确"))
        elif data["password1"] != data["password2"]:
            form.add_error("password2", _("两次输入的新密码不一致"))
        else:
            try:
                user_set_password(actor=request.user, user=request.user, password=data["password1"])
            except ApplicationError as error:
                form.add_error("password1", error.message)
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, _("密码已修改"))
                return redirect("talent_portal:home")
    return render(request, "talent/portal/password.html", {"form": form, "title": _("修改密码")})


def service_worker(request):
    """The portal's service worker: keeps the card page readable on a weak network."""
    from django.template.loader import render_to_string

    response = HttpResponse(
        render_to_string("talent/portal/sw.js", request=request),
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/talent/"
    response["Cache-Control"] = "no-cache"
    return response
