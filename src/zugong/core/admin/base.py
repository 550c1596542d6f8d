"""What every zugong ModelAdmin shares: capability checks, 404 outside scope, and
forms whose save goes through a service."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from unfold.admin import ModelAdmin, TabularInline

from zugong.core.errors import ApplicationError


class CapabilityAdmin(ModelAdmin):
    """Permissions come from the user's capabilities, not Django's model permissions."""

    view_capability: str = ""
    change_capability: str = ""
    add_allowed = True
    delete_allowed = False

    def _has(self, request, capability: str, obj=None) -> bool:
        access = getattr(request, "access", None)
        if not capability or access is None:
            return False
        return access.has(capability, self.object_path(obj) if obj is not None else None)

    def object_path(self, obj) -> str | None:
        return None

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._has(request, self.view_capability, obj) or self.has_change_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return self._has(request, self.change_capability, obj)

    def has_add_permission(self, request) -> bool:
        return self.add_allowed and self._has(request, self.change_capability)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.delete_allowed and self._has(request, self.change_capability, obj)

    def get_object(self, request, object_id, from_field=None):
        # The admin would redirect with "does not exist"; out of scope is a plain 404.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def save_model(self, request, obj, form, change):
        # The ServiceForm already saved through its service during validation.
        pass

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change)


class ServiceForm(forms.ModelForm):
    """A ModelForm that writes through a service once its own fields are valid.

    The service validates the domain rules; its ApplicationError becomes form errors
    on the fields it names, so the user sees the Chinese reason beside the field and
    nothing is written.
    """

    request = None  # set by the admin's get_form

    def _post_clean(self):
        # Skip Django's model validation: the service is the one place rules live.
        if self.errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.run_service(self.cleaned_data)
        except ApplicationError as error:
            details = error.details or [{"field": None, "message": error.message}]
            for detail in details:
                field = detail.get("field")
                self.add_error(field if field in self.fields else None, detail["message"])

    def run_service(self, data):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def save(self, commit=True):
        return self.instance

    def _save_m2m(self):
        pass


class RequestFormMixin:
    """Give the form the request so its service knows the actor."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request": request})


class ReadOnlyInline(TabularInline):
    """A history table under a record: shown, never edited in place."""

    extra = 0
    can_delete = False
    tab = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        # Django would ask for its model permissions, which zugong does not use: the
        # parent admin already decided the user may view the record, and the rows are
        # limited to the user's scope by the model's manager.
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def form_action(
    model_admin, request, *, obj, form, call, title, done, success_url, intro: str = ""
):
    """A workflow step in the back office: show ``form``; when it is valid, ``call`` the
    service with its data; a refusal (ApplicationError) is shown beside the field it
    names, in Chinese, and nothing is written."""
    if request.method == "POST" and form.is_valid():
        try:
            call(**form.cleaned_data)
        except ApplicationError as error:
            for detail in error.details or [{"field": error.field, "message": error.message}]:
                field = detail.get("field")
                form.add_error(field if field in form.fields else None, detail["message"])
        else:
            messages.success(request, done)
            return redirect(success_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "form": form,
        "object": obj,
        "opts": model_admin.model._meta,
        "title": title,
        "intro": intro,
        "back": success_url,
    }
    return TemplateResponse(request, "core/admin/form.html", context)
