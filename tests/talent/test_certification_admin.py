"""Certification back office and API: scope (the other township sees nothing, judy's two
roles, the administrators and the talent without business data), the step buttons and
forms, the pages, query counts."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.core.test_api import bearer
from tests.talent.certification_cast import all_met, apply, attach_all, fresh, walk
from zugong.core.scope import system_scope
from zugong.talent.models import CertStatus
from zugong.talent.services import certification_products as products

pytestmark = pytest.mark.django_db
LIST = "/admin/talent/certification/"
API = "/api/v1/talent/certifications"
ST = CertStatus


def test_the_other_townships_officer_sees_nothing_of_a(tc):
    tinas = apply(tc, tc.talent_a)
    client = login(tc.officer_b)
    page = client.get(LIST).content.decode()
    assert "唐丽娜" not in page
    assert client.get(f"{LIST}{tinas.pk}/change/").status_code == 404
    assert client.get(f"{LIST}{tinas.pk}/recommend/").status_code == 404
    assert client.post(f"{LIST}{tinas.pk}/refuse/", {"reason": "x"}).status_code == 404
    api = bearer(tc.officer_b)
    assert api.get(API).json()["count"] == 0
    assert api.get(f"{API}/{tinas.pk}").status_code == 404
    response = api.post(
        f"{API}/{tinas.pk}/recommend",
        {"opinion": "同意", "by": "某"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert fresh(tinas).status == ST.APPLIED


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_no_certification_data(tc, who):
    cert = apply(tc, tc.talent_a)
    user = getattr(tc, who)
    client = login(user)
    for url in (
        LIST,
        f"{LIST}{cert.pk}/change/",
        f"{LIST}todo/",
        f"{LIST}register/",
        f"{LIST}structure/",
        "/admin/talent/townproduct/",
        "/admin/talent/townproduct/overview/",
        "/admin/talent/retiredsoldier/",
    ):
        assert client.get(url).status_code in (403, 404), url
    api = bearer(user)
    assert api.get(API).status_code in (403, 404)
    assert api.get(f"{API}/{cert.pk}").status_code in (403, 404)
    assert api.get("/api/v1/talent/town-products").status_code in (403, 404)


def test_a_talent_reaches_no_back_office_page_nor_toms_record(tc):
    toms = apply(tc, tc.talent_b)
    client = login(tc.tina)
    for url in (LIST, f"{LIST}{toms.pk}/change/", f"{LIST}todo/"):
        assert client.get(url).status_code in (302, 403, 404), url
    api = bearer(tc.tina)
    assert api.get(f"{API}/{toms.pk}").status_code in (403, 404)
    assert api.post(f"{API}/{toms.pk}/withdraw").status_code in (403, 404)
    assert fresh(toms).status == ST.APPLIED


def test_judy_recommends_in_her_branch_and_reviews_only_in_her_township(tc):
    toms = apply(tc, tc.talent_b)
    client = login(tc.two_roles)
    page = client.get(f"{LIST}{toms.pk}/change/").content.decode()
    assert f"{toms.pk}/recommend/" in page
    response = client.post(f"{LIST}{toms.pk}/recommend/", {"opinion": "同意推荐", "by": "judy"})
    assert response.status_code == 302
    attach_all(toms)
    page = client.get(f"{LIST}{toms.pk}/change/").content.decode()
    assert f"{toms.pk}/review/" not in page
    assert client.get(f"{LIST}{toms.pk}/review/").status_code in (403, 404)
    tinas = walk(apply(tc, tc.talent_a), to="recommended")
    page = client.get(f"{LIST}{tinas.pk}/change/").content.decode()
    assert f"{tinas.pk}/review/" in page
    # The branch secretary of A sees no application of B.
    assert login(tc.secretary).get(f"{LIST}{toms.pk}/change/").status_code == 404


def test_the_steps_in_the_back_office(tc):
    cert = walk(apply(tc, tc.talent_a), to="recommended")
    attach_all(cert)
    officer = login(tc.officer_a)
    checks = {f"check_{k}": "yes" for k in all_met(cert)}
    page = officer.post(f"{LIST}{cert.pk}/review/", {**checks, "opinion": ""}).content.decode()
    assert "请填写乡镇审核意见" in page or "必填" in page or "这个字段是必填项" in page
    first = next(iter(checks))
    bad = {**checks, first: "no", "opinion": "不符合"}
    page = officer.post(f"{LIST}{cert.pk}/review/", bad).content.decode()
    assert "不能报区级认定" in page
    ok = officer.post(f"{LIST}{cert.pk}/review/", {**checks, "opinion": "符合条件"})
    assert ok.status_code == 302
    assert fresh(cert).status == ST.REVIEWED
    assert officer.get(f"{LIST}{cert.pk}/certify/").status_code in (403, 404)
    office = login(tc.office)
    assert office.post(f"{LIST}{cert.pk}/certify/", {}).status_code == 302
    cert = fresh(cert)
    assert cert.status == ST.CERTIFIED
    page = office.get(f"{LIST}{cert.pk}/change/").content.decode()
    assert f"{cert.pk}/publish/" not in page  # the notice has not ended
    assert f"{cert.pk}/refuse/" in page
    response = office.post(f"{LIST}{cert.pk}/refuse/", {"reason": "公示期间反映问题属实"})
    assert response.status_code == 302
    assert fresh(cert).status == ST.REFUSED


def test_the_api_walks_and_refuses_out_of_order(tc):
    api = bearer(tc.officer_a)
    response = api.post(
        API,
        {"talent_id": tc.talent_a.pk, "category": "industry", "level": "junior"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    cert_id = response.json()["id"]
    assert len(response.json()["checks"]) == 4
    response = api.post(
        f"{API}/{cert_id}/review", {"checks": {}, "opinion": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "须先完成“村级推荐”环节" in response.json()["message"]
    response = api.post(
        f"{API}/{cert_id}/recommend",
        {"opinion": "同意", "by": "村支书"},
        content_type="application/json",
    )
    assert response.json()["status"] == "recommended"
    assert bearer(tc.officer_b).get(f"{API}/{cert_id}").status_code == 404
    assert api.get(f"{API}?step=review").json()["count"] == 1
    assert api.get(f"{API}/counts").json()["steps"]["review"] == 1
    assert api.post(f"{API}/{cert_id}/certify").status_code == 403


def test_the_pages_open(tc):
    walk(apply(tc, tc.talent_a), to="published")
    walk(apply(tc, tc.talent_b), to="certified")
    with system_scope("t"):
        products.town_product_save(
            actor=None, township=tc.town_a, product="临桂罗汉果", talents=[tc.talent_a]
        )
    client = login(tc.office)
    for url in (
        LIST,
        f"{LIST}todo/",
        f"{LIST}todo/?step=notice",
        f"{LIST}register/",
        f"{LIST}expiring/",
        f"{LIST}structure/?show=all",
        f"{LIST}expire/",
        f"{LIST}add/",
        "/admin/talent/townproduct/",
        "/admin/talent/townproduct/overview/",
        "/admin/talent/certificationlevel/",
        "/admin/talent/certificationcriterion/",
        "/admin/talent/retiredsoldier/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/admin/talent/townproduct/overview/").content.decode()
    assert "临桂罗汉果" in page
    assert "唐丽娜★" in page
    assert "六塘镇" in page  # a township with no product is a gap
    register = client.get(f"{LIST}register/").content.decode()
    assert "临桂乡村人才〔2026〕第0001号" in register
    town_api = bearer(tc.office).get("/api/v1/talent/town-products").json()
    assert {t["township_name"]: t["gap"] for t in town_api}["中共六塘镇委员会"] is True


def test_the_township_officer_edits_only_the_tables_she_may(tc):
    client = login(tc.officer_a)
    assert client.get("/admin/talent/certificationlevel/").status_code == 200
    assert client.get("/admin/talent/certificationlevel/add/").status_code == 403


def test_query_counts_hold(tc, django_assert_max_num_queries):
    client = login(tc.office)
    api = bearer(tc.office)
    apply(tc, tc.talent_a)
    client.get(LIST)
    with django_assert_max_num_queries(25) as one:
        client.get(LIST)
    with django_assert_max_num_queries(12) as api_one:
        api.get(API)
    apply(tc, tc.talent_b)
    walk(apply(tc, tc.talent_b, category=_science()), to="published")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(LIST)
    with django_assert_max_num_queries(len(api_one.captured_queries)):
        api.get(API)
    with django_assert_max_num_queries(30):
        client.get(f"{LIST}todo/")


def _science():
    from zugong.talent.models import TalentCategory

    with system_scope("t"):
        return TalentCategory.objects.get(code="science")


def test_the_to_do_list_is_what_each_role_has_to_do(tc):
    walk(apply(tc, tc.talent_a), to="reviewed")  # waiting for the district
    officer = login(tc.officer_a).get(f"{LIST}todo/?step=certify").content.decode()
    assert "待区级认定（0）" in officer
    assert "唐丽娜" not in officer.split("各乡镇（街道）认定情况")[0]
    office = login(tc.office).get(f"{LIST}todo/?step=certify").content.decode()
    assert "待区级认定（1）" in office
    assert "唐丽娜" in office
    toms = apply(tc, tc.talent_b)
    judy = login(tc.two_roles).get(f"{LIST}todo/?step=recommend").content.decode()
    assert "待村级推荐（1）" in judy  # 周明远 in her branch of B
    assert toms.talent.person.name in judy


def test_a_talent_reads_only_their_own_applications(tc):
    from zugong.core.capabilities import need
    from zugong.core.scope import activate
    from zugong.core.services.access import access_for
    from zugong.talent import capabilities as caps
    from zugong.talent.selectors import certification as selectors

    mine = apply(tc, tc.talent_a)
    apply(tc, tc.talent_b)
    with activate(access_for(tc.tina).scope_for(need(caps.VIEW_OWN))):
        assert [c.pk for c in selectors.for_talent(tc.talent_a)] == [mine.pk]
        assert not selectors.for_talent(tc.talent_b).exists()
        assert [c.pk for c in selectors.certifications()] == [mine.pk]
        assert len(list(selectors.for_talent(tc.talent_a)[0].checks.all())) == 4


def test_town_products_through_the_api(tc):
    api = bearer(tc.officer_a)
    response = api.post(
        "/api/v1/talent/town-products",
        {"township_id": tc.town_a.pk, "product": "临桂罗汉果", "talent_ids": [tc.talent_a.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    product_id = response.json()["id"]
    response = api.post(
        f"/api/v1/talent/town-products/{product_id}/years",
        {"year": 2025, "output_value": "1200.50", "households": 300},
        content_type="application/json",
    )
    assert (
        response.json()["years"][0]["output_value"] == "1200.50"
        or float(response.json()["years"][0]["output_value"]) == 1200.5
    )
    # A talent of township B cannot be linked; township B's officer cannot add a year.
    response = api.post(
        "/api/v1/talent/town-products",
        {"township_id": tc.town_a.pk, "product": "砂糖橘", "talent_ids": [tc.talent_b.pk]},
        content_type="application/json",
    )
    assert response.status_code == 404
    other = bearer(tc.officer_b).post(
        f"/api/v1/talent/town-products/{product_id}/years",
        {"year": 2024, "output_value": "1", "households": 0},
        content_type="application/json",
    )
    assert other.status_code == 404
    listed = bearer(tc.officer_b).get("/api/v1/talent/town-products").json()
    assert [t["township_name"] for t in listed] == ["中共六塘镇委员会"]
