"""Contacts and native talents within scope: the other township's officer sees nothing
of township A (admin and API), judy keeps township A only, the administrators and a
talent get no business data; lists keep constant query counts."""

import datetime as dt
import io

import pytest
import xlsxwriter

from tests.conftest import TODAY, login, make_id, scope_of
from tests.core.test_api import bearer
from tests.talent.rows_contact import make_rows
from zugong import talent as _talent  # noqa: F401
from zugong.core.scope import system_scope
from zugong.talent import contact_import
from zugong.talent.models import NativeContact
from zugong.talent.selectors import contact as contact_selectors
from zugong.talent.selectors import native as native_selectors
from zugong.talent.services import contact as contact_services

A = "覃志刚（样例）"
PAGES = [
    "/admin/talent/contactpair/",
    "/admin/talent/contactpair/frequency/",
    "/admin/talent/contactpair/experts/",
    "/admin/talent/contactrecord/",
    "/admin/talent/contactproblem/",
    "/admin/talent/contactproblem/open/",
    "/admin/talent/nativecontact/",
    "/admin/talent/nativecontact/talents/",
    "/admin/talent/returnoutcome/",
    "/admin/talent/returnoutcome/summary/",
    "/admin/talent/liaisoncontact/",
    "/admin/talent/liaisoncontact/board/",
    "/admin/talent/alumnienterprise/",
    "/admin/talent/alumnienterprise/totals/",
]
FACTS_A = [A, "深圳临桂同乡科技", "桂林金水电子科技", "子女入学需协调"]


@pytest.fixture
def rows(tc):
    with system_scope("t"):
        make_rows(tc)
    return tc


def details(c):
    return [
        f"/admin/talent/contactpair/{c.pair_a.pk}/change/",
        f"/admin/talent/contactproblem/{c.problem_a.pk}/change/",
        f"/admin/talent/nativecontact/{c.native_contact_a.pk}/change/",
        f"/admin/talent/returnoutcome/{c.return_a.pk}/change/",
        f"/admin/talent/liaisoncontact/{c.liaison_a.pk}/change/",
        f"/admin/talent/alumnienterprise/{c.alumni_a.pk}/change/",
        f"/admin/talent/nativecontact/talents/{c.talent_a.pk}/",
    ]


def test_officer_a_sees_township_a(rows):
    client = login(rows.officer_a)
    for url in PAGES + details(rows):
        assert client.get(url).status_code == 200, url
    assert A in client.get("/admin/talent/contactpair/").content.decode()
    assert "蒋文博" not in client.get("/admin/talent/contactpair/").content.decode()
    assert "唐丽娜" in client.get("/admin/talent/nativecontact/talents/").content.decode()


def test_officer_b_sees_nothing_of_township_a(rows):
    client = login(rows.officer_b)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for fact in FACTS_A:
            assert fact not in page, (url, fact)
    for url in details(rows):
        assert client.get(url).status_code == 404, url
    api = bearer(rows.officer_b)
    names = {p["leader"] for p in api.get("/api/v1/talent/contacts/pairs").json()["items"]}
    assert names == {"蒋文博（样例）"}
    assert api.get(f"/api/v1/talent/contacts/pairs/{rows.pair_a.pk}").status_code == 404
    assert api.get(f"/api/v1/talent/native/talents/{rows.talent_a.pk}/contacts").status_code == 404
    assert api.get(f"/api/v1/talent/native/alumni/{rows.alumni_a.pk}").status_code == 404
    listed = api.get("/api/v1/talent/native/talents").json()["items"]
    assert [t["name"] for t in listed] == ["周明远"]
    summary = api.get("/api/v1/talent/native/returns/summary").json()
    assert summary["count"] == 1
    post = api.post(
        f"/api/v1/talent/contacts/pairs/{rows.pair_a.pk}/records",
        {"contacted_on": "2026-11-20", "kind": "call", "summary": "x"},
        content_type="application/json",
    )
    assert post.status_code == 404


def test_judy_keeps_township_a_only(rows):
    api = bearer(rows.two_roles)
    ok = api.post(
        f"/api/v1/talent/contacts/pairs/{rows.pair_a.pk}/records",
        {"contacted_on": "2026-11-20", "kind": "call", "summary": "电话联系"},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    # As branch secretary in B she reads talents there, but keeps no ledger there.
    refused = api.post(
        "/api/v1/talent/contacts/pairs",
        {
            "office_id": rows.town_b.pk,
            "leader": "x",
            "leader_post": "x",
            "leader_level": "other",
            "talent_id": rows.talent_b.pk,
            "since": "2026-01-01",
        },
        content_type="application/json",
    )
    assert refused.status_code in (403, 404)
    assert api.get(f"/api/v1/talent/contacts/pairs/{rows.pair_b.pk}").status_code == 404
    client = login(rows.two_roles)
    assert client.get(f"/admin/talent/contactpair/{rows.pair_b.pk}/change/").status_code == 404


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor", "tina"])
def test_administrators_and_talents_get_no_business_data(rows, who):
    user = getattr(rows, who)
    client = login(user)
    for url in PAGES + details(rows):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert A not in response.content.decode()
    api = bearer(user)
    for url in ("/api/v1/talent/contacts/pairs", "/api/v1/talent/native/talents"):
        response = api.get(url)
        assert response.status_code in (403, 404) or response.json()["items"] == [], url


def test_api_refusal_has_the_shared_shape(rows):
    api = bearer(rows.officer_a)
    response = api.post(
        "/api/v1/talent/native/returns",
        {
            "talent_id": rows.talent_a.pk,
            "kind": "capital",
            "achieved_on": "2026-11-01",
            "description": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["details"] == [
        {"field": "amount", "message": "资本回流须填写金额（万元）"}
    ]


def test_the_frequency_check(rows):
    # On 24 November the third quarter is checked: pair A was contacted in March only.
    with system_scope("t"):
        result = contact_selectors.frequency_check(TODAY)
    assert result["period"].quarter == 3
    assert {r["leader"] for r in result["leaders"]} == {A, "蒋文博（样例）"}
    with system_scope("t"):
        contact_services.contact_record(
            actor=None,
            pair=rows.pair_a,
            contacted_on=dt.date(2026, 8, 1),
            kind="call",
            summary="电话",
            today=TODAY,
        )
        result = contact_selectors.frequency_check(TODAY)
        assert {r["leader"] for r in result["leaders"]} == {"蒋文博（样例）"}
        december = contact_selectors.frequency_check(dt.date(2026, 12, 20))
        missing = december["leaders"][0]["experts"][0]["missing"]
    assert "2026年第4季度未联系" in missing
    page = login(rows.office).get("/admin/talent/contactpair/frequency/").content.decode()
    assert "蒋文博（样例）" in page


def test_query_counts_stay_constant(rows, django_assert_max_num_queries):
    with system_scope("t"):
        for i in range(5):
            contact_services.pair_save(
                actor=None,
                data={
                    "office": rows.town_a,
                    "leader": f"领导{i}",
                    "leader_post": "副区长",
                    "leader_level": "other",
                    "talent": rows.talent_a,
                    "since": dt.date(2026, 1, 1),
                },
                today=TODAY,
            )
        with django_assert_max_num_queries(2):
            result = contact_selectors.frequency_check(TODAY)
            assert len(result["leaders"]) == 7
        with django_assert_max_num_queries(1):
            listed = list(native_selectors.native_talents(today=TODAY))
            assert [native_selectors.contact_state(t, TODAY)["overdue"] for t in listed]
        with django_assert_max_num_queries(1):
            native_selectors.returns_summary()
        with django_assert_max_num_queries(2):
            native_selectors.alumni_totals()


def sheet(rows_):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    ws = book.add_worksheet()
    for r, values in enumerate([[c for c, _w in contact_import.COLUMNS], *rows_]):
        for col, value in enumerate(values):
            ws.write_string(r, col, value)
    book.close()
    buffer.seek(0)
    return buffer


def test_the_contacts_import_both_modes(rows, tmp_path):
    tina_id = make_id(dt.date(1990, 4, 12), 61)
    tom_id = make_id(dt.date(1975, 10, 3), 62)
    good = ["唐丽娜", tina_id, "2026-11-01", "电话", "小韦", "问候"]
    future = ["唐丽娜", tina_id, "2026-12-30", "电话", "小韦", "问候"]
    other = ["周明远", tom_id, "2026-11-01", "走访", "小韦", "走访"]
    path = tmp_path / "c.xlsx"
    path.write_bytes(sheet([good, future, other]).read())
    with scope_of(rows.officer_a):
        result = contact_import.run_import(path, actor=rows.officer_a, today=TODAY)
    reasons = {(p.row, p.column): p.reason for p in result.report.problems}
    assert "晚于今天" in reasons[(3, "日期")]
    assert "未找到" in reasons[(4, "公民身份号码")]
    assert result.imported == 0
    with system_scope("t"):
        assert NativeContact.objects.count() == 1
    with scope_of(rows.officer_a):
        result = contact_import.run_import(
            path, actor=rows.officer_a, good_rows_only=True, today=TODAY
        )
    assert result.imported == 1
    with system_scope("t"):
        assert NativeContact.objects.count() == 2
    client = login(rows.officer_a)
    response = client.post(
        "/admin/talent/nativecontact/import/", {"file": sheet([future])}, format="multipart"
    )
    assert "晚于今天" in response.content.decode()
