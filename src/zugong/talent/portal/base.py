"""What every portal page shares: who may enter, and the error messages of services."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse

from zugong.core.authz import requires
from zugong.core.capabilities import need
from zugong.core.errors import ApplicationError
from zugong.talent import capabilities as caps

VIEW = need(caps.VIEW_OWN)
CHANGE = need(caps.CHANGE_OWN)


def portal_page(requirement=VIEW, change=CHANGE):
    """A talent's own page: signed-out visitors go to the portal's login page; a GET
    needs ``requirement``, any other method ``change`` (both "own records" kinds)."""

    def decorate(view):
        read = requires(requirement=requirement)(view)
        write = requires(requirement=change)(view)

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('talent_portal:login')}?{query}")
            chosen = read if request.method in ("GET", "HEAD") else write
            return chosen(request, *args, **kwargs)

        guarded.zugong_requirement = requirement
        guarded.zugong_change_requirement = change
        return guarded

    return decorate


def talent_of(request):
    """The signed-in talent's own record (in the own-records scope)."""
    from django.http import Http404

    from zugong.talent.models import Talent

    talent = Talent.objects.select_related("person", "township").first()
    if talent is None:
        raise Http404("talent")
    return talent


def add_error(form, error: ApplicationError) -> None:
    """Put a service's Chinese message on the form field it names (else on the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
    for detail in error.details or []:
        name = detail.get("field")
        if name in form.fields and name != field:
            form.add_error(name, detail.get("message"))
