"""The registry's pages: coverage rates with their lists, the four-sync list, the Excel
template, the import and the exports (一企一表 and the list). Mixed into EntityAdmin
(URL names admin:grassroots_entity_*)."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zugong.core import authz, uploads
from zugong.core.admin.base import action
from zugong.core.capabilities import EXPORT, need
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind
from zugong.core.scope import current_scope, get_scoped_or_404
from zugong.grassroots import capabilities as caps
from zugong.grassroots import rules, twonew_export, twonew_import
from zugong.grassroots.models.twonew import CoverageReport, Entity, EntityKind
from zugong.grassroots.selectors import coverage, twonew
from zugong.grassroots.services import twonew as services

NUMBER_LABELS = {
    "registered": _("登记数"),
    "counted": _("纳入统计"),
    "excluded": _("未纳入统计"),
    "separate": _("单独组建"),
    "organized": _("组织覆盖"),
    "work_covered": _("工作覆盖"),
    "uncovered": _("未覆盖"),
}
RATE_LABELS = {
    "org_coverage_rate": _("组织覆盖率"),
    "separate_rate": _("单独组建率"),
    "work_coverage_rate": _("工作覆盖率"),
}
LIST_LIMIT = 1000


class ImportForm(forms.Form):
    file = forms.FileField(label=_("两新组织台账（Excel）"))
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认有任何错误则全部不导入）"), required=False
    )


def _as_of(query, today: dt.date) -> dt.date:
    try:
        value = dt.date.fromisoformat(query.get("as_of") or "")
    except ValueError:
        return today
    return value if dt.date(2000, 1, 1) <= value <= today else today


def _choices() -> list[Organization]:
    """Subtrees a user may ask about: the district, townships, grassroots committees, and
    the top of each of the user's own subtrees whatever its kind (a branch secretary's
    branch), so every user who opens the page has a subtree to count."""
    tops = Q(kind__in=[OrgKind.DISTRICT, OrgKind.TOWNSHIP, OrgKind.GRASSROOTS])
    tops |= Q(path__in=list(current_scope().paths))
    return list(Organization.objects.filter(tops).order_by("path")[:500])


def _root(query, choices: list[Organization]) -> Organization | None:
    wanted = query.get("org")
    if wanted:
        return get_scoped_or_404(Organization, pk=wanted) if str(wanted).isdigit() else None
    paths = sorted(current_scope().paths, key=len)
    for organization in choices:
        if paths and organization.path == paths[0]:
            return organization
    return choices[0] if choices else None


class EntityPages:
    def get_urls(self):
        return [
            path(
                "coverage/list/",
                self.admin_site.admin_view(self.coverage_list),
                name="grassroots_entity_coverage_list",
            ),
            *super().get_urls(),
        ]

    def _link(self, root, as_of, numerator, **extra) -> str:
        params = {"org": root.pk, "as_of": as_of.isoformat(), "numerator": numerator}
        params.update({k: v for k, v in extra.items() if v})
        return reverse("admin:grassroots_entity_coverage_list") + "?" + urlencode(params)

    def _row(self, label, figures, root, as_of, **extra) -> dict:
        return {
            "label": label,
            "numbers": [
                (figures[name], self._link(root, as_of, name, **extra)) for name in NUMBER_LABELS
            ],
            "rates": [figures[name] for name in RATE_LABELS],
        }

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("两个覆盖统计"),
        url_path="coverage",
        icon="donut_large",
    )
    def coverage_page(self, request):
        today = dt.date.today()
        choices = _choices()
        root = _root(request.GET, choices)
        if root is None:
            raise Http404
        as_of = _as_of(request.POST if request.method == "POST" else request.GET, today)
        if request.method == "POST":
            authz.enter(request, need(caps.CHANGE_GRASSROOTS))
            try:
                services.coverage_report_save(
                    actor=request.user, organization=root, as_of=as_of, today=today
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("已保存统计报告"))
            return redirect(
                reverse("admin:grassroots_entity_coverage_page")
                + "?"
                + urlencode({"org": root.pk, "as_of": as_of.isoformat()})
            )
        figures = coverage.coverage_figures(root.path, as_of)
        kinds = dict(EntityKind.choices)
        rows = [self._row(_("合计"), figures["totals"], root, as_of)]
        rows += [
            self._row(kinds[kind], values, root, as_of, kind=kind)
            for kind, values in figures["by_kind"].items()
        ]
        towns = [
            self._row(t["name"], t, root, as_of, township=t["township_id"])
            for t in figures["by_township"]
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("两个覆盖统计：%(o)s（截至%(d)s）")
            % {"o": root.name, "d": as_of.isoformat()},
            "root": root,
            "as_of": as_of,
            "choices": choices,
            "headers": list(NUMBER_LABELS.values()),
            "rate_headers": list(RATE_LABELS.values()),
            "rows": rows,
            "towns": towns,
            "changes": self._changes(root, as_of),
            "can_save": authz.holds(request, caps.CHANGE_GRASSROOTS, root.path),
            "sources": [
                rules.ORG_COVERAGE_RATE.source,
                rules.WORK_COVERAGE_RATE.source,
                rules.SCOPE_MIN_EMPLOYEES.source,
                rules.SOCIAL_ORG_MIN_STAFF.source,
            ],
        }
        return TemplateResponse(request, "grassroots/admin/twonew_coverage.html", context)

    def _changes(self, root, as_of) -> dict | None:
        report = (
            CoverageReport.objects.filter(organization=root).order_by("-made_at", "-id").first()
        )
        if report is None:
            return None
        diff = coverage.changes_since(report, root.path, as_of)
        ids = {i for d in diff.values() for i in d["entered"] + d["left"]}
        names = dict(Entity.objects.filter(pk__in=ids).values_list("id", "name"))
        # An organization no longer in scope or deleted still shows by its number.
        lines = []
        for name in ("counted", "separate", "organized", "work_covered"):
            entered = [(i, names.get(i, f"#{i}")) for i in diff[name]["entered"]]
            left = [(i, names.get(i, f"#{i}")) for i in diff[name]["left"]]
            lines.append({"label": NUMBER_LABELS[name], "entered": entered, "left": left})
        return {"report": report, "lines": lines}

    @authz.requires(caps.VIEW_GRASSROOTS)
    def coverage_list(self, request):
        today = dt.date.today()
        choices = _choices()
        root = _root(request.GET, choices)
        numerator = request.GET.get("numerator", "counted")
        if root is None or numerator not in NUMBER_LABELS:
            raise Http404
        as_of = _as_of(request.GET, today)
        kind = request.GET.get("kind") if request.GET.get("kind") in EntityKind.values else None
        township = request.GET.get("township")
        township = int(township) if township and township.isdigit() else None
        queryset = coverage.coverage_list(root.path, as_of, numerator, kind, township)
        total = queryset.count()
        rows = [
            {
                "url": reverse("admin:grassroots_entity_change", args=[e.pk]),
                "cells": [
                    e.name,
                    e.township.name,
                    e.get_kind_display(),
                    e.get_coverage_display(),
                    coverage.why(e, as_of),
                ],
            }
            for e in queryset[:LIST_LIMIT]
        ]
        title = _("%(o)s %(n)s（截至%(d)s）") % {
            "o": root.name,
            "n": NUMBER_LABELS[numerator],
            "d": as_of.isoformat(),
        }
        return TemplateResponse(
            request,
            "grassroots/admin/twonew_table.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                "columns": [
                    _("名称"),
                    _("所在乡镇（街道）"),
                    _("类别"),
                    _("组建情况"),
                    _("计入原因"),
                ],
                "rows": rows,
                "total": total,
                "limited": total > LIST_LIMIT,
                "back": reverse("admin:grassroots_entity_coverage_page")
                + "?"
                + urlencode({"org": root.pk, "as_of": as_of.isoformat()}),
            },
        )

    @action(
        capability=caps.VIEW_GRASSROOTS,
        description=_("党建入章与四同步"),
        url_path="four-sync",
        icon="rule",
    )
    def four_sync(self, request):
        rows = [
            {
                "url": reverse("admin:grassroots_entity_change", args=[r["entity"].pk]),
                "cells": [r["entity"].name, r["entity"].township.name, "、".join(r["missing"])],
            }
            for r in twonew.four_sync_gaps()
        ]
        return TemplateResponse(
            request,
            "grassroots/admin/twonew_table.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("社会组织党建入章与四同步未落实"),
                "intro": rules.FOUR_SYNC.source,
                "columns": [_("社会组织"), _("所在乡镇（街道）"), _("未落实")],
                "rows": rows,
                "total": len(rows),
            },
        )

    @action(
        capability=caps.IMPORT_GRASSROOTS,
        description=_("下载导入模板"),
        url_path="template",
        icon="table_view",
    )
    def download_template(self, request):
        folder = Path(tempfile.mkdtemp())
        twonew_import.template(folder / "template.xlsx")
        return FileResponse(
            open(folder / "template.xlsx", "rb"),
            as_attachment=True,
            filename="两新组织台账导入模板.xlsx",
        )

    @action(
        capability=caps.IMPORT_GRASSROOTS,
        description=_("导入台账"),
        url_path="import",
        icon="upload_file",
    )
    def import_registry(self, request):
        key = request.GET.get("report", "")
        if key:
            return self._report_download(request, key)
        form = ImportForm(request.POST or None, request.FILES or None)
        result = None
        report_key = ""
        if request.method == "POST" and form.is_valid():
            with tempfile.TemporaryDirectory() as folder:
                source = Path(folder) / "upload.xlsx"
                with open(source, "wb") as handle:
                    for chunk in form.cleaned_data["file"].chunks():
                        handle.write(chunk)
                try:
                    result = twonew_import.run_import(
                        source,
                        actor=request.user,
                        good_rows_only=form.cleaned_data["good_rows_only"],
                    )
                except ApplicationError as error:
                    form.add_error("file", error.message)
                if result is not None and result.report.problems:
                    report_key = uuid.uuid4().hex
                    report_path = Path(folder) / "report.xlsx"
                    twonew_import.write_report(report_path, result)
                    with open(report_path, "rb") as handle:
                        default_storage.save(self._report_name(request, report_key), File(handle))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入两新组织台账"),
            "form": form,
            "result": result,
            "problems": result.report.problems[:200] if result else [],
            "report_key": report_key,
            "columns": [c for c, _w in twonew_import.COLUMNS],
            "required": twonew_import.REQUIRED,
        }
        return TemplateResponse(request, "grassroots/admin/twonew_import.html", context)

    def _report_name(self, request, key: str) -> str:
        return f"{uploads.FOLDER}/twonew/{request.user.pk}-{key}.xlsx"

    def _report_download(self, request, key: str):
        if not key.isalnum() or len(key) != 32:
            raise Http404
        name = self._report_name(request, key)
        if not default_storage.exists(name):
            raise Http404
        return FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=True,
            filename="两新组织台账错误报告.xlsx",
        )

    @action(
        capability=(caps.VIEW_GRASSROOTS, EXPORT),
        description=_("导出台账"),
        url_path="export",
        icon="download",
    )
    def export_registry(self, request):
        return twonew_export.registry_response(twonew.entity_list())

    @action(
        capability=(caps.VIEW_GRASSROOTS, EXPORT),
        description=_("导出一企一表"),
        url_path="export-forms",
        icon="table_rows",
    )
    def export_forms(self, request):
        queryset = twonew.entity_list()
        if queryset.count() > twonew_export.FORMS_LIMIT:
            messages.error(
                request,
                _t("一次最多导出%(n)d个组织的一企一表，请在列表中按乡镇（街道）筛选后导出单个组织")
                % {"n": twonew_export.FORMS_LIMIT},
            )
            return redirect(reverse("admin:grassroots_entity_changelist"))
        return twonew_export.forms_response(list(queryset), dt.date.today())

    @action(
        capability=(caps.VIEW_GRASSROOTS, EXPORT),
        description=_("导出一企一表"),
        url_path="export-form",
        icon="table_rows",
    )
    def export_one_form(self, request, object_id):
        entity = get_scoped_or_404(twonew.entity_list(), pk=object_id)
        return twonew_export.forms_response([entity], dt.date.today())
