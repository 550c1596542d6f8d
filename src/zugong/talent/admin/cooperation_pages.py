"""The cooperation report pages, mixed into its ModelAdmins (URL names
admin:talent_<model>_<page>): the outcome board (agreements without outcome, overdue
milestones, challenges past deadline), the audited export of the agreements with their
outcomes, the programme ledgers by kind and year, graduate retention by university and
year, and the graduates import with its template and error report."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

from django import forms
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminSelectWidget

from zugong.core import authz, uploads
from zugong.core.admin.base import action
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.talent import capabilities as caps
from zugong.talent import cooperation_export, cooperation_import
from zugong.talent.models.cooperation import ProgrammeKind
from zugong.talent.rules import cooperation as rules
from zugong.talent.selectors import cooperation as selectors
from zugong.talent.services.cooperation import OFFICE_KINDS

VIEW = caps.VIEW_TALENT


def today() -> dt.date:
    return dt.date.today()


def _context(model_admin, request, title, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


def _int(request, name: str, low: int = 2000, high: int = 2100) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and low <= int(raw) <= high else None


class AgreementPages:
    @action(
        capability=VIEW, description=_("合作成效看板"), url_path="outcome-board", icon="monitoring"
    )
    def outcome_board(self, request):
        board = selectors.outcome_board(today())
        context = _context(
            self,
            request,
            _("产学研合作成效看板"),
            board=board,
            months=rules.outcome_months(),
            source=rules.AGREEMENT_OUTCOME_MONTHS.source,
            deadline_source=rules.CHALLENGE_DEADLINE.source,
            can_export=authz.holds(request, (VIEW, EXPORT)),
        )
        return TemplateResponse(request, "talent/cooperation_board.html", context)

    @action(
        capability=(VIEW, EXPORT),
        description=_("导出协议成效"),
        url_path="export-agreements",
        icon="download",
    )
    def export_agreements(self, request):
        return cooperation_export.agreements_response(
            today(), flagged_only=request.GET.get("flagged") == "1"
        )


class ProgrammePages:
    @action(capability=VIEW, description=_("项目台账"), url_path="ledgers", icon="menu_book")
    def ledgers(self, request):
        year = _int(request, "year")
        kind = request.GET.get("kind", "")
        kind = kind if kind in ProgrammeKind.values else ""
        context = _context(
            self,
            request,
            _("产学研合作项目台账"),
            rows=selectors.programme_ledgers(year=year, kind=kind),
            year=year,
            kind=kind,
            kinds=ProgrammeKind.choices,
            years=range(today().year, today().year - 5, -1),
            source=rules.PLAN_LEDGERS.source,
        )
        return TemplateResponse(request, "talent/cooperation_ledgers.html", context)


class ImportForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("所属单位"), queryset=Organization.objects.none(), widget=UnfoldAdminSelectWidget
    )
    file = forms.FileField(label=_("毕业生留区名单（Excel）"))
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认有任何错误则全部不导入）"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = Organization.objects.filter(kind__in=OFFICE_KINDS).order_by("path")
        self.fields["office"].queryset = offices
        self.fields["office"].initial = offices.first()


class GraduatePages:
    @action(capability=VIEW, description=_("留区统计"), url_path="retention", icon="bar_chart")
    def retention(self, request):
        year_from, year_to = _int(request, "from"), _int(request, "to")
        context = _context(
            self,
            request,
            _("高校毕业生留区就业创业统计"),
            data=selectors.retention(year_from=year_from, year_to=year_to),
            year_from=year_from,
            year_to=year_to,
            years=range(today().year, today().year - 8, -1),
        )
        return TemplateResponse(request, "talent/cooperation_retention.html", context)

    @action(
        capability=caps.IMPORT_TALENT,
        description=_("下载毕业生导入模板"),
        url_path="template-graduates",
        icon="table_view",
    )
    def template_graduates(self, request):
        office_id = request.GET.get("office", "")
        office = Organization.objects.filter(pk=office_id).first() if office_id.isdigit() else None
        folder = Path(tempfile.mkdtemp())
        cooperation_import.template(folder / "template.xlsx", office)
        return FileResponse(
            open(folder / "template.xlsx", "rb"),
            as_attachment=True,
            filename="毕业生留区导入模板.xlsx",
        )

    def _report_name(self, request, key: str) -> str:
        return f"{uploads.FOLDER}/cooperation/{request.user.pk}-{key}.xlsx"

    @action(
        capability=caps.IMPORT_TALENT,
        description=_("导入毕业生"),
        url_path="import-graduates",
        icon="upload_file",
    )
    def import_graduates(self, request):
        key = request.GET.get("report", "")
        if key:
            name = self._report_name(request, key)
            if not key.isalnum() or len(key) != 32 or not default_storage.exists(name):
                raise Http404
            return FileResponse(
                default_storage.open(name, "rb"),
                as_attachment=True,
                filename="毕业生导入错误报告.xlsx",
            )
        form = ImportForm(request.POST or None, request.FILES or None)
        result, report_key = None, ""
        if request.method == "POST" and form.is_valid():
            result, report_key = self._run(request, form)
        context = _context(
            self,
            request,
            _("导入毕业生留区名单"),
            form=form,
            result=result,
            report_key=report_key,
            problems=result.report.problems[:200] if result else [],
            columns=[c for c, _w in cooperation_import.COLUMNS],
            required=cooperation_import.REQUIRED,
        )
        return TemplateResponse(request, "talent/cooperation_import.html", context)

    def _run(self, request, form):
        result, report_key = None, ""
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "upload.xlsx"
            with open(source, "wb") as handle:
                for chunk in form.cleaned_data["file"].chunks():
                    handle.write(chunk)
            try:
                result = cooperation_import.run_import(
                    source,
                    actor=request.user,
                    office=form.cleaned_data["office"],
                    good_rows_only=form.cleaned_data["good_rows_only"],
                )
            except ApplicationError as error:
                form.add_error("file", error.message)
            if result is not None and result.report.problems:
                report_key = uuid.uuid4().hex
                report_path = Path(folder) / "report.xlsx"
                cooperation_import.write_report(report_path, result)
                with open(report_path, "rb") as handle:
                    default_storage.save(self._report_name(request, report_key), File(handle))
        return result, report_key
