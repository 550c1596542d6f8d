"""The talent card within scope, in the back office and the API: the officer of the
other township sees nothing of township A; the two-role user gets each role's rights in
its own subtree only; the administrators see no business data; a talent reaches no
back-office page nor another talent's card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import _person, login
from tests.core.test_api import bearer
from tests.talent.conftest import make_talent
from tests.talent.rows_card import make_rows
from zugong.core.errors import PermissionDenied
from zugong.core.scope import system_scope
from zugong.talent.models import CardStatus, CardTier, TalentCard, Verification
from zugong.talent.services import card as services
from zugong.talent.services import card_verify as verify

D = dt.date
TODAY = D(2026, 11, 24)
LISTS = [
    "admin:talent_talentcard_changelist",
    "admin:talent_talentcard_expiring",
    "admin:talent_talentcard_figures",
    "admin:talent_servicerequest_changelist",
    "admin:talent_servicerequest_overdue",
    "admin:talent_verification_changelist",
]
API_LISTS = ["/api/v1/talent/cards", "/api/v1/talent/service-requests"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def test_the_office_works_through_the_pages(rows):
    client = login(rows.office)
    for name in [*LISTS, "admin:talent_cardtier_changelist", "admin:talent_entitlement_changelist"]:
        assert client.get(reverse(name)).status_code == 200, name
    page = client.get(reverse("admin:talent_talentcard_change", args=[rows.card_a.pk]))
    assert page.status_code == 200
    assert "唐小雨" in page.content.decode()  # the dependant inline
    assert "<svg" in page.content.decode()  # the card's QR code
    overdue = client.get(reverse("admin:talent_servicerequest_overdue")).content.decode()
    assert "母亲就医" not in overdue  # the content is not listed, the entitlement is
    assert "医疗绿色通道" in overdue
    assert "区卫生健康局" in overdue
    # The review of township B's application, through the detail action's form.
    url = reverse("admin:talent_talentcard_review", args=[rows.card_b.pk])
    refused = client.post(url, {"opinion": ""})
    assert refused.status_code == 200
    assert "请填写审核意见" in refused.content.decode()
    assert client.post(url, {"approve": "on", "opinion": "同意"}).status_code == 302
    issue = reverse("admin:talent_talentcard_issue", args=[rows.card_b.pk])
    assert client.post(issue, {}).status_code == 302
    with system_scope():
        rows.card_b.refresh_from_db()
    assert rows.card_b.status == CardStatus.ISSUED
    # Verification page.
    response = client.post(
        reverse("admin:talent_talentcard_verify_page"),
        {"payload": verify.card_qr_payload(rows.card_b), "unit": "区政务服务中心"},
    )
    assert "核验通过" in response.content.decode()
    assert "周**" in response.content.decode()
    response = client.post(reverse("admin:talent_talentcard_verify_page"), {"payload": "RCK1:x"})
    assert "二维码无效或被篡改" in response.content.decode()


def test_the_officer_of_b_sees_nothing_of_a(rows):
    client = login(rows.officer_b)
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "唐丽娜" not in page, name
        assert "LGA2026" not in page, name
    assert "周明远" in client.get(reverse(LISTS[0])).content.decode()
    for name, obj in (
        ("talentcard", rows.card_a),
        ("servicerequest", rows.request_a),
    ):
        assert client.get(reverse(f"admin:talent_{name}_change", args=[obj.pk])).status_code == 404
    loss = reverse("admin:talent_talentcard_report_loss", args=[rows.card_a.pk])
    assert client.get(loss).status_code == 404
    # Township officers do not review (the talent office does).
    review = reverse("admin:talent_talentcard_review", args=[rows.card_b.pk])
    assert client.get(review).status_code == 403
    api = bearer(rows.officer_b)
    listed = api.get("/api/v1/talent/cards").json()
    assert [i["holder"] for i in listed["items"]] == ["周明远"]
    assert api.get("/api/v1/talent/service-requests").json()["count"] == 0
    assert api.get(f"/api/v1/talent/cards/{rows.card_a.pk}").status_code == 404
    assert api.get(f"/api/v1/talent/service-requests/{rows.request_a.pk}").status_code == 404
    response = api.post(
        f"/api/v1/talent/cards/{rows.card_a.pk}/loss", {}, content_type="application/json"
    )
    assert response.status_code == 404
    answer = api.post(
        "/api/v1/talent/cards/verify",
        {"payload": verify.card_qr_payload(rows.card_a)},
        content_type="application/json",
    ).json()
    assert answer["result"] == "out_of_scope"
    assert answer["holder"] == ""


def test_the_two_role_user_has_each_role_in_its_own_subtree(rows):
    judy = rows.two_roles
    # Township officer of 临桂镇: enters a change report for A's card; never reviews.
    services.card_report_change(
        actor=judy,
        card=rows.card_a,
        item="职称",
        new_value="高级电子商务师",
        changed_on=D(2026, 11, 20),
        today=TODAY,
    )
    with pytest.raises(PermissionDenied):
        services.card_report_loss(actor=judy, card=rows.card_b, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.card_review(actor=judy, card=rows.card_b, approve=True, today=TODAY)
    client = login(judy)
    page = client.get(reverse("admin:talent_talentcard_changelist")).content.decode()
    assert "唐丽娜" in page
    assert "周明远" not in page  # her branch role over 六塘村 holds no township record
    assert (
        client.get(reverse("admin:talent_talentcard_change", args=[rows.card_b.pk])).status_code
        == 404
    )
    api = bearer(judy)
    response = api.post(
        "/api/v1/talent/cards",
        {"talent_id": rows.talent_b.pk, "tier": "E"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = api.post(
        f"/api/v1/talent/cards/{rows.card_a.pk}/changes",
        {"item": "职务", "new_value": "总经理", "changed_on": "2026-11-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["late"] is True


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_get_no_card_data(rows, who):
    user = getattr(rows, who)
    client = login(user)
    for name in [*LISTS, "admin:talent_talentcard_verify_page"]:
        assert client.get(reverse(name)).status_code == 403, name
    url = reverse("admin:talent_talentcard_change", args=[rows.card_a.pk])
    assert client.get(url).status_code == 403
    api = bearer(user)
    for url in [*API_LISTS, "/api/v1/talent/cards/figures"]:
        assert api.get(url).status_code == 403, url
    response = api.post(
        "/api/v1/talent/cards/verify",
        {"payload": verify.card_qr_payload(rows.card_a)},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_talent_reaches_no_back_office_page_nor_api(rows):
    client = login(rows.tina)
    for name in LISTS:
        assert client.get(reverse(name)).status_code in (302, 403), name
    url = reverse("admin:talent_talentcard_change", args=[rows.card_a.pk])
    assert client.get(url).status_code in (302, 403)
    # Through the services the talent never reaches tom's card.
    with pytest.raises(PermissionDenied):
        services.card_report_loss(actor=rows.tina, card=rows.card_b, today=TODAY)
    with pytest.raises(PermissionDenied):
        verify.card_verify(actor=rows.tina, payload=verify.card_qr_payload(rows.card_a))


def test_api_steps_and_the_error_shape(rows):
    api = bearer(rows.office)
    response = api.post(
        f"/api/v1/talent/cards/{rows.card_b.pk}/review",
        {"approve": False, "opinion": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "请填写审核意见"
    for step in ("review", "issue"):
        payload = {"approve": True} if step == "review" else None
        response = api.post(
            f"/api/v1/talent/cards/{rows.card_b.pk}/{step}",
            payload or {},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    number = response.json()["number"]
    assert number.startswith("LGE")
    response = api.post(
        "/api/v1/talent/service-requests",
        {"card_id": rows.card_b.pk, "entitlement": "school", "content": "孩子入学"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "“E类”人才卡不含“子女入学”服务"
    response = api.post(
        "/api/v1/talent/service-requests",
        {"card_id": rows.card_b.pk, "entitlement": "travel", "content": "景区通行"},
        content_type="application/json",
    )
    assert response.status_code == 201
    request_id = response.json()["id"]
    response = api.post(
        f"/api/v1/talent/service-requests/{request_id}/complete",
        {"result": "已办理景区年卡"},
        content_type="application/json",
    )
    assert response.json()["status"] == "done"
    overdue = api.get("/api/v1/talent/service-requests?overdue=true").json()
    assert [i["entitlement"] for i in overdue["items"]] == ["medical"]
    figures = {f["tier"]: f for f in api.get("/api/v1/talent/cards/figures").json()}
    assert figures["A"]["valid"] == 1
    assert figures["E"]["valid"] == 1
    with system_scope():
        card_b = TalentCard.objects.get(pk=rows.card_b.pk)
    answer = api.post(
        "/api/v1/talent/cards/verify",
        {"payload": verify.card_qr_payload(card_b), "unit": "区文旅局"},
        content_type="application/json",
    ).json()
    assert answer["valid"] is True
    assert answer["entitlements"] == ["医疗绿色通道", "一站式政务服务", "交通出行与景区服务"]
    with system_scope():
        assert Verification.objects.filter(unit="区文旅局").count() == 1
    dependant = api.post(
        f"/api/v1/talent/cards/{rows.card_b.pk}/dependants",
        {"name": "周小华", "relation": "child"},
        content_type="application/json",
    )
    assert dependant.status_code == 400
    assert CardTier.objects.get(code="E").dependant_cards is False


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_are_constant(rows):
    api = bearer(rows.office)
    urls = [*API_LISTS, "/api/v1/talent/cards/figures"]
    _queries(api, urls[0])  # the token's first use stamps it
    before = [_queries(api, url) for url in urls]
    with system_scope():
        for i in range(5):
            person = _person(rows.branch_a, "测试人才" + "甲乙丙丁戊"[i], 70 + i)
            talent = make_talent(person, rows.town_a)
            card = services.card_apply(
                actor=None, talent=talent, tier=CardTier.objects.get(code="A"), today=TODAY
            )
            services.card_review(actor=None, card=card, approve=True, today=TODAY)
            card = services.card_issue(actor=None, card=card, today=TODAY)
            services.card_add_dependant(
                actor=None, card=card, name="家属", relation="spouse", today=TODAY
            )
    assert [_queries(api, url) for url in urls] == before
