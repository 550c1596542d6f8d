"""The cockpit page (驾驶舱) and the member lists behind its figures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zugong.cockpit import drilldown, page
from zugong.cockpit.models import Tally
from zugong.core import authz, codes
from zugong.core.admin.base import CapabilityAdmin
from zugong.core.admin.site import register_sidebar_group, site
from zugong.core.capabilities import NOBODY
from zugong.core.models import CodeTable
from zugong.party import capabilities as party_caps


def today() -> dt.date:
    return timezone.localdate()


class TallyAdmin(CapabilityAdmin):
    """Not a list of rows: the changelist is the cockpit of the user's scope."""

    add_allowed = False

    def requirement_for_view(self, name: str):
        return page.REQUIREMENT if name == "changelist_view" else NOBODY

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return obj is None and authz.holds(request, page.REQUIREMENT)

    def has_module_permission(self, request) -> bool:
        return authz.holds(request, page.REQUIREMENT)

    def get_urls(self):
        return [
            path(
                "members/",
                self.admin_site.admin_view(self.members_view),
                name="cockpit_tally_members",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        sections = page.with_charts(page.sections_for(request, today()))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("驾驶舱"),
            "sections": sections,
        }
        return TemplateResponse(request, "cockpit/page.html", context)

    @authz.requires(party_caps.VIEW_MEMBER)
    def members_view(self, request):
        figure, bucket = request.GET.get("figure", ""), request.GET.get("bucket", "")
        if not figure:
            # No band asked for: the members' own list (the whole roll in scope).
            return redirect("admin:party_member_changelist")
        try:
            label, rows = drilldown.members(figure, bucket, today())
        except drilldown.UnknownBucket as exc:
            raise Http404(str(exc)) from exc
        paginator = Paginator(rows, 50)
        number = request.GET.get("p", "1")
        page_obj = paginator.get_page(number if str(number).isdigit() else 1)
        genders = codes.names(CodeTable.GENDER)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": label,
            "page_obj": page_obj,
            "rows": [
                {"m": m, "gender": genders.get(m.person.gender, m.person.gender)}
                for m in page_obj.object_list
            ],
            "count": paginator.count,
            "figure": figure,
            "bucket": bucket,
        }
        return TemplateResponse(request, "cockpit/members.html", context)


site.register(Tally, TallyAdmin)


def _may_open(request) -> bool:
    return authz.holds(request, page.REQUIREMENT)


def sidebar_cockpit() -> dict:
    return {
        "title": gettext_lazy("驾驶舱"),
        "items": [
            {
                "title": gettext_lazy("驾驶舱"),
                "icon": "monitoring",
                "link": reverse_lazy("admin:cockpit_tally_changelist"),
                "permission": _may_open,
            }
        ],
    }


register_sidebar_group(1, sidebar_cockpit)

__all__ = ["PermissionDenied", "TallyAdmin"]
