"""Back office of grids (网格): the grid tree with its codes, staff and members, and the
findings page (rules.urban.grid_findings)."""

from __future__ import annotations

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import site
from zugong.core.models import OrgCategory
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import Grid, GridMember, GridStaff
from zugong.grassroots.rules import urban as rules
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban_grids as services

VIEW, CHANGE = caps.VIEW_GRASSROOTS, caps.CHANGE_GRASSROOTS


class GridForm(ServiceForm):
    class Meta:
        model = Grid
        fields = ["community", "parent", "code", "name", "party_unit", "households"]
        help_texts = {
            "code": _("留空自动编号：社区党组织代码加2位网格序号，微网格再加2位序号"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A reader's form has the code read-only (get_readonly_fields): no field to relax.
        if "code" in self.fields:
            self.fields["code"].required = False

    def run_service(self, data):
        grid = self.instance if self.instance.pk else None
        community = grid.community if grid is not None else data.get("community")
        return services.grid_save(
            actor=self.request.user,
            grid=grid,
            community=community,
            name=data.get("name", ""),
            parent=data.get("parent"),
            code=data.get("code") or "",
            party_unit=data.get("party_unit"),
            households=data.get("households") or 0,
        )


class StaffInline(ReadOnlyInline):
    model = GridStaff
    fields = ["role", "name", "party_member"]


class MemberInline(ReadOnlyInline):
    model = GridMember
    fields = ["person"]


class StaffForm(forms.Form):
    role = forms.ChoiceField(
        label=_("岗位"), choices=GridStaff.Role.choices, widget=UnfoldAdminSelectWidget
    )
    name = forms.CharField(label=_("姓名"), max_length=50, widget=UnfoldAdminTextInputWidget)
    party_member = forms.BooleanField(label=_("党员"), required=False)


class AssignForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("党员"), coerce=int, widget=UnfoldAdminSelectWidget)
    move = forms.BooleanField(label=_("已编入其他网格的，调整到本网格"), required=False)


def assign_choices(grid: Grid) -> list[tuple[int, str]]:
    """The members who may be assigned to ``grid``: the community's party members and
    the in-service members reported there."""
    from zugong.core.models import Person
    from zugong.grassroots.models.urban import DualReport

    own = Person.objects.filter(
        organization__path__startswith=grid.community.path,
        political_status__in=services.PARTY_STATUSES,
    ).order_by("name")[:500]
    reported = DualReport.objects.filter(
        community=grid.community, status=DualReport.Status.ACTIVE
    ).select_related("person")
    choices = [(p.pk, p.name) for p in own]
    choices += [(r.person_id, _("%(n)s（在职党员）") % {"n": r.person.name}) for r in reported]
    return choices


@register(Grid, site=site)
class GridAdmin(RequestFormMixin, CapabilityAdmin):
    form = GridForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["code", "name", "level", "community", "parent", "party_unit", "households"]
    list_filter = ["level"]
    search_fields = ["code", "name", "community__name"]
    list_select_related = ["community", "parent", "party_unit"]
    inlines = [StaffInline, MemberInline]
    actions_list = ["findings"]
    actions_detail = ["add_staff", "assign"]

    def get_inlines(self, request, obj=None):
        # The history tables show under a saved record; the add form has none.
        return self.inlines if obj is not None else []

    def object_path(self, obj):
        return obj.community.path

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "community":
            field.queryset = field.queryset.filter(
                category__in=(OrgCategory.COMMUNITY, OrgCategory.VILLAGE)
            )
        if db_field.name == "parent":
            field.queryset = field.queryset.filter(parent__isnull=True)
        return field

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["level"]
        if not self.has_change_permission(request, obj):
            return [*GridForm.Meta.fields, "level"]
        return ["community", "level"]

    def _grid(self, object_id):
        return get_scoped_or_404(Grid.objects.select_related("community"), pk=object_id)

    def _back(self, grid):
        return reverse("admin:grassroots_grid_change", args=[grid.pk])

    @action(
        capability=CHANGE,
        description=_("增加网格工作人员"),
        url_path="add-staff",
        icon="person_add",
    )
    def add_staff(self, request, object_id):
        grid = self._grid(object_id)
        return form_action(
            self,
            request,
            obj=grid,
            form=StaffForm(request.POST or None),
            call=lambda **d: services.staff_add(actor=request.user, grid=grid, **d),
            title=_("增加网格工作人员：%(g)s") % {"g": grid.name},
            done=_("已增加网格工作人员"),
            success_url=self._back(grid),
        )

    @action(capability=CHANGE, description=_("编入党员"), url_path="assign", icon="group_add")
    def assign(self, request, object_id):
        grid = self._grid(object_id)
        form = AssignForm(request.POST or None)
        form.fields["person_id"].choices = assign_choices(grid)
        return form_action(
            self,
            request,
            obj=grid,
            form=form,
            call=lambda **d: services.member_assign(actor=request.user, grid=grid, **d),
            title=_("编入党员：%(g)s") % {"g": grid.name},
            intro=_("一名党员只编入一个网格；可编入本社区党员和到本社区报到的在职党员。"),
            done=_("已编入网格"),
            success_url=self._back(grid),
        )

    @action(capability=VIEW, description=_("网格问题"), url_path="findings", icon="report")
    def findings(self, request):
        rows = selectors.grid_findings()
        flagged = [r for r in rows if r["findings"]]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("网格问题清单"),
            "rows": flagged,
            "count": len(rows),
            "sources": [
                rules.GRID_PARTY_UNIT.source,
                rules.GRID_MEMBER_STAFF.source,
                rules.MICRO_GRID_REPORTED.source,
            ],
        }
        return TemplateResponse(request, "grassroots/admin/urban_grid_findings.html", context)
