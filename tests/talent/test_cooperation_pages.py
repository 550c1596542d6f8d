"""The cooperation pages at work: the graduates import (template with drop-downs, both
modes, the error report), the audited export of agreements with outcomes, the
challenge's steps through the back office and the API with refusals in the shared
error shape, and constant query counts of the list pages."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from tests.conftest import login
from tests.core.test_api import bearer
from tests.talent import rows_cooperation
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent import cooperation_import
from zugong.talent.models import Agreement, Challenge, Graduate, PracticeTerm
from zugong.talent.services import cooperation as services

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 24)
HEADER = ["姓名", "毕业院校", "毕业年度", "专业", "留区方式", "就业或创业单位", "到岗或创办日期"]
GOOD = [
    "黎晓雯",
    "桂林电子科技大学",
    "2026",
    "通信工程",
    "就业",
    "桂林漓江智造有限公司",
    "2026-07-10",
]
BAD = ["覃海", "桂林旅游学院", "2026", "", "创业", "海之味餐饮", "2026-07-10"]
FUTURE = ["吴川", "桂林电子科技大学", "2026", "", "创业", "吴川工作室", "2026-12-30"]


@pytest.fixture
def co(tc):
    with system_scope("tests"):
        rows_cooperation.make_rows(tc)
    return tc


def _sheet(path: Path, rows) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, values in enumerate([HEADER, *rows]):
        for c, value in enumerate(values):
            sheet.write_string(r, c, value)
    book.close()
    return path


def test_the_template_offers_the_universities_and_kinds(co, tmp_path):
    with system_scope("t"):
        cooperation_import.template(tmp_path / "t.xlsx", co.district)
    book = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx"))
    assert book.get_sheet_by_index(0).to_python()[0] == HEADER
    lists = book.get_sheet_by_index(1).to_python()
    assert ["毕业院校", "留区方式"] == lists[0]
    assert ["桂林电子科技大学", "就业"] == lists[1]
    assert lists[2][1] == "创业"


def test_all_or_nothing_then_good_rows_only(co, tmp_path):
    path = _sheet(tmp_path / "g.xlsx", [GOOD, BAD, FUTURE])
    with system_scope("t"):
        result = cooperation_import.run_import(
            path, actor=co.office, office=co.district, today=TODAY
        )
        assert result.imported == 0
        problems = {(p.row, p.column) for p in result.report.problems}
        assert problems == {(3, "毕业院校"), (4, "到岗或创办日期")}
        assert "不是本单位联盟成员中的高校" in result.report.problems[0].reason
        assert Graduate.objects.count() == 2
        cooperation_import.write_report(tmp_path / "r.xlsx", result)
        result = cooperation_import.run_import(
            path, actor=co.office, office=co.district, good_rows_only=True, today=TODAY
        )
        assert result.imported == 1
        assert Graduate.objects.filter(name="黎晓雯", kind="employed").exists()
        entry = AuditEntry.objects.filter(action=caps.TALENT_IMPORTED).get()
        assert entry.extra["imported"] == 1
        again = cooperation_import.run_import(
            path, actor=co.office, office=co.district, today=TODAY
        )
        assert any("已登记" in p.reason for p in again.report.problems)


def test_the_import_page_and_its_error_report(co, tmp_path):
    client = login(co.office)
    assert client.get("/admin/talent/graduate/import-graduates/").status_code == 200
    template = client.get("/admin/talent/graduate/template-graduates/")
    assert template.status_code == 200
    path = _sheet(tmp_path / "g.xlsx", [GOOD, BAD])
    upload = SimpleUploadedFile("g.xlsx", path.read_bytes())
    page = client.post(
        "/admin/talent/graduate/import-graduates/", {"office": co.district.pk, "file": upload}
    )
    body = page.content.decode()
    assert "共2行，已导入0行" in body
    key = body.split("?report=")[1][:32]
    report = client.get(f"/admin/talent/graduate/import-graduates/?report={key}")
    assert report.status_code == 200
    # Another user cannot fetch it, and officer_b cannot import into the district.
    assert (
        login(co.officer_a)
        .get(f"/admin/talent/graduate/import-graduates/?report={key}")
        .status_code
        == 404
    )
    upload = SimpleUploadedFile("g.xlsx", path.read_bytes())
    refused = login(co.officer_b).post(
        "/admin/talent/graduate/import-graduates/", {"office": co.district.pk, "file": upload}
    )
    assert "共2行" not in refused.content.decode()
    with system_scope("t"):
        assert Graduate.objects.count() == 2


def test_the_export_is_audited_and_limited_to_the_scope(co):
    response = login(co.office).get("/admin/talent/agreement/export-agreements/")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0][0] == "协议名称"
    assert {r[0] for r in rows[1:]} == {co.coop_agreement.title, co.coop_agreement_a.title}
    flagged = next(r for r in rows if r[0] == co.coop_agreement_a.title)
    assert flagged[10:] == ["是", "2026-06-01"]
    with system_scope("t"):
        assert AuditEntry.objects.filter(action=caps.TALENT_EXPORTED).count() == 1
    town = login(co.officer_a).get("/admin/talent/agreement/export-agreements/?flagged=1")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(town.content)).get_sheet_by_index(0)
    assert [r[0] for r in rows.to_python()[1:]] == [co.coop_agreement_a.title]
    assert login(co.tina).get("/admin/talent/agreement/export-agreements/").status_code in (
        302,
        403,
    )


def test_the_steps_in_the_back_office(co):
    client = login(co.office)
    pk = co.coop_challenge.pk
    base = f"/admin/talent/challenge/{pk}"
    page = client.get(f"{base}/change/").content.decode()
    assert f"{base}/accept/" in page  # awarded: the milestones and the acceptance
    assert f"{base}/add-bid/" not in page
    leader = login(co.leader).get(f"{base}/change/").content.decode()
    assert f"{base}/accept/" not in leader
    refused = client.post(
        f"{base}/accept/", {"passed": "1", "accepted_on": "2026-11-20", "acceptance": "合格"}
    )
    assert "攻关节点未完成" in refused.content.decode()
    done = client.post(
        f"{base}/milestone-done/", {"milestone": co.coop_milestone.pk, "done_on": "2026-11-01"}
    )
    assert done.status_code == 302
    accepted = client.post(
        f"{base}/accept/", {"passed": "1", "accepted_on": "2026-11-20", "acceptance": "合格"}
    )
    assert accepted.status_code == 302
    with system_scope("t"):
        assert Challenge.objects.get(pk=pk).status == "accepted"
    term = client.post(
        f"/admin/talent/practicebase/{co.coop_base.pk}/add-term/",
        {"term": "2026秋", "starts_on": "2026-09-01", "students": "31"},
    )
    assert "实践学生31人，超过基地每期岗位数30个" in term.content.decode()
    with system_scope("t"):
        assert PracticeTerm.objects.count() == 1
    # 六塘镇's officer gets 404 on the steps of the district's challenge.
    other = login(co.officer_b)
    assert other.get(f"{base}/award/").status_code in (403, 404)


def test_an_agreement_through_the_admin_form(co):
    client = login(co.office)
    response = client.post(
        "/admin/talent/agreement/add/",
        {
            "office": co.district.pk,
            "title": "新协议",
            "members": [co.coop_university.pk],
            "signed_on": "2026-05-01",
            "ends_on": "2026-04-01",
            "content": "",
        },
    )
    assert "不能早于签订日期" in response.content.decode()
    with system_scope("t"):
        assert not Agreement.objects.filter(title="新协议").exists()


def test_the_challenge_steps_through_the_api(co):
    api = bearer(co.office)
    url = "/api/v1/talent/cooperation/challenges"
    made = api.post(
        url,
        {
            "office_id": co.district.pk,
            "title": "山区冷链物流优化",
            "publisher": "桂林金水农业发展有限公司",
            "need": "降低损耗",
            "budget": "30",
            "published_on": "2026-09-01",
            "deadline": "2026-10-31",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    award = api.post(
        f"{url}/{pk}/award", {"bid_id": co.coop_bid.pk, "awarded_on": "2026-11-01"},
        content_type="application/json",
    )  # fmt: skip
    assert award.status_code == 400
    assert "尚无揭榜方案" in award.json()["message"]
    bid = api.post(
        f"{url}/{pk}/bids",
        {"bidder_id": co.coop_university.pk, "submitted_on": "2026-10-01", "proposal": "方案"},
        content_type="application/json",
    )
    assert bid.status_code == 201
    bid_id = bid.json()["bids"][0]["id"]
    assert bid.json()["bids"][0]["bidder_name"] == "桂林电子科技大学"
    award = api.post(
        f"{url}/{pk}/award", {"bid_id": bid_id, "awarded_on": "2026-11-01"},
        content_type="application/json",
    )  # fmt: skip
    assert award.json()["status"] == "awarded"
    failed = api.post(
        f"{url}/{pk}/accept",
        {"passed": False, "accepted_on": "2026-11-20", "acceptance": "未达指标"},
        content_type="application/json",
    )
    assert failed.json()["status"] == "failed"
    detail = api.get(f"/api/v1/talent/cooperation/agreements/{co.coop_agreement_a.pk}").json()
    assert detail["no_outcome"] is True
    assert detail["no_outcome_since"] == "2026-06-01"
    district = api.get(f"/api/v1/talent/cooperation/agreements/{co.coop_agreement.pk}").json()
    assert {k: district[k] for k in ("students", "graduates", "programmes", "trainees")} == {
        "students": 24,
        "graduates": 1,
        "programmes": 1,
        "trainees": 1,
    }
    assert set(district["member_ids"]) == {co.coop_university.pk, co.coop_enterprise.pk}
    flagged = api.get("/api/v1/talent/cooperation/agreements?no_outcome=true").json()
    assert [a["id"] for a in flagged["items"]] == [co.coop_agreement_a.pk]


def test_api_refusals_name_the_field(co):
    api = bearer(co.office)
    response = api.post(
        f"/api/v1/talent/cooperation/bases/{co.coop_base.pk}/terms",
        {"term": "2026秋", "starts_on": "2026-09-01", "students": 31},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "超过基地每期岗位数30个" in body["message"]
    assert body["details"][0]["field"] == "students"
    response = api.post(
        "/api/v1/talent/cooperation/graduates",
        {
            "office_id": co.district.pk,
            "university_id": co.coop_enterprise.pk,
            "name": "张三",
            "year": 2026,
            "kind": "employed",
            "employer": "某公司",
            "started_on": "2026-07-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "不是联盟成员中的高校" in response.json()["message"]
    retention = api.get("/api/v1/talent/cooperation/retention").json()
    assert retention["years"] == [2025, 2026]


def test_list_pages_hold_their_query_counts(co, django_assert_max_num_queries):
    client = login(co.office)
    urls = [
        "/admin/talent/agreement/",
        "/admin/talent/agreement/outcome-board/",
        "/admin/talent/challenge/board/",
        "/admin/talent/graduate/retention/",
        "/admin/talent/programme/ledgers/",
    ]
    counts = {}
    for url in urls:
        client.get(url)  # warm caches (sessions, access)
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        counts[url] = len(captured)
    with system_scope("t"):
        for i in range(10):
            services.agreement_save(
                actor=None,
                office=co.district,
                title=f"协议{i}",
                members=[co.coop_university],
                signed_on=D(2024, 1, 1),
                today=TODAY,
            )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_api_lists_hold_their_query_counts(co, django_assert_max_num_queries):
    api = bearer(co.office)
    urls = [
        "/api/v1/talent/cooperation/agreements",
        "/api/v1/talent/cooperation/challenges",
        "/api/v1/talent/cooperation/programmes",
        "/api/v1/talent/cooperation/bases",
        "/api/v1/talent/cooperation/graduates",
        f"/api/v1/talent/cooperation/cohorts/{co.coop_cohort.pk}/trainees",
    ]
    counts = {}
    for url in urls:
        api.get(url)
        with django_assert_max_num_queries(30) as captured:
            assert api.get(url).status_code == 200, url
        counts[url] = len(captured)
    with system_scope("t"):
        for i in range(8):
            agreement = services.agreement_save(
                actor=None,
                office=co.district,
                title=f"协议{i}",
                members=[co.coop_university, co.coop_enterprise],
                signed_on=D(2024, 1, 1),
                today=TODAY,
            )
            services.programme_save(
                actor=None, office=co.district, name=f"项目{i}", kind="class", year=2026,
                agreement=agreement, today=TODAY,
            )  # fmt: skip
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            api.get(url)
    trainees = api.get(urls[-1]).json()["items"]
    assert [t["name"] for t in trainees] == ["唐丽娜"]
    assert bearer(co.officer_b).get(urls[-1]).status_code == 404


def test_trainees_completed_in_bulk_and_an_agreement_edited(co):
    client = login(co.office)
    response = client.post(
        "/admin/talent/trainee/",
        {"action": "mark_completed", "_selected_action": [co.coop_trainee.pk]},
    )
    assert response.status_code == 302
    with system_scope("t"):
        assert co.coop_trainee.__class__.objects.get(pk=co.coop_trainee.pk).completed
    # 六塘镇's officer selects a row outside the scope: nothing happens to it.
    with system_scope("t"):
        services.trainee_save(actor=None, trainee=co.coop_trainee, cohort=co.coop_cohort,
                              name="唐丽娜", completed=False)  # fmt: skip
    login(co.officer_b).post(
        "/admin/talent/trainee/",
        {"action": "mark_completed", "_selected_action": [co.coop_trainee.pk]},
    )
    with system_scope("t"):
        assert not co.coop_trainee.__class__.objects.get(pk=co.coop_trainee.pk).completed
    edited = client.post(
        f"/admin/talent/agreement/{co.coop_agreement_a.pk}/change/",
        {
            "title": "临桂镇—桂工合作协议（修订）",
            "members": [co.coop_university_a.pk],
            "signed_on": "2025-06-01",
            "ends_on": "2027-05-31",
            "content": "",
            **{
                f"{p}-{k}": "0"
                for p in ("programmes", "graduates")
                for k in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert edited.status_code == 302, edited.content.decode()[:2000]
    with system_scope("t"):
        agreement = Agreement.objects.get(pk=co.coop_agreement_a.pk)
    assert agreement.title == "临桂镇—桂工合作协议（修订）"
    assert agreement.office == co.town_a


def test_an_agreement_updated_through_the_api(co):
    url = f"/api/v1/talent/cooperation/agreements/{co.coop_agreement_a.pk}"
    body = {"title": "修订协议", "member_ids": [co.coop_university_a.pk], "signed_on": "2025-06-01"}
    done = bearer(co.officer_a).put(url, body, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["title"] == "修订协议"
    foreign = {**body, "member_ids": [co.coop_university.pk]}  # the district's: not in scope
    refused = bearer(co.officer_a).put(url, foreign, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["details"][0]["field"] == "member_ids"
    assert bearer(co.officer_b).put(url, body, content_type="application/json").status_code == 404
