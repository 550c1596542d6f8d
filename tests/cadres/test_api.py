"""/api/v1/cadres/: the data scope, the supervision field restriction, the verdict."""

import datetime as dt

from tests.cadres.lrmx_sample import sample
from tests.conftest import scope_of
from tests.core.test_api import bearer
from zugong.cadres.services import supervision
from zugong.core.models import AuditEntry

D = dt.date


def _admonish(cast):
    with scope_of(cast.admin):
        supervision.supervision_record(
            actor=cast.admin,
            cadre=cast.cadre_a,
            data={"kind": "admonishment", "issue": "履职不力", "decided_on": D(2026, 6, 10)},
        )


def test_lists_and_details_are_scoped(cadres):
    names = [c["name"] for c in bearer(cadres.officer_b).get("/api/v1/cadres/").json()["items"]]
    assert names == ["莫春梅"]
    assert bearer(cadres.officer_b).get(f"/api/v1/cadres/{cadres.cadre_a.pk}").status_code == 404
    response = bearer(cadres.officer_b).get(f"/api/v1/cadres/{cadres.cadre_a.pk}/verdict")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    mine = bearer(cadres.officer_a).get(f"/api/v1/cadres/{cadres.cadre_a.pk}").json()
    assert mine["rank_name"] == "四级主任科员"
    assert mine["positions"][0]["title"] == "副镇长"
    teams = bearer(cadres.officer_b).get("/api/v1/cadres/teams").json()
    assert all(t["name"] != "临桂镇党政班子" for t in teams)
    assert bearer(cadres.officer_b).get("/api/v1/cadres/cockpit").json()["serving"] == 1


def test_supervision_is_a_field_only_some_roles_see_and_it_is_audited(cadres):
    _admonish(cadres)
    officer = bearer(cadres.officer_a).get(f"/api/v1/cadres/{cadres.cadre_a.pk}").json()
    assert officer["supervision"] is None
    assert bearer(cadres.officer_a).get("/api/v1/cadres/supervision").status_code == 403
    before = AuditEntry.objects.filter(action="cadres.supervision.viewed").count()
    leader = bearer(cadres.leader).get(f"/api/v1/cadres/{cadres.cadre_a.pk}").json()
    assert [s["issue"] for s in leader["supervision"]] == ["履职不力"]
    assert AuditEntry.objects.filter(action="cadres.supervision.viewed").count() == before + 1


def test_the_verdict_says_why_and_until_when(cadres):
    _admonish(cadres)
    body = (
        bearer(cadres.admin)
        .get(f"/api/v1/cadres/{cadres.cadre_a.pk}/verdict", {"on": "2026-09-01"})
        .json()
    )
    assert body["allowed"] is False
    assert body["until"] == "2026-12-10"
    assert "诫勉" in body["text"]
    later = bearer(cadres.admin).get(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/verdict", {"on": "2026-12-10"}
    )
    assert later.json()["allowed"] is True


def test_a_promotion_inside_a_bar_is_refused_by_the_api(cadres):
    _admonish(cadres)
    response = bearer(cadres.admin).post(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/positions",
        {"title": "镇长", "level": "township_principal", "started_on": "2026-11-02"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "影响期至2026年12月10日" in response.json()["message"]


def test_a_grade_outside_the_four_is_refused(cadres):
    response = bearer(cadres.admin).post(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/assessments",
        {"year": 2025, "grade": "A+"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "优秀、称职、基本称职、不称职之一" in response.json()["message"]


def test_a_rank_a_county_organ_may_not_hold_is_refused(cadres):
    response = bearer(cadres.admin).post(
        f"/api/v1/cadres/{cadres.cadre_b.pk}/ranks",
        {"rank": "xsy2", "started_on": "2025-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "二级调研员以下" in response.json()["message"]


def test_lrmx_preview_and_import_through_the_api(cadres):
    client = bearer(cadres.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = client.post(
        "/api/v1/cadres/lrmx/preview", {"file": SimpleUploadedFile("a.lrmx", sample())}
    ).json()
    assert preview["rows"][0]["status"] == "new"
    assert preview["errors"] == []
    done = client.post(
        "/api/v1/cadres/lrmx/import",
        {"file": SimpleUploadedFile("a.lrmx", sample()), "unit_id": cadres.town_a.pk},
    )
    assert done.status_code == 201
    cadre_id = done.json()["imported"][0]["id"]
    exported = client.get(f"/api/v1/cadres/{cadre_id}/lrmx")
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert client.get(f"/api/v1/cadres/{cadre_id}/form.pdf").content.startswith(b"%PDF")
    # Another township cannot import into ours.
    refused = bearer(cadres.officer_b).post(
        "/api/v1/cadres/lrmx/import",
        {"file": SimpleUploadedFile("a.lrmx", sample()), "unit_id": cadres.town_a.pk},
    )
    assert refused.status_code == 404


def test_a_township_officer_learns_that_a_bar_exists_but_not_what_it_is(cadres):
    _admonish(cadres)
    body = bearer(cadres.officer_a).get(f"/api/v1/cadres/{cadres.cadre_a.pk}/verdict").json()
    assert body["allowed"] is False
    assert "诫勉" not in body["text"]
    assert "监督记录" in body["text"]
    assert body["until"] is None
    checks = (
        bearer(cadres.officer_a)
        .get(f"/api/v1/cadres/{cadres.cadre_a.pk}/qualification", {"target": "township_principal"})
        .json()
    )
    assert not any("诫勉" in c["text"] for c in checks)
    refused = bearer(cadres.officer_a).post(
        f"/api/v1/cadres/{cadres.cadre_a.pk}/positions",
        {"title": "镇长", "level": "township_principal", "started_on": "2026-11-02"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "诫勉" not in refused.json()["message"]
    assert "监督记录" in refused.json()["message"]


def test_the_cadre_endpoints_are_in_the_offline_api_documentation(cadres):
    from tests.conftest import login

    schema = login(cadres.admin).get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/cadres/",
        "/api/v1/cadres/{cadre_id}/verdict",
        "/api/v1/cadres/lrmx/import",
        "/api/v1/cadres/rank-quotas",
    ):
        assert path in paths
