"""The pool's search and matching within scope: names by Chinese substring, full pinyin
(prefix or inside) and initials ("lzq" finds 李志强), the record's text, tags and
categories AND-ed, pinyin order; a need ranked with its reasons; constant queries."""

import pytest
from django.urls import reverse

from tests.conftest import login, scope_of
from tests.core.test_api import bearer
from tests.talent.rows_pool import make_rows
from zugong.core.scope import system_scope
from zugong.talent.rules import pool as rules
from zugong.talent.selectors import pool as selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def names(rows_qs) -> list[str]:
    return [t.person.name for t in selectors.with_details(rows_qs)]


FREE_TEXT = [
    ("李", ["李志强", "李芝琴"]),
    ("志强", ["李志强"]),
    ("lzq", ["李志强", "李芝琴"]),
    ("LZQ", ["李志强", "李芝琴"]),
    ("lizhiqiang", ["李志强"]),
    ("zhiqiang", ["李志强"]),
    ("li", ["李志强", "李芝琴"]),  # from the start below 3 letters
    ("lina", ["唐丽娜"]),  # tang-li-na: inside from 3 letters
    ("强桂", []),  # not across the name and the employer
    ("罗汉果", ["李志强"]),
    ("农艺师", ["李志强", "李芝琴"]),
    ("先进个人", ["李志强"]),
    ("沙田柚", ["黄秀英"]),
    ("李 文旅", ["李芝琴"]),
    ("王", []),
]


def test_free_text(rows):
    with scope_of(rows.office):
        for text, found in FREE_TEXT:
            assert names(selectors.search(text=text)) == found, text


def test_filters_are_anded(rows):
    tags, cats = rows.pool_tags, rows.pool_categories
    with scope_of(rows.office):
        assert names(selectors.search(tags=[tags["电商"]])) == ["李志强", "李芝琴"]
        assert names(selectors.search(tags=[tags["电商"], tags["文旅"]])) == ["李芝琴"]
        assert names(selectors.search(categories=[cats["industry"]])) == ["李志强", "李芝琴"]
        assert names(selectors.search(categories=[cats["industry"], cats["city_d"]])) == ["李芝琴"]
        assert names(selectors.search(tags=[tags["电商"]], township=rows.town_a)) == ["李志强"]
        assert names(selectors.search(title_level_min=3)) == ["李芝琴"]
        assert names(selectors.search(outside=True)) == ["李芝琴"]
        assert "黄秀英" in names(selectors.search(outside=False))


def test_the_order_is_pinyin(rows):
    with scope_of(rows.office):
        found = names(selectors.search())
    assert found == ["黄秀英", "李志强", "李芝琴", "唐丽娜", "周明远"]


def test_a_tag_filter_never_multiplies_rows(rows):
    tags = rows.pool_tags
    with scope_of(rows.office):
        assert selectors.search(tags=[tags["电商"]], text="li").count() == 2


def test_the_search_is_within_scope(rows):
    with scope_of(rows.officer_b):
        assert names(selectors.search(text="lzq")) == ["李芝琴"]
        assert not selectors.search(text="志强").exists()
    with scope_of(rows.officer_a):
        assert names(selectors.search(text="李")) == ["李志强"]


def test_match_ranks_with_reasons(rows):
    tags, cats = rows.pool_tags, rows.pool_categories
    need = {
        "tags": [tags["电商"].pk, tags["直播带货"].pk],
        "categories": [cats["industry"].pk],
        "township": rows.town_a.pk,
    }
    with scope_of(rows.office):
        found = selectors.match(need)
    assert [m.talent.person.name for m in found] == ["李志强", "李芝琴"]
    first, second = found
    assert first.reasons == [
        "标签“电商”相符",
        "标签“直播带货”相符",
        "类别“农村二三产业发展人才”相符",
        "职称中级",
        "同在临桂镇",
        "本人同意联系",
    ]
    assert first.score == rules.match_score(
        tags=2, categories=1, title_level=2, same_township=True, text=False, consent=True
    )
    assert second.score == rules.match_score(
        tags=1, categories=1, title_level=3, same_township=False, text=False, consent=True
    )
    assert "职称副高级" in second.reasons


def test_match_title_level_is_a_requirement_and_text_counts(rows):
    tags = rows.pool_tags
    with scope_of(rows.office):
        found = selectors.match({"tags": [tags["电商"].pk], "title_level_min": 3})
        assert [m.talent.person.name for m in found] == ["李芝琴"]
        found = selectors.match({"text": "民宿"})
        assert [m.talent.person.name for m in found] == ["李芝琴"]
        assert "包含“民宿”" in found[0].reasons
        assert len(selectors.match({"top": 2})) == 2


def test_match_is_within_scope(rows):
    with scope_of(rows.officer_b):
        found = selectors.match({"tags": [rows.pool_tags["电商"].pk]})
    assert [m.talent.person.name for m in found] == ["李芝琴"]


def test_the_list_page_and_api_keep_their_query_counts(rows, django_assert_max_num_queries):
    client = login(rows.office)
    api = bearer(rows.office)
    url = reverse("admin:talent_talent_changelist")
    client.get(url)  # warm the session and the sidebar
    api.get("/api/v1/talent/pool/")
    with system_scope("tests"):
        from tests.talent.rows_pool import credit_code  # noqa: F401
        from zugong.core.models import Person
        from zugong.talent.services import pool as services

        for number, person in enumerate(Person.objects.exclude(talent__isnull=False)[:3]):
            services.talent_create(
                actor=None,
                person=person,
                township=rows.town_a,
                tags=[rows.pool_tags["电商"]],
                specialty=f"样例{number}",
            )
    with django_assert_max_num_queries(30):
        response = client.get(url + "?q=li")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        response = api.get(f"/api/v1/talent/pool/?tags={rows.pool_tags['电商'].pk}")
    assert response.status_code == 200
    assert response.json()["count"] >= 4
