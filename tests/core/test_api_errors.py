"""Bad input to /api/v1/ gets a 4xx in the one error shape, in Chinese, never a 500
(issue 11): bounds on years, months, quarters and pages; null for a field that may not
be null; unparseable bodies and uploads; unknown paths and methods; text the database
cannot store. And the OpenAPI document is valid OpenAPI 3.1."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings
from openapi_spec_validator import validate

from tests.cadres import conftest as cadres_conftest
from tests.conftest import login
from tests.core.test_api import bearer
from tests.party import conftest as party_conftest
from zugong.api import PYDANTIC_MESSAGES, pydantic_message

members = party_conftest.members
cadres = cadres_conftest.cadres
JSON = "application/json"


def shape(response, status: int, code: str) -> dict:
    """The response is the error shape with this status and code; its body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(JSON)
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code, body
    return body


def fields(body: dict) -> dict[str, str]:
    return {d["field"]: d["message"] for d in body["details"]}


@pytest.fixture
def admin(cast):
    return bearer(cast.admin)


# Bounds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/v1/party/compliance?year=0", "year", "year：不能小于1921"),
        ("/api/v1/party/compliance?year=2101", "year", "year：不能大于2100"),
        ("/api/v1/party/compliance?year=2026&month=13", "month", "month：不能大于12"),
        ("/api/v1/party/compliance?year=2026&month=0", "month", "month：不能小于1"),
        ("/api/v1/party/compliance?year=2026&quarter=5", "quarter", "quarter：不能大于4"),
        ("/api/v1/party/medal/0", "year", "year：不能小于1921"),
        ("/api/v1/party/study?year=-3902", "year", "year：不能小于1921"),
        ("/api/v1/party/honours?year=99999", "year", "year：不能大于2100"),
        ("/api/v1/persons?page=123456789012345678901", "page", "page：不能大于100000"),
        ("/api/v1/party/members?page=0", "page", "page：不能小于1"),
        ("/api/v1/organizations?page_size=201", "page_size", "page_size：不能大于200"),
        ("/api/v1/cadres/retirement?months=0", "months", "months：不能小于1"),
        ("/api/v1/party/elections?on=9999-12-31", "on", "on：不能大于2999-12-31"),
        ("/api/v1/cadres/eligibility?start=0001-01-01&end=2026-12-31", "start", None),
        ("/api/v1/party/compliance?year=abc", "year", "year：应为整数"),
    ],
)
def test_numbers_out_of_bounds_are_422_naming_the_field(admin, path, field, message):
    body = shape(admin.get(path), 422, "validation_error")
    assert field in fields(body)
    if message:
        assert fields(body)[field] == message
        assert body["message"] == f"请求有1处错误：{message}"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/party/compliance?year=1921",
        "/api/v1/party/compliance?year=2100&quarter=4",
        "/api/v1/party/compliance?year=2026&month=12",
        "/api/v1/party/medal/2100",
        "/api/v1/party/study?year=1921",
        "/api/v1/persons?page=100000",
    ],
)
def test_the_bounds_themselves_are_accepted(admin, path):
    assert admin.get(path).status_code == 200


def test_a_year_in_a_body_is_bounded(cadres):
    response = bearer(cadres.admin).post(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/assessments",
        {"year": 0, "grade": "competent"},
        content_type=JSON,
    )
    assert fields(shape(response, 422, "validation_error"))["year"] == "year：不能小于1921"


# Null and over-long values in a PATCH -----------------------------------------------


def test_null_for_a_field_that_may_not_be_null_is_422_naming_it(cast, admin):
    response = admin.patch(
        f"/api/v1/organizations/{cast.branch_a.pk}", {"short_name": None}, content_type=JSON
    )
    body = shape(response, 422, "validation_error")
    assert list(fields(body)) == ["short_name"]
    assert fields(body)["short_name"] == (
        "short_name：不能为空值（null）；不修改此项请不要提交该字段"
    )
    response = admin.patch(f"/api/v1/persons/{cast.person_a.pk}", {"name": None}, content_type=JSON)
    assert "不能为空值（null）" in fields(shape(response, 422, "validation_error"))["name"]
    response = admin.patch(
        f"/api/v1/persons/{cast.person_a.pk}", {"organization_id": None}, content_type=JSON
    )
    assert "organization_id" in fields(shape(response, 422, "validation_error"))


def test_null_for_a_required_field_of_a_new_object_is_422(cast, admin):
    payload = {"parent_id": cast.town_a.pk, "name": None, "code": "450312100003", "kind": "branch"}
    body = shape(
        admin.post("/api/v1/organizations", payload, content_type=JSON), 422, "validation_error"
    )
    assert fields(body) == {"name": "name：不能为空值（null）"}


def test_a_nullable_field_may_be_cleared_and_unsent_fields_are_kept(cast, admin):
    response = admin.patch(
        f"/api/v1/organizations/{cast.branch_a.pk}",
        {"founded_on": None, "short_name": "金水"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["founded_on"] is None
    assert body["short_name"] == "金水"
    assert body["name"] == "中共金水社区支部委员会"


def test_a_value_longer_than_its_column_is_422(cast, admin):
    response = admin.patch(
        f"/api/v1/organizations/{cast.branch_a.pk}", {"short_name": "金" * 51}, content_type=JSON
    )
    assert fields(shape(response, 422, "validation_error"))["short_name"] == (
        "short_name：最多50个字符"
    )


def test_the_patch_schema_does_not_offer_null(cast, admin):
    schema = admin.get("/api/v1/openapi.json").json()
    patch = schema["components"]["schemas"]["OrganizationPatch"]["properties"]
    assert patch["short_name"]["type"] == "string"
    assert "default" not in patch["short_name"]
    assert {"type": "null"} in patch["founded_on"]["anyOf"]


# Text the database cannot store ------------------------------------------------------


def test_a_nul_character_is_422_naming_the_field(cast, admin):
    response = admin.patch(
        f"/api/v1/organizations/{cast.branch_a.pk}", {"short_name": "金\x00水"}, content_type=JSON
    )
    body = shape(response, 422, "validation_error")
    assert fields(body) == {"short_name": "short_name：含有不允许的字符（NUL或不成对的代理字符）"}
    body = shape(admin.get("/api/v1/persons", {"q": "黄\x00"}), 422, "validation_error")
    assert list(fields(body)) == ["q"]


def test_a_lone_surrogate_is_422(cast, admin):
    response = admin.patch(
        f"/api/v1/organizations/{cast.branch_a.pk}",
        b'{"short_name": "\\ud800"}',
        content_type=JSON,
    )
    assert list(fields(shape(response, 422, "validation_error"))) == ["short_name"]


# Bodies and uploads that cannot be parsed --------------------------------------------


def test_an_unparseable_body_is_400_in_chinese(cast, admin):
    response = admin.post("/api/v1/persons", b"{bad", content_type=JSON)
    body = shape(response, 400, "bad_request")
    assert body["message"].startswith("请求体无法解析")


@pytest.mark.parametrize("path", ["/api/v1/cadres/lrmx/preview", "/api/v1/cadres/lrmx/import"])
def test_a_multipart_upload_without_boundary_is_400(cadres, path):
    response = bearer(cadres.admin).post(path, b"--x\r\n", content_type="multipart/form-data")
    body = shape(response, 400, "bad_request")
    assert "multipart/form-data" in body["message"]


def test_a_missing_upload_is_422_naming_the_file(cadres):
    response = bearer(cadres.admin).post("/api/v1/cadres/lrmx/preview", {})
    assert "file" in fields(shape(response, 422, "validation_error"))


def test_too_many_fields_is_400(admin, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"f{i}=1" for i in range(20))
    shape(admin.get(f"/api/v1/persons?{query}"), 400, "bad_request")


# Paths and methods -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_path_is_404_in_the_error_shape(cast, method):
    # With the CSRF check on, as for a browser: the 404 is not hidden behind a 403.
    client = Client(enforce_csrf_checks=True)
    body = shape(getattr(client, method)("/api/v1/no/such/thing"), 404, "not_found")
    assert body["message"] == "接口不存在"
    # Also below a real operation, and with an id that is not a number.
    shape(bearer(cast.admin).get("/api/v1/cadres/abc"), 404, "not_found")


def test_a_missing_closing_slash_redirects_a_get(cast, admin):
    response = admin.get("/api/v1/cadres?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/cadres/?page=2"
    body = shape(admin.post("/api/v1/cadres", {}, content_type=JSON), 404, "not_found")
    assert "/api/v1/cadres/" in body["message"]


def test_a_wrong_method_is_405_in_the_error_shape(cast, admin):
    response = admin.delete("/api/v1/persons")
    body = shape(response, 405, "method_not_allowed")
    assert body["message"] == "不支持的请求方法DELETE，此接口支持：GET, POST"
    assert response["Allow"] == "GET, POST"
    shape(admin.put(f"/api/v1/organizations/{cast.branch_a.pk}", {}), 405, "method_not_allowed")


def test_a_session_write_without_csrf_is_403_in_chinese(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.officer_a)
    response = client.post("/api/v1/persons", json.dumps({}), content_type=JSON)
    body = shape(response, 403, "csrf_failed")
    assert "CSRF" in body["message"]


@override_settings(DEBUG=False)
def test_an_unexpected_fault_is_500_in_the_error_shape_and_logged(cast, monkeypatch, caplog):
    from zugong.party import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "cockpit_figures", broken)
    client = bearer(cast.admin)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        body = shape(client.get("/api/v1/party/cockpit"), 500, "server_error")
    assert "boom" not in json.dumps(body)
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


# Messages ----------------------------------------------------------------------------


def test_every_pydantic_message_formats_with_its_context():
    context = {
        "ge": 1,
        "gt": 1,
        "le": 9,
        "lt": 9,
        "min_length": 1,
        "max_length": 9,
        "expected": "'a'",
    }
    for kind in PYDANTIC_MESSAGES:
        message = pydantic_message({"type": kind, "ctx": context})
        assert message != "格式不正确" or kind == "string_pattern_mismatch", kind
        assert "%(" not in message, kind
    assert pydantic_message({"type": "no_such_type"}) == "格式不正确"
    assert pydantic_message({"type": "greater_than_equal"}) == "格式不正确"


# The OpenAPI document ----------------------------------------------------------------


def test_the_openapi_document_is_valid_openapi_3_1(cast):
    schema = login(cast.officer_a).get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    validate(schema)
    # No tuple schemas (prefixItems, or the array form of items): not every OpenAPI 3.1
    # tool reads them.
    text = json.dumps(schema)
    assert "prefixItems" not in text

    def no_array_items(node):
        if isinstance(node, dict):
            assert not isinstance(node.get("items"), list), node
            for value in node.values():
                no_array_items(value)
        elif isinstance(node, list):
            for value in node:
                no_array_items(value)

    no_array_items(schema)
    compliance = schema["paths"]["/api/v1/party/compliance"]["get"]["parameters"]
    year = next(p for p in compliance if p["name"] == "year")["schema"]
    assert (year["minimum"], year["maximum"]) == (1921, 2100)


def test_the_party_cockpit_breakdowns_are_label_and_count(members):
    body = bearer(members.officer_a).get("/api/v1/party/cockpit").json()
    by_age = {row["label"]: row["count"] for row in body["by_age"]}
    assert by_age["46至55岁"] == 2
    assert {row["label"]: row["count"] for row in body["by_gender"]} == {"女": 1, "男": 1}
