"""Two-new organizations within scope: the other township's officer sees nothing of
临桂镇 (lists, details, API, exports); the two-role user (officer of 临桂镇, secretary
of 六塘村) changes records only in 临桂镇; system, security and audit administrators
get no business data."""

from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook

from tests.conftest import TODAY, login
from tests.core.test_api import bearer
from tests.grassroots.rows_twonew import entity_data, make_rows
from zugong.core.scope import system_scope
from zugong.grassroots.models.twonew import Entity, Instructor, JointMemberUnit
from zugong.grassroots.services import twonew as services

NAME_A = "桂林漓江山水旅游有限公司900001"


@pytest.fixture
def rows(gr):
    with system_scope("t"):
        make_rows(gr)
        gr.entity_a = Entity.objects.get(name=NAME_A)
        gr.entity_b = services.entity_save(
            actor=None,
            data=entity_data(gr, 800001, name="六塘农产品加工厂", township=gr.town_b),
            today=TODAY,
        )
        gr.instructor = Instructor.objects.get()
        gr.unit = JointMemberUnit.objects.get()
    return gr


PAGES = [
    "/admin/grassroots/entity/",
    "/admin/grassroots/entity/coverage/",
    "/admin/grassroots/entity/four-sync/",
    "/admin/grassroots/instructor/",
    "/admin/grassroots/instructor/overdue/",
    "/admin/grassroots/instructorvisit/",
    "/admin/grassroots/jointmemberunit/",
    "/admin/grassroots/dutyitem/",
    "/admin/grassroots/dutyitem/overdue/",
    "/admin/grassroots/unitreport/",
    "/admin/grassroots/unitreport/missing/",
    "/admin/grassroots/coveragereport/",
]


def test_officer_a_sees_the_township_everywhere(rows):
    client = login(rows.officer_a)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
    assert NAME_A in client.get("/admin/grassroots/entity/").content.decode()
    assert "六塘农产品加工厂" not in client.get("/admin/grassroots/entity/").content.decode()


def test_officer_b_sees_nothing_of_township_a(rows):
    client = login(rows.officer_b)
    for url in PAGES:
        page = client.get(url).content.decode()
        assert NAME_A not in page, url
        assert "临桂镇市场监督管理所" not in page, url
    assert "六塘农产品加工厂" in client.get("/admin/grassroots/entity/").content.decode()
    for url in (
        f"/admin/grassroots/entity/{rows.entity_a.pk}/change/",
        f"/admin/grassroots/instructor/{rows.instructor.pk}/change/",
        f"/admin/grassroots/jointmemberunit/{rows.unit.pk}/change/",
        f"/admin/grassroots/entity/{rows.entity_a.pk}/export-form/",
        f"/admin/grassroots/entity/coverage/?org={rows.town_a.pk}",
        f"/admin/grassroots/entity/coverage/list/?org={rows.town_a.pk}&numerator=registered",
    ):
        assert client.get(url).status_code == 404, url
    # The township's own coverage list holds only its own.
    page = client.get(
        f"/admin/grassroots/entity/coverage/list/?org={rows.town_b.pk}&numerator=registered"
    ).content.decode()
    assert "六塘农产品加工厂" in page
    assert NAME_A not in page
    export = client.get("/admin/grassroots/entity/export/")
    assert export.status_code == 200
    text = str(
        CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    )
    assert "六塘农产品加工厂" in text
    assert NAME_A not in text
    forms = client.get("/admin/grassroots/entity/export-forms/")
    assert NAME_A[:10] not in str(
        CalamineWorkbook.from_filelike(io.BytesIO(forms.content)).sheet_names
    )


def test_officer_b_api(rows):
    api = bearer(rows.officer_b)
    names = {e["name"] for e in api.get("/api/v1/grassroots/entities").json()["items"]}
    assert names == {"六塘农产品加工厂"}
    assert api.get(f"/api/v1/grassroots/entities/{rows.entity_a.pk}").status_code == 404
    assert (
        api.patch(
            f"/api/v1/grassroots/entities/{rows.entity_a.pk}",
            {"employees": 3},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        api.get(f"/api/v1/grassroots/coverage?organization_id={rows.town_a.pk}").status_code == 404
    )
    body = api.get("/api/v1/grassroots/coverage").json()
    assert body["totals"]["registered"] == 1
    assert api.get("/api/v1/grassroots/instructors").json()["items"] == []
    assert api.get(f"/api/v1/grassroots/instructors/{rows.instructor.pk}/visits").status_code == 404


def test_two_roles_change_only_in_the_officers_township(rows):
    client = login(rows.two_roles)
    page = client.get("/admin/grassroots/entity/").content.decode()
    assert NAME_A in page
    assert "六塘农产品加工厂" not in page
    # The secretary of 六塘村 has no grassroots CHANGE: creating in 六塘镇 is refused.
    api = bearer(rows.two_roles)
    payload = {
        "kind": "enterprise",
        "credit_code": entity_data(rows, 700001)["credit_code"],
        "name": "六塘电子商务有限公司",
        "township_id": rows.town_b.pk,
        "employees": 12,
        "not_formed_reason": "无党员",
    }
    assert api.post(
        "/api/v1/grassroots/entities", payload, content_type="application/json"
    ).status_code in (403, 404)
    payload["township_id"] = rows.town_a.pk
    response = api.post("/api/v1/grassroots/entities", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["counted"] is True
    assert api.get(f"/api/v1/grassroots/entities/{rows.entity_b.pk}").status_code == 404


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_no_business_data(rows, who):
    user = getattr(rows, who)
    client = login(user)
    for url in [
        *PAGES,
        f"/admin/grassroots/entity/{rows.entity_a.pk}/change/",
        "/admin/grassroots/entity/export/",
    ]:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert NAME_A not in response.content.decode()
    api = bearer(user)
    for url in (
        "/api/v1/grassroots/entities",
        "/api/v1/grassroots/coverage",
        "/api/v1/grassroots/instructors",
    ):
        assert api.get(url).status_code in (403, 404), url


def test_api_refusal_has_the_shared_shape(rows):
    api = bearer(rows.officer_a)
    payload = {
        "kind": "enterprise",
        "credit_code": "91450312MA5000001X",
        "name": "坏代码公司",
        "township_id": rows.town_a.pk,
        "not_formed_reason": "无党员",
    }
    response = api.post("/api/v1/grassroots/entities", payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert "统一社会信用代码" in str(body)
    assert any(d.get("field") == "credit_code" for d in body.get("details", [])), body


def test_exports_need_the_export_capability_and_are_audited(rows):
    from zugong.core.models import AuditEntry
    from zugong.grassroots import capabilities as caps

    client = login(rows.officer_a)
    response = client.get(f"/admin/grassroots/entity/{rows.entity_a.pk}/export-form/")
    assert response.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    text = str(sheet.to_python())
    for fact in ("经营情况", "从业人员", "党员", "出资人或负责人", "党组织", "未组建原因"):
        assert fact in text
    assert "党员人数不足3人" in text
    assert "黄秀英" in text
    with system_scope("t"):
        entry = AuditEntry.objects.filter(action=caps.GRASSROOTS_EXPORTED).latest("id")
        assert entry.extra["entities"] == [rows.entity_a.pk]
    # The secretary reads the township's records nowhere and exports nothing.
    assert login(rows.secretary).get("/admin/grassroots/entity/export/").status_code == 403
    page = client.get(f"/admin/grassroots/instructor/{rows.instructor.pk}/change/").content.decode()
    assert "指导的两新组织" in page
    assert NAME_A in page


def test_the_admin_form_registers_through_the_service(rows):
    from tests.grassroots.rows_twonew import code

    client = login(rows.officer_a)
    assert client.get("/admin/grassroots/entity/add/").status_code == 200
    assert client.get(f"/admin/grassroots/entity/{rows.entity_a.pk}/change/").status_code == 200
    form = {
        "kind": "enterprise",
        "credit_code": code(600001)[:17] + "0",
        "name": "桂林会仙湿地旅游有限公司",
        "township": rows.town_a.pk,
        "employees": 25,
        "party_members": 0,
        "full_members": 0,
        "operating_status": "normal",
        "fixed_place": "on",
        "real_operation": "on",
        "coverage": "none",
        "not_formed_reason": "无党员",
    }
    if code(600001)[17] == "0":
        form["credit_code"] = code(600001)[:17] + "1"
    page = client.post("/admin/grassroots/entity/add/", form).content.decode()
    assert "校验位应为" in page
    form["credit_code"] = code(600001)
    response = client.post("/admin/grassroots/entity/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    with system_scope("t"):
        entity = Entity.objects.get(name="桂林会仙湿地旅游有限公司")
        assert entity.counted


def test_api_instructor_and_visit(rows):
    api = bearer(rows.officer_a)
    payload = {
        "person_id": rows.person_a2.pk,
        "township_id": rows.town_a.pk,
        "level": "county",
        "appointed_on": "2026-03-01",
    }
    response = api.post("/api/v1/grassroots/instructors", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "李建华"
    payload["township_id"] = rows.town_b.pk
    response = api.post("/api/v1/grassroots/instructors", payload, content_type="application/json")
    assert response.status_code == 404
    visit = {"entity_id": rows.entity_a.pk, "visited_on": "2026-11-20", "content": "指导组建工会"}
    url = f"/api/v1/grassroots/instructors/{rows.instructor.pk}/visits"
    assert api.post(url, visit, content_type="application/json").status_code == 201
    assert api.get(url).json()["count"] == 2
    visit["visited_on"] = "2026-12-01"
    response = api.post(url, visit, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["details"] == [{"field": "visited_on", "message": "走访日期晚于今天"}]
