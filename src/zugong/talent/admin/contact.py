"""Back office of leaders in contact with experts (领导干部联系服务专家): the pairs with
their log and problems, the frequency check (未达联系频次的领导), experts per leader and
the open problems. The native talents' pages are in admin.native. Sidebar group 45."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.admin import SimpleListFilter, register
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zugong.core.admin.base import (
    CapabilityAdmin,
    ReadOnlyInline,
    RequestFormMixin,
    ServiceForm,
    action,
    form_action,
)
from zugong.core.admin.site import item, register_sidebar_group, site
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.admin.contact_pages import day, page, table, talent_autocomplete
from zugong.talent.models import ContactKind, ContactPair, ContactProblem, ContactRecord
from zugong.talent.rules import contact as rules
from zugong.talent.selectors import contact as selectors
from zugong.talent.services import contact as services


class ContactAdmin(RequestFormMixin, CapabilityAdmin):
    view_capability = caps.VIEW_TALENT
    change_capability = caps.CHANGE_TALENT

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), *talent_autocomplete(self)]


class PairForm(ServiceForm):
    class Meta:
        model = ContactPair
        fields = list(services.PAIR_FIELDS)

    def run_service(self, data):
        return services.pair_save(
            actor=self.request.user,
            pair=self.instance if self.instance.pk else None,
            data={name: data.get(name) for name in services.PAIR_FIELDS},
        )


class RecordInline(ReadOnlyInline):
    model = ContactRecord
    fields = ["contacted_on", "kind", "summary"]
    verbose_name = _("联系记录")
    verbose_name_plural = _("联系记录")


class ProblemInline(ReadOnlyInline):
    model = ContactProblem
    fields = ["raised_on", "content", "solved_on", "solution"]
    verbose_name = _("问题诉求")
    verbose_name_plural = _("问题诉求")


class ActiveFilter(SimpleListFilter):
    title = _("状态")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("联系中")), ("no", _("已结束"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(until__isnull=True)
        if self.value() == "no":
            return queryset.filter(until__isnull=False)
        return queryset


class RecordForm(forms.Form):
    contacted_on = forms.DateField(label=_("联系日期"))
    kind = forms.ChoiceField(label=_("方式"), choices=ContactKind.choices)
    summary = forms.CharField(label=_("情况"), widget=forms.Textarea)


class ProblemForm(forms.Form):
    raised_on = forms.DateField(label=_("提出日期"))
    content = forms.CharField(label=_("问题或诉求"), widget=forms.Textarea)


class EndForm(forms.Form):
    until = forms.DateField(label=_("结束日期"))


class SolveForm(forms.Form):
    solved_on = forms.DateField(label=_("解决日期"))
    solution = forms.CharField(label=_("解决情况"), widget=forms.Textarea)


@register(ContactPair, site=site)
class ContactPairAdmin(ContactAdmin):
    form = PairForm
    list_display = ["leader", "leader_post", "leader_level", "talent", "since", "until"]
    list_filter = ["leader_level", ActiveFilter]
    search_fields = ["leader", "leader_post", "talent__person__name"]
    list_select_related = ["talent__person"]
    inlines = [RecordInline, ProblemInline]
    actions_list = ["frequency_check", "experts_check"]
    actions_detail = ["record_contact", "raise_problem", "end_pair"]

    def object_path(self, obj):
        return obj.office.path

    def _pair(self, object_id):
        return get_scoped_or_404(ContactPair.objects.select_related("office"), pk=object_id)

    def _back(self, pair):
        return reverse("admin:talent_contactpair_change", args=[pair.pk])

    @action(capability=caps.CHANGE_TALENT, description=_("登记联系"), icon="call")
    def record_contact(self, request, object_id):
        pair = self._pair(object_id)
        return form_action(
            self,
            request,
            obj=pair,
            form=RecordForm(request.POST or None),
            call=lambda **data: services.contact_record(actor=request.user, pair=pair, **data),
            title=_t("登记联系：%(p)s") % {"p": pair},
            done=_t("已登记联系"),
            success_url=self._back(pair),
        )

    @action(capability=caps.CHANGE_TALENT, description=_("登记问题诉求"), icon="report")
    def raise_problem(self, request, object_id):
        pair = self._pair(object_id)
        return form_action(
            self,
            request,
            obj=pair,
            form=ProblemForm(request.POST or None),
            call=lambda **data: services.problem_raise(actor=request.user, pair=pair, **data),
            title=_t("登记问题诉求：%(p)s") % {"p": pair},
            done=_t("已登记问题诉求"),
            success_url=self._back(pair),
        )

    @action(capability=caps.CHANGE_TALENT, description=_("结束联系"), icon="link_off")
    def end_pair(self, request, object_id):
        pair = self._pair(object_id)
        return form_action(
            self,
            request,
            obj=pair,
            form=EndForm(request.POST or None),
            call=lambda **data: services.pair_end(actor=request.user, pair=pair, **data),
            title=_t("结束联系：%(p)s") % {"p": pair},
            done=_t("已结束联系，记录保留"),
            success_url=self._back(pair),
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("未达联系频次的领导"),
        url_path="frequency",
        icon="notification_important",
    )
    def frequency_check(self, request):
        result = selectors.frequency_check(dt.date.today())
        period = result["period"]
        rows = [
            {
                "url": reverse("admin:talent_contactpair_change", args=[e["pair"].pk]),
                "cells": [
                    leader["leader"],
                    leader["post"],
                    leader["level"],
                    e["talent"].person.name,
                    day(e["last_contact"]),
                    "；".join(e["missing"]),
                ],
            }
            for leader in result["leaders"]
            for e in leader["experts"]
        ]
        intro = (
            _t("%(p)s（%(s)s至%(e)s）已结束，以下为未达联系频次的领导。")
            if period.closed
            else _t("%(p)s（%(s)s至%(e)s）即将结束，以下领导尚未达到联系频次。")
        ) % {"p": period.label, "s": period.start.isoformat(), "e": period.end.isoformat()}
        columns = [
            _("联系对子"),
            _("领导职务"),
            _("领导层级"),
            _("专家人才"),
            _("上次联系"),
            _("未达情况"),
        ]
        # The first cell links to the pair; the leader's name stands there.
        return page(
            self,
            request,
            _t("未达联系频次的领导"),
            [table(_t("%(n)d名领导") % {"n": len(result["leaders"])}, columns, rows)],
            intro=intro,
            sources=[
                rules.CONTACT_SYSTEM.source,
                rules.CONTACTS_PER_QUARTER.source,
                rules.VISITS_PER_YEAR.source,
                rules.WARN_DAYS.source,
            ],
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("联系专家数量核查"),
        url_path="experts",
        icon="groups",
    )
    def experts_check(self, request):
        levels = dict(ContactPair._meta.get_field("leader_level").choices)
        rows = [
            {
                "cells": [
                    r["leader"],
                    levels.get(r["leader_level"], r["leader_level"]),
                    r["experts"],
                    f"{r['range'][0]}—{r['range'][1]}" if r["range"] else "—",
                    r["problem"] or _t("符合"),
                ]
            }
            for r in selectors.experts_per_leader(dt.date.today())
        ]
        return page(
            self,
            request,
            _t("领导联系专家数量核查"),
            [table("", [_("领导"), _("层级"), _("联系专家"), _("应联系"), _("核查")], rows)],
            sources=[rules.EXPERTS_PER_LEADER.source],
        )


class RecordAddForm(ServiceForm):
    class Meta:
        model = ContactRecord
        fields = ["pair", "contacted_on", "kind", "summary"]

    def run_service(self, data):
        return services.contact_record(
            actor=self.request.user,
            pair=data.get("pair"),
            contacted_on=data.get("contacted_on"),
            kind=data.get("kind"),
            summary=data.get("summary"),
        )


@register(ContactRecord, site=site)
class ContactRecordAdmin(ContactAdmin):
    form = RecordAddForm
    list_display = ["contacted_on", "pair", "kind", "summary"]
    list_filter = ["kind", "contacted_on"]
    search_fields = ["pair__leader", "pair__talent__person__name", "summary"]
    list_select_related = ["pair__talent__person"]
    autocomplete_fields = ["pair"]

    def object_path(self, obj):
        return obj.pair.office.path

    def has_change_permission(self, request, obj=None):
        # The log is written once; a correction is a new record.
        return obj is None and super().has_change_permission(request, obj)


class SolvedFilter(SimpleListFilter):
    title = _("办理情况")
    parameter_name = "solved"

    def lookups(self, request, model_admin):
        return [("no", _("未解决")), ("yes", _("已解决"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(solved_on__isnull=self.value() == "no")
        return queryset


class ProblemAddForm(ServiceForm):
    class Meta:
        model = ContactProblem
        fields = ["pair", "raised_on", "content"]

    def run_service(self, data):
        return services.problem_raise(
            actor=self.request.user,
            pair=data.get("pair"),
            raised_on=data.get("raised_on"),
            content=data.get("content"),
        )


@register(ContactProblem, site=site)
class ContactProblemAdmin(ContactAdmin):
    form = ProblemAddForm
    list_display = ["raised_on", "pair", "content", "solved_on"]
    list_filter = [SolvedFilter, "raised_on"]
    search_fields = ["pair__leader", "pair__talent__person__name", "content"]
    list_select_related = ["pair__talent__person"]
    autocomplete_fields = ["pair"]
    actions_list = ["open_problems"]
    actions_detail = ["solve"]

    def object_path(self, obj):
        return obj.pair.office.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    @action(capability=caps.CHANGE_TALENT, description=_("办结"), icon="task_alt")
    def solve(self, request, object_id):
        problem = get_scoped_or_404(
            ContactProblem.objects.select_related("pair__office"), pk=object_id
        )
        return form_action(
            self,
            request,
            obj=problem,
            form=SolveForm(request.POST or None),
            call=lambda **data: services.problem_solve(actor=request.user, problem=problem, **data),
            title=_t("办结问题诉求"),
            done=_t("已办结"),
            success_url=reverse("admin:talent_contactproblem_change", args=[problem.pk]),
            intro=problem.content,
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("未解决的问题诉求"),
        url_path="open",
        icon="pending_actions",
    )
    def open_problems(self, request):
        today = dt.date.today()
        per_leader = [
            {"cells": [r["pair__leader"], r["open"], r["solved"]]}
            for r in selectors.problems_per_leader()
        ]
        queryset = selectors.open_problems()
        rows = [
            {
                "url": reverse("admin:talent_contactproblem_change", args=[p.pk]),
                "cells": [
                    p.content[:60],
                    p.pair.leader,
                    p.pair.talent.person.name,
                    p.raised_on.isoformat(),
                    _t("%(n)d天") % {"n": (today - p.raised_on).days},
                ],
            }
            for p in queryset[:500]
        ]
        return page(
            self,
            request,
            _t("未解决的问题诉求"),
            [
                table(
                    _t("各领导问题诉求办理情况"), [_("领导"), _("未解决"), _("已解决")], per_leader
                ),
                table(
                    _t("未解决的问题诉求"),
                    [_("问题或诉求"), _("领导"), _("专家人才"), _("提出日期"), _("已过")],
                    rows,
                    total=queryset.count(),
                ),
            ],
        )


def sidebar_contact() -> dict:
    view = caps.VIEW_TALENT
    return {
        "title": _("人才工作·联系服务"),
        "items": [
            item(
                _("在外籍贯人才"),
                "travel_explore",
                "admin:talent_nativecontact_native_talents",
                view,
            ),
            item(
                _("籍贯人才联络记录"),
                "contact_phone",
                "admin:talent_nativecontact_changelist",
                view,
            ),
            item(_("回归成效"), "home_work", "admin:talent_returnoutcome_changelist", view),
            item(_("回归成效统计"), "bar_chart", "admin:talent_returnoutcome_summary", view),
            item(_("联络站对接"), "handshake", "admin:talent_liaisoncontact_changelist", view),
            item(_("联络站工作看板"), "dashboard", "admin:talent_liaisoncontact_board", view),
            item(_("校友企业回归"), "apartment", "admin:talent_alumnienterprise_changelist", view),
            item(_("领导联系专家"), "diversity_3", "admin:talent_contactpair_changelist", view),
            item(_("领导联系记录"), "event_note", "admin:talent_contactrecord_changelist", view),
            item(
                _("未达联系频次的领导"),
                "notification_important",
                "admin:talent_contactpair_frequency_check",
                view,
            ),
            item(_("问题诉求"), "feedback", "admin:talent_contactproblem_changelist", view),
            item(
                _("未解决的问题诉求"),
                "pending_actions",
                "admin:talent_contactproblem_open_problems",
                view,
            ),
        ],
    }


register_sidebar_group(45, sidebar_contact)

from zugong.talent.admin import native  # noqa: E402,F401
