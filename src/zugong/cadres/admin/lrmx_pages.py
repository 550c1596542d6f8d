"""The .lrmx pages of the cadre admin: import through a preview, export and print."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminFileFieldWidget

from zugong.cadres import capabilities as caps
from zugong.cadres import lrmx, printing, selectors
from zugong.cadres.admin.base import (
    cadre_or_404,
    quote_filename,
)
from zugong.cadres.models import Cadre
from zugong.cadres.services import lrmx as lrmx_services
from zugong.core import capabilities as core_caps
from zugong.core import uploads
from zugong.core.admin.base import (
    action,
)
from zugong.core.admin.fields import OrganizationChoiceField
from zugong.core.admin.site import site
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgStatus
from zugong.core.scope import get_scoped_or_404
from zugong.core.selectors import organization_label


class UnitAutocomplete(AutocompleteSelect):
    """The admin's organization autocomplete (answers carry the parent path, in the
    reader's scope) with a Chinese placeholder."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = str(_("输入党组织名称查找，如金水社区"))
        return attrs


class LrmxUploadForm(forms.Form):
    file = forms.FileField(label=_(".lrmx文件或.zip压缩包"), widget=UnfoldAdminFileFieldWidget)
    unit = OrganizationChoiceField(
        label=_("新建干部所在单位党组织"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("文件中的干部已有干部信息的，保留其现在的单位，可不选"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.widget = UnitAutocomplete(Cadre._meta.get_field("unit"), site)
        unit.queryset = Organization.objects.filter(status=OrgStatus.ACTIVE)  # sets choices


class LrmxPages:
    """Mixed into the cadre admin: its .lrmx list and detail actions."""

    @action(
        capability=(caps.VIEW_CADRE, core_caps.EXPORT),
        description=_("打印任免审批表"),
        url_path="print",
        icon="print",
    )
    def print_form(self, request, object_id):
        cadre = cadre_or_404(object_id)
        try:
            lrmx_services.export_recorded(actor=request.user, cadres=[cadre], printed=True)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self._back(cadre))
        response = HttpResponse(printing.render(cadre), content_type="application/pdf")
        response["Content-Disposition"] = (
            f"inline; filename*=UTF-8''{quote_filename(cadre.person.name + '_干部任免审批表.pdf')}"
        )
        return response

    @action(
        capability=(caps.VIEW_CADRE, core_caps.EXPORT, core_caps.VIEW_SENSITIVE),
        description=_("导出LRMX"),
        url_path="lrmx",
        icon="download",
    )
    def export_lrmx(self, request, object_id):
        cadre = cadre_or_404(object_id)
        try:
            lrmx_services.export_recorded(actor=request.user, cadres=[cadre])
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self._back(cadre))
        response = HttpResponse(lrmx.export(cadre), content_type="application/xml")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote_filename(cadre.person.name + '.lrmx')}"
        )
        return response

    @action(
        capability=(caps.VIEW_CADRE, core_caps.EXPORT, core_caps.VIEW_SENSITIVE),
        description=_("导出所选干部的任免审批表（LRMX压缩包）"),
    )
    def export_lrmx_selected(self, request, queryset):
        cadres = list(selectors.with_details(queryset).prefetch_related("family", "forms")[:500])
        try:
            lrmx_services.export_recorded(actor=request.user, cadres=cadres)
        except ApplicationError as error:
            messages.error(request, error.message)
            return None
        response = HttpResponse(lrmx.export_zip(cadres), content_type="application/zip")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote_filename('干部任免审批表.zip')}"
        )
        return response

    # ------------------------------------------------------------ list actions

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("导入LRMX"),
        url_path="import-lrmx",
        icon="upload_file",
    )
    def import_lrmx(self, request):
        if not request.access.has(caps.CHANGE_CADRE):
            raise Http404
        if request.method == "POST" and request.POST.get("confirm"):
            return self._lrmx_confirm(request)
        back = reverse("admin:cadres_cadre_changelist")
        context = self._context(request, _("导入干部任免审批表（.lrmx）"), back=back)
        form = LrmxUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(lrmx.MAX_FILE_BYTES * 5 + 1)
            try:
                batch = lrmx.parse_upload(content, upload.name)
                rows = lrmx_services.preview(actor=request.user, batch=batch)
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                unit = form.cleaned_data["unit"]
                missing = _needing_unit(rows)
                if missing and unit is None:
                    form.add_error("unit", _unit_needed(missing))
                else:
                    context.update(
                        rows=rows,
                        errors=_preview_errors(batch, rows),
                        name=upload.name,
                        unit=unit,
                        unit_label=organization_label(unit) if unit else "",
                        creates=bool(missing),
                    )
                    if rows and not context["errors"]:
                        # Kept for the confirm only when the page offers one.
                        key = uuid.uuid4().hex
                        context["token"] = _pending_token(key)
                        default_storage.save(_pending_name(request, key), ContentFile(content))
                    return TemplateResponse(request, "cadres/admin/lrmx_import.html", context)
        context["form"] = form
        context["media"] = self.media + form.media
        return TemplateResponse(request, "cadres/admin/lrmx_import.html", context)

    def _lrmx_confirm(self, request):
        back = reverse("admin:cadres_cadre_changelist")
        token = request.POST.get("token", "")
        path = _pending_path(request, token)
        # The preview holds ID numbers in clear: it is used once, whatever comes of
        # the confirm (imported, refused, expired, out of scope), then it goes.
        try:
            unit = None
            if request.POST.get("unit"):
                unit = get_scoped_or_404(Organization, pk=request.POST.get("unit"))
            if path is None or _pending_expired(token) or not default_storage.exists(path):
                messages.error(request, _("预览已过期，请重新上传"))
                return redirect(request.path)
            with default_storage.open(path, "rb") as handle:
                content = handle.read()
            batch = lrmx.parse_upload(content, request.POST.get("name", "upload"))
            try:
                missing = _needing_unit(lrmx_services.preview(actor=request.user, batch=batch))
                if missing and unit is None:
                    raise ApplicationError(_unit_needed(missing), field="unit")
                cadres = lrmx_services.import_batch(actor=request.user, batch=batch, unit=unit)
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect(request.path)
        finally:
            if path is not None:
                uploads.discard(path)
        messages.success(request, _("已导入%(n)d份任免审批表") % {"n": len(cadres)})
        return redirect(back)


def _needing_unit(rows: list[dict]) -> list[str]:
    """Names in the preview without a cadre record yet: a new record needs a unit; an
    existing one keeps its own."""
    return [r["parsed"].name for r in rows if r["status"] != "out_of_scope" and not r["is_cadre"]]


def _unit_needed(names: list[str]) -> str:
    return _("%(n)s尚无干部信息，请选择新建干部所在单位党组织") % {"n": "、".join(names[:5])}


def _preview_errors(batch, rows) -> list[dict]:
    return [
        *batch.errors,
        *[
            {
                "file": r["parsed"].filename,
                "message": _("该身份证号码对应的人员不在您的数据范围内"),
                "details": [],
            }
            for r in rows
            if r["status"] == "out_of_scope"
        ],
    ]


# A .lrmx preview waits for its confirm under a random key; the page carries the key
# signed with the time it was issued, so a confirm names only a preview issued here,
# to this user, and not older than ZUGONG_PREVIEW_MAX_AGE_MINUTES (an unconfirmed
# preview is then removed by `zugong clean_uploads`).
_PREVIEW_SIGNER = signing.TimestampSigner(salt="zugong.cadres.lrmx-preview")


def _pending_token(key: str) -> str:
    return _PREVIEW_SIGNER.sign(key)


def _pending_name(request, key: str) -> str:
    return f"{uploads.PREVIEW_FOLDER}/{request.user.pk}-{key}.bin"


def _pending_path(request, token: str) -> str | None:
    try:
        key = _PREVIEW_SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    if not key.isalnum() or len(key) != 32:
        return None
    return _pending_name(request, key)


def _pending_expired(token: str) -> bool:
    try:
        _PREVIEW_SIGNER.unsign(token, max_age=uploads.preview_max_age())
    except signing.BadSignature:  # SignatureExpired included
        return True
    return False
