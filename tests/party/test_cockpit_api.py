"""Cockpit figures and the write endpoints of /api/v1/party/."""

import datetime as dt

from tests.conftest import scope_of
from tests.core.test_api import bearer
from zugong.party import selectors
from zugong.party.services import development as development_services
from zugong.party.services import dues as dues_services


def test_cockpit_figures_are_counted_in_scope(members):
    cast = members
    with scope_of(cast.officer_a):
        figures = selectors.cockpit_figures(dt.date(2026, 11, 23))
    assert figures["members"] == 2
    assert figures["probationary"] == 1
    assert dict(figures["by_age"])["46至55岁"] == 2  # both born in 1980
    assert dict(figures["by_standing"])["20至29年"] == 1  # full since 1999-06-30
    assert dict(figures["by_gender"]) == {"女": 1, "男": 1}
    assert dict(figures["by_education"]) == {"大学本科教育": 2}
    with scope_of(cast.officer_b):
        assert selectors.cockpit_figures(dt.date(2026, 11, 23))["members"] == 0
    assert bearer(cast.officer_b).get("/api/v1/party/cockpit").json()["members"] == 0
    assert bearer(cast.officer_a).get("/api/v1/party/cockpit").json()["members"] == 2


def test_recording_a_meeting_through_the_api(members):
    cast = members
    payload = {
        "organization_id": cast.branch_a.pk,
        "kind": "theme_day",
        "held_on": "2026-03-05",
        "topic": "主题党日",
        "absent": {str(cast.person_a.pk): "外出务工"},
    }
    response = bearer(cast.officer_a).post(
        "/api/v1/party/meetings", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    response = bearer(cast.officer_b).post(
        "/api/v1/party/meetings", payload, content_type="application/json"
    )
    assert response.status_code == 404
    payload["held_on"] = "2999-01-01"
    body = (
        bearer(cast.officer_a)
        .post("/api/v1/party/meetings", payload, content_type="application/json")
        .json()
    )
    assert body["code"] == "invalid"
    assert "晚于今天" in body["message"]


def test_paying_dues_through_the_api(members):
    cast = members
    with scope_of(cast.admin):
        dues_services.dues_set_base(
            actor=cast.admin, member=cast.member_a, effective_from=dt.date(2026, 1, 1), base="3000"
        )
    payload = {"member_id": cast.member_a.pk, "month": "2026-04-01", "paid_on": "2026-04-05"}
    response = bearer(cast.officer_a).post(
        "/api/v1/party/dues/payments", payload, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["amount"] == "15.00"
    again = (
        bearer(cast.officer_a)
        .post("/api/v1/party/dues/payments", payload, content_type="application/json")
        .json()
    )
    assert again["message"] == "黄秀英2026年04月的党费已交纳"
    assert (
        bearer(cast.officer_b)
        .post("/api/v1/party/dues/payments", payload, content_type="application/json")
        .status_code
        == 404
    )


def test_recording_a_development_step_through_the_api(members):
    cast = members
    from tests.conftest import _person
    from zugong.core.scope import system_scope

    with system_scope():
        applicant = _person(cast.branch_a, "覃小燕", 64, birth=dt.date(1996, 4, 1))
    with scope_of(cast.officer_a):
        case = development_services.development_start(
            actor=cast.officer_a, person=applicant, applied_on=dt.date(2026, 1, 5)
        )
    url = f"/api/v1/party/development/{case.pk}/steps"
    response = bearer(cast.officer_a).post(
        url, {"step": "talk", "occurred_on": "2026-01-20"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["stage"] == "applicant"
    body = (
        bearer(cast.officer_a)
        .post(
            url, {"step": "candidate", "occurred_on": "2026-01-21"}, content_type="application/json"
        )
        .json()
    )
    assert "当前处于“入党申请人”阶段" in body["message"]
    assert (
        bearer(cast.officer_b)
        .post(
            url, {"step": "activist", "occurred_on": "2026-02-01"}, content_type="application/json"
        )
        .status_code
        == 404
    )
