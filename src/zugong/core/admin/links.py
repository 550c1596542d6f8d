"""Links from a read-only field to the related object's page, only where the reader may
open that page: Django and Unfold link every related object whose admin is registered,
so a security administrator reading a role grant was offered its user's and its
organization's pages and got 403 (issue 12, item 4: show only what the user may do)."""

from __future__ import annotations

from zugong.core.scope import active_scope


def may_open(site, model, obj) -> bool:
    """Whether the reader of the current request may open ``obj``'s change page."""
    model_admin = site._registry.get(model)
    scope = active_scope()
    if model_admin is None or scope is None:
        return False
    requirement = site.requirement_of(model_admin.change_view)
    if requirement is None:
        return False
    if requirement.signed_in:
        return True
    paths = requirement.paths(scope.grants)
    if not paths:
        return False
    object_path = getattr(model_admin, "object_path", None)
    path = object_path(obj) if object_path else None
    return path is None or any(path.startswith(p) for p in paths)


def install() -> None:
    """Put the check in front of Unfold's link for read-only related fields."""
    from unfold.fields import UnfoldAdminReadonlyField

    if getattr(UnfoldAdminReadonlyField.get_admin_url, "zugong_checked", False):
        return
    original = UnfoldAdminReadonlyField.get_admin_url

    def get_admin_url(self, remote_field, remote_obj):
        if not may_open(self.model_admin.admin_site, remote_field.model, remote_obj):
            return str(remote_obj)
        return original(self, remote_field, remote_obj)

    get_admin_url.zugong_checked = True
    UnfoldAdminReadonlyField.get_admin_url = get_admin_url
