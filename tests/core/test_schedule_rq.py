"""The broker-backed task backend (django-tasks-rq on Redis) with two rq workers.

django-tasks-rq 0.12 is written against the django-tasks backport, but its job class
accepts Django 6's own ``django.tasks.Task`` (django_tasks_rq.compat.TASK_CLASSES) and
Django's task_backends loads its RQBackend from TASKS like any backend, so zugong's
tasks (jobs and scans, declared with ``django.tasks.task``) run on it unchanged; the
workers are ``zugong rqworker --job-class django_tasks_rq.backend.Job default``.

The test builds a fresh database (a SQLite file, or a new PostgreSQL database when
DATABASE_URL names one) and uses an empty Redis database number, starts an import, an
export and a scan, runs two burst workers side by side as subprocesses, and checks that
each ran exactly once, to the end, with its progress recorded. It runs whenever Redis
answers, and with CI=true always (a skip fails CI: tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
ROOT = Path(__file__).resolve().parents[2]


def _redis():
    try:
        import redis

        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=2)
        client.ping()
        return client
    except Exception:
        return None


def _free_db_number() -> int:
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        if client.dbsize() == 0:
            return number
    pytest.fail("no empty Redis database number (1–15) to run the workers on")


DRIVER = textwrap.dedent(
    """
    import datetime as dt, json, os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zugong.settings")
    import django
    django.setup()
    import xlsxwriter
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from zugong.core import audit, idnumber, schedule
    from zugong.core.jobs import EXPORT_PERSONS
    from zugong.core.models import AuditEntry, Job, OrgCategory, OrgKind, Person, Role, ScanRun, User
    from zugong.core.scope import system_scope
    from zugong.core.services import access, organizations
    from zugong.core.tasks import UPLOADS_PARAM, job_start
    from zugong.party import roster
    from zugong.party.jobs import IMPORT_ROSTER

    ROWS = 30
    NAMES = [s + g for s in "韦覃蒙陆黄李莫唐蒋梁" for g in ("秀英", "建华", "春梅")]
    mode = sys.argv[1]
    if mode == "start":
        with system_scope("rq-test"):
            def org(parent, name, code, kind, category):
                return organizations.organization_create(actor=None, parent=parent, data={
                    "name": name, "code": code, "kind": kind, "category": category,
                    "region_code": "450312", "founded_on": dt.date(2000, 1, 1)})
            district = org(None, "中共临桂区委员会", "450312", OrgKind.DISTRICT, OrgCategory.ORGAN)
            town = org(district, "中共临桂镇委员会", "450312100", OrgKind.TOWNSHIP,
                       OrgCategory.ORGAN)
            org(town, "中共金水社区支部委员会", "450312100001", OrgKind.BRANCH,
                OrgCategory.COMMUNITY)
            user = User.objects.create_user("rqadmin", password="Zugong#2026x", is_staff=True)
            access.role_grant(actor=None, user=user, role=Role.objects.get(code="dept_admin"),
                              organization=district)
        path = "/tmp/rq-roster-%d.xlsx" % os.getpid()
        book = xlsxwriter.Workbook(path)
        sheet = book.add_worksheet()
        headers = [name for name, _ in roster.COLUMNS]
        for col, name in enumerate(headers):
            sheet.write_string(0, col, name)
        for r in range(1, ROWS + 1):
            values = {"姓名": NAMES[r - 1],
                      "公民身份号码": idnumber.make("450312", dt.date(1980, 1, 1), r),
                      "民族": "汉族", "学历": "大学本科毕业", "党员类别": "正式党员",
                      "入党时间": "2001-07-01", "转正时间": "2002-07-01",
                      "所在党组织编码": "450312100001"}
            for col, name in enumerate(headers):
                if name in values:
                    sheet.write_string(r, col, values[name])
        book.close()
        with open(path, "rb") as handle:
            name = default_storage.save("imports/rq-roster.xlsx", ContentFile(handle.read()))
        os.remove(path)
        imported = job_start(user=user, kind=IMPORT_ROSTER, title="导入",
                             params={"file": name, UPLOADS_PARAM: [name]})
        exported = job_start(user=user, kind=EXPORT_PERSONS, title="导出", params={"q": ""})
        with system_scope("rq-test"):
            scan = schedule.enqueue("core.todo", dt.date(2026, 11, 24))
        print(json.dumps({"jobs": [str(imported.pk), str(exported.pk)], "scan": scan.pk}))
    else:
        with system_scope("rq-test"):
            jobs = {j.kind: {"status": j.status, "progress": j.progress, "message": j.message,
                             "result": j.result, "file": bool(j.result_file)}
                    for j in Job.objects.all()}
            runs = [{"name": r.name, "status": r.status, "duration": r.duration,
                     "message": r.message} for r in ScanRun.objects.all()]
            answer = {
                "jobs": jobs, "runs": runs,
                "persons": Person.objects.count(),
                "imports": [e.extra.get("created") for e in
                            AuditEntry.objects.filter(action="party.roster.imported")],
                "exported": AuditEntry.objects.filter(action=audit.EXPORTED).count(),
            }
        print(json.dumps(answer, ensure_ascii=False, default=str))
    """
)


@pytest.fixture
def fresh_database(tmp_path):
    """Environment for subprocesses on a new, migrated database of the same engine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZUGONG_")}
    env["ZUGONG_DATA_DIR"] = str(tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "zugong.settings"
    env["PYTHONPATH"] = str(ROOT)
    name = None
    url = os.environ.get("DATABASE_URL", "")
    if url:
        import psycopg

        base, _sep, _db = url.rpartition("/")
        name = f"zugong_rq_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"
    subprocess.run(
        [sys.executable, "-m", "zugong", "migrate", "--noinput", "-v", "0"],
        env=env,
        check=True,
        timeout=900,
        cwd=tmp_path,
    )
    yield env
    if name:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(
    os.environ.get("CI") != "true" and _redis() is None,
    reason="Redis is not running at 127.0.0.1:6379 (CI=true requires it)",
)
def test_two_rq_workers_run_an_import_an_export_and_a_scan_each_once(fresh_database, tmp_path):
    import redis

    number = _free_db_number()
    env = {
        **fresh_database,
        "ZUGONG_TASK_BACKEND": "django_tasks_rq.RQBackend",
        "ZUGONG_RQ_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}",
    }
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
    try:
        started = subprocess.run(
            [sys.executable, str(driver), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert started.returncode == 0, started.stderr[-3000:]
        worker = [
            sys.executable,
            "-m",
            "zugong",
            "rqworker",
            "--burst",
            "--job-class",
            "django_tasks_rq.backend.Job",
            "default",
        ]
        workers = [
            subprocess.Popen(
                worker,
                env=env,
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        logs = [w.communicate(timeout=600)[0] for w in workers]
        assert all(w.returncode == 0 for w in workers), logs
        checked = subprocess.run(
            [sys.executable, str(driver), "check"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert checked.returncode == 0, checked.stderr[-3000:]
        state = json.loads(checked.stdout.strip().splitlines()[-1])
        performed = sum(log.count("Successfully completed") for log in logs)
    finally:
        client.flushdb()

    imported, exported = state["jobs"]["party.import_roster"], state["jobs"]["core.export_persons"]
    assert imported["status"] == "succeeded", imported
    assert imported["progress"] == 100
    assert exported["status"] == "succeeded", exported
    assert exported["progress"] == 100
    assert exported["file"]
    assert state["persons"] == 30, json.dumps(imported["result"], ensure_ascii=False)[:1500]
    assert state["imports"] == [30]  # one import run, which created every row
    assert state["exported"] == 1
    assert [(r["name"], r["status"]) for r in state["runs"]] == [("core.todo", "succeeded")]
    assert state["runs"][0]["duration"] is not None
    assert performed == 3, logs  # three jobs, each performed by exactly one worker
