"""The .lrmx pages of the cadre admin: import through a preview, export and print."""

import uuid

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres import lrmx, printing, selectors
from zugong.cadres.admin.base import (
    cadre_or_404,
    quote_filename,
)
from zugong.cadres.services import lrmx as lrmx_services
from zugong.core import capabilities as core_caps
from zugong.core import uploads
from zugong.core.admin.base import (
    action,
)
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization
from zugong.core.scope import get_scoped_or_404


class LrmxUploadForm(forms.Form):
    file = forms.FileField(label=_(".lrmx文件或.zip压缩包"))
    unit = forms.ModelChoiceField(
        label=_("新建干部所在单位党组织"),
        queryset=Organization.objects.none(),
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.exclude(kind="branch").order_by("path")


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
        back = reverse("admin:cadres_cadre_changelist")
        context = self._context(request, _("导入干部任免审批表（.lrmx）"), back=back)
        if request.method == "POST" and request.POST.get("confirm"):
            token = request.POST.get("token", "")
            path = _pending_path(request, token)
            # The preview holds ID numbers in clear: it is used once, whatever comes of
            # the confirm (imported, refused, expired, out of scope), then it goes.
            try:
                unit = get_scoped_or_404(Organization, pk=request.POST.get("unit"))
                if path is None or _pending_expired(token) or not default_storage.exists(path):
                    messages.error(request, _("预览已过期，请重新上传"))
                    return redirect(request.path)
                with default_storage.open(path, "rb") as handle:
                    content = handle.read()
                batch = lrmx.parse_upload(content, request.POST.get("name", "upload"))
                try:
                    cadres = lrmx_services.import_batch(actor=request.user, batch=batch, unit=unit)
                except ApplicationError as error:
                    messages.error(request, error.message)
                    return redirect(request.path)
            finally:
                if path is not None:
                    uploads.discard(path)
            messages.success(request, _("已导入%(n)d份任免审批表") % {"n": len(cadres)})
            return redirect(back)
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
                context.update(
                    rows=rows,
                    errors=batch.errors,
                    name=upload.name,
                    unit=form.cleaned_data["unit"],
                )
                if any(r["status"] == "out_of_scope" for r in rows):
                    context["errors"] = [
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
                if rows and not context["errors"]:
                    # Kept for the confirm only when the page offers one.
                    key = uuid.uuid4().hex
                    context["token"] = _pending_token(key)
                    default_storage.save(_pending_name(request, key), ContentFile(content))
                return TemplateResponse(request, "cadres/admin/lrmx_import.html", context)
        context["form"] = form
        return TemplateResponse(request, "cadres/admin/lrmx_import.html", context)


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
