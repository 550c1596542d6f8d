"""The demo's contact ledgers on the talent cast with thirty more talents: leader–expert
pairs within the levels' ranges, about a third of the leaders below their frequency,
problems open and solved, native talents outside with overdue contacts and returns of
the five kinds, the liaison station's contacts and alumni enterprises with valid codes;
built through the services."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.conftest import _person
from tests.talent.conftest import make_talent
from zugong.core.scope import system_scope
from zugong.grassroots.rules.twonew import credit_code_problem
from zugong.talent import demo_contact
from zugong.talent.models import (
    AlumniEnterprise,
    ContactPair,
    ContactProblem,
    ContactRecord,
    LiaisonContact,
    NativeContact,
    ReturnInterest,
    ReturnKind,
    ReturnOutcome,
    Talent,
)
from zugong.talent.rules import native as native_rules
from zugong.talent.selectors import contact as selectors
from zugong.talent.selectors import native as native_selectors

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)
NAMES = "王建国 李秀兰 张海燕 刘德华 陈志明 杨丽娟 黄志强 赵春生 周晓梅 吴国平".split()
TITLES = ("高级农艺师", "主治医师", "工程师", "")


@pytest.fixture
def pool(tc):
    with system_scope("tests"):
        branches = (tc.branch_a, tc.branch_a2, tc.branch_b)
        for i in range(30):
            branch = branches[i % 3]
            person = _person(
                branch, f"{NAMES[i % 10]}{'甲乙丙'[i // 10]}", 100 + i, birth=dt.date(1982, 3, 9)
            )
            title = TITLES[i % 4]
            make_talent(
                person,
                tc.town_b if branch is tc.branch_b else tc.town_a,
                title=title,
                title_level=3 if title.startswith("高级") else 2 if title else 0,
                employer="桂林金水农业发展有限公司",
            )
    return tc


def test_the_demo_builds_every_ledger(pool):
    with system_scope("demo"):
        line = demo_contact.build(random.Random(1), TODAY)
        assert line.startswith("领导联系专家：区级领导12名")

        # Leaders and experts: 12 leaders, each within the level's range, titled first.
        pairs = ContactPair.objects.all()
        assert pairs.values("leader").distinct().count() == 12
        assert 24 <= pairs.count() <= 48
        assert all(row["problem"] is None for row in selectors.experts_per_leader(TODAY))
        assert pairs.exclude(talent__title="").count() > pairs.filter(talent__title="").count()
        assert min(p.since for p in pairs) >= TODAY - dt.timedelta(days=3 * 365)

        # About a third below the frequency of the quarter checked, the rest fine.
        check = selectors.frequency_check(TODAY)
        lagging = {row["leader"] for row in check["leaders"]}
        assert len(lagging) == 4
        assert f"{check['period'].label}未达联系频次4名" in line
        for row in check["leaders"]:
            assert all(e["contacts"] == 0 for e in row["experts"])
        assert ContactRecord.objects.filter(kind="greeting").exists()
        assert ContactRecord.objects.filter(contacted_on__gt=TODAY).count() == 0

        problems = ContactProblem.objects.all()
        assert problems.filter(solved_on__isnull=True).exists()
        solved = problems.filter(solved_on__isnull=False)
        assert solved.exists()
        assert not solved.filter(solution="").exists()

        # Native talents outside: half of this small pool, every city known, interests
        # spread, a few returned, some contacts overdue.
        natives = Talent.objects.filter(outside=True)
        assert natives.count() == 16
        assert not natives.filter(current_city="").exists()
        interests = set(natives.values_list("return_interest", flat=True))
        assert ReturnInterest.RETURNED in interests
        assert len(interests) >= 4
        assert NativeContact.objects.exclude(talent__outside=True).count() == 0
        listed = native_selectors.native_talents(today=TODAY)
        assert all(t.last_contact for t in listed)
        late = native_selectors.native_talents(today=TODAY, overdue=True)
        assert 0 < late.count() < natives.count()

        # Returns: the five kinds, amounts where the kind needs one.
        assert set(ReturnOutcome.objects.values_list("kind", flat=True)) == set(ReturnKind.values)
        for outcome in ReturnOutcome.objects.all():
            assert native_rules.amount_problem(outcome.kind, outcome.amount) is None

        # The liaison station and the alumni enterprises.
        contacts = LiaisonContact.objects.all()
        assert contacts.values("enterprise").distinct().count() == 15
        assert contacts.exclude(outcome="").exists()
        assert contacts.filter(talent__isnull=False).exists()
        alumni = AlumniEnterprise.objects.all()
        assert alumni.count() == 8
        codes = [a.credit_code for a in alumni]
        assert len(set(codes)) == 8
        assert all(credit_code_problem(code) is None for code in codes)
        assert native_selectors.alumni_totals()["total"]["jobs"] > 0
