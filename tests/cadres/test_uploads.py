"""A .lrmx preview (ID numbers in clear) is deleted on any confirm and expires unconfirmed."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cadres.lrmx_sample import sample
from tests.conftest import NOW, login
from zugong.cadres.models import Cadre
from zugong.core import uploads
from zugong.core.scope import system_scope


def stored(folder: str = uploads.PREVIEW_FOLDER) -> set[str]:
    return set(uploads.stored_files(folder))


def _preview(client, content: bytes, name: str, unit) -> tuple[str, str]:
    before = stored(uploads.PREVIEW_FOLDER)
    page = client.post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"file": SimpleUploadedFile(name, content), "unit": unit.pk},
    )
    html = page.content.decode()
    assert "确认导入" in html
    (pending,) = stored(uploads.PREVIEW_FOLDER) - before
    return html.split('name="token" value="')[1].split('"')[0], pending


def _confirm(client, token: str, unit, name: str):
    return client.post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {"confirm": "1", "token": token, "unit": unit.pk, "name": name},
        follow=True,
    )


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_refused_lrmx_confirm_leaves_no_file(cadres):
    # The preview shows two new cadres; the confirm refuses the batch (one person twice).
    client = login(cadres.admin)
    batch = _zip({"韦立强.lrmx": sample(), "韦立强（副本）.lrmx": sample()})
    token, pending = _preview(client, batch, "两份.zip", cadres.town_a)
    assert default_storage.exists(pending)
    done = _confirm(client, token, cadres.town_a, "两份.zip")
    assert "同批另一个文件重复" in done.content.decode()
    assert not default_storage.exists(pending)
    with system_scope():
        assert not Cadre.objects.filter(person__name="韦立强").exists()
    # The preview is used once: confirming again finds nothing.
    again = _confirm(client, token, cadres.town_a, "两份.zip")
    assert "预览已过期" in again.content.decode()


def test_a_preview_that_cannot_be_confirmed_keeps_no_file(cadres):
    client = login(cadres.admin)
    before = stored()
    page = client.post(
        reverse("admin:cadres_cadre_import_lrmx"),
        {
            "file": SimpleUploadedFile("两份.zip", _zip({"a.lrmx": sample(), "坏.lrmx": b"x"})),
            "unit": cadres.town_a.pk,
        },
    )
    html = page.content.decode()
    assert "未通过检查" in html
    assert "确认导入" not in html
    assert stored() == before


def test_a_confirm_for_a_unit_out_of_scope_leaves_no_file(cadres):
    client = login(cadres.officer_a)
    token, pending = _preview(client, sample(), "韦立强.lrmx", cadres.town_a)
    done = _confirm(client, token, cadres.town_b, "韦立强.lrmx")
    assert done.status_code == 404
    assert not default_storage.exists(pending)


def test_a_confirmed_lrmx_preview_leaves_no_file(cadres):
    client = login(cadres.admin)
    token, pending = _preview(client, sample(), "韦立强.lrmx", cadres.town_a)
    _confirm(client, token, cadres.town_a, "韦立强.lrmx")
    with system_scope():
        assert Cadre.objects.filter(person__name="韦立强").exists()
    assert not default_storage.exists(pending)


def test_an_unconfirmed_lrmx_preview_expires(cadres, settings):
    # (Shorter than the 30 minutes after which an idle session ends.)
    settings.ZUGONG_PREVIEW_MAX_AGE_MINUTES = 10
    client = login(cadres.admin)
    token, pending = _preview(client, sample(), "韦立强.lrmx", cadres.town_a)
    with time_machine.travel(NOW + timedelta(minutes=11)):
        done = _confirm(client, token, cadres.town_a, "韦立强.lrmx")
    assert "预览已过期" in done.content.decode()
    assert not default_storage.exists(pending)
    with system_scope():
        assert not Cadre.objects.filter(person__name="韦立强").exists()


def test_a_forged_lrmx_token_names_no_file(cadres):
    client = login(cadres.admin)
    _token, pending = _preview(client, sample(), "韦立强.lrmx", cadres.town_a)
    key = pending.rsplit("-", 1)[1].removesuffix(".bin")
    done = _confirm(client, key, cadres.town_a, "韦立强.lrmx")  # the key, unsigned
    assert "预览已过期" in done.content.decode()
    # Another user's confirm with a genuine token reaches only their own (absent) file.
    other = login(cadres.officer_a)
    assert "预览已过期" in _confirm(other, _token, cadres.town_a, "x").content.decode()
    assert default_storage.exists(pending)
