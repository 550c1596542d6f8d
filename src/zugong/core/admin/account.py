"""The signed-in user's own password change: Unfold's admin page, but written through
the audited service (which stamps the change time for the password age and refuses the
current password as the new one). Served at the admin's own address, ahead of the
admin's pattern (zugong.urls), so every link to admin:password_change reaches it."""

from __future__ import annotations

from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse

from zugong.core.admin.site import site
from zugong.core.capabilities import SIGNED_IN
from zugong.core.two_factor.forms import PasswordChangeForm


def password_change(request, extra_context=None):
    request.current_app = site.name
    options = {
        "form_class": PasswordChangeForm,
        "success_url": reverse("admin:password_change_done", current_app=site.name),
        "extra_context": {**site.each_context(request), **(extra_context or {})},
    }
    if site.password_change_template is not None:
        options["template_name"] = site.password_change_template
    return PasswordChangeView.as_view(**options)(request)


password_change.zugong_requirement = SIGNED_IN
password_change_view = site.admin_view(password_change)
