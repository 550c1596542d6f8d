"""Back office of the challenges (揭榜挂帅): the list with its board page, the bids and
milestones under each challenge, and the steps as detail actions calling the services
(submit a bid, award, add a milestone, record one done, accept or fail, close without
award after the deadline)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import register
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core.admin.base import ReadOnlyInline, ServiceForm, action, form_action
from zugong.core.admin.site import site
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.admin.cooperation import CoopAdmin
from zugong.talent.models.cooperation import (
    AllianceMember,
    Challenge,
    ChallengeBid,
    ChallengeMilestone,
    ChallengeStatus,
)
from zugong.talent.rules import cooperation as rules
from zugong.talent.selectors import cooperation as selectors
from zugong.talent.services import cooperation_challenges as services

VIEW, CHANGE = caps.VIEW_TALENT, caps.CHANGE_TALENT
STATUS_COLOURS = {
    str(ChallengeStatus.OPEN.label): "info",
    str(ChallengeStatus.AWARDED.label): "warning",
    str(ChallengeStatus.ACCEPTED.label): "success",
    str(ChallengeStatus.FAILED.label): "danger",
    str(ChallengeStatus.CLOSED.label): "danger",
}

# The steps each status allows (the detail actions offered).
STEPS = {
    ChallengeStatus.OPEN: ("add_bid", "award", "close"),
    ChallengeStatus.AWARDED: ("add_milestone", "milestone_done", "accept"),
}


def today() -> dt.date:
    return dt.date.today()


class ChallengeForm(ServiceForm):
    class Meta:
        model = Challenge
        fields = [
            "office",
            "title",
            "publisher",
            "need",
            "budget",
            "published_on",
            "deadline",
            "agreement",
        ]

    def run_service(self, data):
        challenge = self.instance if self.instance.pk else None
        office = challenge.office if challenge is not None else data.get("office")
        data.pop("office", None)
        return services.challenge_publish(
            actor=self.request.user, office=office, challenge=challenge, **data
        )


class BidInline(ReadOnlyInline):
    model = ChallengeBid
    fields = ["bidder", "submitted_on", "amount", "proposal"]


class MilestoneInline(ReadOnlyInline):
    model = ChallengeMilestone
    fields = ["title", "due_on", "done_on"]


def _date(label):
    return forms.DateField(label=label, widget=UnfoldAdminSingleDateWidget)


class StepForm(forms.Form):
    """A step's form, given the challenge it is for (its choices depend on it)."""

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup(challenge)

    def setup(self, challenge) -> None:
        pass


class BidForm(StepForm):
    bidder = forms.ModelChoiceField(
        label=_("揭榜单位"), queryset=AllianceMember.objects.none(), widget=UnfoldAdminSelectWidget
    )
    submitted_on = _date(_("提交日期"))
    proposal = forms.CharField(label=_("方案"), widget=UnfoldAdminTextareaWidget)
    amount = forms.DecimalField(
        label=_("报价（万元）"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )

    def setup(self, challenge) -> None:
        self.fields["bidder"].queryset = AllianceMember.objects.filter(office=challenge.office)


class AwardForm(StepForm):
    bid = forms.ModelChoiceField(
        label=_("揭榜方案"), queryset=ChallengeBid.objects.none(), widget=UnfoldAdminSelectWidget
    )
    awarded_on = _date(_("揭榜日期"))

    def setup(self, challenge) -> None:
        self.fields["bid"].queryset = challenge.bids.select_related("bidder")


class MilestoneForm(StepForm):
    title = forms.CharField(label=_("节点"), max_length=100, widget=UnfoldAdminTextInputWidget)
    due_on = _date(_("计划完成"))


class MilestoneDoneForm(StepForm):
    milestone = forms.ModelChoiceField(
        label=_("攻关节点"),
        queryset=ChallengeMilestone.objects.none(),
        widget=UnfoldAdminSelectWidget,
    )
    done_on = _date(_("实际完成"))

    def setup(self, challenge) -> None:
        self.fields["milestone"].queryset = challenge.milestones.filter(done_on__isnull=True)


class AcceptForm(StepForm):
    passed = forms.TypedChoiceField(
        label=_("验收结论"),
        choices=(("1", _("验收通过")), ("0", _("未通过验收"))),
        coerce=lambda v: v == "1",
        widget=UnfoldAdminSelectWidget,
    )
    accepted_on = _date(_("验收日期"))
    acceptance = forms.CharField(label=_("验收意见"), widget=UnfoldAdminTextareaWidget)


class CloseForm(StepForm):
    """Nothing to fill in: the confirmation is the button."""


@register(Challenge, site=site)
class ChallengeAdmin(CoopAdmin):
    form = ChallengeForm
    list_display = [
        "title",
        "publisher",
        "budget",
        "deadline",
        "status_badge",
        "awarded_to",
        "office",
    ]
    list_filter = ["status", "published_on"]
    search_fields = ["title", "publisher", "need"]
    list_select_related = ["office", "awarded_to"]
    autocomplete_fields = ["office", "agreement"]
    inlines = [BidInline, MilestoneInline]
    actions_detail = ["add_bid", "award", "add_milestone", "milestone_done", "accept", "close"]
    actions_list = ["board"]

    def get_actions_detail(self, request, object_id):
        # Only the steps the challenge's status allows are offered.
        offered = super().get_actions_detail(request, object_id)
        challenge = Challenge.objects.filter(pk=object_id).only("status").first()
        allowed = STEPS.get(challenge.status, ()) if challenge is not None else ()
        return [a for a in offered if a.method.__name__ in allowed]

    def has_change_permission(self, request, obj=None) -> bool:
        # Once awarded or closed, the challenge changes through its steps only.
        if obj is not None and obj.status != ChallengeStatus.OPEN:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        steps = ["status", "awarded_to", "awarded_on", "accepted_on", "acceptance"]
        if obj.status != ChallengeStatus.OPEN or not self.has_change_permission(request, obj):
            return [*ChallengeForm.Meta.fields, *steps]
        return ["office", *steps]

    def get_fields(self, request, obj=None):
        fields = list(ChallengeForm.Meta.fields)
        if obj is None:
            return fields
        return [*fields, "status", "awarded_to", "awarded_on", "accepted_on", "acceptance"]

    @display(description=_("状态"), label=STATUS_COLOURS)
    def status_badge(self, obj):
        return obj.get_status_display()

    def _step(self, request, object_id, *, form_class, call, title, done, **extra):
        challenge = get_scoped_or_404(Challenge.objects.select_related("office"), pk=object_id)
        form = form_class(request.POST or None, challenge=challenge)
        return form_action(
            self,
            request,
            obj=challenge,
            form=form,
            call=lambda **d: call(challenge, d),
            title=f"{title}：{challenge.title}",
            done=done,
            success_url=reverse("admin:talent_challenge_change", args=[challenge.pk]),
            **extra,
        )

    @action(capability=CHANGE, description=_("登记揭榜方案"), url_path="add-bid", icon="post_add")
    def add_bid(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=BidForm,
            call=lambda c, d: services.bid_submit(actor=request.user, challenge=c, **d),
            title=_("登记揭榜方案"),
            done=_("已登记揭榜方案"),
        )

    @action(capability=CHANGE, description=_("确定揭榜方"), url_path="award", icon="emoji_events")
    def award(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=AwardForm,
            call=lambda c, d: services.challenge_award(actor=request.user, challenge=c, **d),
            title=_("确定揭榜方"),
            done=_("已确定揭榜方"),
        )

    @action(capability=CHANGE, description=_("设置攻关节点"), url_path="add-milestone", icon="flag")
    def add_milestone(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=MilestoneForm,
            call=lambda c, d: services.milestone_add(actor=request.user, challenge=c, **d),
            title=_("设置攻关节点"),
            done=_("已设置攻关节点"),
        )

    @action(
        capability=CHANGE, description=_("登记节点完成"), url_path="milestone-done", icon="task_alt"
    )
    def milestone_done(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=MilestoneDoneForm,
            call=lambda c, d: services.milestone_done(actor=request.user, **d),
            title=_("登记节点完成"),
            done=_("已登记节点完成"),
        )

    @action(capability=CHANGE, description=_("验收"), url_path="accept", icon="verified")
    def accept(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=AcceptForm,
            call=lambda c, d: services.challenge_accept(actor=request.user, challenge=c, **d),
            title=_("验收"),
            done=_("已登记验收结论"),
        )

    @action(capability=CHANGE, description=_("流榜"), url_path="close", icon="block")
    def close(self, request, object_id):
        return self._step(
            request,
            object_id,
            form_class=CloseForm,
            call=lambda c, d: services.challenge_close(actor=request.user, challenge=c),
            title=_("流榜"),
            done=_("已作流榜处理"),
            intro=_("揭榜截止后仍未确定揭榜方的榜单可作流榜处理，流榜后不再接受方案。"),
        )

    @action(capability=VIEW, description=_("揭榜挂帅看板"), url_path="board", icon="view_kanban")
    def board(self, request):
        status = request.GET.get("status", "")
        status = status if status in ChallengeStatus.values else ""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("揭榜挂帅看板"),
            "rows": selectors.challenges_board(today(), status=status),
            "status": status,
            "statuses": ChallengeStatus.choices,
            "source": rules.CHALLENGE_DEADLINE.source,
        }
        return TemplateResponse(request, "talent/cooperation_challenges.html", context)
