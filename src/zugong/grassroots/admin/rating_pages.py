"""The star rating's workflow buttons and pages (mixins of the admins in rating.py).

Each button is an ``action(capability=...)``: offered only where the capability is
held on the rating's organization (CapabilityAdmin.get_actions_detail) and only in the
status its step belongs to; each posts through a service (zugong.grassroots.services)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core.admin.base import action, form_action
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.rating import (
    Rating,
    RatingObjection,
    RatingStatus,
    Rectification,
    WeakLaxListing,
)
from zugong.grassroots.rules import rating as rules
from zugong.grassroots.selectors import rating as selectors
from zugong.grassroots.services import rating as services
from zugong.grassroots.services import rating_indicators, rating_rectify

ST = RatingStatus
DECISIONS = [("pass", _("通过")), ("return", _("退回村（社区）修改"))]
YES_NO = [("no", _("否")), ("yes", _("是"))]

# The status each step's button is offered in.
OFFERED_IN = {
    "assess": (ST.DRAFT, ST.RETURNED),
    "submit": (ST.DRAFT, ST.RETURNED),
    "review": (ST.SELF_ASSESSED,),
    "approve": (ST.REVIEWED,),
    "notice": (ST.APPROVED,),
    "objection": (ST.IN_NOTICE,),
    "handle_objection": (ST.IN_NOTICE,),
    "publish": (ST.IN_NOTICE,),
    "rectify": (ST.PUBLISHED,),
}


def _text(label, required=True, rows=3):
    return forms.CharField(
        label=label,
        required=required,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": rows}),
    )


def _date(label, initial=None):
    return forms.DateField(label=label, initial=initial, widget=UnfoldAdminSingleDateWidget)


def _line(label, required=True):
    return forms.CharField(
        label=label, required=required, max_length=50, widget=UnfoldAdminTextInputWidget
    )


def _score_fields(rating: Rating) -> dict:
    """One points field and one note field per indicator (names as the service's)."""
    fields = {}
    for score in rating.scores.select_related("indicator"):
        indicator = score.indicator
        hint = _("满分%(m)s分") % {"m": indicator.max_points.normalize()}
        if score.evidence_summary:
            hint = f"{hint}；{_('系统依据')}：{score.evidence_summary}"
            if score.draft_points is not None:
                hint += _("（初评%(p)s分）") % {"p": score.draft_points.normalize()}
        fields[f"points_{indicator.pk}"] = forms.DecimalField(
            label=f"{indicator.code} {indicator.name}",
            required=False,
            initial=score.points,
            min_value=None,
            decimal_places=2,
            help_text=hint,
            widget=UnfoldAdminDecimalFieldWidget,
        )
        fields[f"note_{indicator.pk}"] = forms.CharField(
            label=_("佐证说明"),
            required=False,
            initial=score.evidence_note,
            widget=UnfoldAdminTextInputWidget,
        )
    return fields


def _split(data: dict) -> tuple[dict, dict]:
    points = {int(k[7:]): v for k, v in data.items() if k.startswith("points_") and v is not None}
    notes = {int(k[5:]): v for k, v in data.items() if k.startswith("note_")}
    return points, notes


def _veto_field(rating: Rating):
    return forms.MultipleChoiceField(
        label=_("触发的一票否决事项"),
        required=False,
        choices=[(v.pk, str(v)) for v in rating.indicator_set.vetoes.all()],
        initial=list(rating.vetoes.values_list("veto_id", flat=True)),
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )


class RatingPages:
    """Workflow steps and pages of RatingAdmin."""

    def get_actions_detail(self, request, object_id):
        offered = super().get_actions_detail(request, object_id)
        rating = Rating.objects.filter(pk=object_id).first()
        if rating is None:
            return []
        unhandled = rating.objections.filter(handled_on__isnull=True).exists()

        def fits(name: str) -> bool:
            if name == "handle_objection" and not unhandled:
                return False
            if name == "publish" and (
                unhandled
                or rating.notice_starts_on is None
                or not rules.may_publish(rating.notice_starts_on, dt.date.today())
            ):
                # The service refuses before the notice ends or with a report pending:
                # the button shows once publishing can succeed.
                return False
            if name == "rectify" and not rules.needs_rectification(rating.star or 0):
                return False
            return name not in OFFERED_IN or rating.status in OFFERED_IN[name]

        return [a for a in offered if fits(a.method.__name__)]

    def _rating(self, object_id) -> Rating:
        return get_scoped_or_404(
            Rating.objects.select_related("organization", "indicator_set"), pk=object_id
        )

    def _back(self, rating):
        return reverse("admin:grassroots_rating_change", args=[rating.pk])

    def _step(self, request, rating, form, call, title, done, intro=""):
        return form_action(
            self,
            request,
            obj=rating,
            form=form,
            call=call,
            title=f"{title}：{rating.organization.name}（{rating.year}年）",
            done=done,
            intro=intro,
            success_url=self._back(rating),
        )

    @action(
        capability=caps.ASSESS_RATING,
        description=_("自评打分"),
        url_path="assess",
        icon="edit_note",
    )
    def assess(self, request, object_id):
        rating = self._rating(object_id)
        fields = {**_score_fields(rating), "vetoes": _veto_field(rating)}
        form = type("AssessForm", (forms.Form,), fields)(request.POST or None)

        def save(vetoes=(), **data):
            points, notes = _split(data)
            services.self_assess(
                actor=request.user, rating=rating, points=points, notes=notes, vetoes=vetoes
            )

        intro = _(
            "系统已按已有记录给出初评分；没有系统依据的指标请填写佐证说明，否则标记为无依据评分。"
        )
        return self._step(request, rating, form, save, _("自评打分"), _("已保存自评"), intro)

    @action(
        capability=caps.ASSESS_RATING, description=_("提交乡镇审核"), url_path="submit", icon="send"
    )
    def submit(self, request, object_id):
        rating = self._rating(object_id)
        form = type("SubmitForm", (forms.Form,), {"comment": _text(_("说明"), False)})(
            request.POST or None
        )

        def save(comment=""):
            services.submit(actor=request.user, rating=rating, comment=comment)

        intro = _("当前得分%(s)s分，按分档为%(t)s星。") % {"s": rating.score, "t": rating.star or 0}
        return self._step(
            request, rating, form, save, _("提交乡镇审核"), _("已提交乡镇审核"), intro
        )

    @action(
        capability=caps.REVIEW_RATING, description=_("乡镇审核"), url_path="review", icon="rule"
    )
    def review(self, request, object_id):
        rating = self._rating(object_id)
        fields = {
            "decision": forms.ChoiceField(
                label=_("审核结果"), choices=DECISIONS, widget=UnfoldAdminSelectWidget
            ),
            "comment": _text(_("审核意见（退回时填写退回理由）"), False),
            **_score_fields(rating),
            "vetoes": _veto_field(rating),
        }
        form = type("ReviewForm", (forms.Form,), fields)(request.POST or None)

        def save(decision, comment="", vetoes=(), **data):
            points, notes = _split(data)
            services.review(
                actor=request.user,
                rating=rating,
                passed=decision == "pass",
                comment=comment,
                points=points,
                notes=notes,
                vetoes=vetoes,
            )

        return self._step(request, rating, form, save, _("乡镇审核"), _("已办理乡镇审核"))

    @action(
        capability=caps.APPROVE_RATING,
        description=_("区级审定"),
        url_path="approve",
        icon="verified",
    )
    def approve(self, request, object_id):
        rating = self._rating(object_id)
        fields = {
            "decision": forms.ChoiceField(
                label=_("审定结果"), choices=DECISIONS, widget=UnfoldAdminSelectWidget
            ),
            "comment": _text(_("审定意见（退回时填写退回理由）"), False),
        }
        form = type("ApproveForm", (forms.Form,), fields)(request.POST or None)

        def save(decision, comment=""):
            services.approve(
                actor=request.user, rating=rating, passed=decision == "pass", comment=comment
            )

        return self._step(request, rating, form, save, _("区级审定"), _("已办理区级审定"))

    @action(
        capability=caps.APPROVE_RATING,
        description=_("开始公示"),
        url_path="notice",
        icon="campaign",
    )
    def notice(self, request, object_id):
        rating = self._rating(object_id)
        fields = {"starts_on": _date(_("公示开始日期"), dt.date.today())}
        form = type("NoticeForm", (forms.Form,), fields)(request.POST or None)

        def save(starts_on):
            services.start_notice(actor=request.user, rating=rating, starts_on=starts_on)

        intro = _("公示%(n)d天（%(k)s），结束日期按工作日历计算。") % {
            "n": rules.notice_days(),
            "k": _("工作日") if rules.notice_working_days() else _("自然日"),
        }
        return self._step(request, rating, form, save, _("开始公示"), _("已开始公示"), intro)

    @action(
        capability=caps.APPROVE_RATING,
        description=_("登记公示期间反映"),
        url_path="objection",
        icon="feedback",
    )
    def objection(self, request, object_id):
        rating = self._rating(object_id)
        fields = {
            "received_on": _date(_("收到日期"), dt.date.today()),
            "raised_by": _line(_("反映人"), False),
            "content": _text(_("反映内容")),
        }
        form = type("ObjectionForm", (forms.Form,), fields)(request.POST or None)

        def save(**data):
            services.objection_record(actor=request.user, rating=rating, **data)

        return self._step(request, rating, form, save, _("登记公示期间反映"), _("已登记反映"))

    @action(
        capability=caps.APPROVE_RATING,
        description=_("核查处理反映"),
        url_path="handle-objection",
        icon="fact_check",
    )
    def handle_objection(self, request, object_id):
        rating = self._rating(object_id)
        pending = RatingObjection.objects.filter(rating=rating, handled_on__isnull=True)
        fields = {
            "objection": forms.ChoiceField(
                label=_("反映事项"),
                choices=[(o.pk, str(o)) for o in pending],
                widget=UnfoldAdminSelectWidget,
            ),
            "finding": _text(_("核查结果")),
            "upheld": forms.ChoiceField(
                label=_("反映属实"), choices=YES_NO, widget=UnfoldAdminSelectWidget
            ),
            "handled_on": _date(_("办结日期"), dt.date.today()),
        }
        form = type("HandleForm", (forms.Form,), fields)(request.POST or None)

        def save(objection, finding, upheld, handled_on):
            services.objection_handle(
                actor=request.user,
                objection=pending.get(pk=objection),
                finding=finding,
                upheld=upheld == "yes",
                handled_on=handled_on,
            )

        return self._step(request, rating, form, save, _("核查处理反映"), _("已办结反映"))

    @action(
        capability=caps.APPROVE_RATING, description=_("发布星级"), url_path="publish", icon="star"
    )
    def publish(self, request, object_id):
        rating = self._rating(object_id)
        form = type("PublishForm", (forms.Form,), {})(request.POST or None)

        def save():
            services.publish(actor=request.user, rating=rating)

        intro = _("公示期%(a)s至%(b)s，期满后发布；发布后星级为%(s)d星。") % {
            "a": rating.notice_starts_on,
            "b": rating.notice_ends_on,
            "s": services.rating_star(rating),
        }
        return self._step(request, rating, form, save, _("发布星级"), _("已发布星级"), intro)

    @action(
        capability=caps.CHANGE_GRASSROOTS,
        description=_("列整改事项"),
        url_path="rectify",
        icon="playlist_add",
    )
    def rectify(self, request, object_id):
        rating = self._rating(object_id)
        form = RectifyForm(request.POST or None)

        def save(**data):
            rating_rectify.rectification_add(actor=request.user, rating=rating, **data)

        return self._step(request, rating, form, save, _("列整改事项"), _("已列整改事项"))

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("还差多少分"),
        url_path="whatif",
        icon="calculate",
    )
    def whatif(self, request, object_id):
        rating = self._rating(object_id)
        result = selectors.what_if(rating)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rating": rating,
            "result": result,
            "back": self._back(rating),
            "title": _("升星测算：%(o)s（%(y)d年）")
            % {"o": rating.organization.name, "y": rating.year},
        }
        return TemplateResponse(request, "grassroots/admin/rating_whatif.html", context)

    @action(
        capability=caps.ASSESS_RATING,
        description=_("按系统记录生成初评"),
        url_path="drafts",
        icon="auto_awesome",
    )
    def drafts(self, request):
        today = dt.date.today()
        fields = {
            "year": forms.IntegerField(
                label=_("年度"),
                initial=today.year,
                min_value=2000,
                max_value=2100,
                widget=UnfoldAdminIntegerFieldWidget,
            )
        }
        form = type("DraftsForm", (forms.Form,), fields)(request.POST or None)
        done = {}

        def save(year):
            done.update(services.compute_drafts(actor=request.user, year=year, today=today))

        response = form_action(
            self,
            request,
            obj=None,
            form=form,
            call=save,
            title=_("按系统记录生成初评"),
            done=_("已生成初评"),
            intro=_(
                "为本人权限范围内的每个村（社区）党组织创建或刷新系统初评：组织生活、换届、发展党员、党费、集体经济、共建履约、整改和软弱涣散整顿按系统记录计分；已提交的评定只更新初评分。"
            ),
            success_url=reverse("admin:grassroots_rating_changelist"),
        )
        if done:
            messages.info(
                request,
                _("新建%(c)d个，刷新%(r)d个（其中已提交、只更新初评分的%(k)d个）")
                % {"c": done["created"], "r": done["refreshed"], "k": done["kept"]},
            )
        return response

    def _year(self, request) -> int:
        try:
            return int(request.GET.get("year") or dt.date.today().year)
        except ValueError:
            return dt.date.today().year

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("年度星级概况"),
        url_path="overview",
        icon="insights",
    )
    def overview(self, request):
        year = self._year(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "data": selectors.overview(year),
            "year": year,
            "years": list(range(dt.date.today().year, dt.date.today().year - 5, -1)),
            "title": _("%(y)d年星级评定概况") % {"y": year},
        }
        return TemplateResponse(request, "grassroots/admin/rating_overview.html", context)

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("待列整改清单"),
        url_path="lacking",
        icon="playlist_add",
    )
    def lacking(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "ratings": selectors.lacking_rectification()[:2000],
            "source": rules.RECTIFY_AT_OR_BELOW.source,
            "title": _("需列整改清单而尚未列出的党组织"),
        }
        return TemplateResponse(request, "grassroots/admin/rating_lacking.html", context)

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("逾期整改事项"),
        url_path="overdue",
        icon="alarm",
    )
    def overdue(self, request):
        today = dt.date.today()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "items": selectors.overdue_rectifications(today)[:2000],
            "today": today,
            "title": _("逾期未完成的整改事项"),
        }
        return TemplateResponse(request, "grassroots/admin/rating_overdue.html", context)


class RectifyForm(forms.Form):
    item = _text(_("整改事项"))
    deadline = _date(_("整改时限"))
    responsible = _line(_("责任人"))


class IndicatorActions:
    @action(
        capability=caps.MANAGE_INDICATORS,
        description=_("生成年度指标体系"),
        url_path="make-year",
        icon="add",
    )
    def make_year(self, request):
        fields = {
            "year": forms.IntegerField(
                label=_("年度"),
                initial=dt.date.today().year + 1,
                widget=UnfoldAdminIntegerFieldWidget,
            )
        }
        form = type("YearForm", (forms.Form,), fields)(request.POST or None)
        return form_action(
            self,
            request,
            obj=None,
            form=form,
            call=lambda year: rating_indicators.indicator_set_make(actor=request.user, year=year),
            title=_("生成年度指标体系"),
            done=_("已生成指标体系"),
            intro=_(
                "复制上一年度的指标、分档和否决事项；首个年度按默认指标体系（五项标准，合计100分）生成。"
            ),
            success_url=reverse("admin:grassroots_indicatorset_changelist"),
        )


class WeakLaxPages:
    def _listing(self, object_id):
        return get_scoped_or_404(
            WeakLaxListing.objects.select_related("organization"), pk=object_id
        )

    def _back(self, listing):
        return reverse("admin:grassroots_weaklaxlisting_change", args=[listing.pk])

    def get_actions_detail(self, request, object_id):
        offered = super().get_actions_detail(request, object_id)
        listing = WeakLaxListing.objects.filter(pk=object_id).first()
        if listing is None or listing.status != "listed":
            return []
        return offered

    @action(
        capability=caps.CHANGE_GRASSROOTS,
        description=_("列整改事项"),
        url_path="rectify",
        icon="playlist_add",
    )
    def listing_rectify(self, request, object_id):
        listing = self._listing(object_id)
        form = RectifyForm(request.POST or None)
        return form_action(
            self,
            request,
            obj=listing,
            form=form,
            call=lambda **data: rating_rectify.rectification_add(
                actor=request.user, listing=listing, **data
            ),
            title=_("列整改事项：%(o)s") % {"o": listing.organization.name},
            done=_("已列整改事项"),
            success_url=self._back(listing),
        )

    @action(
        capability=caps.CHANGE_GRASSROOTS,
        description=_("整顿销号"),
        url_path="delist",
        icon="task_alt",
    )
    def delist(self, request, object_id):
        listing = self._listing(object_id)
        fields = {
            "delisted_on": _date(_("销号日期"), dt.date.today()),
            "note": _text(_("销号验收意见")),
        }
        form = type("DelistForm", (forms.Form,), fields)(request.POST or None)
        return form_action(
            self,
            request,
            obj=listing,
            form=form,
            call=lambda **data: rating_rectify.weaklax_delist(
                actor=request.user, listing=listing, **data
            ),
            title=_("整顿销号：%(o)s") % {"o": listing.organization.name},
            done=_("已销号"),
            success_url=self._back(listing),
        )


class RectificationPages:
    def get_actions_detail(self, request, object_id):
        offered = super().get_actions_detail(request, object_id)
        found = Rectification.objects.filter(pk=object_id, completed_on__isnull=True).exists()
        return offered if found else []

    @action(
        capability=caps.CHANGE_GRASSROOTS,
        description=_("登记整改结果"),
        url_path="complete",
        icon="task_alt",
    )
    def complete(self, request, object_id):
        rectification = get_scoped_or_404(
            Rectification.objects.select_related("organization"), pk=object_id
        )
        fields = {
            "result": _text(_("整改结果")),
            "completed_on": _date(_("完成日期"), dt.date.today()),
        }
        form = type("CompleteForm", (forms.Form,), fields)(request.POST or None)
        return form_action(
            self,
            request,
            obj=rectification,
            form=form,
            call=lambda **data: rating_rectify.rectification_complete(
                actor=request.user, rectification=rectification, **data
            ),
            title=_("登记整改结果：%(o)s") % {"o": rectification.organization.name},
            done=_("已登记整改结果"),
            success_url=reverse("admin:grassroots_rectification_change", args=[rectification.pk]),
        )
