"""Talent housing's services: application with each condition checked, the waiting
list, allocation of a free room with a lease by rule, re-review and exit; bad input
refused in Chinese naming the field, nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.talent.rows_housing import make_rows
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import Person
from zugong.core.scope import system_scope
from zugong.talent.models import HousingApplication, HousingStatus, Lease, LeaseReview
from zugong.talent.selectors import housing as selectors
from zugong.talent.services import housing as services

D = dt.date
TODAY = D(2026, 11, 24)
pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def _refused(field, fn, **kw):
    with pytest.raises(ApplicationError) as error:
        fn(**kw)
    assert error.value.field == field, error.value.message
    return error.value.message


def _apply(tc, actor, talent, **kw):
    data = dict(
        employer="某公司",
        employer_in_district=True,
        insurance_months=12,
        owns_housing=False,
        today=TODAY,
    )
    return services.housing_apply(actor=actor, talent=talent, **{**data, **kw})


def test_the_chain(rows):
    assert rows.housing_a.status == HousingStatus.ALLOCATED
    assert rows.lease_a.next_review_on == D(2027, 11, 20)  # moved on by the review
    assert all(c["met"] for c in rows.housing_a.eligibility)
    assert rows.review_a.eligible


def test_the_talent_applies_for_themselves_only(tc):
    with system_scope():
        Person.objects.filter(pk=tc.talent_person_b.pk).update(education="14")
    application = _apply(tc, tc.tom, tc.talent_b, by_portal=True)
    assert application.by_portal
    with pytest.raises(PermissionDenied):
        _apply(tc, tc.tom, tc.talent_a)
    with pytest.raises(PermissionDenied):
        services.housing_decide(actor=tc.tom, application=application, today=TODAY)
    with pytest.raises(PermissionDenied):  # township officers enter, never decide
        services.housing_decide(actor=tc.officer_b, application=application, today=TODAY)
    application = services.housing_decide(actor=tc.office, application=application, today=TODAY)
    assert application.status == HousingStatus.WAITING
    assert application.queued_on == TODAY


def test_refused_with_the_reasons_not_met(rows):
    # 周明远: 大学专科 and 3 months of insurance.
    with system_scope():
        Person.objects.filter(pk=rows.talent_person_b.pk).update(education="31")
    rows.housing_b.talent.person.refresh_from_db()
    application = services.housing_decide(
        actor=rows.office, application=rows.housing_b, today=TODAY
    )
    assert application.status == HousingStatus.REFUSED
    assert application.refused_reason == (
        "学历未达到大学本科及以上；在本区缴纳社会保险3个月，不足6个月"
    )
    _refused(
        "status", services.housing_decide, actor=rows.office, application=application, today=TODAY
    )


def test_bad_applications(rows):
    before = HousingApplication.objects.unscoped().count()
    message = _refused("talent", _apply, tc=rows, actor=rows.office, talent=rows.talent_a)
    assert message == "唐丽娜已有一份“已配租”的人才公寓申请，不能重复申请"
    _refused("employer", _apply, tc=rows, actor=rows.office, talent=rows.talent_b, employer="")
    _refused(
        "insurance_months",
        _apply,
        tc=rows,
        actor=rows.office,
        talent=rows.talent_b,
        insurance_months=-1,
    )
    _refused("household", _apply, tc=rows, actor=rows.office, talent=rows.talent_b, household=0)
    assert HousingApplication.objects.unscoped().count() == before


def _waiting(rows):
    with system_scope():
        Person.objects.filter(pk=rows.talent_person_b.pk).update(education="21")
    rows.talent_b.person.refresh_from_db()
    rows.housing_b.insurance_months = 12
    rows.housing_b.save()
    return services.housing_decide(actor=rows.office, application=rows.housing_b, today=TODAY)


def test_allocation_checks_the_room_and_the_term(rows):
    application = _waiting(rows)
    kw = dict(actor=rows.office, application=application, today=TODAY)
    message = _refused(
        "ends_on",
        services.housing_allocate,
        room=rows.room_a2,
        starts_on=D(2026, 12, 1),
        ends_on=D(2026, 11, 30),
        **kw,
    )
    assert message == "租期届满日期2026年11月30日不晚于起租日期2026年12月1日"
    message = _refused(
        "ends_on",
        services.housing_allocate,
        room=rows.room_a2,
        starts_on=D(2026, 12, 1),
        ends_on=D(2029, 12, 2),
        **kw,
    )
    assert message == "租期最长3年"
    message = _refused(
        "room",
        services.housing_allocate,
        room=rows.room_a1,
        starts_on=D(2026, 12, 1),
        ends_on=D(2027, 11, 30),
        **kw,
    )
    assert message == "房间101在该租期内已有人居住"
    assert not Lease.objects.unscoped().filter(application=application).exists()
    lease = services.housing_allocate(
        room=rows.room_a2, starts_on=D(2026, 12, 1), ends_on=D(2029, 11, 30), **kw
    )
    application.refresh_from_db()
    assert application.status == HousingStatus.ALLOCATED
    assert lease.next_review_on == D(2027, 12, 1)
    _refused(
        "status",
        services.housing_allocate,
        room=rows.room_a2,
        starts_on=D(2030, 1, 1),
        ends_on=D(2030, 6, 1),
        **kw,
    )


def test_review_not_eligible_sets_the_exit_and_exit_ends(rows):
    _refused(
        "note",
        services.lease_review,
        actor=rows.office,
        lease=rows.lease_a,
        eligible=False,
        today=TODAY,
    )
    review = services.lease_review(
        actor=rows.office, lease=rows.lease_a, eligible=False, note="已在本区购房", today=TODAY
    )
    rows.lease_a.refresh_from_db()
    assert rows.lease_a.ends_on == D(2026, 12, 24)
    assert review.note == "已在本区购房；限2026年12月24日前退租"
    _refused(
        "on",
        services.lease_exit,
        actor=rows.office,
        lease=rows.lease_a,
        on=D(2025, 1, 1),
        reason="购房",
    )
    _refused(
        "reason", services.lease_exit, actor=rows.office, lease=rows.lease_a, on=TODAY, reason=""
    )
    lease = services.lease_exit(actor=rows.office, lease=rows.lease_a, on=TODAY, reason="购房迁出")
    assert lease.exited_on == TODAY
    _refused("lease", services.lease_exit, actor=rows.office, lease=lease, on=TODAY, reason="x")
    assert LeaseReview.objects.unscoped().count() == 2
    # The room is free again from the day after exit; the talent may apply anew.
    with system_scope():
        assert rows.room_a1 in selectors.vacant_rooms(D(2026, 11, 25))
    assert _apply(rows, rows.tina, rows.talent_a).status == HousingStatus.SUBMITTED


def test_room_numbers_are_unique_per_apartment(rows):
    _refused(
        "number",
        services.room_save,
        actor=rows.office,
        apartment=rows.apartment_a,
        number="101",
        layout="一室",
        area=Decimal("30"),
    )
    _refused(
        "area",
        services.room_save,
        actor=rows.office,
        apartment=rows.apartment_a,
        number="201",
        layout="一室",
        area=Decimal("0"),
    )


def test_lists_in_constant_queries(rows, django_assert_max_num_queries):
    _waiting(rows)
    with system_scope():
        with django_assert_max_num_queries(1):
            waiting = [a.talent.person.name for a in selectors.waiting_list()]
        with django_assert_max_num_queries(1):
            vacant = [str(r) for r in selectors.vacant_rooms(TODAY)]
        with django_assert_max_num_queries(1):
            due = list(selectors.reviews_due(D(2027, 11, 1)))
        with django_assert_max_num_queries(1):
            ending = list(selectors.leases_ending(D(2028, 10, 15)))
    assert waiting == ["周明远"]
    assert vacant == ["临桂镇人才公寓（公寓样例） 102"]
    assert due == [rows.lease_a]
    assert ending == [rows.lease_a]


def test_the_talent_sees_their_place_in_the_queue(rows):
    _waiting(rows)
    with system_scope():
        Person.objects.filter(pk=rows.talent_person_a.pk).update(education="21")
    services.lease_exit(actor=rows.office, lease=rows.lease_a, on=TODAY, reason="调离")
    second = _apply(rows, rows.tina, rows.talent_a)
    second = services.housing_decide(actor=rows.office, application=second, today=TODAY)
    with system_scope():
        mine = list(selectors.own_applications(rows.talent_person_a.pk))
    assert [a.status for a in mine] == [HousingStatus.WAITING, HousingStatus.ALLOCATED]
    assert selectors.waiting_position(mine[0]) == 2  # 周明远 was queued first
    assert selectors.waiting_position(mine[1]) is None
    assert mine[1].lease.room.number == "101"
