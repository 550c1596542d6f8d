"""The demo's development pipeline (发展党员): young residents at every stage, recorded
through the service branch secretaries use, one talk recorded late with its reason."""

from __future__ import annotations

import datetime as dt
import random

from zugong.core import workdays
from zugong.core.models import Organization, OrgCategory, Person
from zugong.party import rules
from zugong.party.models import Member, MemberKind, MemberStatus


def _resident(organization, name: str, birth: dt.date, sequence: int) -> Person:
    """A young resident of the branch's community who has applied to join."""
    from zugong.core import idnumber
    from zugong.core.services.persons import person_create

    return person_create(
        actor=None,
        organization=organization,
        data={
            "name": name,
            "id_number": idnumber.make("450312", birth, sequence),
            "ethnicity": "01",
            "education": "21",
            "political_status": "13",
            "phone": f"1397730{sequence:04d}",
            "work_unit": organization.host_unit,
        },
    )


class _Walk:
    """Steps of one demo case, each some days after the previous one, never after today."""

    def __init__(self, case, day: dt.date, today: dt.date):
        self.case, self.day, self.today = case, day, today

    def step(self, code: str, after_days: int, details: dict | None = None) -> None:
        from zugong.party.services import development as services

        self.day = min(self.day + dt.timedelta(days=after_days), self.today)
        services.development_step(
            actor=None, case=self.case, step=code, occurred_on=self.day, details=details or {}
        )


def development(rng: random.Random) -> int:
    """Young non-members in the development pipeline, every stage represented, recorded
    through the same service the branch secretaries use."""
    from zugong.party.services import development as services

    today = dt.date.today()
    people = list(
        Person.objects.filter(
            political_status__in=["03", "13"],
            birth_date__gt=rules.add_years(today, -36),
            birth_date__lt=rules.add_years(today, -20),
        )
        .select_related("organization")
        .order_by("id")
    )
    rng.shuffle(people)
    # The demo branch secretary's branch (the first community branch of the first
    # township, as zugong.core.demo picks it) gets cases first, so their board is not empty.
    first_township = Organization.objects.filter(kind="township_committee").order_by("path").first()
    own = (
        Organization.objects.filter(
            path__startswith=first_township.path, kind="branch", category=OrgCategory.COMMUNITY
        )
        .order_by("path")
        .first()
    )
    locals_ = [
        _resident(own, name, birth, seq)
        for name, birth, seq in (
            ("蒋雨萱", dt.date(1999, 3, 12), 402),
            ("唐俊杰", dt.date(1996, 8, 30), 517),
            ("韦佳怡", dt.date(2001, 11, 5), 622),
            ("覃一鸣", dt.date(1994, 5, 18), 733),
        )
    ]
    people = locals_ + [p for p in people if p not in locals_]
    made = 0
    plans = [
        "applicant",
        "activist",
        "activist",
        "candidate",
        "candidate",
        "probationary",
        "probationary",
    ]
    for index, person in enumerate(people[:70]):
        sponsors = list(
            Member.objects.filter(
                person__organization=person.organization,
                kind=MemberKind.FULL,
                status=MemberStatus.NORMAL,
            ).values_list("person_id", flat=True)[:2]
        )
        if len(sponsors) < 2:
            continue
        target = plans[index % len(plans)]
        # Work backwards from today so each case sits in its stage with realistic dates.
        span = {"applicant": 40, "activist": 300, "candidate": 480, "probationary": 620}[target]
        start = today - dt.timedelta(days=span + rng.randint(0, 60))
        walk = _Walk(
            services.development_start(actor=None, person=person, applied_on=start), start, today
        )
        step = walk.step
        made += 1
        if target == "applicant":
            talk = rng.random() < 0.5
            if index == 0:
                # The secretary's own board shows a talk recorded after the month (细则第七条).
                step("talk", 38, {"late_reason": "申请人外出务工，返乡后补谈"})
            elif talk:
                step("talk", rng.randint(5, 25))
            continue
        step("talk", 15)
        step("activist", 30)
        step("contacts", 0, {"persons": sponsors[:1]})
        if target == "activist":
            if rng.random() < 0.6:
                step("assessment", 180)
            continue
        step("assessment", 180)
        step("candidate", 190)
        for code, gap, details in (
            ("notice", 1, None),
            ("sponsors", 7, {"persons": sponsors}),
            ("political_review", 7, None),
            ("training", 5, {"days": 3}),
            ("pre_review", 5, None),
        ):
            if code == "notice":
                # Five working days by the calendar (holidays and make-up days count).
                begin = workdays.add_working_days(walk.day, 1)
                end = workdays.add_working_days(begin, 4)
                details = {"start": begin.isoformat(), "end": end.isoformat()}
                gap = (end - walk.day).days
            if walk.day + dt.timedelta(days=gap) > today:
                break
            step(code, gap, details)
        if target == "candidate" or walk.day + dt.timedelta(days=20) > today:
            continue
        step("branch_meeting", 20, {"should_attend": 12, "present": 11, "yes": 11})
        step("approval", 40)
        if rng.random() < 0.8:
            step("oath", 10)
    return made
