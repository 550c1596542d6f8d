"""Talent housing within scope, in the back office and the API: the office's pages and
steps; the officer of the other township sees nothing of township A; the two-role user
holds no housing decision; administrators see no data; a talent reaches no page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.core.test_api import bearer
from tests.talent.rows_housing import make_rows
from zugong.core.errors import PermissionDenied
from zugong.core.scope import system_scope
from zugong.talent.models import HousingStatus, Lease
from zugong.talent.services import housing as services

D = dt.date
TODAY = D(2026, 11, 24)
LISTS = [
    "admin:talent_apartment_changelist",
    "admin:talent_apartment_vacant",
    "admin:talent_room_changelist",
    "admin:talent_housingapplication_changelist",
    "admin:talent_housingapplication_waiting",
    "admin:talent_lease_changelist",
    "admin:talent_lease_reviews_due",
    "admin:talent_lease_ending",
]
API_LISTS = [
    "/api/v1/talent/housing/apartments",
    "/api/v1/talent/housing/vacant-rooms",
    "/api/v1/talent/housing/applications",
    "/api/v1/talent/housing/waiting-list",
    "/api/v1/talent/housing/leases",
]
pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def test_the_office_works_through_the_pages(rows):
    client = login(rows.office)
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(
        reverse("admin:talent_housingapplication_change", args=[rows.housing_a.pk])
    ).content.decode()
    assert "在本区无自有住房" in page
    decide = reverse("admin:talent_housingapplication_decide", args=[rows.housing_b.pk])
    assert client.post(decide, {}).status_code == 302
    with system_scope():
        rows.housing_b.refresh_from_db()
    assert rows.housing_b.status == HousingStatus.REFUSED  # 3 months of insurance
    assert "不足6个月" in rows.housing_b.refused_reason
    review = reverse("admin:talent_lease_review", args=[rows.lease_a.pk])
    refused = client.post(review, {"note": ""})
    assert "请填写说明" in refused.content.decode()
    exit_url = reverse("admin:talent_lease_exit", args=[rows.lease_a.pk])
    assert client.post(exit_url, {"on": "2026-11-24", "reason": "调离本区"}).status_code == 302
    vacant = client.get(reverse("admin:talent_apartment_vacant")).content.decode()
    assert "102" in vacant


def test_the_officer_of_b_sees_nothing_of_a(rows):
    client = login(rows.officer_b)
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "唐丽娜" not in page, name
        assert "公寓样例" not in page, name
    for name, obj in (
        ("apartment", rows.apartment_a),
        ("room", rows.room_a1),
        ("housingapplication", rows.housing_a),
        ("lease", rows.lease_a),
    ):
        assert client.get(reverse(f"admin:talent_{name}_change", args=[obj.pk])).status_code == 404
    api = bearer(rows.officer_b)
    for url in API_LISTS:
        body = api.get(url).json()
        assert "唐丽娜" not in str(body), url
        assert "公寓样例）" not in str(body), url
    assert [a["applicant"] for a in api.get(API_LISTS[2]).json()["items"]] == ["周明远"]
    assert api.get(f"/api/v1/talent/housing/applications/{rows.housing_a.pk}").status_code == 404
    assert api.get(f"/api/v1/talent/housing/leases/{rows.lease_a.pk}/reviews").status_code == 404
    # Township officers enter applications but do not decide.
    response = api.post(
        f"/api/v1/talent/housing/applications/{rows.housing_b.pk}/decide",
        {},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_two_role_user_holds_no_housing_decision(rows):
    judy = rows.two_roles
    with pytest.raises(PermissionDenied):
        services.housing_decide(actor=judy, application=rows.housing_b, today=TODAY)
    with pytest.raises(PermissionDenied):  # 六塘镇's talent: her branch role is no officer
        services.housing_apply(
            actor=judy,
            talent=rows.talent_b,
            employer="x",
            employer_in_district=True,
            insurance_months=1,
            owns_housing=False,
            today=TODAY,
        )
    page = login(judy).get(reverse("admin:talent_housingapplication_changelist")).content.decode()
    assert "唐丽娜" in page
    assert "周明远" not in page


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_no_housing_data(rows, who):
    user = getattr(rows, who)
    client = login(user)
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 403, name
    api = bearer(user)
    for url in API_LISTS:
        assert api.get(url).status_code == 403, url


def test_a_talent_reaches_no_page_nor_another_talents_record(rows):
    client = login(rows.tina)
    for name in LISTS:
        assert client.get(reverse(name)).status_code in (302, 403), name
    with pytest.raises(PermissionDenied):
        services.housing_apply(
            actor=rows.tina,
            talent=rows.talent_b,
            employer="x",
            employer_in_district=True,
            insurance_months=12,
            owns_housing=False,
            today=TODAY,
        )


def test_api_steps(rows):
    api = bearer(rows.office)
    with system_scope():
        rows.housing_b.insurance_months = 12
        rows.housing_b.save()
    decided = api.post(
        f"/api/v1/talent/housing/applications/{rows.housing_b.pk}/decide",
        {},
        content_type="application/json",
    ).json()
    assert decided["status"] == "waiting"
    assert [c["met"] for c in decided["eligibility"]] == [True] * 4
    waiting = api.get("/api/v1/talent/housing/waiting-list").json()
    assert [a["applicant"] for a in waiting["items"]] == ["周明远"]
    url = f"/api/v1/talent/housing/applications/{rows.housing_b.pk}/allocate"
    bad = api.post(
        url,
        {"room_id": rows.room_a2.pk, "starts_on": "2026-12-01", "ends_on": "2026-11-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["message"] == "租期届满日期2026年11月1日不晚于起租日期2026年12月1日"
    made = api.post(
        url,
        {"room_id": rows.room_a2.pk, "starts_on": "2026-12-01", "ends_on": "2029-11-30"},
        content_type="application/json",
    )
    assert made.status_code == 201
    lease_id = made.json()["id"]
    review = api.post(
        f"/api/v1/talent/housing/leases/{lease_id}/review",
        {"eligible": True},
        content_type="application/json",
    )
    assert review.status_code == 201
    with system_scope():
        assert Lease.objects.get(pk=lease_id).next_review_on == D(2027, 11, 24)
    reviews = api.get(f"/api/v1/talent/housing/leases/{lease_id}/reviews").json()
    assert [r["eligible"] for r in reviews] == [True]
