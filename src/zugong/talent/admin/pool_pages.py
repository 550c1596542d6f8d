"""The talent pool's pages, mixed into TalentAdmin (admin/pool.py): matching an
enterprise's need (admin:talent_talent_match), the user's saved searches
(admin:talent_talent_saved), the import with its template and error report
(admin:talent_talent_import_pool, _download_template) and the audited export of the
current search (admin:talent_talent_export_pool)."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminCheckboxSelectMultipleWidget,
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.core import uploads
from zugong.core.admin.base import action
from zugong.core.capabilities import EXPORT
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgKind
from zugong.core.scope import get_scoped_or_404
from zugong.talent import capabilities as caps
from zugong.talent import pool_export, pool_import
from zugong.talent.models import SavedSearch, TalentCategory, TalentTag
from zugong.talent.rules import pool as rules
from zugong.talent.selectors import pool as selectors
from zugong.talent.services import pool as services

VIEW = caps.VIEW_TALENT
# The changelist's filter parameters and the saved query's keys.
PARAMS = {"q": "q", "tag": "tags", "category": "categories", "township": "township"}
PARAMS.update({"level": "title_level_min", "outside": "outside"})


def query_of(get) -> dict:
    """A saved query from the pool list's parameters."""
    query = {}
    for param, key in PARAMS.items():
        value = (get.get(param) or "").strip()
        if not value:
            continue
        if key in ("tags", "categories"):
            if value.isdigit():
                query[key] = [int(value)]
        elif key == "outside":
            query[key] = value == "1"
        elif key == "q":
            query[key] = value[:100]
        elif value.isdigit():
            query[key] = int(value)
    return query


def list_url(query: dict) -> str:
    """The pool list showing a saved query (one tag and one category: the list's
    filters take one each)."""
    params = {}
    for param, key in PARAMS.items():
        value = query.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = value[0]
        if isinstance(value, bool):
            value = "1" if value else "0"
        params[param] = value
    return reverse("admin:talent_talent_changelist") + ("?" + urlencode(params) if params else "")


def _townships():
    return Organization.objects.filter(kind__in=(OrgKind.TOWNSHIP, OrgKind.DISTRICT)).order_by(
        "path"
    )


class MatchForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        label=_("需要的标签"),
        queryset=TalentTag.objects.all(),
        required=False,
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("需要的人才类别"),
        queryset=TalentCategory.objects.all(),
        required=False,
        widget=UnfoldAdminCheckboxSelectMultipleWidget,
    )
    title_level_min = forms.TypedChoiceField(
        label=_("最低职称等级"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=UnfoldAdminSelectWidget,
    )
    township = forms.ModelChoiceField(
        label=_("优先的乡镇（街道）"),
        queryset=_townships(),
        required=False,
        widget=UnfoldAdminSelectWidget,
    )
    text = forms.CharField(
        label=_("其他要求（关键词）"),
        max_length=100,
        required=False,
        widget=UnfoldAdminTextInputWidget,
    )
    top = forms.IntegerField(
        label=_("列出前几名"),
        min_value=1,
        max_value=rules.MATCH_MAX,
        required=False,
        widget=UnfoldAdminIntegerFieldWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_level_min"].choices = [("", _("不限"))] + [
            (k, v) for k, v in rules.title_levels().items() if k
        ]
        self.fields["township"].queryset = _townships()


class SaveForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=50, widget=UnfoldAdminTextInputWidget)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("人才库（Excel）"))
    good_rows_only = forms.BooleanField(
        label=_("只导入无误的行（默认有任何错误则全部不导入）"), required=False
    )


class PoolPages:
    def _context(self, request, title, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    @action(capability=VIEW, description=_("人才匹配"), url_path="match", icon="join_inner")
    def match(self, request):
        form = MatchForm(request.GET or None)
        results = None
        if request.GET and form.is_valid():
            results = selectors.match(form.cleaned_data)
        context = self._context(
            request,
            _("按需求匹配人才"),
            form=form,
            results=results,
            intro=rules.MATCH_WEIGHTS.source,
            weights=rules.match_weights(),
        )
        return TemplateResponse(request, "talent/pool_match.html", context)

    @action(capability=VIEW, description=_("保存的查询"), url_path="saved", icon="bookmarks")
    def saved(self, request):
        query = query_of(request.GET)
        form = SaveForm(request.POST or None)
        if request.method == "POST":
            deleting = request.POST.get("delete", "")
            if deleting:
                saved = get_scoped_or_404(
                    SavedSearch.objects.filter(user=request.user), pk=deleting
                )
                services.saved_search_delete(actor=request.user, saved=saved)
                messages.success(request, _("已删除查询“%(n)s”") % {"n": saved.name})
                return redirect(reverse("admin:talent_talent_saved"))
            if form.is_valid():
                try:
                    services.saved_search_save(
                        actor=request.user, name=form.cleaned_data["name"], query=query
                    )
                except ApplicationError as error:
                    form.add_error("name", error.message)
                else:
                    messages.success(request, _("已保存查询"))
                    return redirect(reverse("admin:talent_talent_saved"))
        rows = [
            {"saved": s, "url": list_url(s.query)} for s in selectors.saved_searches(request.user)
        ]
        context = self._context(
            request, _("保存的查询"), form=form, query=query, rows=rows, current=list_url(query)
        )
        return TemplateResponse(request, "talent/pool_saved.html", context)

    @action(
        capability=caps.IMPORT_TALENT,
        description=_("下载导入模板"),
        url_path="template",
        icon="table_view",
    )
    def download_template(self, request):
        folder = Path(tempfile.mkdtemp())
        pool_import.template(folder / "template.xlsx")
        return FileResponse(
            open(folder / "template.xlsx", "rb"), as_attachment=True, filename="人才库导入模板.xlsx"
        )

    @action(
        capability=caps.IMPORT_TALENT,
        description=_("导入人才库"),
        url_path="import",
        icon="upload_file",
    )
    def import_pool(self, request):
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
                    result = pool_import.run_import(
                        source,
                        actor=request.user,
                        good_rows_only=form.cleaned_data["good_rows_only"],
                    )
                except ApplicationError as error:
                    form.add_error("file", error.message)
                if result is not None and result.report.problems:
                    report_key = uuid.uuid4().hex
                    report_path = Path(folder) / "report.xlsx"
                    pool_import.write_report(report_path, result)
                    with open(report_path, "rb") as handle:
                        default_storage.save(self._report_name(request, report_key), File(handle))
        context = self._context(
            request,
            _("导入人才库"),
            form=form,
            result=result,
            problems=result.report.problems[:200] if result else [],
            report_key=report_key,
            columns=[c for c, _w in pool_import.COLUMNS],
            required=pool_import.REQUIRED,
        )
        return TemplateResponse(request, "talent/pool_import.html", context)

    def _report_name(self, request, key: str) -> str:
        return f"{uploads.FOLDER}/talent_pool/{request.user.pk}-{key}.xlsx"

    def _report_download(self, request, key: str):
        if not key.isalnum() or len(key) != 32:
            raise Http404
        name = self._report_name(request, key)
        if not default_storage.exists(name):
            raise Http404
        return FileResponse(
            default_storage.open(name, "rb"), as_attachment=True, filename="人才库导入错误报告.xlsx"
        )

    @action(
        capability=(VIEW, EXPORT), description=_("导出检索结果"), url_path="export", icon="download"
    )
    def export_pool(self, request):
        query = query_of(request.GET)
        return pool_export.pool_response(selectors.search_query(query), query=query)
