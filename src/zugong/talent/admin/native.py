"""Back office of native talents outside (籍贯人才): their list (filters by city,
interest and overdue contact) and profile, the contact log with its Excel import, the
return outcomes with their figures, the liaison office and the alumni enterprises."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

from django import forms
from django.contrib.admin import register
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zugong.core import authz, uploads
from zugong.core.admin.base import ServiceForm, action, form_action
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent import contact_import
from zugong.talent.admin.contact import ContactAdmin
from zugong.talent.admin.contact_pages import day, money, page, table, talent_widget
from zugong.talent.models import (
    AlumniEnterprise,
    LiaisonContact,
    NativeContact,
    ReturnInterest,
    ReturnOutcome,
    Talent,
)
from zugong.talent.rules import native as rules
from zugong.talent.selectors import native as selectors
from zugong.talent.services import native as services


class NativeFilters(forms.Form):
    q = forms.CharField(label=_("姓名或拼音"), required=False, max_length=50)
    city = forms.CharField(label=_("现工作城市"), required=False, max_length=50)
    interest = forms.ChoiceField(
        label=_("回归意向"), required=False, choices=[("", "—"), *ReturnInterest.choices]
    )
    overdue = forms.ChoiceField(
        label=_("联络"),
        required=False,
        choices=[("", "—"), ("yes", _("联络逾期")), ("no", _("未逾期"))],
    )


class ProfileForm(forms.Form):
    outside = forms.BooleanField(label=_("在外籍贯人才"), required=False, initial=True)
    current_city = forms.CharField(label=_("现工作城市"), required=False, max_length=50)
    field_of_work = forms.CharField(label=_("从事领域"), required=False, max_length=100)
    return_interest = forms.ChoiceField(label=_("回归意向"), choices=ReturnInterest.choices)


def mark_form(data):
    class MarkForm(ProfileForm):
        talent = forms.ModelChoiceField(
            label=_("人才"),
            queryset=Talent.objects.select_related("person"),
            widget=talent_widget(),
        )
        field_order = ["talent"]

    return MarkForm(data)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("联络记录（Excel）"))
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认有任何错误则全部不导入）"), required=False
    )


class NativeContactForm(ServiceForm):
    class Meta:
        model = NativeContact
        fields = ["talent", "contacted_on", "kind", "by", "summary"]

    def run_service(self, data):
        return services.native_contact_record(actor=self.request.user, **data)


@register(NativeContact, site=site)
class NativeContactAdmin(ContactAdmin):
    form = NativeContactForm
    list_display = ["contacted_on", "talent", "kind", "by", "summary"]
    list_filter = ["kind", "contacted_on"]
    search_fields = ["talent__person__name", "by", "summary"]
    list_select_related = ["talent__person"]
    actions_list = ["native_talents", "mark_native", "download_template", "import_contacts"]

    def object_path(self, obj):
        return obj.talent.township.path

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "talents/<int:talent_id>/",
                self.admin_site.admin_view(self.native_talent),
                name="talent_nativecontact_native_talent",
            ),
            *super().get_urls(),
        ]

    @action(
        capability=caps.VIEW_TALENT,
        description=_("在外籍贯人才"),
        url_path="talents",
        icon="travel_explore",
    )
    def native_talents(self, request):
        today = dt.date.today()
        filters = NativeFilters(request.GET or None)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        overdue = {"yes": True, "no": False}.get(wanted.get("overdue") or "")
        queryset = selectors.native_talents(
            today=today,
            q=wanted.get("q") or "",
            city=wanted.get("city") or "",
            interest=wanted.get("interest") or "",
            overdue=overdue,
        )
        rows = []
        for talent in queryset[:500]:
            state = selectors.contact_state(talent, today)
            # The record's page edits it: linked only where the user may change it.
            editable = authz.holds(request, caps.CHANGE_TALENT, talent.township.path)
            rows.append(
                {
                    "url": reverse("admin:talent_nativecontact_native_talent", args=[talent.pk])
                    if editable
                    else "",
                    "cells": [
                        talent.person.name,
                        talent.township.name,
                        talent.current_city,
                        talent.field_of_work,
                        talent.get_return_interest_display(),
                        day(state["last_contact"]),
                        state["next_due"].isoformat()
                        + (_t("（逾期）") if state["overdue"] else ""),
                    ],
                }
            )
        columns = [
            _("姓名"),
            _("所在乡镇（街道）"),
            _("现工作城市"),
            _("从事领域"),
            _("回归意向"),
            _("上次联络"),
            _("下次应联络"),
        ]
        return page(
            self,
            request,
            _t("在外籍贯人才"),
            [table("", columns, rows, total=queryset.count())],
            filters=filters,
            sources=[rules.NATIVE_CONTACT_MONTHS.source],
            links=[
                {
                    "url": reverse("admin:talent_nativecontact_mark_native"),
                    "title": _t("登记在外籍贯人才"),
                }
            ]
            if authz.holds(request, caps.CHANGE_TALENT)
            else [],
        )

    @authz.requires(caps.CHANGE_TALENT)
    def native_talent(self, request, talent_id):
        talent = get_scoped_or_404(
            Talent.objects.select_related("person", "township"), pk=talent_id
        )
        initial = {
            "outside": talent.outside,
            "current_city": talent.current_city,
            "field_of_work": talent.field_of_work,
            "return_interest": talent.return_interest,
        }
        form = ProfileForm(request.POST or None, initial=initial)
        last = talent.contacts.order_by("-contacted_on").first()
        returns = "、".join(
            f"{r.get_kind_display()}{r.achieved_on:%Y-%m-%d}" for r in talent.returns.all()[:10]
        )
        intro = _t("上次联络：%(d)s；回归成效：%(r)s") % {
            "d": day(last.contacted_on if last else None),
            "r": returns or _t("无"),
        }
        return form_action(
            self,
            request,
            obj=talent,
            form=form,
            call=lambda **data: services.native_profile_update(
                actor=request.user, talent=talent, **data
            ),
            title=_t("在外籍贯人才：%(n)s") % {"n": talent.person.name},
            done=_t("已保存"),
            success_url=reverse("admin:talent_nativecontact_native_talents"),
            intro=intro,
        )

    @action(
        capability=caps.CHANGE_TALENT,
        description=_("登记在外籍贯人才"),
        url_path="talents/add",
        icon="person_add",
    )
    def mark_native(self, request):
        return form_action(
            self,
            request,
            obj=None,
            form=mark_form(request.POST or None),
            call=lambda talent, **data: services.native_profile_update(
                actor=request.user, talent=talent, **data
            ),
            title=_t("登记在外籍贯人才"),
            done=_t("已登记"),
            success_url=reverse("admin:talent_nativecontact_native_talents"),
        )

    @action(
        capability=caps.IMPORT_TALENT,
        description=_("下载导入模板"),
        url_path="template",
        icon="table_view",
    )
    def download_template(self, request):
        folder = Path(tempfile.mkdtemp())
        contact_import.template(folder / "template.xlsx")
        return FileResponse(
            open(folder / "template.xlsx", "rb"),
            as_attachment=True,
            filename="联络记录导入模板.xlsx",
        )

    @action(
        capability=caps.IMPORT_TALENT,
        description=_("导入联络记录"),
        url_path="import",
        icon="upload_file",
    )
    def import_contacts(self, request):
        key = request.GET.get("report", "")
        if key:
            return self._report_download(request, key)
        form = ImportForm(request.POST or None, request.FILES or None)
        result, report_key = None, ""
        if request.method == "POST" and form.is_valid():
            with tempfile.TemporaryDirectory() as folder:
                source = Path(folder) / "upload.xlsx"
                with open(source, "wb") as handle:
                    for chunk in form.cleaned_data["file"].chunks():
                        handle.write(chunk)
                try:
                    result = contact_import.run_import(
                        source,
                        actor=request.user,
                        good_rows_only=form.cleaned_data["good_rows_only"],
                    )
                except ApplicationError as error:
                    form.add_error("file", error.message)
                if result is not None and result.report.problems:
                    report_key = uuid.uuid4().hex
                    report_path = Path(folder) / "report.xlsx"
                    contact_import.write_report(report_path, result)
                    with open(report_path, "rb") as handle:
                        default_storage.save(self._report_name(request, report_key), File(handle))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _t("导入籍贯人才联络记录"),
            "form": form,
            "result": result,
            "problems": result.report.problems[:200] if result else [],
            "report_key": report_key,
            "required": contact_import.REQUIRED,
        }
        return TemplateResponse(request, "talent/native_import.html", context)

    def _report_name(self, request, key: str) -> str:
        return f"{uploads.FOLDER}/talent-contacts/{request.user.pk}-{key}.xlsx"

    def _report_download(self, request, key: str):
        if not key.isalnum() or len(key) != 32:
            raise Http404
        name = self._report_name(request, key)
        if not default_storage.exists(name):
            raise Http404
        return FileResponse(
            default_storage.open(name, "rb"), as_attachment=True, filename="联络记录错误报告.xlsx"
        )


class ReturnForm(ServiceForm):
    class Meta:
        model = ReturnOutcome
        fields = ["talent", "kind", "achieved_on", "description", "amount"]

    def run_service(self, data):
        return services.return_outcome_save(
            actor=self.request.user,
            outcome=self.instance if self.instance.pk else None,
            **{name: data.get(name) for name in self.Meta.fields},
        )


@register(ReturnOutcome, site=site)
class ReturnOutcomeAdmin(ContactAdmin):
    form = ReturnForm
    list_display = ["achieved_on", "talent", "kind", "description", "amount"]
    list_filter = ["kind", "achieved_on"]
    search_fields = ["talent__person__name", "description"]
    list_select_related = ["talent__person"]
    actions_list = ["summary"]

    def object_path(self, obj):
        return obj.talent.township.path

    @action(
        capability=caps.VIEW_TALENT,
        description=_("回归成效统计"),
        url_path="summary",
        icon="bar_chart",
    )
    def summary(self, request):
        figures = selectors.returns_summary()
        totals = [
            {"cells": [t["label"], t["count"], money(t["amount"])]} for t in figures["totals"]
        ]
        totals.append({"cells": [_t("合计"), figures["count"], money(figures["amount"])]})
        labels = [t["label"] for t in figures["totals"]]
        years = [
            {
                "cells": [
                    y["year"],
                    *[f"{k['count']}（{money(k['amount'])}）" for k in y["kinds"]],
                ]
            }
            for y in figures["years"]
        ]
        return page(
            self,
            request,
            _t("籍贯人才回归成效统计"),
            [
                table(_t("五类回归合计"), [_("类型"), _("项数"), _("金额（万元）")], totals),
                table(_t("按年度（项数与金额，万元）"), [_("年度"), *labels], years),
            ],
            sources=[rules.RETURN_KINDS.source, rules.AMOUNT_KINDS.source],
        )


class LiaisonForm(ServiceForm):
    class Meta:
        model = LiaisonContact
        fields = list(services.LIAISON_FIELDS)

    def run_service(self, data):
        return services.liaison_contact_save(
            actor=self.request.user,
            contact=self.instance if self.instance.pk else None,
            data={name: data.get(name) for name in self.Meta.fields},
        )


@register(LiaisonContact, site=site)
class LiaisonContactAdmin(ContactAdmin):
    form = LiaisonForm
    list_display = ["contacted_on", "station", "enterprise", "project", "contact_person", "outcome"]
    list_filter = ["station", "contacted_on"]
    search_fields = ["enterprise", "project", "contact_person", "summary"]
    actions_list = ["board"]

    def object_path(self, obj):
        return obj.office.path

    @action(
        capability=caps.VIEW_TALENT,
        description=_("联络站工作看板"),
        url_path="board",
        icon="dashboard",
    )
    def board(self, request):
        figures = selectors.liaison_board(today=dt.date.today())
        stations = [
            {
                "cells": [
                    s["station"],
                    s["contacts"],
                    s["this_year"],
                    s["enterprises"],
                    s["with_outcome"],
                    day(s["first"]),
                    day(s["last"]),
                ]
            }
            for s in figures["stations"]
        ]
        latest = [
            {
                "url": reverse("admin:talent_liaisoncontact_change", args=[c.pk]),
                "cells": [c.enterprise, c.project, c.contacted_on.isoformat(), c.outcome or "—"],
            }
            for c in figures["latest"]
        ]
        return page(
            self,
            request,
            _t("联络站工作看板"),
            [
                table(
                    _t("各联络站"),
                    [
                        _("联络站"),
                        _("对接次数"),
                        _("本年对接"),
                        _("对接企业"),
                        _("有成效"),
                        _("首次对接"),
                        _("最近对接"),
                    ],
                    stations,
                ),
                table(_t("最近对接"), [_("企业"), _("项目"), _("日期"), _("成效")], latest),
            ],
        )


class AlumniForm(ServiceForm):
    class Meta:
        model = AlumniEnterprise
        fields = list(services.ALUMNI_FIELDS)

    def run_service(self, data):
        return services.alumni_enterprise_save(
            actor=self.request.user,
            enterprise=self.instance if self.instance.pk else None,
            data={name: data.get(name) for name in self.Meta.fields},
        )


@register(AlumniEnterprise, site=site)
class AlumniEnterpriseAdmin(ContactAdmin):
    form = AlumniForm
    list_display = [
        "name",
        "university",
        "founder",
        "returned_on",
        "registered_capital",
        "jobs",
        "tax",
    ]
    list_filter = ["university", "returned_on"]
    search_fields = ["name", "credit_code", "founder"]
    actions_list = ["totals"]

    def object_path(self, obj):
        return obj.office.path

    @action(
        capability=caps.VIEW_TALENT,
        description=_("校友企业统计"),
        url_path="totals",
        icon="insights",
    )
    def totals(self, request):
        figures = selectors.alumni_totals()

        def cells(label, row):
            return [
                label,
                row["count"],
                money(row["registered_capital"]),
                row["jobs"],
                money(row["tax"]),
            ]

        rows = [{"cells": cells(_t("合计"), figures["total"])}]
        rows += [{"cells": cells(u["university"], u)} for u in figures["universities"]]
        return page(
            self,
            request,
            _t("校友企业回归统计"),
            [
                table(
                    "",
                    [
                        _("高校"),
                        _("企业数"),
                        _("注册资金（万元）"),
                        _("带动就业（人）"),
                        _("年纳税（万元）"),
                    ],
                    rows,
                )
            ],
        )
