"""The two-new registry's services: every refusal names its field in Chinese and
nothing is written; the counting verdict is recomputed on every save."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import TODAY
from tests.grassroots.rows_twonew import code, entity_data, make_rows
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry
from zugong.core.scope import system_scope
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.twonew import (
    CoverageReport,
    DutyItem,
    Entity,
    Instructor,
    InstructorVisit,
    JointMemberUnit,
    UnitReport,
)
from zugong.grassroots.selectors import twonew as selectors
from zugong.grassroots.services import twonew as services


def save(c, sequence=1, actor=None, **extra):
    return services.entity_save(actor=actor, data=entity_data(c, sequence, **extra), today=TODAY)


def refusal(c, field, **extra):
    with system_scope("t"):
        before = Entity.objects.count()
        with pytest.raises(ApplicationError) as error:
            save(c, **extra)
        assert Entity.objects.count() == before
    fields = [d["field"] for d in error.value.details]
    assert field in fields, error.value.details
    return next(d["message"] for d in error.value.details if d["field"] == field)


def test_make_rows_writes_every_model(gr):
    with system_scope("t"):
        make_rows(gr)
        for model in (
            Entity,
            Instructor,
            InstructorVisit,
            JointMemberUnit,
            DutyItem,
            UnitReport,
            CoverageReport,
        ):
            assert model.objects.exists(), model


def test_counted_is_recomputed(gr):
    with system_scope("t"):
        entity = save(gr, employees=40)
        assert entity.counted
        assert "从业人员40人，达到10人" in entity.counted_reason
        entity = services.entity_save(actor=None, entity=entity, data={"employees": 8}, today=TODAY)
        assert not entity.counted
        assert "从业人员8人，不足10人" in entity.counted_reason
        social = save(gr, 2, kind="social_org", employees=29)
        assert not social.counted
        assert "不足30人" in social.counted_reason
        assert AuditEntry.objects.filter(action=caps.TWONEW_SAVED).count() == 3


def test_bad_check_digit_names_the_expected_character(gr):
    good = code(5)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    message = refusal(gr, "credit_code", credit_code=wrong)
    assert f"校验位应为{good[17]}" in message


def test_duplicate_code_names_the_entity_in_scope_only(gr):
    with system_scope("t"):
        save(gr, 7, name="桂林金桂食品有限公司")
    message = refusal(gr, "credit_code", credit_code=code(7), name="另一家公司")
    assert "桂林金桂食品有限公司" in message
    # Officer of the other township: the code is registered, not where.
    with pytest.raises(ApplicationError) as error:
        with system_scope("t"):
            services.entity_save(
                actor=gr.officer_b,
                data=entity_data(gr, 7, township=gr.town_b, name="另一家公司"),
                today=TODAY,
            )
    assert error.value.details[0]["message"] == "该统一社会信用代码已登记"


def test_shell_marked_as_real_operation_is_refused(gr):
    message = refusal(gr, "real_operation", operating_status="shell", real_operation=True)
    assert "空壳企业" in message
    with system_scope("t"):
        shell = save(gr, 3, operating_status="shell", real_operation=False)
        assert not shell.counted
        assert "空壳" in shell.counted_reason


def test_coverage_consistency(gr):
    assert "正式党员3人以上" in refusal(
        gr,
        "coverage",
        coverage="separate",
        party_organization=gr.community_a,
        formed_on=dt.date(2020, 1, 1),
        full_members=2,
    )
    # Joint needs no three full members, but an organization and its date.
    refusal(gr, "party_organization", coverage="joint", formed_on=dt.date(2020, 1, 1))
    refusal(gr, "formed_on", coverage="joint", party_organization=gr.community_a)
    refusal(gr, "not_formed_reason", coverage="none", not_formed_reason="")
    refusal(gr, "full_members", party_members=1, full_members=2)
    refusal(gr, "party_members", employees=3, party_members=5, full_members=1)
    refusal(gr, "township", township=gr.community_a)
    with system_scope("t"):
        joint = save(
            gr,
            9,
            coverage="joint",
            party_organization=gr.community_a,
            formed_on=dt.date(2020, 1, 1),
            full_members=1,
            party_members=1,
        )
        assert joint.coverage == "joint"


def test_township_out_of_scope_is_refused(gr):
    with system_scope("t"), pytest.raises(ApplicationError) as error:
        services.entity_save(actor=gr.officer_b, data=entity_data(gr, 11), today=TODAY)
    assert error.value.details[0]["field"] == "township"
    with system_scope("t"), pytest.raises(PermissionDenied):
        services.entity_save(
            actor=gr.secretary, data=entity_data(gr, 12, township=gr.town_a), today=TODAY
        )


def test_overdue_visits_by_rule_and_override(gr, settings):
    with system_scope("t"):
        make_rows(gr)
        instructor = Instructor.objects.get()
        # Last visit 2026-10-20, every 15 days: due 11-04, 20 days overdue on 11-24.
        rows = selectors.overdue_visits(TODAY)
        assert [(r["entity"].name, r["days"]) for r in rows] == [
            ("桂林漓江山水旅游有限公司900001", 20)
        ]
        instructor.visit_every_days = 60
        instructor.save()
        assert selectors.overdue_visits(TODAY) == []
        instructor.visit_every_days = None
        instructor.save()
        settings.ZUGONG_INSTRUCTOR_VISIT_DAYS = 30
        assert selectors.overdue_visits(TODAY)[0]["days"] == 5


def test_visit_to_an_entity_not_guided_is_refused(gr):
    with system_scope("t"):
        make_rows(gr)
        instructor = Instructor.objects.get()
        other = Entity.objects.get(kind="social_org")
        with pytest.raises(ApplicationError) as error:
            services.visit_record(
                actor=None,
                instructor=instructor,
                entity=other,
                visited_on=TODAY,
                content="走访",
                today=TODAY,
            )
        assert error.value.field == "entity"


def test_four_sync_overdue_items_and_missing_reports(gr):
    with system_scope("t"):
        make_rows(gr)
        gaps = selectors.four_sync_gaps()
        assert [r["missing"] for r in gaps] == [
            ["章程制定同步", "登记管理同步", "年检年报同步", "组织评估同步"]
        ]
        assert [i.content for i in selectors.overdue_items(TODAY)] == ["年报时同步采集党建信息"]
        assert selectors.overdue_items(dt.date(2026, 6, 30)).count() == 0
        # On 2026-11-24 the last half-year ended is 2026 H1, which was reported.
        assert selectors.units_missing_report(TODAY) == ((2026, 1), [])
        (year, half), units = selectors.units_missing_report(dt.date(2027, 1, 10))
        assert (year, half) == (2026, 2)
        assert [u.name for u in units] == ["临桂镇市场监督管理所"]
        with pytest.raises(ApplicationError) as error:
            services.unit_report_save(
                actor=None,
                unit=units[0],
                year=2026,
                half=1,
                submitted_on=TODAY,
                summary="重复",
                today=TODAY,
            )
        assert error.value.field == "half"
