"""The collective economy's report pages, mixed into its ModelAdmins (URL names
admin:grassroots_<model>_<page>): the year's ledger by village, a village-year by month
and source, the 三资 imports and their templates, receipts due and overdue, expiring
contracts, missing disclosures, the weak villages and the year-end forecast."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

from django import forms
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zugong.cadres import public as cadres_public
from zugong.core import authz, uploads
from zugong.core.admin.base import action
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.core.exports import download_requested, xlsx_response
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots import collective_import
from zugong.grassroots.models.collective import IncomeSource
from zugong.grassroots.rules import collective as rules
from zugong.grassroots.selectors import collective as selectors

VIEW = caps.VIEW_GRASSROOTS
TIERS = (("weak", _("薄弱村")), ("middle", _("一般村")), ("strong", _("较强村")))


def today() -> dt.date:
    return dt.date.today()


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today().year


def _context(model_admin, request, title, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("三资系统导出的表格（Excel）"))
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认有任何错误则全部不导入）"), required=False
    )


def ledger_workbook(year, rows):
    labels = [label for _code, label in IncomeSource.choices]
    lines = (
        (
            r["township"].name,
            r["organization"].name,
            r["organization"].code,
            *[float(v) for v in r["by_source"]],
            float(r["total"]),
            float(r["operating"]),
            r["tier"].label,
            float(r["last_year"]),
            float(r["change"]),
        )
        for r in rows
    )
    return xlsx_response(
        [
            _("乡镇"),
            _("村"),
            _("组织编码"),
            *labels,
            _("总收入"),
            _("经营性收入"),
            _("分档"),
            _("上年"),
            _("同比增减"),
        ],
        [20, 26, 16, *[12] * len(labels), 12, 12, 16, 12, 12],
        lines,
        f"村级集体经济台账{year}.xlsx",
        _("集体经济台账"),
        what="grassroots.collective_ledger",
        details={"year": year},
        action=caps.GRASSROOTS_EXPORTED,
    )


class IncomePages:
    @action(
        capability=VIEW, description=_("集体经济台账"), url_path="ledger", icon="account_balance"
    )
    def ledger(self, request):
        download = download_requested(request, VIEW)
        year = _year(request)
        township = request.GET.get("township", "")
        tier = request.GET.get("tier", "")
        tier = tier if tier in dict(TIERS) else ""
        rows = selectors.ledger(
            year, township_id=int(township) if township.isdigit() else None, tier=tier
        )
        if download:
            return ledger_workbook(year, rows)
        weak, strong = rules.tier_thresholds()
        context = _context(
            self,
            request,
            _("%(y)d年村级集体经济台账") % {"y": year},
            year=year,
            rows=rows,
            tier=tier,
            tiers=TIERS,
            township=township,
            townships=selectors.townships(),
            sources=selectors.sources(),
            measure=_("经营性收入") if rules.tier_measure() == "operating" else _("总收入"),
            weak=rules.wan(weak),
            strong=rules.wan(strong),
            source=rules.TIER_THRESHOLDS.source,
            can_export=authz.holds(request, (VIEW, EXPORT)),
            years=range(today().year, today().year - 5, -1),
        )
        return TemplateResponse(request, "grassroots/admin/collective_ledger.html", context)

    @action(
        capability=VIEW,
        description=_("村年度收入明细"),
        url_path="village-year",
        icon="calendar_month",
    )
    def village_year(self, request):
        year = _year(request)
        org_id = request.GET.get("organization", "")
        if not org_id.isdigit():
            # No village chosen (a link without one): the ledger, where villages are picked.
            return redirect(reverse("admin:grassroots_collectiveincome_ledger") + f"?year={year}")
        organization = get_scoped_or_404(Organization, pk=org_id)
        data = selectors.village_year(organization, year)
        context = _context(
            self,
            request,
            _("%(o)s %(y)d年集体经济收入") % {"o": organization.name, "y": year},
            organization=organization,
            year=year,
            data=data,
            sources=selectors.sources(),
        )
        return TemplateResponse(request, "grassroots/admin/collective_village_year.html", context)

    @action(
        capability=caps.IMPORT_GRASSROOTS,
        description=_("导入三资收入"),
        url_path="import-income",
        icon="upload_file",
    )
    def import_income(self, request):
        return self._import(request, "income")

    @action(
        capability=caps.IMPORT_GRASSROOTS,
        description=_("导入三资合同"),
        url_path="import-contracts",
        icon="upload_file",
    )
    def import_contracts(self, request):
        return self._import(request, "contract")

    @action(
        capability=caps.IMPORT_GRASSROOTS,
        description=_("下载收入导入模板"),
        url_path="template-income",
        icon="table_view",
    )
    def template_income(self, request):
        return self._template("income", "三资收入导入模板.xlsx")

    @action(
        capability=caps.IMPORT_GRASSROOTS,
        description=_("下载合同导入模板"),
        url_path="template-contracts",
        icon="table_view",
    )
    def template_contracts(self, request):
        return self._template("contract", "三资合同导入模板.xlsx")

    def _template(self, kind, filename):
        folder = Path(tempfile.mkdtemp())
        collective_import.template(folder / "template.xlsx", kind)
        return FileResponse(
            open(folder / "template.xlsx", "rb"), as_attachment=True, filename=filename
        )

    def _report_name(self, request, key: str) -> str:
        return f"{uploads.FOLDER}/collective/{request.user.pk}-{key}.xlsx"

    def _import(self, request, kind):
        key = request.GET.get("report", "")
        if key:
            if not key.isalnum() or len(key) != 32:
                raise Http404
            name = self._report_name(request, key)
            if not default_storage.exists(name):
                raise Http404
            return FileResponse(
                default_storage.open(name, "rb"),
                as_attachment=True,
                filename="三资导入错误报告.xlsx",
            )
        form = ImportForm(request.POST or None, request.FILES or None)
        result, report_key = None, ""
        if request.method == "POST" and form.is_valid():
            with tempfile.TemporaryDirectory() as folder:
                source = Path(folder) / "upload.xlsx"
                with open(source, "wb") as handle:
                    for chunk in form.cleaned_data["file"].chunks():
                        handle.write(chunk)
                try:
                    result = collective_import.run_import(
                        source,
                        actor=request.user,
                        kind=kind,
                        good_rows_only=form.cleaned_data["good_rows_only"],
                    )
                except ApplicationError as error:
                    form.add_error("file", error.message)
                if result is not None and result.report.problems:
                    report_key = uuid.uuid4().hex
                    report_path = Path(folder) / "report.xlsx"
                    collective_import.write_report(report_path, result)
                    with open(report_path, "rb") as handle:
                        default_storage.save(self._report_name(request, report_key), File(handle))
        columns = (
            collective_import.INCOME_COLUMNS
            if kind == "income"
            else collective_import.CONTRACT_COLUMNS
        )
        context = _context(
            self,
            request,
            _("导入三资收入") if kind == "income" else _("导入三资合同"),
            form=form,
            result=result,
            report_key=report_key,
            problems=result.report.problems[:200] if result else [],
            columns=[c for c, _w in columns],
            required=collective_import.INCOME_REQUIRED
            if kind == "income"
            else collective_import.CONTRACT_REQUIRED,
        )
        return TemplateResponse(request, "grassroots/admin/collective_import.html", context)


class ContractPages:
    @action(capability=VIEW, description=_("合同收款提醒"), url_path="receipts-due", icon="alarm")
    def receipts_due(self, request):
        data = selectors.receipts(today())
        context = _context(
            self, request, _("合同收款提醒"), overdue=data["overdue"], due=data["due"]
        )
        return TemplateResponse(request, "grassroots/admin/collective_receipts.html", context)

    @action(
        capability=VIEW, description=_("即将到期合同"), url_path="expiring", icon="event_upcoming"
    )
    def expiring(self, request):
        context = _context(
            self,
            request,
            _("即将到期的集体经济合同"),
            contracts=selectors.expiring_contracts(today()),
            source=rules.CONTRACT_EXPIRY_REMIND_DAYS.source,
            days=rules.setting(
                "ZUGONG_CONTRACT_EXPIRY_REMIND_DAYS", rules.CONTRACT_EXPIRY_REMIND_DAYS.value
            ),
        )
        return TemplateResponse(request, "grassroots/admin/collective_expiring.html", context)


class DisclosurePages:
    @action(capability=VIEW, description=_("未按期公开"), url_path="missing", icon="report")
    def missing(self, request):
        year = _year(request)
        context = _context(
            self,
            request,
            _("%(y)d年未按期财务公开的村") % {"y": year},
            year=year,
            rows=selectors.missing_disclosures(year, today()),
            source=rules.DISCLOSURE_PERIOD.source,
        )
        return TemplateResponse(request, "grassroots/admin/collective_disclosures.html", context)


class SecretaryPages:
    @action(
        capability=VIEW, description=_("薄弱村与第一书记"), url_path="weak", icon="trending_down"
    )
    def weak(self, request):
        year = _year(request)
        context = _context(
            self,
            request,
            _("%(y)d年集体经济薄弱村") % {"y": year},
            year=year,
            rows=selectors.weak_villages(year),
            secondments=list(cadres_public.village_secondments(today())[:200]),
            source=rules.TIER_THRESHOLDS.source,
            can_assign=authz.holds(request, caps.CHANGE_GRASSROOTS),
        )
        return TemplateResponse(request, "grassroots/admin/collective_weak.html", context)

    @action(
        capability=VIEW, description=_("薄弱村年末预测"), url_path="forecast", icon="query_stats"
    )
    def forecast_page(self, request):
        year = _year(request)
        rows = selectors.forecast(year, today())
        context = _context(
            self,
            request,
            _("%(y)d年薄弱村年末收入预测") % {"y": year},
            year=year,
            rows=rows,
            crossing=[r for r in rows if r["forecast"].crosses],
            staying=[r for r in rows if not r["forecast"].crosses],
        )
        return TemplateResponse(request, "grassroots/admin/collective_forecast.html", context)
