"""Matching without scoring the whole pool (selectors.pool_match): over the district
by levels of the tags-and-categories part, within a township by scoring its wanted
talents. Either way the answer is exactly the ranking of rules.match_score over every
talent in scope — score, then pinyin, then id — for needs of every shape, under other
weights too, and the whole scoring is not needed when a level settles it."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tests.conftest import _person, scope_of
from tests.talent.conftest import make_talent
from zugong.core.scope import system_scope
from zugong.talent.models import Talent, TalentCategory, TalentTag
from zugong.talent.rules import pool as rules
from zugong.talent.selectors import pool as selectors
from zugong.talent.selectors import pool_match

pytestmark = pytest.mark.django_db
SURNAMES, GIVEN = "王李张刘陈杨黄赵", "建国秀兰海燕志明丽娟春生"
EMPLOYERS = ["金水民宿合作社", "六塘电商服务站", "桂林农业公司", ""]


@pytest.fixture
def pool(tc):
    rng = random.Random(15)
    tags = list(TalentTag.objects.order_by("pk")[:5])
    categories = list(TalentCategory.objects.order_by("pk")[:3])
    with system_scope("tests"):
        for i in range(72):
            in_a = i % 3 != 0
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            person = _person(
                tc.branch_a if in_a else tc.branch_b,
                name,
                200 + i,
                birth=dt.date(1960, 1, 1) + dt.timedelta(days=131 * i),
            )
            talent = make_talent(
                person,
                tc.town_a if in_a else tc.town_b,
                title_level=rng.randint(0, 4),
                contact_consent=rng.random() < 0.8,
                employer=rng.choice(EMPLOYERS),
            )
            talent.tags.set(rng.sample(tags, rng.randint(0, 3)))
            talent.categories.set(rng.sample(categories, rng.randint(0, 2)))
    tc.match_tags, tc.match_categories = tags, categories
    return tc


def expected(need: dict, talents: list[Talent]) -> list[tuple[int, int]]:
    """The reference: every talent in scope scored in Python."""
    tag_ids, category_ids = set(need.get("tags", ())), set(need.get("categories", ()))
    text = need.get("text") or ""
    found = []
    for talent in talents:
        if talent.title_level < int(need.get("title_level_min") or 0):
            continue
        tags = sum(1 for t in talent.tags.all() if t.pk in tag_ids)
        categories = sum(1 for c in talent.categories.all() if c.pk in category_ids)
        has_text = bool(text) and selectors._text_found(talent, text)
        if (tag_ids or category_ids or text) and not (tags or categories or has_text):
            continue
        score = rules.match_score(
            tags=tags,
            categories=categories,
            title_level=talent.title_level,
            same_township=talent.township_id == need.get("township"),
            text=has_text,
            consent=talent.contact_consent,
        )
        found.append((-score, talent.name_pinyin, talent.pk))
    found.sort()
    return [(pk, -score) for score, _py, pk in found[: rules.match_top(need.get("top"))]]


def needs(c) -> list[dict]:
    rng = random.Random(3)
    tag_ids = [t.pk for t in c.match_tags]
    category_ids = [x.pk for x in c.match_categories]
    made = []
    for i in range(18):
        need = {
            "tags": rng.sample(tag_ids, rng.randint(0 if i % 4 else 1, 3)),
            "categories": rng.sample(category_ids, rng.randint(0, 2)),
            "top": rng.choice([1, 3, 5, 20]),
        }
        if i % 3 == 0:
            need["township"] = c.town_a.pk
        if i % 5 == 0:
            need["title_level_min"] = 2
        if i % 6 == 1:
            need["text"] = "民宿"
        made.append(need)
    return made


def got(need: dict) -> list[tuple[int, int]]:
    return [(m.talent.pk, m.score) for m in selectors.match(need)]


@pytest.mark.parametrize("user", ["office", "officer_a", "two_roles"])
def test_the_answer_is_the_full_ranking(pool, user, monkeypatch):
    whole = selectors._ranked_whole

    def whole_only_for_text(rows, tag_ids, category_ids, township_id, textual, top):
        # A level settles every need without free text (the last level holds every
        # talent with a link of the need).
        assert textual is not None, (tag_ids, category_ids)
        return whole(rows, tag_ids, category_ids, township_id, textual, top)

    monkeypatch.setattr(selectors, "_ranked_whole", whole_only_for_text)
    with scope_of(getattr(pool, user)):
        talents = list(selectors.with_details(Talent.objects.all()))
        for need in needs(pool):
            assert got(need) == expected(need, talents), need


def test_other_weights_keep_it_exact(pool, settings):
    settings.ZUGONG_TALENT_MATCH_WEIGHTS = {"tag": 10, "category": 40, "township": 50}
    with scope_of(pool.office):
        talents = list(selectors.with_details(Talent.objects.all()))
        for need in needs(pool):
            assert got(need) == expected(need, talents), need
        settings.ZUGONG_TALENT_MATCH_WEIGHTS = {"consent": -5}  # the whole scoring
        for need in needs(pool)[:6]:
            assert got(need) == expected(need, talents), need


def test_levels_take_the_fewest_links_that_reach_them():
    weights = {"tag": 30, "category": 20}
    assert pool_match.levels(weights, 2, 1) == [
        (80, [(2, 1)]),
        (60, [(2, 0)]),
        (50, [(1, 1), (2, 0)]),
        (30, [(1, 0)]),
        (20, [(0, 1), (1, 0)]),
    ]


def test_the_district_scope_is_not_narrow(pool):
    with scope_of(pool.office):
        assert not selectors._narrow()
    with scope_of(pool.officer_a):
        assert selectors._narrow()


def test_a_capped_count_says_when_there_are_more(pool):
    with scope_of(pool.office):
        every = Talent.objects.count()
        assert selectors.count_capped(selectors.search(), cap=every) == (every, False)
        assert selectors.count_capped(selectors.search(), cap=every - 1) == (every - 1, True)
        assert selectors.count_capped(selectors.search(text="民宿"), cap=1000)[1] is False
