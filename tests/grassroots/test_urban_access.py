"""Urban co-building, grids and reports: the data scope of every page and operation,
the two-role user, the administrators, the publication page and the query count of the
contract health page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login
from tests.core.test_api import bearer
from tests.grassroots.rows_urban import make_rows
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import CoBuildingContract, DualReport, ServiceRecord
from zugong.grassroots.services import urban as cobuilding

D = dt.date
LISTS = [
    "admin:grassroots_residentunit_changelist",
    "admin:grassroots_cobuildingcontract_changelist",
    "admin:grassroots_contractitem_changelist",
    "admin:grassroots_jointmeeting_changelist",
    "admin:grassroots_grid_changelist",
    "admin:grassroots_dualreport_changelist",
    "admin:grassroots_servicerecord_changelist",
    "admin:grassroots_cobuildingcontract_health",
    "admin:grassroots_grid_findings",
    "admin:grassroots_dualreport_overdue",
]
API_LISTS = [
    "/api/v1/grassroots/cobuilding/units",
    "/api/v1/grassroots/cobuilding/contracts",
    "/api/v1/grassroots/cobuilding/meetings",
    "/api/v1/grassroots/grids",
    "/api/v1/grassroots/dual-reports",
]


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
    return gr


def details(c):
    return [
        reverse("admin:grassroots_residentunit_change", args=[c.urban_unit.pk]),
        reverse("admin:grassroots_cobuildingcontract_change", args=[c.urban_contract.pk]),
        reverse("admin:grassroots_contractitem_change", args=[c.urban_item.pk]),
        reverse("admin:grassroots_jointmeeting_change", args=[c.urban_meeting.pk]),
        reverse("admin:grassroots_grid_change", args=[c.urban_grid.pk]),
        reverse("admin:grassroots_dualreport_change", args=[c.urban_report.pk]),
        reverse("admin:grassroots_servicerecord_change", args=[c.urban_service.pk]),
        reverse("admin:grassroots_cobuildingcontract_publication")
        + f"?community={c.community_a.pk}",
        reverse("admin:grassroots_dualreport_community") + f"?community={c.community_a.pk}",
    ]


def test_the_officer_of_a_sees_and_prints_everything(rows):
    client = login(rows.officer_a)
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    page = client.get(reverse("admin:grassroots_cobuildingcontract_health")).content.decode()
    assert "社区活动室改造（样例）" in page  # the overdue item is listed
    for url in details(rows):
        assert client.get(url).status_code == 200, url
    printed = client.get(details(rows)[7]).content.decode()
    assert "@media print" in printed
    assert "为老年人开展政策宣讲（样例）" in printed
    assert "http" not in printed.split("<body>")[0]  # no outside assets
    findings = client.get(reverse("admin:grassroots_grid_findings")).content.decode()
    assert "网格工作人员中没有党员" in findings


def test_officer_b_sees_nothing_of_a(rows):
    client = login(rows.officer_b)
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        for text in ("样例", rows.organ_person.name):
            assert text not in body, (name, text)
    for url in details(rows):
        assert client.get(url).status_code == 404, url
    api = bearer(rows.officer_b)
    for path in API_LISTS:
        assert api.get(path).json()["items"] == [], path
    assert (
        api.get(f"/api/v1/grassroots/cobuilding/contracts/{rows.urban_contract.pk}").status_code
        == 404
    )
    assert api.get(f"/api/v1/grassroots/grids/{rows.urban_grid.pk}").status_code == 404
    assert api.get(f"/api/v1/grassroots/dual-reports/{rows.urban_report.pk}").status_code == 404
    assert api.get("/api/v1/grassroots/cobuilding/health").json() == []
    assert api.get("/api/v1/grassroots/grids/findings").json() == []
    response = api.post(
        f"/api/v1/grassroots/cobuilding/contracts/{rows.urban_contract.pk}/items",
        {"kind": "need", "content": "越权", "due_on": "2026-12-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    # The unit page's export of the organ is out of scope too.
    url = reverse("admin:grassroots_dualreport_unit") + f"?unit={rows.organ.pk}&format=xlsx"
    assert client.get(url).status_code == 404


def test_administrators_get_no_business_data(rows):
    for user in (rows.sysadmin, rows.secadmin, rows.auditor):
        client = login(user)
        for name in LISTS:
            assert client.get(reverse(name)).status_code == 403, (user, name)
        for url in details(rows):
            assert client.get(url).status_code in (403, 404), (user, url)
        api = bearer(user)
        for path in API_LISTS:
            assert api.get(path).status_code == 403, (user, path)


def test_two_roles_each_right_in_its_own_subtree(rows):
    """judy: township officer of A (co-building there), branch secretary of 六塘村 (B)."""
    api = bearer(rows.two_roles)
    made = api.post(
        "/api/v1/grassroots/cobuilding/contracts",
        {
            "community_id": rows.community_a2.pk,
            "unit_id": rows.urban_unit.pk,
            "title": "榕山社区共建",
            "year": 2026,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    # In B the secretary's role gives no co-building right: the community is not found.
    with system_scope("tests"):
        unit_b = cobuilding.unit_save(
            actor=None, street=rows.town_b, name="六塘供电所", kind="state_enterprise"
        )
    refused = api.post(
        "/api/v1/grassroots/cobuilding/contracts",
        {"community_id": rows.village_b.pk, "unit_id": unit_b.pk, "title": "越权", "year": 2026},
        content_type="application/json",
    )
    assert refused.status_code == 404
    assert api.get("/api/v1/grassroots/cobuilding/units").json()["count"] == 1
    # The branch secretary of a community records service for the reports made there,
    # not co-building contracts.
    secretary = bearer(rows.secretary)
    added = secretary.post(
        f"/api/v1/grassroots/dual-reports/{rows.urban_report.pk}/services",
        {"served_on": "2026-11-01", "hours": "3", "category": "health", "content": "义诊"},
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    assert (
        secretary.post(
            "/api/v1/grassroots/cobuilding/meetings",
            {"organization_id": rows.community_a.pk, "held_on": "2026-11-01", "topic": "越权"},
            content_type="application/json",
        ).status_code
        == 403
    )
    with system_scope("tests"):
        assert ServiceRecord.objects.count() == 2


def test_api_workflow_and_refusals_in_chinese(rows):
    api = bearer(rows.officer_a)
    contract = api.post(
        "/api/v1/grassroots/cobuilding/contracts",
        {
            "community_id": rows.community_a2.pk,
            "unit_id": rows.urban_unit.pk,
            "title": "新契约",
            "year": 2026,
        },
        content_type="application/json",
    ).json()
    skip = api.post(
        f"/api/v1/grassroots/cobuilding/contracts/{contract['id']}/step",
        {"step": "履约"},
        content_type="application/json",
    )
    assert skip.status_code == 400
    assert "下一环节应为“签约”" in skip.json()["message"]
    signed = api.post(
        f"/api/v1/grassroots/cobuilding/contracts/{contract['id']}/step",
        {"step": "签约", "signed_on": "2026-04-01"},
        content_type="application/json",
    )
    assert signed.json()["step"] == "签约"
    detail = api.get(f"/api/v1/grassroots/cobuilding/contracts/{rows.urban_contract.pk}").json()
    assert len(detail["items"]) == 2
    grid = api.post(
        "/api/v1/grassroots/grids",
        {"community_id": rows.community_a2.pk, "name": "榕山第一网格"},
        content_type="application/json",
    ).json()
    moved = api.post(
        f"/api/v1/grassroots/grids/{grid['id']}",
        {"parent_id": rows.urban_grid.pk, "name": "榕山第一网格"},
        content_type="application/json",
    )
    assert moved.status_code == 400
    assert moved.json()["details"][0]["field"] == "parent"
    again = api.post(
        "/api/v1/grassroots/dual-reports",
        {
            "person_id": rows.person_a.pk,
            "community_id": rows.community_a.pk,
            "reported_on": "2026-05-01",
            "category": "health",
        },
        content_type="application/json",
    )
    assert again.status_code == 400
    assert "不适用到社区报到" in again.json()["message"]
    overdue = api.get("/api/v1/grassroots/dual-reports/overdue").json()
    assert [o["person_id"] for o in overdue] == [rows.organ_person.pk]


def test_admin_step_form_and_the_export_are_audited(rows):
    client = login(rows.officer_a)
    with system_scope("tests"):
        fresh = cobuilding.contract_create(
            actor=None,
            community=rows.community_a2,
            unit=rows.urban_unit,
            title="表单契约",
            year=2026,
        )
    url = reverse("admin:grassroots_cobuildingcontract_advance", args=[fresh.pk])
    response = client.post(url, {"signed_on": ""})
    assert "签约须填写签约日期" in response.content.decode()
    client.post(url, {"signed_on": "2026-05-06"})
    with system_scope("tests"):
        assert CoBuildingContract.objects.get(pk=fresh.pk).step == "签约"
    export = client.get(reverse("admin:grassroots_cobuildingcontract_health") + "?format=xlsx")
    assert export.status_code == 200
    with system_scope("tests"):
        assert AuditEntry.objects.filter(action=caps.GRASSROOTS_EXPORTED).count() == 1


def _contracts(c, count):
    with system_scope("tests"):
        for i in range(count):
            contract = cobuilding.contract_create(
                actor=None, community=c.community_a2, unit=c.urban_unit, title=f"契约{i}", year=2026
            )
            for day in (10, 20):
                cobuilding.item_add(
                    actor=None,
                    contract=contract,
                    kind="need",
                    content=f"事项{day}",
                    due_on=D(2026, 5, day),
                )


def test_contract_health_page_reads_in_a_constant_number_of_queries(rows):
    client = login(rows.officer_a)
    url = reverse("admin:grassroots_cobuildingcontract_health")
    client.get(url)
    _contracts(rows, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _contracts(rows, 6)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count("契约") > 8
    assert len(many) == len(few)


def test_reports_are_seen_from_both_sides(rows):
    """The report of the organ's member to 金水社区 is seen by the community's township
    officer and by the department, never by an officer of B."""
    with system_scope("tests"):
        assert DualReport.objects.count() == 1
    assert bearer(rows.officer_a).get("/api/v1/grassroots/dual-reports").json()["count"] == 1
    assert bearer(rows.admin).get("/api/v1/grassroots/dual-reports").json()["count"] == 1
    unit = reverse("admin:grassroots_dualreport_unit") + f"?unit={rows.organ.pk}"
    assert rows.organ_person.name in login(rows.admin).get(unit).content.decode()


def test_every_urban_page_speaks_chinese_only(rows):
    from tests.core.test_admin import ENGLISH, visible_text

    client = login(rows.officer_a)
    pages = [reverse(name) for name in LISTS] + details(rows)
    pages += [
        reverse("admin:grassroots_residentunit_add"),
        reverse("admin:grassroots_cobuildingcontract_add"),
        reverse("admin:grassroots_jointmeeting_add"),
        reverse("admin:grassroots_grid_add"),
        reverse("admin:grassroots_dualreport_add"),
        reverse("admin:grassroots_cobuildingcontract_publication"),
        reverse("admin:grassroots_cobuildingcontract_advance", args=[rows.urban_contract.pk]),
        reverse("admin:grassroots_cobuildingcontract_add_item", args=[rows.urban_contract.pk]),
        reverse("admin:grassroots_cobuildingcontract_evaluate", args=[rows.urban_contract.pk]),
        reverse("admin:grassroots_contractitem_fulfil", args=[rows.urban_item.pk]),
        reverse("admin:grassroots_grid_add_staff", args=[rows.urban_grid.pk]),
        reverse("admin:grassroots_grid_assign", args=[rows.urban_grid.pk]),
        reverse("admin:grassroots_dualreport_confirm", args=[rows.urban_report.pk]),
        reverse("admin:grassroots_dualreport_add_service", args=[rows.urban_report.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = sorted(set(ENGLISH.findall(visible_text(response.content.decode()))))
        assert not found, f"{url}: {found}"


def test_grid_added_in_the_back_office_gets_its_code(rows):
    client = login(rows.officer_a)
    response = client.post(
        reverse("admin:grassroots_grid_add"),
        {"community": rows.community_a.pk, "name": "金水第二网格", "households": 120, "code": ""},
    )
    import re

    errors = re.findall(r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    with system_scope("tests"):
        from zugong.grassroots.models.urban import Grid

        assert Grid.objects.get(name="金水第二网格").code == "45031210000102"
    refused = client.post(
        reverse("admin:grassroots_grid_add"),
        {
            "community": rows.community_a.pk,
            "parent": rows.urban_grid.pk,
            "name": "错",
            "code": "12",
            "households": 0,
        },
    )
    assert "网格编码应为" in "".join(
        re.findall(r"errorlist[^>]*>(.*?)</ul>", refused.content.decode(), re.S)
    )


def test_the_community_side_is_offered_the_report_actions(rows):
    """The secretary of 金水社区 (the community the organ's member reported to) is
    offered 复报 and 登记服务记录 on the report though the member's unit is not theirs."""
    page = login(rows.secretary).get(
        reverse("admin:grassroots_dualreport_change", args=[rows.urban_report.pk])
    )
    body = page.content.decode()
    assert reverse("admin:grassroots_dualreport_add_service", args=[rows.urban_report.pk]) in body
    assert "登记服务记录" in body
