"""Urban co-building, grids and in-service members' reports: the services' rules and
refusals (seed point 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import _org, _person
from tests.grassroots.rows_urban import TODAY, make_rows
from zugong.core.errors import ApplicationError
from zugong.core.models import AuditEntry, OrgCategory, OrgKind
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.urban import CoBuildingContract, DualReport, Grid, GridMember
from zugong.grassroots.selectors import urban as selectors
from zugong.grassroots.services import urban as cobuilding
from zugong.grassroots.services import urban_dual as dual
from zugong.grassroots.services import urban_grids as grids

D = dt.date


@pytest.fixture
def rows(gr):
    with system_scope("tests"):
        make_rows(gr)
    return gr


def refused(field, call, **kwargs):
    with pytest.raises(ApplicationError) as error:
        call(**kwargs)
    assert error.value.field == field, error.value.message
    return error.value.message


def test_rows_of_every_model_and_their_audit(rows, system):
    assert rows.urban_contract.step == "履约"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {caps.COBUILDING_SAVED, caps.GRID_SAVED, caps.DUAL_REPORT_SAVED} <= actions
    assert rows.urban_grid.code == "45031210000101"
    assert rows.urban_micro.code == "4503121000010101"
    assert rows.urban_micro.level == "micro"


def test_contract_steps_one_at_a_time(rows, system):
    contract = cobuilding.contract_create(
        actor=None, community=rows.community_a2, unit=rows.urban_unit, title="榕山共建", year=2026
    )
    assert contract.step == "商约"
    message = refused(
        "step", cobuilding.contract_advance, actor=None, contract=contract, step="履约"
    )
    assert "签约" in message
    assert "签约日期" in refused(
        "signed_on", cobuilding.contract_advance, actor=None, contract=contract, step="签约"
    )
    refused(
        "ends_on",
        cobuilding.contract_advance,
        actor=None,
        contract=contract,
        step="签约",
        signed_on=D(2026, 3, 1),
        starts_on=D(2026, 3, 1),
        ends_on=D(2026, 2, 1),
    )
    cobuilding.contract_advance(actor=None, contract=contract, step="签约", signed_on=D(2026, 3, 1))
    assert "清单" in refused(
        "step", cobuilding.contract_advance, actor=None, contract=contract, step="履约"
    )
    # The last step needs the evaluation first.
    cobuilding.contract_advance(actor=None, contract=rows.urban_contract, step="评约")
    contract.refresh_from_db()
    assert contract.step == "签约"
    assert CoBuildingContract.objects.get(pk=rows.urban_contract.pk).step == "评约"
    refused(
        "step", cobuilding.contract_advance, actor=None, contract=rows.urban_contract, step="评约"
    )


def test_evaluation_needs_signing_and_goes_to_the_superior(rows, system):
    assert rows.urban_evaluation.sent_to == "中共临桂区委员会"
    assert rows.urban_evaluation.grade == "good"
    refused(
        "year",
        cobuilding.evaluation_record,
        actor=None,
        contract=rows.urban_contract,
        year=2026,
        score=90,
        evaluated_on=D(2026, 11, 21),
    )
    refused(
        "score",
        cobuilding.evaluation_record,
        actor=None,
        contract=rows.urban_contract,
        year=2025,
        score=101,
        evaluated_on=D(2026, 11, 21),
    )
    fresh = cobuilding.contract_create(
        actor=None, community=rows.community_a2, unit=rows.urban_unit, title="未签约", year=2026
    )
    refused(
        "contract",
        cobuilding.evaluation_record,
        actor=None,
        contract=fresh,
        year=2026,
        score=80,
        evaluated_on=D(2026, 11, 21),
    )


def test_fulfilment_and_evidence(rows, system):
    item = rows.urban_item_late
    refused(
        "done_on",
        cobuilding.fulfilment_record,
        actor=None,
        item=item,
        done_on=D(2026, 12, 1),
        description="未来",
        today=TODAY,
    )
    refused(
        "evidence",
        cobuilding.fulfilment_record,
        actor=None,
        item=item,
        done_on=D(2026, 10, 1),
        description="改造",
        evidence=SimpleUploadedFile("run.exe", b"MZ"),
        today=TODAY,
    )
    record = cobuilding.fulfilment_record(
        actor=None,
        item=item,
        done_on=D(2026, 10, 1),
        description="改造完成",
        completes=True,
        evidence=SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff"),
        today=TODAY,
    )
    assert record.evidence.name.startswith("cobuilding/")
    item.refresh_from_db()
    assert item.fulfilled_on == D(2026, 10, 1)


def test_contract_health_per_contract_and_community(rows, system):
    data = selectors.contract_health(TODAY)
    (row,) = data["contracts"]
    assert (row["health"].total, row["health"].fulfilled, row["health"].overdue) == (2, 1, 1)
    assert [i.content for i in row["overdue_items"]] == ["社区活动室改造（样例）"]
    (community,) = data["communities"]
    assert community["overdue"] == 1
    assert community["contracts"] == 1


def test_unit_outside_the_street_and_bad_community(rows, system):
    refused(
        "unit",
        cobuilding.contract_create,
        actor=None,
        community=rows.community_b,
        unit=rows.urban_unit,
        title="跨街道",
        year=2026,
    )
    refused(
        "community",
        cobuilding.contract_create,
        actor=None,
        community=rows.town_a,
        unit=rows.urban_unit,
        title="非社区",
        year=2026,
    )


def test_grid_tree_rules(rows, system):
    other = grids.grid_save(actor=None, community=rows.community_a2, name="榕山第一网格")
    assert other.code == "45031210000201"
    # A grid moved under a grid of another community is refused, naming the field.
    second = grids.grid_save(actor=None, community=rows.community_a, name="金水第二网格")
    assert "其他社区" in refused(
        "parent",
        grids.grid_save,
        actor=None,
        grid=second,
        community=rows.community_a,
        parent=other,
        name="金水第二网格",
    )
    refused(
        "parent",
        grids.grid_save,
        actor=None,
        community=rows.community_a,
        parent=rows.urban_micro,
        name="三级",
    )
    refused(
        "party_unit",
        grids.grid_save,
        actor=None,
        community=rows.community_a,
        name="错党组织",
        party_unit=rows.community_b,
    )
    refused("code", grids.grid_save, actor=None, community=rows.community_a, name="x", code="99")
    # Moving a grid under a grid of its community makes it a micro-grid with a new code.
    moved = grids.grid_save(
        actor=None, grid=second, community=rows.community_a, parent=rows.urban_grid, name="二"
    )
    assert (moved.level, moved.code) == ("micro", "4503121000010102")
    assert Grid.objects.filter(community=rows.community_a).count() == 3


def test_grid_members_one_grid_each_and_eligible_only(rows, system):
    refused(
        "person", grids.member_assign, actor=None, grid=rows.urban_grid, person_id=rows.person_b.pk
    )
    grids.member_assign(actor=None, grid=rows.urban_grid, person_id=rows.person_a.pk)
    refused(
        "person", grids.member_assign, actor=None, grid=rows.urban_micro, person_id=rows.person_a.pk
    )
    grids.member_assign(actor=None, grid=rows.urban_micro, person_id=rows.person_a.pk, move=True)
    assert GridMember.objects.get(person=rows.person_a).grid == rows.urban_micro


def test_grid_findings(rows, system):
    bare = grids.grid_save(actor=None, community=rows.community_a2, name="榕山第一网格")
    micro = grids.grid_save(actor=None, community=rows.community_a2, parent=bare, name="榕山微网格")
    found = {r["grid"].pk: {f.code for f in r["findings"]} for r in selectors.grid_findings()}
    assert found[bare.pk] == {"no_party_unit", "no_member_staff"}
    assert found[micro.pk] == {"no_member_staff", "micro_no_reported"}
    # The micro-grid with the reported member has no such finding; its staff has none.
    assert found[rows.urban_micro.pk] == {"no_member_staff"}
    assert found[rows.urban_grid.pk] == set()


def test_only_in_service_members_report_once(rows, system):
    assert "机关、事业单位或国有企业" in refused(
        "person",
        dual.report_create,
        actor=None,
        person=rows.village_person,
        community=rows.community_a,
        reported_on=D(2026, 5, 1),
        category="health",
        today=TODAY,
    )
    assert "复报" in refused(
        "person",
        dual.report_create,
        actor=None,
        person=rows.organ_person,
        community=rows.community_a2,
        reported_on=D(2026, 5, 1),
        category="health",
        today=TODAY,
    )
    school = _org(
        rows.district,
        "中共临桂中学支部委员会",
        "450312SY01",
        OrgKind.BRANCH,
        OrgCategory.PUBLIC_INSTITUTION,
    )
    teacher = _person(school, "覃丽萍", 77)
    refused(
        "category",
        dual.report_create,
        actor=None,
        person=teacher,
        community=rows.community_a,
        reported_on=D(2026, 5, 1),
        category="dancing",
        today=TODAY,
    )
    refused(
        "grid",
        dual.report_create,
        actor=None,
        person=teacher,
        community=rows.community_a2,
        grid=rows.urban_grid,
        reported_on=D(2026, 5, 1),
        category="health",
        today=TODAY,
    )
    refused(
        "community",
        dual.report_create,
        actor=None,
        person=teacher,
        community=rows.village_a,
        reported_on=D(2026, 5, 1),
        category="health",
        today=TODAY,
    )
    report = dual.report_create(
        actor=None,
        person=teacher,
        community=rows.community_a2,
        reported_on=D(2026, 5, 1),
        category="health",
        today=TODAY,
    )
    assert report.unit == school


def test_rereport_overdue_hours_and_facts(rows, system):
    report = rows.urban_report  # reported 2026-03-10: re-report due 2026-09-10
    (row,) = selectors.rereport_overdue(TODAY)
    assert row["due"] == D(2026, 9, 10)
    assert selectors.rereport_overdue(D(2026, 9, 9)) == []
    refused(
        "confirmed_on",
        dual.report_confirm,
        actor=None,
        report=report,
        confirmed_on=D(2026, 1, 1),
        today=TODAY,
    )
    refused(
        "hours",
        dual.service_record,
        actor=None,
        report=report,
        served_on=D(2026, 5, 1),
        hours="30",
        category="health",
        content="义诊",
        today=TODAY,
    )
    facts = selectors.dual_report_facts([rows.organ_person.pk, rows.person_a.pk], 2026, TODAY)
    assert facts[rows.organ_person.pk] == {
        "reported": True,
        "reported_on": D(2026, 3, 10),
        "hours": Decimal("4.0"),
        "target": Decimal(50),
        "rereport_overdue": True,
    }
    assert facts[rows.person_a.pk]["reported"] is False
    dual.report_confirm(actor=None, report=report, confirmed_on=D(2026, 11, 1), today=TODAY)
    assert selectors.rereport_overdue(TODAY) == []
    assert selectors.dual_report_facts([rows.organ_person.pk], 2025, TODAY)[rows.organ_person.pk][
        "hours"
    ] == Decimal(0)


def test_unit_page_by_deadline(rows, system):
    page = selectors.unit_page(rows.organ, D(2026, 11, 24), 2026, TODAY)
    assert (page["members"], page["reported"]) == (1, 1)
    assert page["rows"][0]["short"] == Decimal("46.0")
    early = selectors.unit_page(rows.organ, D(2026, 3, 9), 2026, TODAY)
    assert early["reported"] == 0
    assert early["below_floor"]


@pytest.mark.parametrize(("setting_value", "expected"), [(3, D(2026, 6, 10)), (0, None)])
def test_rereport_months_is_a_setting(rows, system, settings, setting_value, expected):
    settings.ZUGONG_DUAL_REPORT_REREPORT_MONTHS = setting_value
    rows_ = selectors.rereport_overdue(TODAY)
    assert [r["due"] for r in rows_] == ([expected] if expected else [])
    assert DualReport.objects.count() == 1
