"""Every entry point declares what it needs (issue 11): each URL pattern of the back
office and each operation of the API names a Requirement, so a page or operation
added later cannot forget; and the count is printed for the record."""

from django.urls import URLPattern, URLResolver

from zugong.api import api
from zugong.core.admin import site
from zugong.core.authz import requirement_of
from zugong.core.tasks import REQUIREMENTS, RUNNERS


def admin_patterns(patterns=None, prefix="/admin/"):
    for pattern in site.urls[0] if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from admin_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


# Pages that serve people who are not signed in yet: the login page itself.
OPEN = {"login"}


def undeclared_admin_views():
    missing = []
    for route, pattern in admin_patterns():
        if pattern.name in OPEN:
            continue
        callback = pattern.callback
        requirement = requirement_of(callback)
        if requirement is None:
            # Unfold's action URLs call the site's admin_view at request time with
            # the action; ask the site what that would be.
            wrapped = getattr(callback, "__wrapped__", None)
            requirement = site.requirement_of(wrapped) if wrapped else None
        if requirement is None:
            missing.append(f"{route} ({pattern.name})")
    return missing


def api_operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method, prefix.rstrip("/") + path, operation


def test_every_admin_url_declares_its_requirement(db):
    routes = list(admin_patterns())
    assert len(routes) > 250
    assert undeclared_admin_views() == []


def test_every_api_operation_declares_its_requirement():
    operations = list(api_operations())
    public = {"/health"}
    missing = [
        f"{method} {path}"
        for method, path, operation in operations
        if path not in public and requirement_of(operation.view_func) is None
    ]
    assert len(operations) > 50
    assert missing == []


def test_every_job_declares_its_requirement():
    assert set(REQUIREMENTS) == set(RUNNERS)


def test_the_view_on_site_redirect_is_not_served():
    assert "view_on_site" not in {pattern.name for _route, pattern in admin_patterns()}


def test_an_undeclared_admin_view_answers_403(cast, client_for):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from zugong.core.capabilities import access_for

    view = site.admin_view(lambda request: HttpResponse("秘密"))
    request = RequestFactory().get("/admin/x/")
    request.user = cast.admin
    request.access = access_for(cast.admin)
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        view(request)
