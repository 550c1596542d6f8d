import datetime as dt
import json

import pytest
from django.test import Client

from tests.conftest import login, make_id
from zugong.core.models import AuditEntry, Job, Person
from zugong.core.scope import system_scope
from zugong.core.services import access as access_services


def bearer(user) -> Client:
    with system_scope():
        _, clear = access_services.token_create(actor=user, user=user, name="测试")
    return Client(headers={"Authorization": f"Bearer {clear}"})


def test_health_needs_no_login(client, db):
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_anonymous_calls_get_the_error_shape(client, db):
    response = client.get("/api/v1/persons")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "未登录，或接口令牌无效、已过期",
        "details": [],
    }


def test_person_list_is_scoped_and_paginated(cast):
    body = bearer(cast.officer_b).get("/api/v1/persons").json()
    assert body["count"] == 1
    assert [p["name"] for p in body["items"]] == ["莫春梅"]
    assert body["items"][0]["id_number"].count("*") == 8
    body = bearer(cast.admin).get("/api/v1/persons", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 1


def test_search_is_scoped(cast):
    assert bearer(cast.officer_b).get("/api/v1/persons", {"q": "黄"}).json()["count"] == 0
    assert bearer(cast.officer_a).get("/api/v1/persons", {"q": "黄"}).json()["count"] == 1


def test_clear_values_need_the_capability(cast):
    response = bearer(cast.officer_b).get(f"/api/v1/persons/{cast.person_b.pk}/sensitive")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "查看身份证号、电话明文" in response.json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/persons/{person}",
        "/api/v1/organizations/{org}",
    ],
)
def test_another_townships_objects_answer_404(cast, path):
    response = bearer(cast.officer_b).get(
        path.format(person=cast.person_a.pk, org=cast.branch_a.pk)
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"] == "对象不存在，或不在您的数据范围内"


def test_organization_filters_stay_in_scope(cast):
    client = bearer(cast.officer_b)
    assert client.get("/api/v1/persons", {"organization": cast.town_a.pk}).status_code == 404
    names = [o["name"] for o in client.get("/api/v1/organizations").json()["items"]]
    assert names == ["中共六塘镇委员会", "中共六塘村支部委员会"]


def test_session_authentication_works_for_the_back_office(cast):
    client = login(cast.officer_a)
    assert client.get("/api/v1/me").json()["grants"][0]["organization_name"] == "中共临桂镇委员会"


def test_create_person_validates_in_chinese(cast):
    client = bearer(cast.officer_a)
    payload = {
        "organization_id": cast.branch_a.pk,
        "name": "唐文杰",
        "id_number": "450312199001010000",
        "ethnicity": "01",
        "political_status": "01",
    }
    response = client.post("/api/v1/persons", payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "校验码错误" in body["message"]
    assert body["details"][0]["field"] == "id_number"


def test_wrong_types_and_unknown_fields_are_422_with_field_names(cast):
    client = bearer(cast.officer_a)
    payload = {
        "organization_id": "abc",
        "name": "唐文杰",
        "id_number": "x",
        "ethnicity": "01",
        "political_status": "01",
        "salary": 5000,
    }
    body = client.post("/api/v1/persons", payload, content_type="application/json").json()
    assert body["code"] == "validation_error"
    details = {d["field"]: d["message"] for d in body["details"]}
    assert details["organization_id"] == "organization_id：应为整数"
    assert details["salary"] == "salary：不允许的字段"


def test_create_and_update_person(cast):
    client = bearer(cast.officer_a)
    payload = {
        "organization_id": cast.branch_a.pk,
        "name": "唐文杰",
        "id_number": make_id(dt.date(1990, 3, 8), 51),
        "ethnicity": "08",
        "political_status": "01",
        "phone": "13977310000",
    }
    response = client.post("/api/v1/persons", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["gender_name"] == "男"
    assert created["phone"] == "139****0000"
    response = client.patch(
        f"/api/v1/persons/{created['id']}", {"job_title": "网格员"}, content_type="application/json"
    )
    assert response.json()["job_title"] == "网格员"
    response = client.patch(
        f"/api/v1/persons/{created['id']}",
        {"organization_id": cast.branch_b.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_creating_in_another_township_is_404(cast):
    payload = {
        "organization_id": cast.branch_a.pk,
        "name": "唐文杰",
        "id_number": make_id(dt.date(1990, 3, 8), 51),
        "ethnicity": "08",
        "political_status": "01",
    }
    response = bearer(cast.officer_b).post(
        "/api/v1/persons", payload, content_type="application/json"
    )
    assert response.status_code == 404
    with system_scope():
        assert Person.objects.count() == 3


def test_sensitive_read_needs_the_capability_and_is_audited(cast):
    response = bearer(cast.officer_a).get(f"/api/v1/persons/{cast.person_a.pk}/sensitive")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    response = bearer(cast.admin).get(f"/api/v1/persons/{cast.person_a.pk}/sensitive")
    assert response.json()["phone"] == "13907730001"
    entries = AuditEntry.objects.filter(action="core.person.revealed", actor=cast.admin)
    assert entries.count() == 2
    assert entries.first().ip == "127.0.0.1"


def test_moving_an_organization_under_its_descendant_is_400(cast):
    response = bearer(cast.admin).post(
        f"/api/v1/organizations/{cast.town_a.pk}/move",
        {"parent_id": cast.branch_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "parent"


def test_roles_without_the_capability_are_refused(cast):
    response = bearer(cast.auditor).get("/api/v1/persons")
    assert response.status_code == 403
    assert response.json()["message"] == "您没有“查看人员”的权限"


def test_export_job_reports_progress_and_stays_in_scope(cast):
    response = bearer(cast.officer_b).post(
        "/api/v1/exports/persons", {}, content_type="application/json"
    )
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "succeeded"
    assert job["result"]["rows"] == 1
    assert bearer(cast.officer_a).get(f"/api/v1/jobs/{job['id']}").status_code == 404


def test_session_writes_need_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.officer_a)
    response = client.post("/api/v1/persons", json.dumps({}), content_type="application/json")
    assert response.status_code in (401, 403)
    with system_scope():
        assert not Job.objects.exists()


def test_openapi_schema_and_docs_are_served_locally(cast):
    client = login(cast.officer_a)
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/persons" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/" in docs


def test_schema_names_are_unique_across_the_api():
    """The OpenAPI document names each schema by its class name: two modules' schemas of
    one name become one, and the API then documents (and the fuzz validates) one
    operation's answers with the other's schema."""
    from ninja import Schema

    import zugong.api  # noqa: F401 (every router and its schemas)

    seen: dict[str, str] = {}
    clashes = []
    stack = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("zugong."):
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        if cls.__name__ in seen and seen[cls.__name__] != where:
            clashes.append((seen[cls.__name__], where))
        seen.setdefault(cls.__name__, where)
    assert clashes == []
