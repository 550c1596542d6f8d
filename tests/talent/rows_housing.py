"""Rows of every talent housing model, made through the services (for the
administrators' walk and the housing tests). Call inside system_scope() with the ``tc``
cast; today is the frozen 2026-11-24.

Township A: 临桂镇人才公寓 with two rooms; 唐丽娜 applies, waits, gets room 101 and has
a re-review. Township B: 周明远 applies (not yet decided)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zugong.core.models import Person
from zugong.talent.services import housing as services

D = dt.date
TODAY = D(2026, 11, 24)


def make_rows(c) -> None:
    Person.objects.filter(pk=c.talent_person_a.pk).update(education="21")
    c.talent_a.person.refresh_from_db()
    c.apartment_a = services.apartment_save(
        actor=None,
        apartment=None,
        township=c.town_a,
        name="临桂镇人才公寓（公寓样例）",
        address="临桂镇人民路88号",
    )
    c.room_a1 = services.room_save(
        actor=None, apartment=c.apartment_a, number="101", layout="一室一厅", area=Decimal("45.5")
    )
    c.room_a2 = services.room_save(
        actor=None, apartment=c.apartment_a, number="102", layout="两室一厅", area=Decimal("68")
    )
    c.housing_a = services.housing_apply(
        actor=None,
        talent=c.talent_a,
        employer="桂林丽娜电子商务有限公司",
        employer_in_district=True,
        insurance_months=18,
        owns_housing=False,
        household=2,
        today=D(2025, 11, 1),
    )
    services.housing_decide(actor=None, application=c.housing_a, today=D(2025, 11, 10))
    c.lease_a = services.housing_allocate(
        actor=None,
        application=c.housing_a,
        room=c.room_a1,
        starts_on=D(2025, 12, 1),
        ends_on=D(2028, 11, 30),
        occupants="唐小雨 女儿",
        today=D(2025, 11, 20),
    )
    c.review_a = services.lease_review(
        actor=None,
        lease=c.lease_a,
        eligible=True,
        note="仍在本区工作（公寓样例）",
        today=D(2026, 11, 20),
    )
    c.housing_b = services.housing_apply(
        actor=None,
        talent=c.talent_b,
        employer="六塘竹编工艺坊（公寓样例B）",
        employer_in_district=True,
        insurance_months=3,
        owns_housing=False,
        today=TODAY,
    )
