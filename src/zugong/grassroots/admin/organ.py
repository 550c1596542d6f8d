"""Back office of organ party building (机关党建): commitments with their progress
records, pioneer posts through their steps, commando teams, service-model awards, organ
units' staffing and members' meetings. The pages (overdue and unfulfilled commitments,
the public display, expiring posts, the findings) are in organ_pages; the sidebar group
(order 33) is at the end."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import register
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
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
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.capabilities import EXPORT
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.admin.organ_pages import (
    CommitmentPages,
    FindingsPages,
    PioneerPages,
)
from zugong.grassroots.models.organ import (
    CommandoTeam,
    Commitment,
    CommitmentProgress,
    OrganMembersMeeting,
    OrganUnit,
    PioneerPost,
    ServiceAward,
)
from zugong.grassroots.rules import organ as rules
from zugong.grassroots.services import organ as services

VIEW = caps.VIEW_GRASSROOTS
BRANCH = caps.CHANGE_BRANCH_WORK
CHANGE = caps.CHANGE_GRASSROOTS


def _new(form) -> bool:
    return form.instance.pk is None


class CommitmentForm(ServiceForm):
    class Meta:
        model = Commitment
        fields = ["organization", "person", "year", "category", "content", "deadline"]

    def run_service(self, data):
        if not _new(self):
            return self.instance  # a commitment moves by its progress records
        return services.commitment_create(actor=self.request.user, **data)


class ProgressInline(ReadOnlyInline):
    model = CommitmentProgress
    fields = ["recorded_on", "progress", "description", "evidence"]


class ProgressForm(forms.Form):
    recorded_on = forms.DateField(label=_("日期"), widget=UnfoldAdminSingleDateWidget)
    progress = forms.IntegerField(
        label=_("进度（%）"), min_value=0, max_value=100, widget=UnfoldAdminIntegerFieldWidget
    )
    description = forms.CharField(label=_("践诺情况"), widget=UnfoldAdminTextareaWidget)
    reason = forms.CharField(
        label=_("进度回调原因"),
        required=False,
        help_text=_("进度低于当前进度时必须填写"),
        widget=UnfoldAdminTextInputWidget,
    )
    evidence = forms.FileField(
        label=_("佐证材料"),
        required=False,
        help_text=_("PDF、图片（JPG、PNG）、Excel或文档文件，不超过20MB"),
    )


@register(Commitment, site=site)
class CommitmentAdmin(RequestFormMixin, CommitmentPages, CapabilityAdmin):
    form = CommitmentForm
    view_capability, change_capability = VIEW, BRANCH
    list_display = [
        "content_short",
        "person",
        "organization",
        "year",
        "category",
        "deadline",
        "progress",
        "fulfilled_on",
    ]
    list_filter = ["year", "category"]
    search_fields = ["content", "person__name", "organization__name"]
    list_select_related = ["organization", "person"]
    autocomplete_fields = ["organization", "person"]
    inlines = [ProgressInline]
    actions_list = ["overdue", "unfulfilled", "display"]
    actions_detail = ["record_progress"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*CommitmentForm.Meta.fields, "progress", "fulfilled_on"]

    @display(description=_("承诺事项"))
    def content_short(self, obj):
        return obj.content[:40]

    @action(capability=BRANCH, description=_("登记践诺"), url_path="progress", icon="task_alt")
    def record_progress(self, request, object_id):
        commitment = get_scoped_or_404(
            Commitment.objects.select_related("organization", "person"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=commitment,
            form=ProgressForm(
                request.POST or None,
                request.FILES or None,
                initial={"progress": commitment.progress},
            ),
            call=lambda **d: services.progress_record(
                actor=request.user, commitment=commitment, **d
            ),
            title=_("登记践诺：%(c)s") % {"c": commitment.content[:30]},
            intro=_("当前进度%(p)d%%；进度达到100%%即为践诺完成。") % {"p": commitment.progress},
            done=_("已登记践诺"),
            success_url=reverse("admin:grassroots_commitment_change", args=[commitment.pk]),
        )


class PioneerForm(ServiceForm):
    class Meta:
        model = PioneerPost
        fields = ["organization", "kind", "person", "post_name", "criteria", "declared_on"]

    def run_service(self, data):
        if not _new(self):
            return self.instance  # a post moves by its steps
        return services.pioneer_declare(actor=self.request.user, **data)


class StepFilter(admin.SimpleListFilter):
    title = _("评选环节")
    parameter_name = "step"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in rules.PIONEER_STEPS.value]

    def queryset(self, request, queryset):
        return queryset.filter(step=self.value()) if self.value() else queryset


class StepForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=UnfoldAdminSingleDateWidget)


@register(PioneerPost, site=site)
class PioneerPostAdmin(RequestFormMixin, PioneerPages, CapabilityAdmin):
    form = PioneerForm
    view_capability, change_capability = VIEW, BRANCH
    list_display = [
        "post_name",
        "kind",
        "person",
        "organization",
        "step_name",
        "declared_on",
        "approved_on",
        "term_ends_on",
    ]
    list_filter = ["kind", StepFilter]
    search_fields = ["post_name", "person__name", "organization__name"]
    list_select_related = ["organization", "person"]
    autocomplete_fields = ["organization", "person"]
    actions_list = ["expiring", "export_posts"]
    actions_detail = ["advance", "approve"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*PioneerForm.Meta.fields, "step_name", "approved_on", "term_ends_on"]

    @display(description=_("评选环节"))
    def step_name(self, obj):
        return services.step_label(obj.step)

    def get_actions_detail(self, request, object_id):
        # The branch's steps and the organ committee's approval are separate buttons,
        # each offered only when it is the post's next step.
        actions = super().get_actions_detail(request, object_id)
        post = PioneerPost.objects.filter(pk=object_id).first()
        following = rules.pioneer_next_step(post.step) if post else None
        wanted = {
            None: set(),
            services.FINAL_STEP: {"approve"},
        }.get(following, {"advance"})
        return [a for a in actions if a.method.__name__ in wanted]

    def _step(self, request, object_id):
        post = get_scoped_or_404(PioneerPost.objects.select_related("organization"), pk=object_id)
        following = rules.pioneer_next_step(post.step)
        return form_action(
            self,
            request,
            obj=post,
            form=StepForm(request.POST or None),
            call=lambda **d: services.pioneer_advance(actor=request.user, post=post, **d),
            title=_("%(p)s：进入“%(s)s”")
            % {"p": post.post_name, "s": services.step_label(following) if following else "—"},
            intro=_("评选环节：%(all)s。审核确定之日起任期%(y)d年。")
            % {
                "all": "→".join(str(label) for _c, label in rules.PIONEER_STEPS.value),
                "y": rules.pioneer_term_years(),
            },
            done=_("已进入下一环节"),
            success_url=reverse("admin:grassroots_pioneerpost_change", args=[post.pk]),
        )

    @action(
        capability=(VIEW, EXPORT),
        description=_("导出党员先锋岗"),
        url_path="export-posts",
        icon="download",
    )
    def export_posts(self, request):
        import datetime as dt

        from zugong.grassroots import exports_organ, exports_rating

        params = exports_rating.list_params(
            request, reverse("admin:grassroots_pioneerpost_changelist")
        )
        return exports_organ.posts_response(exports_organ.posts_for_export(params), dt.date.today())

    @action(capability=BRANCH, description=_("进入下一环节"), url_path="advance", icon="skip_next")
    def advance(self, request, object_id):
        return self._step(request, object_id)

    @action(
        capability=CHANGE, description=_("机关党委审核确定"), url_path="approve", icon="verified"
    )
    def approve(self, request, object_id):
        return self._step(request, object_id)


class TeamForm(ServiceForm):
    class Meta:
        model = CommandoTeam
        fields = [
            "organization",
            "name",
            "task",
            "leader",
            "members",
            "starts_on",
            "ends_on",
            "result",
        ]

    def run_service(self, data):
        data = dict(data)
        if not _new(self):
            data.pop("organization", None)
        return services.team_save(
            actor=self.request.user, team=None if _new(self) else self.instance, **data
        )


@register(CommandoTeam, site=site)
class CommandoTeamAdmin(RequestFormMixin, CapabilityAdmin):
    form = TeamForm
    view_capability, change_capability = VIEW, BRANCH
    list_display = ["name", "organization", "leader", "starts_on", "ends_on"]
    search_fields = ["name", "task", "organization__name"]
    list_select_related = ["organization", "leader"]
    autocomplete_fields = ["organization", "leader", "members"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return TeamForm.Meta.fields
        return ["organization"]


class AwardForm(ServiceForm):
    class Meta:
        model = ServiceAward
        fields = ["organization", "person", "year", "title", "citation"]

    def run_service(self, data):
        if not _new(self):
            return self.instance
        return services.award_grant(actor=self.request.user, **data)


@register(ServiceAward, site=site)
class ServiceAwardAdmin(RequestFormMixin, CapabilityAdmin):
    form = AwardForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["title", "person", "organization", "year"]
    list_filter = ["year"]
    search_fields = ["title", "person__name", "organization__name"]
    list_select_related = ["organization", "person"]
    autocomplete_fields = ["organization", "person"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else AwardForm.Meta.fields


class OrganUnitForm(ServiceForm):
    class Meta:
        model = OrganUnit
        fields = ["organization", "unit_name", "staff", "partywork_staff", "responsible"]

    def run_service(self, data):
        data = dict(data)
        if not _new(self):
            data["organization"] = self.instance.organization
        return services.organ_unit_save(actor=self.request.user, **data)


@register(OrganUnit, site=site)
class OrganUnitAdmin(RequestFormMixin, FindingsPages, CapabilityAdmin):
    form = OrganUnitForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["unit_name", "organization", "staff", "partywork_staff", "responsible"]
    search_fields = ["unit_name", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    actions_list = ["findings"]

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not self.has_change_permission(request, obj):
            return OrganUnitForm.Meta.fields
        return ["organization"]


class MembersMeetingForm(ServiceForm):
    class Meta:
        model = OrganMembersMeeting
        fields = ["organization", "held_on", "topic"]

    def run_service(self, data):
        if not _new(self):
            return self.instance
        return services.members_meeting_record(actor=self.request.user, **data)


@register(OrganMembersMeeting, site=site)
class OrganMembersMeetingAdmin(RequestFormMixin, CapabilityAdmin):
    form = MembersMeetingForm
    view_capability, change_capability = VIEW, CHANGE
    list_display = ["held_on", "topic", "organization"]
    search_fields = ["topic", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    date_hierarchy = "held_on"

    def object_path(self, obj):
        return obj.organization.path

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else MembersMeetingForm.Meta.fields


def sidebar_organ() -> dict:
    return {
        "title": _("基层党建·机关党建"),
        "items": [
            item(_("承诺践诺"), "handshake", "admin:grassroots_commitment_changelist", VIEW),
            item(_("逾期承诺"), "event_busy", "admin:grassroots_commitment_overdue", VIEW),
            item(_("年底未践诺"), "report", "admin:grassroots_commitment_unfulfilled", VIEW),
            item(_("亮身份亮承诺"), "campaign", "admin:grassroots_commitment_display", VIEW),
            item(_("党员先锋岗"), "military_tech", "admin:grassroots_pioneerpost_changelist", VIEW),
            item(_("先锋岗届满提醒"), "alarm", "admin:grassroots_pioneerpost_expiring", VIEW),
            item(_("党员突击队"), "bolt", "admin:grassroots_commandoteam_changelist", VIEW),
            item(
                _("服务群众标兵"),
                "workspace_premium",
                "admin:grassroots_serviceaward_changelist",
                VIEW,
            ),
            item(_("机关单位党务力量"), "domain", "admin:grassroots_organunit_changelist", VIEW),
            item(
                _("机关党员干部大会"),
                "groups",
                "admin:grassroots_organmembersmeeting_changelist",
                VIEW,
            ),
            item(_("机关党建检查"), "rule", "admin:grassroots_organunit_findings", VIEW),
        ],
    }


register_sidebar_group(33, sidebar_organ)
