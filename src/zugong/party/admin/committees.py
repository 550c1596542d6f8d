from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.models import Person
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.models import (
    BranchCommittee,
    CommitteePost,
    CommitteeSeat,
)
from zugong.party.services import committees as committee_services


def person_picker():
    """A search-as-you-type person picker: only the chosen person is rendered, never
    the whole roster (the persons' admin answers the search, within scope)."""
    return AutocompleteSelect(CommitteeSeat._meta.get_field("person"), site)


class CommitteeForm(ServiceForm):
    secretary = forms.ModelChoiceField(
        label=_("书记"), queryset=Person.objects.all(), widget=person_picker()
    )
    deputy = forms.ModelChoiceField(
        label=_("副书记"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )
    organization_member = forms.ModelChoiceField(
        label=_("组织委员"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )
    publicity_member = forms.ModelChoiceField(
        label=_("宣传委员"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )
    discipline_member = forms.ModelChoiceField(
        label=_("纪检委员"), queryset=Person.objects.all(), required=False, widget=person_picker()
    )

    class Meta:
        model = BranchCommittee
        fields = ["organization", "elected_on", "document_no"]

    def run_service(self, data):
        seats = [
            (data[field], post)
            for field, post in (
                ("secretary", CommitteePost.SECRETARY),
                ("deputy", CommitteePost.DEPUTY),
                ("organization_member", CommitteePost.ORGANIZATION),
                ("publicity_member", CommitteePost.PUBLICITY),
                ("discipline_member", CommitteePost.DISCIPLINE),
            )
            if data.get(field)
        ]
        return committee_services.committee_elect(
            actor=self.request.user,
            organization=data["organization"],
            elected_on=data["elected_on"],
            seats=seats,
            document_no=data.get("document_no", ""),
        )


class PostponeForm(forms.Form):
    until = forms.DateField(label=_("批准延期至"), widget=UnfoldAdminSingleDateWidget)
    document_no = forms.CharField(
        label=_("批准文号"), max_length=100, widget=UnfoldAdminTextInputWidget
    )


class SeatInline(ReadOnlyInline):
    model = CommitteeSeat
    fields = ["post", "person"]


@register(BranchCommittee, site=site)
class BranchCommitteeAdmin(RequestFormMixin, CapabilityAdmin):
    form = CommitteeForm
    view_capability = caps.VIEW_MEMBER
    change_capability = caps.CHANGE_MEMBER
    list_display = ["organization", "elected_on", "term_years", "due", "state", "ended_on"]
    list_filter = ["term_years"]
    search_fields = ["organization__name", "document_no"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    inlines = [SeatInline]
    actions_list = ["election_list"]
    actions_detail = ["postpone"]

    def object_path(self, obj):
        return obj.organization.path

    def has_change_permission(self, request, obj=None):
        # An election is recorded once; a new one supersedes it.
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return (
            [
                "organization",
                "elected_on",
                "document_no",
                "term_years",
                "postponed_until",
                "ended_on",
            ]
            if obj
            else []
        )

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.get_readonly_fields(request, obj)
        return super().get_fields(request, obj)

    @display(description=_("应换届日期"))
    def due(self, obj):
        return obj.postponed_until or rules.election_due(obj.elected_on, obj.term_years)

    @display(
        description=_("换届状态"),
        label={"已逾期": "danger", "即将届满": "warning", "正常": "success", "已换届": "info"},
    )
    def state(self, obj):
        if obj.ended_on:
            return _("已换届")
        state, _due = rules.election_state(
            elected_on=obj.elected_on,
            years=obj.term_years,
            postponed_until=obj.postponed_until,
            on=dt.date.today(),
        )
        return ELECTION_STATE_NAMES[state]

    @action(
        capability=caps.VIEW_MEMBER,
        description=_("换届提醒"),
        url_path="elections",
        icon="event_busy",
    )
    def election_list(self, request):
        rows = selectors.elections(dt.date.today(), states=("overdue", "due_soon", "missing"))
        for row in rows:
            row["state_name"] = ELECTION_STATE_NAMES[row["state"]]
        counts = {
            state: sum(1 for r in rows if r["state"] == state)
            for state in ("overdue", "due_soon", "missing")
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rows": rows,
            "counts": counts,
            "source": rules.TERM_YEARS.source,
            "title": _("换届提醒"),
        }
        return TemplateResponse(request, "party/admin/elections.html", context)

    @action(
        capability=caps.CHANGE_MEMBER,
        description=_("批准延期换届"),
        url_path="postpone",
        icon="update",
    )
    def postpone(self, request, object_id):
        committee = get_scoped_or_404(
            BranchCommittee.objects.select_related("organization"), pk=object_id
        )
        latest = rules.latest_postponement(committee.elected_on, committee.term_years)
        return form_action(
            self,
            request,
            obj=committee,
            form=PostponeForm(request.POST or None),
            call=lambda **data: committee_services.committee_postpone(
                actor=request.user, committee=committee, **data
            ),
            title=_("批准延期换届：%(o)s") % {"o": committee.organization.name},
            done=_("已记录延期换届"),
            success_url=reverse("admin:party_branchcommittee_change", args=[committee.pk]),
            intro=_("延期换届须经上级党组织批准，一般不超过1年，最迟至%(d)s。")
            % {"d": f"{latest:%Y年%m月%d日}"},
        )


ELECTION_STATE_NAMES = {
    "overdue": _("已逾期"),
    "due_soon": _("即将届满"),
    "ok": _("正常"),
    "missing": _("无班子记录"),
}
