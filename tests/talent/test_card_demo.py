"""The demo's cards and housing on the talent cast with sixty more talents: cards of
every tier, some in the renewal window, some expired, one lost and reissued, A cards
with dependants, service requests some overdue, verifications; apartments with rooms,
a waiting list in queue order, leases with reviews; all through the services."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.conftest import _person
from tests.talent.conftest import make_talent
from zugong.core.scope import system_scope
from zugong.talent import demo_card, demo_housing
from zugong.talent.models import (
    CardStatus,
    HousingApplication,
    HousingStatus,
    Lease,
    LeaseReview,
    ServiceRequest,
    TalentCard,
    Verification,
)
from zugong.talent.selectors import card as selectors
from zugong.talent.selectors import housing as housing_selectors

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)
NAMES = "王建国 李秀兰 张海燕 刘德华 陈志明 杨丽娟 黄志强 赵春生 周晓梅 吴国平".split()


@pytest.fixture
def pool(tc):
    with system_scope("tests"):
        branches = (tc.branch_a, tc.branch_a2, tc.branch_b)
        for i in range(60):
            branch = branches[i % 3]
            person = _person(branch, f"{NAMES[i % 10]}{'甲乙丙丁戊己'[i // 10]}", 100 + i)
            make_talent(
                person,
                tc.town_b if branch is tc.branch_b else tc.town_a,
                title="工程师" if i % 2 else "",
                employer="桂林金水农业发展有限公司",
            )
    return tc


def test_the_card_demo(pool):
    with system_scope("demo"):
        line = demo_card.build(random.Random(3), TODAY)
        print(line)
        assert line.startswith("人才卡：")
        cards = TalentCard.objects.filter(holder_card__isnull=True)
        assert set(cards.values_list("tier__code", flat=True)) == {"A", "B", "C", "D", "E"}
        statuses = set(cards.values_list("status", flat=True))
        assert {CardStatus.ISSUED, CardStatus.EXPIRED, CardStatus.APPLIED} <= statuses
        assert cards.filter(status=CardStatus.REPLACED).count() == 1
        assert cards.filter(previous__isnull=False).count() == 1
        assert TalentCard.objects.filter(holder_card__isnull=False, tier__code="A").exists()
        assert not TalentCard.objects.filter(holder_card__isnull=False).exclude(tier__code="A")
        assert selectors.expiring_cards(TODAY).exists()
        assert selectors.overdue_requests(TODAY).exists()
        assert ServiceRequest.objects.filter(status="done").exists()
        assert Verification.objects.filter(result="valid").exists()
        # Every request was made for a card valid on its day, within the tier.
        for request in ServiceRequest.objects.select_related("card__tier", "entitlement"):
            assert request.card.tier.entitlements.filter(pk=request.entitlement_id).exists()
            assert request.card.issued_on <= request.submitted_on <= request.card.valid_until
        # The portal's first talent holds a valid card.
        assert cards.filter(talent=pool.talent_a, status=CardStatus.ISSUED).exists()


def test_the_housing_demo(pool):
    with system_scope("demo"):
        line = demo_housing.build(random.Random(5), TODAY)
        print(line)
        assert line.startswith("人才公寓：4处")
        waiting = list(housing_selectors.waiting_list())
        assert len(waiting) >= 8
        assert [a.queued_on for a in waiting] == sorted(a.queued_on for a in waiting)
        assert waiting[-1].talent == pool.talent_b  # the second portal talent waits
        assert Lease.objects.count() >= 10
        assert LeaseReview.objects.filter(eligible=True).exists()
        assert housing_selectors.vacant_rooms(TODAY).exists()
        assert HousingApplication.objects.filter(status=HousingStatus.REFUSED).exists()
        for lease in Lease.objects.select_related("room"):
            assert lease.ends_on > lease.starts_on
        # No room is let twice at once.
        for lease in Lease.objects.all():
            overlapping = Lease.objects.filter(
                room=lease.room, starts_on__lte=lease.ends_on, ends_on__gte=lease.starts_on
            ).exclude(pk=lease.pk)
            assert not overlapping.exists()
