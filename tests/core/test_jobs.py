import io

from python_calamine import CalamineWorkbook

from tests.conftest import login
from zugong.core import capabilities as caps
from zugong.core.jobs import EXPORT_PERSONS
from zugong.core.models import AuditEntry, Job
from zugong.core.services.access import get_access
from zugong.core.tasks import job_start


def rows_of(job):
    with job.result_file.open("rb") as handle:
        book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    return book.get_sheet_by_index(0).to_python()


def test_export_runs_in_the_starting_users_scope(cast):
    job = job_start(
        user=cast.officer_a,
        kind=EXPORT_PERSONS,
        title="导出",
        params={"clear": False},
    )
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    rows = rows_of(job)
    assert rows[0][:5] == ["姓名", "性别", "民族", "出生日期", "公民身份号码"]
    assert sorted(r[0] for r in rows[1:]) == ["李建华", "黄秀英"]
    assert all("********" in r[4] for r in rows[1:])
    entry = AuditEntry.objects.filter(action="core.export.created").get()
    assert entry.extra["rows"] == 2
    assert entry.actor_id == cast.officer_a.pk


def test_clear_export_only_for_those_allowed(cast):
    assert get_access(cast.admin).has(caps.VIEW_SENSITIVE)
    job = job_start(
        user=cast.admin,
        kind=EXPORT_PERSONS,
        title="导出",
        params={"clear": True, "q": "黄"},
    )
    job.refresh_from_db()
    rows = rows_of(job)
    assert len(rows) == 2
    assert "*" not in rows[1][4]
    assert rows[1][8] == "13907730001"


def test_jobs_and_their_files_belong_to_their_user(cast):
    job = job_start(
        user=cast.officer_a,
        kind=EXPORT_PERSONS,
        title="导出",
        params={},
    )
    assert login(cast.officer_a).get(f"/admin/core/job/{job.pk}/download/").status_code == 200
    assert login(cast.officer_b).get(f"/admin/core/job/{job.pk}/download/").status_code == 404
    assert login(cast.officer_b).get(f"/admin/core/job/{job.pk}/change/").status_code == 404


def test_the_admin_export_button_starts_a_job(cast):
    response = login(cast.officer_b).get("/admin/core/person/export/", follow=True)
    assert "已开始导出" in response.content.decode()
    job = Job.objects.get(user=cast.officer_b)
    assert job.result["rows"] == 1
