"""What every zugong ModelAdmin shares: capability checks, 404 outside scope, and
forms whose save goes through a service."""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action as unfold_action

from zugong.core import authz
from zugong.core.admin.fields import (
    OrganizationChoiceField,
    OrganizationMultipleChoiceField,
    is_organization_field,
)
from zugong.core.capabilities import (
    CAPABILITIES,
    NOBODY,
    SIGNED_IN,
    Requirement,
    as_requirement,
    need,
    need_any,
)
from zugong.core.errors import ApplicationError

PERMISSION_PREFIX = "cap_"


def permission_name(code: str) -> str:
    """A capability as the admin's permission name: ``cadres.view_cadre`` becomes
    ``cap_cadres__view_cadre``, asked as ``has_cap_cadres__view_cadre_permission``."""
    return PERMISSION_PREFIX + code.replace(".", "__")


def action(*, capability, **options):
    """An Unfold action (list, detail, row or bulk) that names the capability it needs.

    ``capability`` is a code, a tuple of codes held together, or a Requirement. The
    button shows only to users holding it (Unfold and Django ask the admin's
    ``has_<permission>_permission``, answered by CapabilityAdmin.__getattr__); the
    action runs with the scope narrowed to the subtrees where it is held, so a bulk
    action's selection is limited too.
    """
    requirement = as_requirement(capability)
    permissions = [] if requirement.signed_in else [permission_name(c) for c in requirement.codes()]

    def decorate(func):
        @functools.wraps(func)
        def run(model_admin, request, *args, **kwargs):
            authz.enter(request, requirement)
            return func(model_admin, request, *args, **kwargs)

        declared = unfold_action(
            permissions=permissions if len(requirement.alternatives) == 1 else None, **options
        )(run)
        declared.zugong_requirement = requirement
        return declared

    return decorate


class CapabilityAdmin(ModelAdmin):
    """Permissions come from the user's capabilities, not Django's model permissions.

    The standard views declare their requirement from ``view_capability`` and
    ``change_capability`` (requirement_for_view); every other view of the admin
    declares its own with ``action`` or ``authz.requires``, or answers 403.
    """

    view_capability: str = ""
    change_capability: str = ""
    add_allowed = True
    delete_allowed = False
    view_on_site = False
    # Rows of the user's own (jobs, API tokens): any role opens the pages, and the
    # admin limits the rows to the user.
    own_rows = False

    def requirement_for_view(self, name: str) -> Requirement | None:
        if self.own_rows:
            return SIGNED_IN
        capabilities = (self.view_capability, self.change_capability)
        if not any(capabilities):
            return None
        read = need_any(*capabilities)
        if name in ("changelist_view", "history_view", "change_view"):
            return read
        offered = {"add_view": self.add_allowed, "delete_view": self.delete_allowed}
        if name in offered:
            if not (offered[name] and self.change_capability):
                return NOBODY
            return need(self.change_capability)
        return None

    def get_urls(self):
        # Django keeps "<id>/" as a redirect to "<id>/change/" for old links; zugong
        # has none, and a redirect declares no requirement.
        return [
            pattern
            for pattern in super().get_urls()
            if not (str(pattern.pattern) == "<path:object_id>/" and pattern.name is None)
        ]

    def __getattr__(self, name: str):
        # Unfold's and Django's actions ask ``has_<permission>_permission`` for each name
        # in an action's allowed_permissions; zugong's actions put capabilities there.
        prefix = f"has_{PERMISSION_PREFIX}"
        if name.startswith(prefix) and name.endswith("_permission"):
            code = name[len(prefix) : -len("_permission")].replace("__", ".")
            if code in CAPABILITIES:
                return lambda request, obj=None: authz.holds(request, code)
        raise AttributeError(name)

    def _has(self, request, capability: str, obj=None) -> bool:
        if not capability:
            return False
        path = self.object_path(obj) if obj is not None else None
        return authz.holds(request, capability, path)

    def object_path(self, obj) -> str | None:
        """The tree path deciding this object's scope; None for tables without one
        (users, code tables), whose capabilities are granted at the district root."""
        return None

    def get_actions_detail(self, request, object_id):
        """Unfold asks a detail action's capability without the object (held anywhere);
        an action is offered only where its capability is held on the object's subtree,
        so a user who only reads a record, or holds the capability on another subtree
        through a second role, is offered no button that would answer 404."""
        offered = super().get_actions_detail(request, object_id)
        obj = self.get_queryset(request).filter(pk=object_id).first()
        if obj is None:
            return []
        path = self.object_path(obj)
        return [
            a
            for a in offered
            if getattr(a.method, "zugong_requirement", None) is None
            or authz.holds(request, a.method.zugong_requirement, path)
        ]

    def has_module_permission(self, request) -> bool:
        # Listed in the app index and the menu only where its list page opens: a wider
        # view permission for autocompletes (the security administrator picks users
        # and organizations when granting roles) is no page to offer.
        requirement = self.requirement_for_view("changelist_view")
        access = getattr(request, "access", None)
        return requirement is not None and access is not None and access.allows(requirement)

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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An organization is chosen by its name and parent path (第一党小组 is everywhere).
        if is_organization_field(db_field):
            kwargs.setdefault("form_class", OrganizationChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if is_organization_field(db_field):
            kwargs.setdefault("form_class", OrganizationMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
