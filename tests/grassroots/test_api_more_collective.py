"""The collective economy's further API operations: a contract's receipts (added,
received into the ledger), support projects, disclosures and first secretaries; each
through its service, refused naming the field, 404 out of scope, nothing of another
township, the two-role user's rights in each subtree, no data for technical admins."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.grassroots.api_more_helpers import bearer, post, put, refused
from tests.grassroots.rows_collective import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots.models.collective import (
    CollectiveContract,
    CollectiveIncome,
    FirstSecretary,
    SupportProject,
)

C = "/api/v1/grassroots/collective"


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
        gr.contract = CollectiveContract.objects.get(organization=gr.village_a)
        gr.open_receipt = gr.contract.receipts.filter(received_on__isnull=True).get()
        gr.project = SupportProject.objects.get(organization=gr.village_a)
        gr.secretary = FirstSecretary.objects.get(organization=gr.village_a)
    return gr


def test_a_receipt_is_added_and_received_into_the_ledger(rows):
    api = bearer(rows.officer_a)
    added = post(
        api,
        f"{C}/contracts/{rows.contract.pk}/receipts",
        {"due_on": "2027-06-30", "amount": "10000"},
    )
    assert added.status_code == 201
    assert added.json()["received_on"] is None
    received = post(
        api,
        f"{C}/receipts/{rows.open_receipt.pk}/received",
        {"received_on": "2026-11-20", "received_amount": "9500"},
    )
    assert received.status_code == 200, received.content
    assert received.json()["received_amount"] == "9500.00"
    with system_scope("tests"):
        income = CollectiveIncome.objects.get(contract=rows.contract, month=11, year=2026)
        assert str(income.amount) == "9500.00"
        assert AuditEntry.objects.filter(action="grassroots.collective.saved").count() >= 2
    again = post(
        api,
        f"{C}/receipts/{rows.open_receipt.pk}/received",
        {"received_on": "2026-11-21", "received_amount": "1"},
    )
    refused(again, "received_on", "已登记收款")


def test_bad_receipts_are_refused_naming_the_field(rows):
    api = bearer(rows.officer_a)
    refused(
        post(
            api,
            f"{C}/contracts/{rows.contract.pk}/receipts",
            {"due_on": "2027-01-01", "amount": "-5"},
        ),
        "amount",
        "不能为负",
    )
    refused(
        post(
            api,
            f"{C}/receipts/{rows.open_receipt.pk}/received",
            {"received_on": "2026-12-30", "received_amount": "100"},
        ),
        "received_on",
        "不能晚于今天",
    )
    with system_scope("tests"):
        assert rows.contract.receipts.count() == 2


def test_support_projects_are_registered_and_corrected(rows):
    api = bearer(rows.officer_a)
    body = {
        "year": 2026,
        "name": "大岭村砂糖橘基地",
        "subsidy": "200000",
        "expected_return": "15000",
    }
    created = post(api, f"{C}/projects", {"organization_id": rows.village_a.pk, **body})
    assert created.status_code == 201, created.content
    project_id = created.json()["id"]
    changed = put(api, f"{C}/projects/{project_id}", {**body, "actual_return": "18000"})
    assert changed.status_code == 200
    assert changed.json()["actual_return"] == "18000.00"
    refused(put(api, f"{C}/projects/{project_id}", {**body, "name": " "}), "name", "项目名称")
    # A township is no village: the service says so, naming the organization.
    refused(
        post(api, f"{C}/projects", {"organization_id": rows.town_a.pk, **body}), "organization", ""
    )
    listed = api.get(f"{C}/projects?year=2026").json()
    assert {p["name"] for p in listed["items"]} == {"大岭村光伏甲扶持项目", "大岭村砂糖橘基地"}


def test_disclosures_are_recorded_and_refused_naming_the_field(rows):
    api = bearer(rows.officer_a)
    body = {"organization_id": rows.village_a.pk, "year": 2026, "disclosed_on": "2026-10-10"}
    created = post(api, f"{C}/disclosures", {**body, "period": "q3", "summary": "第三季度收支"})
    assert created.status_code == 201
    assert created.json()["period"] == "Q3"
    refused(post(api, f"{C}/disclosures", {**body, "period": "Q5"}), "period", "Q1至Q4")
    refused(
        post(api, f"{C}/disclosures", {**body, "period": "Q4", "disclosed_on": "2026-12-01"}),
        "disclosed_on",
        "不能晚于今天",
    )
    refused(
        post(api, f"{C}/disclosures", {**body, "period": "Q4", "kind": "x"}), "kind", "公开类型"
    )
    assert api.get(f"{C}/disclosures?year=2026").json()["count"] == 2


def test_a_first_secretary_leaves_and_a_new_one_is_assigned(rows):
    api = bearer(rows.admin)
    body = {
        "organization_id": rows.village_a.pk,
        "person_id": rows.organ_person.pk,
        "from_unit": "区委组织部",
        "started_on": "2026-11-01",
    }
    refused(post(api, f"{C}/first-secretaries", body), "organization", "已有在任第一书记")
    refused(
        post(api, f"{C}/first-secretaries/{rows.secretary.pk}/leave", {"left_on": "2024-01-01"}),
        "left_on",
        "不早于到村日期",
    )
    left = post(api, f"{C}/first-secretaries/{rows.secretary.pk}/leave", {"left_on": "2026-10-31"})
    assert left.status_code == 200
    assert left.json()["left_on"] == "2026-10-31"
    refused(
        post(api, f"{C}/first-secretaries", {**body, "ends_on": "2026-01-01"}),
        "ends_on",
        "应晚于到村日期",
    )
    created = post(api, f"{C}/first-secretaries", body)
    assert created.status_code == 201
    assert created.json()["person_name"] == rows.organ_person.name
    serving = api.get(f"{C}/first-secretaries?serving=true").json()["items"]
    assert [s["id"] for s in serving] == [created.json()["id"]]


def test_another_township_sees_nothing_and_gets_404(rows):
    api = bearer(rows.officer_b)
    for url in ("/projects", "/disclosures", "/first-secretaries"):
        assert api.get(C + url).json()["count"] == 0, url
    assert api.get(f"{C}/projects/{rows.project.pk}").status_code == 404
    assert (
        post(
            api,
            f"{C}/contracts/{rows.contract.pk}/receipts",
            {"due_on": "2027-01-01", "amount": "1"},
        ).status_code
        == 404
    )
    assert (
        post(
            api,
            f"{C}/receipts/{rows.open_receipt.pk}/received",
            {"received_on": "2026-11-20", "received_amount": "1"},
        ).status_code
        == 404
    )
    assert (
        put(
            api, f"{C}/projects/{rows.project.pk}", {"year": 2026, "name": "x", "subsidy": "1"}
        ).status_code
        == 404
    )
    assert (
        post(
            api, f"{C}/first-secretaries/{rows.secretary.pk}/leave", {"left_on": "2026-10-31"}
        ).status_code
        == 404
    )
    body = {
        "organization_id": rows.village_a.pk,
        "year": 2026,
        "period": "Q3",
        "disclosed_on": "2026-10-10",
    }
    assert post(api, f"{C}/disclosures", body).status_code == 404


def test_the_two_role_user_writes_in_the_officers_township_only(rows):
    api = bearer(rows.two_roles)
    body = {"year": 2026, "period": "Q3", "disclosed_on": "2026-10-10"}
    assert (
        post(api, f"{C}/disclosures", {"organization_id": rows.village_a.pk, **body}).status_code
        == 201
    )
    # The secretary's role over 六塘村 reads, but does not keep the ledger.
    assert post(
        api, f"{C}/disclosures", {"organization_id": rows.village_b.pk, **body}
    ).status_code in (403, 404)
    assert api.get(f"{C}/projects/{rows.project.pk}").status_code == 200


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_technical_administrators_get_no_data(rows, who):
    api = bearer(getattr(rows, who))
    for url in ("/projects", "/disclosures", "/first-secretaries"):
        assert api.get(C + url).status_code == 403, url
    assert (
        post(
            api, f"{C}/first-secretaries/{rows.secretary.pk}/leave", {"left_on": "2026-10-31"}
        ).status_code
        == 403
    )


def test_a_day_in_the_future_of_the_schedule_is_kept_for_the_due_date(rows):
    """A receipt due years ahead is accepted: the due date may lie in the future."""
    api = bearer(rows.officer_a)
    added = post(
        api, f"{C}/contracts/{rows.contract.pk}/receipts", {"due_on": "2028-12-31", "amount": "1"}
    )
    assert added.status_code == 201
    assert added.json()["due_on"] == dt.date(2028, 12, 31).isoformat()
