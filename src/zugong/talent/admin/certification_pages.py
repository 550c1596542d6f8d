"""The certification workflow's buttons and pages (mixins of the admins in
certification.py).

Each button is an ``action(capability=...)`` offered only in the status its step
belongs to and only where its capability is held over the application (the township,
or for the village recommendation also the talent's village branch); each posts
through zugong.talent.services.certification."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminFileFieldWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core import authz
from zugong.core.admin.base import CapabilityAdmin, action, form_action
from zugong.core.capabilities import need_any
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent.models import Certification, CertStatus, TownProduct
from zugong.talent.rules import certification as rules
from zugong.talent.selectors import certification as selectors
from zugong.talent.services import certification as services
from zugong.talent.services import certification_products as products

ST = CertStatus
OFFERED_IN = {
    "attach": (ST.APPLIED, ST.RECOMMENDED),
    "recommend": (ST.APPLIED,),
    "review": (ST.RECOMMENDED,),
    "certify": (ST.REVIEWED,),
    "objection": (ST.CERTIFIED,),
    "publish": (ST.CERTIFIED,),
    "refuse": tuple(services.REFUSER),
    "withdraw": (ST.APPLIED, ST.RECOMMENDED, ST.REVIEWED),
    "rereview": (ST.PUBLISHED,),
}
# The capability whose holders have each step's list to do.
STEP_CAPABILITY = {
    "recommend": caps.RECOMMEND_CERT,
    "review": caps.REVIEW_CERT,
    "certify": caps.CERTIFY,
    "notice": caps.CERTIFY,
    "publishable": caps.CERTIFY,
    "expiring": caps.VIEW_TALENT,
}
MET = [("", _("请选择")), ("yes", _("符合")), ("no", _("不符合"))]


def _text(label, required=True, rows=3):
    return forms.CharField(
        label=label, required=required, widget=UnfoldAdminTextareaWidget(attrs={"rows": rows})
    )


def _line(label, required=True, max_length=50):
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=UnfoldAdminTextInputWidget
    )


def _data(request, files=False) -> tuple:
    """A step form's data: bound on POST even when empty (a confirmation has no fields)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _paths(cert: Certification, name: str) -> list[str]:
    """Where a step's capability must be held: the township; the village recommendation
    (and its refusal) also at the talent's village branch."""
    paths = [cert.talent.township.path]
    if name == "recommend" or (name == "refuse" and cert.status == ST.APPLIED):
        paths.append(cert.talent.person.organization.path)
    return paths


class CertificationPages:
    """Workflow steps and pages of CertificationAdmin."""

    def get_actions_detail(self, request, object_id):
        # CapabilityAdmin checks each button at the township; the recommendation is
        # checked here at the village branch too, and each button only in its status.
        offered = super(CapabilityAdmin, self).get_actions_detail(request, object_id)
        cert = (
            Certification.objects.select_related("talent__township", "talent__person__organization")
            .filter(pk=object_id)
            .first()
        )
        if cert is None:
            return []
        today = dt.date.today()

        def fits(a) -> bool:
            name = a.method.__name__
            if name in OFFERED_IN and cert.status not in OFFERED_IN[name]:
                return False
            if name == "refuse":
                requirement = services.REFUSER[cert.status]
            else:
                requirement = getattr(a.method, "zugong_requirement", None)
            if name == "publish" and not rules.may_publish(cert.notice_ends, today):
                return False
            if name == "rereview" and not rules.in_rereview_window(cert.valid_until, today):
                return False
            if requirement is None:
                return True
            return any(authz.holds(request, requirement, p) for p in _paths(cert, name))

        return [a for a in offered if fits(a)]

    def _cert(self, object_id) -> Certification:
        return get_scoped_or_404(
            Certification.objects.select_related(
                "talent__person__organization", "talent__township", "category", "level"
            ),
            pk=object_id,
        )

    def _back(self, cert):
        return reverse("admin:talent_certification_change", args=[cert.pk])

    def _step(self, request, cert, form, call, title, done, intro=""):
        return form_action(
            self,
            request,
            obj=cert,
            form=form,
            call=call,
            title=f"{title}：{cert.talent.person.name}（{cert.category.name}·{cert.level.name}）",
            done=done,
            intro=intro,
            success_url=self._back(cert),
        )

    @action(
        capability=need_any(caps.CHANGE_TALENT, caps.RECOMMEND_CERT),
        description=_("补充佐证材料"),
        url_path="attach",
        icon="attach_file",
    )
    def attach(self, request, object_id):
        cert = self._cert(object_id)
        choices = [
            (c.criterion_id, c.criterion.text) for c in cert.checks.select_related("criterion")
        ]
        fields = {
            "criterion": forms.TypedChoiceField(
                label=_("认定条件"), choices=choices, coerce=int, widget=UnfoldAdminSelectWidget
            ),
            "evidence": forms.FileField(
                label=_("佐证材料"),
                required=False,
                help_text=_("PDF、图片、Word或Excel文件，不超过20MB"),
                widget=UnfoldAdminFileFieldWidget,
            ),
            "note": _line(_("说明"), required=False, max_length=200),
        }
        form = type("AttachForm", (forms.Form,), fields)(*_data(request, files=True))

        def save(criterion, evidence=None, note=""):
            services.certification_attach(
                actor=request.user,
                certification=cert,
                criterion=criterion,
                evidence=evidence,
                note=note,
            )

        return self._step(request, cert, form, save, _("补充佐证材料"), _("已保存佐证材料"))

    @action(
        capability=caps.RECOMMEND_CERT,
        description=_("村级推荐"),
        url_path="recommend",
        icon="thumb_up",
    )
    def recommend(self, request, object_id):
        cert = self._cert(object_id)
        fields = {"opinion": _text(_("村推荐意见")), "by": _line(_("推荐人"))}
        form = type("RecommendForm", (forms.Form,), fields)(*_data(request))

        def save(opinion, by):
            services.certification_recommend(
                actor=request.user,
                certification=cert,
                opinion=opinion,
                by=by,
                today=dt.date.today(),
            )

        return self._step(request, cert, form, save, _("村级推荐"), _("已推荐，待乡镇审核"))

    @action(
        capability=caps.REVIEW_CERT,
        description=_("乡镇审核"),
        url_path="review",
        icon="fact_check",
    )
    def review(self, request, object_id):
        cert = self._cert(object_id)
        fields = {}
        for check in cert.checks.select_related("criterion"):
            hint = check.note or ""
            if check.evidence:
                hint = f"{hint}（{_('已附佐证')}）" if hint else _("已附佐证")
            fields[f"check_{check.criterion_id}"] = forms.ChoiceField(
                label=check.criterion.text,
                choices=MET,
                help_text=hint or _("未附佐证"),
                widget=UnfoldAdminSelectWidget,
            )
        fields["opinion"] = _text(_("乡镇审核意见"))
        fields["refuse_unmet"] = forms.BooleanField(
            label=_("有条件不符合的，作不予认定"),
            required=False,
            help_text=_("勾选后保存核查结果并以审核意见为理由不予认定"),
        )
        form = type("ReviewForm", (forms.Form,), fields)(*_data(request))

        def save(opinion, refuse_unmet=False, **data):
            checks = {
                int(k[6:]): v == "yes" for k, v in data.items() if k.startswith("check_") and v
            }
            services.certification_review(
                actor=request.user,
                certification=cert,
                checks=checks,
                opinion=opinion,
                today=dt.date.today(),
                refuse_unmet=refuse_unmet,
            )

        intro = _("逐项核查认定条件；有条件不符合的，勾选“作不予认定”并在审核意见中说明理由。")
        return self._step(request, cert, form, save, _("乡镇审核"), _("已保存乡镇审核"), intro)

    @action(
        capability=caps.CERTIFY,
        description=_("区级认定并公示"),
        url_path="certify",
        icon="verified",
    )
    def certify(self, request, object_id):
        cert = self._cert(object_id)
        form = forms.Form(*_data(request))
        end = rules.notice_end(dt.date.today())

        def save():
            services.certification_certify(
                actor=request.user, certification=cert, today=dt.date.today()
            )

        intro = _("认定后即开始公示，公示期%(n)d个工作日，至%(d)s结束（%(s)s）。") % {
            "n": rules.notice_days(),
            "d": end.isoformat(),
            "s": rules.NOTICE_WORKING_DAYS.source,
        }
        return self._step(request, cert, form, save, _("区级认定"), _("已认定，公示开始"), intro)

    @action(
        capability=caps.CERTIFY, description=_("登记公示异议"), url_path="object", icon="campaign"
    )
    def objection(self, request, object_id):
        cert = self._cert(object_id)
        form = type("ObjectForm", (forms.Form,), {"text": _text(_("异议内容"))})(*_data(request))

        def save(text):
            services.certification_object(actor=request.user, certification=cert, text=text)

        return self._step(request, cert, form, save, _("登记公示异议"), _("已登记异议"))

    @action(
        capability=caps.CERTIFY,
        description=_("公示期满发证"),
        url_path="publish",
        icon="workspace_premium",
    )
    def publish(self, request, object_id):
        cert = self._cert(object_id)
        fields = {"finding": _text(_("异议核查结论"), required=bool(cert.objection))}
        form = type("PublishForm", (forms.Form,), fields)(*_data(request))

        def save(finding=""):
            services.certification_publish(
                actor=request.user, certification=cert, today=dt.date.today(), finding=finding
            )

        intro = _("公示期%(a)s至%(b)s。") % {"a": cert.notice_starts, "b": cert.notice_ends}
        if cert.objection:
            intro += _("公示期间收到异议：%(o)s") % {"o": cert.objection}
        return self._step(request, cert, form, save, _("发证"), _("已发证"), intro)

    @action(
        capability=need_any(caps.RECOMMEND_CERT, caps.REVIEW_CERT, caps.CERTIFY),
        description=_("不予认定"),
        url_path="refuse",
        icon="block",
    )
    def refuse(self, request, object_id):
        cert = self._cert(object_id)
        form = type("RefuseForm", (forms.Form,), {"reason": _text(_("不予认定理由"))})(
            *_data(request)
        )

        def save(reason):
            services.certification_refuse(
                actor=request.user, certification=cert, reason=reason, today=dt.date.today()
            )

        return self._step(request, cert, form, save, _("不予认定"), _("已作不予认定"))

    @action(
        capability=need_any(caps.CHANGE_TALENT, caps.RECOMMEND_CERT),
        description=_("撤回申请"),
        url_path="withdraw",
        icon="undo",
    )
    def withdraw(self, request, object_id):
        cert = self._cert(object_id)
        form = forms.Form(*_data(request))

        def save():
            services.certification_withdraw(actor=request.user, certification=cert)

        return self._step(request, cert, form, save, _("撤回申请"), _("已撤回"))

    @action(
        capability=need_any(caps.CHANGE_TALENT, caps.RECOMMEND_CERT),
        description=_("到期复审"),
        url_path="rereview",
        icon="autorenew",
    )
    def rereview(self, request, object_id):
        cert = self._cert(object_id)
        form = type("RereviewForm", (forms.Form,), {"statement": _text(_("主要事迹"), False)})(
            *_data(request)
        )
        made = {}

        def save(statement=""):
            made["cert"] = services.certification_rereview(
                actor=request.user, certification=cert, statement=statement, today=dt.date.today()
            )

        response = self._step(request, cert, form, save, _("到期复审"), _("已生成复审申请"))
        if "cert" in made:
            return redirect(self._back(made["cert"]))
        return response

    # Pages ---------------------------------------------------------------------------------

    def _page(self, request, template, title, **context):
        return TemplateResponse(
            request,
            f"talent/certification_{template}.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("认定待办"),
        url_path="todo",
        icon="pending_actions",
    )
    def todo(self, request):
        today = dt.date.today()
        step = request.GET.get("step") or "recommend"
        if step not in selectors.STEP_LABELS:
            step = "recommend"
        # What this user has to do: each step's list where they hold its capability.
        counts = {}
        for key in selectors.STEP_LABELS:
            with authz.narrowed(STEP_CAPABILITY[key]):
                counts[key] = selectors.by_step(key, today).count()
        with authz.narrowed(STEP_CAPABILITY[step]):
            rows = list(selectors.by_step(step, today)[:500])
        steps = [
            (key, _(label), counts.get(key, 0)) for key, label in selectors.STEP_LABELS.items()
        ]
        return self._page(
            request,
            "todo",
            _("乡村人才认定待办"),
            steps=steps,
            step=step,
            rows=rows,
            towns=selectors.township_counts(),
            statuses=ST.choices,
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("证书登记簿"),
        url_path="register",
        icon="menu_book",
    )
    def register_page(self, request):
        try:
            year = int(request.GET.get("year") or 0) or None
        except ValueError:
            year = None
        return self._page(
            request,
            "register",
            _("乡村人才认定证书登记簿"),
            rows=list(selectors.register(year)[:2000]),
            year=year,
            source=rules.CERTIFICATE_FORMAT.source,
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("临近到期证书"),
        url_path="expiring",
        icon="event_busy",
    )
    def expiring(self, request):
        today = dt.date.today()
        return self._page(
            request,
            "expiring",
            _("临近到期、待复审的证书"),
            rows=list(selectors.expiring(today)[:2000]),
            days=rules.rereview_days(),
            source=rules.REREVIEW_WINDOW.source,
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("村“两委”班子结构"),
        url_path="structure",
        icon="groups",
    )
    def structure(self, request):
        rows = selectors.village_structure()
        show = request.GET.get("show") or "short"
        return self._page(
            request,
            "structure",
            _("村“两委”班子结构（三个1/3）"),
            rows=[r for r in rows if show == "all" or (r.has_team and r.short)],
            total=len(rows),
            short=sum(1 for r in rows if r.has_team and r.short),
            no_team=sum(1 for r in rows if not r.has_team),
            show=show,
            kinds=[(k, _(v)) for k, v in rules.STRUCTURE_KINDS.items()],
            targets=rules.structure_targets(),
            source=rules.STRUCTURE_TARGETS.source,
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("人才带动村级发展"),
        url_path="links",
        icon="hub",
    )
    def links(self, request):
        from zugong.talent.selectors import certification_links

        try:
            year = int(request.GET.get("year") or 0) or dt.date.today().year - 1
        except ValueError:
            year = dt.date.today().year - 1
        rows = certification_links.village_links(year)
        return self._page(
            request,
            "links",
            _("认定人才带动村级集体经济与示范村建设"),
            rows=rows,
            year=year,
            with_talents=sum(1 for r in rows if r.talents),
            driven=sum(1 for r in rows if r.driven),
        )

    @action(
        capability=caps.CERTIFY,
        description=_("到期证书失效处理"),
        url_path="expire",
        icon="timer_off",
    )
    def expire(self, request):
        if request.method != "POST":
            return self._page(request, "expire", _("到期证书失效处理"))
        count = services.certification_expire(actor=request.user, today=dt.date.today())
        messages.success(request, _("已将%(n)d份到期证书标记为已过期") % {"n": count})
        return redirect(reverse("admin:talent_certification_changelist"))


class TownProductPages:
    """The year's output and the overview page of TownProductAdmin."""

    @action(
        capability=caps.CHANGE_TALENT,
        description=_("登记年度产出"),
        url_path="year",
        icon="add_chart",
    )
    def year(self, request, object_id):
        product = get_scoped_or_404(TownProduct.objects.select_related("township"), pk=object_id)
        fields = {
            "year": forms.IntegerField(
                label=_("年度"), initial=dt.date.today().year, widget=UnfoldAdminIntegerFieldWidget
            ),
            "output_value": forms.DecimalField(
                label=_("产值（万元）"),
                max_digits=12,
                decimal_places=2,
                widget=UnfoldAdminTextInputWidget,
            ),
            "households": forms.IntegerField(
                label=_("带动农户（户）"),
                initial=0,
                min_value=0,
                widget=UnfoldAdminIntegerFieldWidget,
            ),
            "projects": _text(_("项目"), required=False),
        }
        form = type("ProductYearForm", (forms.Form,), fields)(*_data(request))

        def save(**data):
            products.town_product_year_save(actor=request.user, town_product=product, **data)

        return form_action(
            self,
            request,
            obj=product,
            form=form,
            call=save,
            title=_("登记年度产出：%(p)s") % {"p": product.product},
            done=_("已保存年度产出"),
            success_url=reverse("admin:talent_townproduct_change", args=[product.pk]),
        )

    @action(
        capability=caps.VIEW_TALENT,
        description=_("一镇一品概况"),
        url_path="overview",
        icon="storefront",
    )
    def overview(self, request):
        rows = selectors.town_products()
        return TemplateResponse(
            request,
            "talent/certification_products.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("一镇一品：各乡镇（街道）特色产品、带动人才与年度产出"),
                "rows": rows,
                "gaps": [r.township for r in rows if r.gap],
            },
        )
