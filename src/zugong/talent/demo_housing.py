"""The demo district's talent housing: apartments in the seat town and two townships
with rooms, applications checked for eligibility (some refused with their reasons),
most allocated with leases (a re-review due within the month, one found no longer
eligible and told to leave, one exited), and a waiting list in queue order; the second
portal talent waits on it.

Placed against the real today; runs after the pool's demo and reads its talents."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zugong.core.models import Organization, OrgKind, Person
from zugong.core.rules import shift_months
from zugong.talent.models import AccountStatus, HousingStatus, PortalAccount, Talent
from zugong.talent.services import housing as services

APARTMENTS = [
    ("临桂", "临桂区人才公寓一期", "临桂区世纪大道东段168号", 3, 8),
    ("临桂", "临桂新区青年人才驿站", "临桂区西城大道99号", 2, 6),
    ("六塘", "六塘镇人才之家", "六塘镇六塘街12号", 1, 6),
    ("会仙", "会仙湿地科研人才公寓", "会仙镇会仙街56号", 1, 4),
]
LAYOUTS = [
    ("单间", Decimal("28.50"), Decimal("300")),
    ("一室一厅", Decimal("45.00"), Decimal("500")),
    ("两室一厅", Decimal("68.00"), Decimal("800")),
]
APPLICATIONS = 40
OCCUPANTS = ["配偶", "女儿", "儿子", "母亲"]


def _townships() -> dict[str, Organization]:
    towns = Organization.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path")
    return {t.name: t for t in towns}


def _rooms(townships) -> list:
    rooms = []
    names = list(townships)
    for key, name, address, floors, per_floor in APARTMENTS:
        township = next((townships[n] for n in names if key in n), None) or townships[names[0]]
        apartment = services.apartment_save(
            actor=None, apartment=None, township=township, name=name, address=address
        )
        for floor in range(1, floors + 1):
            for n in range(1, per_floor + 1):
                layout, area, rent = LAYOUTS[(floor + n) % len(LAYOUTS)]
                rooms.append(
                    services.room_save(
                        actor=None,
                        apartment=apartment,
                        number=f"{floor}{n:02d}",
                        layout=layout,
                        area=area,
                        monthly_rent=rent,
                        out_of_service=(floor, n) == (1, per_floor) and floors > 1,
                    )
                )
    return [r for r in rooms if not r.out_of_service]


def _apply(rng, talent, on: dt.date, eligible: bool):
    if eligible and not (talent.person.education or "9")[0] <= "2":
        Person.objects.filter(pk=talent.person_id).update(education=rng.choice(["21", "14"]))
        talent.person.refresh_from_db()
    return services.housing_apply(
        actor=None,
        talent=talent,
        employer=talent.employer or "临桂区某企业",
        employer_in_district=eligible or rng.random() < 0.5,
        insurance_months=rng.randint(8, 60) if eligible else rng.randint(0, 5),
        owns_housing=not eligible and rng.random() < 0.4,
        household=rng.randint(1, 3),
        by_portal=rng.random() < 0.5,
        today=on,
    )


def _reviews(leases, today: dt.date, rng) -> tuple[int, int]:
    """Yearly re-reviews up to today: most still eligible; one no longer (to leave), one
    exited; those whose review falls within the month show as due."""
    left = exited = 0
    for lease in leases:
        while lease.next_review_on <= today - dt.timedelta(days=rng.randint(0, 40)):
            if left == 0 and lease.next_review_on < today - dt.timedelta(days=60):
                services.lease_review(
                    actor=None,
                    lease=lease,
                    eligible=False,
                    note="已在本区购买商品住房",
                    today=today - dt.timedelta(days=10),
                )
                left = 1
                break
            services.lease_review(
                actor=None,
                lease=lease,
                eligible=True,
                note="仍在本区就业，社保正常缴纳",
                today=lease.next_review_on,
            )
        if (
            exited == 0
            and lease.exited_on is None
            and lease.starts_on < today - dt.timedelta(days=400)
        ):
            if lease.reviews.filter(eligible=False).exists():
                continue
            services.lease_exit(
                actor=None, lease=lease, on=today - dt.timedelta(days=20), reason="调往外地工作"
            )
            exited = 1
    return left, exited


def build(rng: random.Random, today: dt.date) -> str:
    townships = _townships()
    talents = list(
        Talent.objects.select_related("person", "township").filter(outside=False).order_by("pk")
    )
    if not townships or not talents:
        return ""
    portal = [
        a.talent_id
        for a in PortalAccount.objects.filter(status=AccountStatus.ACTIVE).order_by("pk")
    ]
    rooms = _rooms(townships)
    pool = [t for t in talents if t.pk not in portal]
    rng.shuffle(pool)
    chosen = pool[:APPLICATIONS]
    leases, waiting, refused = [], 0, 0
    free = list(rooms)
    for i, talent in enumerate(chosen):
        eligible = rng.random() < 0.85
        on = today - dt.timedelta(days=rng.randint(30, 900))
        application = _apply(rng, talent, on, eligible)
        application = services.housing_decide(
            actor=None, application=application, today=on + dt.timedelta(days=rng.randint(3, 10))
        )
        if application.status == HousingStatus.REFUSED:
            refused += 1
            continue
        if not free or i >= len(chosen) - 8:
            waiting += 1  # the last applications wait for a room
            continue
        starts = application.decided_on + dt.timedelta(days=rng.randint(5, 20))
        lease = services.housing_allocate(
            actor=None,
            application=application,
            room=free.pop(rng.randrange(len(free))),
            starts_on=starts,
            ends_on=shift_months(starts, 36) - dt.timedelta(days=1),
            occupants="\n".join(
                f"{talent.person.name[0]}某 {o}"
                for o in rng.sample(OCCUPANTS, application.household - 1)
            ),
            today=starts,
        )
        leases.append(lease)
    left, exited = _reviews(leases, today, rng)
    if len(portal) > 1:
        second = next(t for t in talents if t.pk == portal[1])
        application = _apply(rng, second, today - dt.timedelta(days=12), True)
        services.housing_decide(
            actor=None, application=application, today=today - dt.timedelta(days=8)
        )
        waiting += 1
    return (
        f"人才公寓：{len(APARTMENTS)}处{len(rooms)}间房，申请{len(chosen) + (len(portal) > 1)}份"
        f"（已配租{len(leases)}份、轮候{waiting}份、不符合条件{refused}份），"
        f"复核后限期退租{left}户、已退租{exited}户"
    )
