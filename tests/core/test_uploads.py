"""Uploads holding personal data in clear do not linger: a roster job deletes its file
however it ends, `zugong clean_uploads` removes what is left, and media/ is never served
(the .lrmx previews: tests/cadres/test_uploads.py)."""

from __future__ import annotations

import datetime as dt
import io
import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import login
from zugong.core import uploads
from zugong.core.errors import PermissionDenied
from zugong.core.models import AuditEntry, Job
from zugong.core.tasks import UPLOADS_PARAM, run_job
from zugong.party.jobs import IMPORT_ROSTER


def stored(folder: str = uploads.FOLDER) -> set[str]:
    return set(uploads.stored_files(folder))


@pytest.fixture
def disk(settings, tmp_path):
    """The default storage on disk (the suite's is in memory), so file times can be set."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path / "media"


def put(disk, name: str, age: timedelta) -> None:
    path = disk / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"450312198005170022")
    moment = (timezone.now() - age).timestamp()
    os.utime(path, (moment, moment))


# ---------------------------------------------------------------- roster import jobs


def test_a_failed_roster_import_leaves_no_file(cast):
    before = stored()
    client = login(cast.officer_a)
    response = client.post(
        "/admin/party/member/import/",
        {"file": SimpleUploadedFile("花名册.xlsx", b"not a workbook")},
        follow=True,
    )
    assert response.status_code == 200
    job = Job.objects.get(user=cast.officer_a, kind=IMPORT_ROSTER)
    assert job.status == Job.Status.FAILED
    assert "无法作为Excel表格读取" in job.message
    name = job.params["file"]
    assert name.startswith("imports/")
    assert job.params[UPLOADS_PARAM] == [name]
    assert not default_storage.exists(name)
    assert stored() <= before


def _queued_import(user, scope_paths) -> Job:
    name = default_storage.save("imports/queued.xlsx", ContentFile(b"PK rows"))
    return Job.objects.create(
        user=user,
        kind=IMPORT_ROSTER,
        title="导入",
        params={"file": name, UPLOADS_PARAM: [name]},
        scope_paths=scope_paths,
    )


def test_a_refused_roster_job_leaves_no_file(cast):
    # Started while the user held the capability somewhere no longer granted.
    job = _queued_import(cast.officer_a, ["9999"])
    with pytest.raises(PermissionDenied):
        run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert not default_storage.exists(job.params["file"])


def test_a_job_of_a_deactivated_user_leaves_no_file(cast):
    job = _queued_import(cast.officer_a, [cast.town_a.path])
    cast.officer_a.is_active = False
    cast.officer_a.save(update_fields=["is_active"])
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert not default_storage.exists(job.params["file"])


def test_a_roster_removed_by_the_cleaner_fails_the_job_clearly(cast):
    job = _queued_import(cast.officer_a, [cast.town_a.path])
    default_storage.delete(job.params["file"])
    with pytest.raises(Exception, match="超过保留期限"):
        run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "请重新导入" in job.message


def test_an_upload_whose_job_cannot_start_is_deleted(cast, monkeypatch):
    from zugong.party.admin import members

    def refuse(**kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(members, "job_start", refuse)
    before = stored()
    client = login(cast.officer_a)
    with pytest.raises(RuntimeError):
        client.post(
            "/admin/party/member/import/",
            {"file": SimpleUploadedFile("花名册.xlsx", b"rows")},
        )
    assert stored() <= before


# ---------------------------------------------------------------- the cleaner


def test_clean_uploads_removes_old_files_and_keeps_newer_ones(disk, db, settings):
    settings.ZUGONG_UPLOAD_MAX_AGE_HOURS = 24
    settings.ZUGONG_PREVIEW_MAX_AGE_MINUTES = 60
    put(disk, "imports/0a1b.xlsx", timedelta(hours=25))
    put(disk, "imports/2c3d.xlsx", timedelta(hours=23))
    put(disk, "imports/lrmx/7-old.bin", timedelta(minutes=90))
    put(disk, "imports/lrmx/7-new.bin", timedelta(minutes=10))
    put(disk, "jobs/report.xlsx", timedelta(days=30))  # job results are not uploads
    out = io.StringIO()
    call_command("clean_uploads", stdout=out)
    assert "已删除2个" in out.getvalue()
    assert not (disk / "imports/0a1b.xlsx").exists()
    assert not (disk / "imports/lrmx/7-old.bin").exists()
    assert (disk / "imports/2c3d.xlsx").exists()
    assert (disk / "imports/lrmx/7-new.bin").exists()
    assert (disk / "jobs/report.xlsx").exists()
    entry = AuditEntry.objects.get(action=uploads.UPLOADS_CLEANED)
    assert entry.extra["removed"] == 2
    assert "0a1b" not in str(entry.extra)
    assert "7-old" not in str(entry.extra)


def test_clean_uploads_follows_the_configured_age(disk, db, settings):
    settings.ZUGONG_UPLOAD_MAX_AGE_HOURS = 48
    put(disk, "imports/0a1b.xlsx", timedelta(hours=25))
    call_command("clean_uploads", stdout=io.StringIO())
    assert (disk / "imports/0a1b.xlsx").exists()
    call_command("clean_uploads", "--hours", "12", stdout=io.StringIO())
    assert not (disk / "imports/0a1b.xlsx").exists()


def test_clean_uploads_with_nothing_to_remove_writes_no_audit_entry(disk, db):
    out = io.StringIO()
    call_command("clean_uploads", "-v", "0", stdout=out)  # no imports folder at all
    assert out.getvalue() == ""
    assert not AuditEntry.objects.filter(action=uploads.UPLOADS_CLEANED).exists()


def test_the_clock_decides_not_the_real_day(disk, db):
    # The suite's frozen day is 2026-11-24; a file from 2026-11-23 09:00 is 25 hours old.
    put(disk, "imports/0a1b.xlsx", timezone.now() - dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC))
    assert uploads.clean() == 1


# ---------------------------------------------------------------- never served


@pytest.mark.parametrize(
    "url",
    [
        "/media/imports/0a1b.xlsx",
        "/imports/0a1b.xlsx",
        "/static/../media/imports/0a1b.xlsx",
        "/static/%2e%2e/media/imports/0a1b.xlsx",
    ],
)
def test_media_is_never_served(disk, cast, url):
    put(disk, "imports/0a1b.xlsx", timedelta(minutes=1))
    for client in (login(cast.admin), Client()):
        response = client.get(url)
        assert response.status_code == 404
        assert b"450312198005170022" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )
