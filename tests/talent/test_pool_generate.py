"""`zugong gen`'s talents: one per five persons not yet talents (at most the number
asked), with the service's search keys, a national category and tags, each kept by the
township above the person's organization."""

import pytest

from tests.conftest import _person
from zugong.core.scope import system_scope
from zugong.talent import generate
from zugong.talent.models import Talent
from zugong.talent.services.pool import search_keys

pytestmark = pytest.mark.django_db


def test_extend_adds_talents_with_their_keys(tc):
    with system_scope("tests"):
        for number in range(10):
            _person(tc.branch_b, f"覃{'一二三四五六七八九十'[number]}", 100 + number)
        before = Talent.objects.count()
        result = generate.extend(seed=1, progress=lambda line: None, talents=2)
        assert result["talents"] == 2
        assert Talent.objects.count() == before + 2
        for talent in Talent.objects.exclude(pk__in=[tc.talent_a.pk, tc.talent_b.pk]):
            keys = search_keys(
                talent.person.name,
                employer=talent.employer,
                specialty=talent.specialty,
                title=talent.title,
                honours=talent.honours,
            )
            assert talent.search_text == keys["search_text"]
            assert talent.name_pinyin == keys["name_pinyin"]
            assert talent.categories.filter(kind="national").count() == 1
            assert talent.tags.exists()
            expected = talent.person.organization
            while expected.kind not in ("township_committee", "district_committee"):
                expected = expected.parent
            assert talent.township == expected


def test_one_talent_per_five_persons_at_most():
    assert generate._count(100, None) == 20
    assert generate._count(100, 5) == 5
    assert generate._count(100, 500) == 20
