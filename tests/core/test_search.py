"""core.search: persons and organizations found by name, pinyin, initials, ID number
and phone, ranked, within the user's scope and capabilities."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_id
from zugong.core.capabilities import access_for
from zugong.core.models import AuditEntry, Person
from zugong.core.scope import activate, system_scope
from zugong.core.search import CONTAINS, EXACT, KEY, PREFIX, search


def searched(user, query, **options):
    with activate(access_for(user).base_scope()):
        return search(query, actor=user, **options)


def titles(results, kind=None):
    return [h.title for h in results.hits if kind is None or h.kind == kind]


def test_name_pinyin_and_initials_find_the_person(cast):
    for query in ("黄秀英", "黄", "秀英", "huangxiuying", "huang", "hxy", "hx"):
        assert "黄秀英" in titles(searched(cast.admin, query), "core.person"), query


def test_each_hit_names_its_kind(cast):
    results = searched(cast.admin, "黄秀英")
    person = next(h for h in results.hits if h.kind == "core.person")
    assert person.kind_label == "人员"
    assert person.url == f"/admin/core/person/{cast.person_a.pk}/change/"
    assert "金水社区" in person.subtitle


def test_ranking_exact_before_prefix_before_contains(cast):
    from tests.conftest import _person

    with system_scope():
        _person(cast.branch_a, "黄秀", 61)
        _person(cast.branch_a, "王黄秀", 62)
    hits = [h for h in searched(cast.admin, "黄秀").hits if h.kind == "core.person"]
    assert [(h.title, h.score) for h in hits] == [
        ("黄秀", EXACT),
        ("黄秀英", PREFIX),
        ("王黄秀", CONTAINS),
    ]


def test_full_id_number_finds_in_scope_only_and_is_audited(cast):
    number = make_id(dt.date(1980, 5, 17), 22)  # person_a, in township A
    hits = searched(cast.officer_a, number).hits
    assert [(h.title, h.score) for h in hits if h.kind == "core.person"] == [("黄秀英", KEY)]
    assert all(number not in f"{h.title}{h.subtitle}{h.url}" for h in hits)
    assert searched(cast.officer_b, number).hits == []
    with system_scope():
        entries = list(AuditEntry.objects.filter(action="core.person.looked_up").order_by("id"))
    assert [(e.actor, e.extra["found"]) for e in entries] == [
        (cast.officer_a, 1),
        (cast.officer_b, 0),
    ]
    assert all(number not in str(e.extra) for e in entries)  # masked in the log


def test_phone_finds_by_keyed_hash(cast):
    assert titles(searched(cast.admin, "13907730002"), "core.person") == ["李建华"]
    assert titles(searched(cast.admin, "1390773000"), "core.person") == []


def test_other_township_sees_nothing(cast):
    assert titles(searched(cast.officer_b, "黄秀英")) == []
    assert titles(searched(cast.officer_b, "hxy")) == []
    assert "中共金水社区支部委员会" not in titles(searched(cast.officer_b, "金水"))
    assert titles(searched(cast.officer_b, "莫春梅"), "core.person") == ["莫春梅"]


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_administrators_find_nothing(cast, who):
    user = getattr(cast, who)
    for query in ("黄秀英", "hxy", make_id(dt.date(1980, 5, 17), 22), "临桂"):
        results = searched(user, query)
        assert results.hits == []
        assert results.kinds == []


def test_organizations_by_name_and_code_with_their_path(cast):
    hits = [h for h in searched(cast.admin, "金水").hits if h.kind == "core.organization"]
    assert [h.title for h in hits] == ["中共金水社区支部委员会"]
    assert hits[0].subtitle == "中共临桂区委员会 › 中共临桂镇委员会 · 450312100001"
    by_code = searched(cast.admin, "450312100001").hits
    assert by_code[0].title == "中共金水社区支部委员会"
    assert by_code[0].score == EXACT
    # A township officer sees the trail inside their own subtree only.
    mine = [h for h in searched(cast.officer_a, "金水").hits if h.kind == "core.organization"]
    assert mine[0].subtitle == "中共临桂镇委员会 · 450312100001"


def test_keys_kept_on_create_update_and_bulk(cast):
    from zugong.core.services import persons as services

    with system_scope():
        person = Person.objects.get(pk=cast.person_a.pk)
        assert (person.name_pinyin, person.name_initials) == ("huangxiuying", "hxy")
        services.person_update(actor=None, person=person, data={"name": "曾小单"})
        person.refresh_from_db()
        assert (person.name_pinyin, person.name_initials) == ("zengxiaodan", "zxd")
        rows = [
            (
                cast.branch_b,
                {
                    "name": "单雄信",
                    "id_number": make_id(dt.date(1990, 1, 1), 71),
                    "ethnicity": "01",
                    "political_status": "13",
                },
            )
        ]
        created = services.person_bulk_create(actor=None, rows=rows, source="test")
        fresh = Person.objects.get(pk=created[0].pk)
        assert (fresh.name_pinyin, fresh.name_initials) == ("shanxiongxin", "sxx")


def test_empty_query_says_what_to_type(cast):
    results = searched(cast.admin, "   ")
    assert results.hits == []
    assert "姓名" in results.message


def test_keys_kept_by_the_bulk_writers(cast):
    """core.bulk (COPY on PostgreSQL) derives the keys from the name, on insert and update."""
    from django.utils import timezone

    from zugong.core import bulk, crypto

    number = make_id(dt.date(1991, 2, 3), 81)
    now = timezone.now()
    fields = [
        "name",
        "gender",
        "birth_date",
        "ethnicity",
        "political_status",
        "id_number_encrypted",
        "id_number_hash",
        "id_number_masked",
        "organization",
        "created_at",
        "updated_at",
    ]
    row = (
        "解晓东",
        "1",
        dt.date(1991, 2, 3),
        "01",
        "01",
        crypto.encrypt(number),
        crypto.keyed_hash(number),
        crypto.mask_id_number(number),
        cast.branch_a.pk,
        now,
        now,
    )
    with system_scope():
        assert bulk.insert_rows(Person, fields, [row]) == 1
        person = Person.objects.get(id_number_hash=crypto.keyed_hash(number))
        assert (person.name_pinyin, person.name_initials) == ("xiexiaodong", "xxd")
        bulk.update_rows(Person, ["name", "updated_at"], [(person.pk, "区小明", now)])
        person.refresh_from_db()
        assert (person.name_pinyin, person.name_initials) == ("ouxiaoming", "oxm")


def test_backfill_fills_rows_written_without_keys(cast):
    from zugong.core.search import backfill_person_keys

    with system_scope():
        Person.objects.filter(pk=cast.person_b.pk).update(name_pinyin="", name_initials="")
        assert backfill_person_keys() == 1
        assert Person.objects.get(pk=cast.person_b.pk).name_initials == "mcm"


def test_rosters_sort_by_pinyin_on_both_engines(cast):
    """Person's default order is the pinyin key (COLLATE "C" on PostgreSQL): surnames read
    as surnames (曾 zeng, 单 shan), not in code-point order."""
    from tests.conftest import _person

    with system_scope():
        for sequence, name in enumerate(("曾伟", "安娜", "单田芳", "张三", "白雪"), start=90):
            _person(cast.branch_b, name, sequence)
        names = list(Person.objects.values_list("name", flat=True))
    assert names == ["安娜", "白雪", "黄秀英", "李建华", "莫春梅", "单田芳", "曾伟", "张三"]
    assert sorted(names) != names  # code-point order would differ


def test_one_character_lists_its_names_in_pinyin_order_over_every_reading(cast):
    """覃 reads qin or tan: the one-character tier walks the names starting with it in
    pinyin order (the first-character index), whatever the reading; equal names come
    in tree order; a reading covered by a shorter one adds no range."""
    from tests.conftest import _person
    from zugong.core import pinyin
    from zugong.core.search import key_prefixes

    with system_scope():
        for name, age, where in (
            ("覃雪", 63, cast.branch_b),
            ("覃安", 64, cast.branch_a),
            ("覃雪", 65, cast.branch_a),
            ("秦安", 66, cast.branch_a),  # qin, but another character
        ):
            _person(where, name, age)
    hits = [h for h in searched(cast.admin, "覃").hits if h.kind == "core.person"]
    expected = sorted(["覃雪", "覃安", "覃雪"], key=pinyin.full)
    assert [h.title for h in hits] == expected
    assert {h.score for h in hits} == {PREFIX}
    equal = [h for h in searched(cast.admin, "覃雪").hits if h.kind == "core.person"]
    # Tree order: 金水社区 (branch_a, town A) before 六塘村 (branch_b, town B).
    assert [("金水社区" in h.subtitle, h.score) for h in equal] == [(True, EXACT), (False, EXACT)]
    assert key_prefixes("王") == ["wang", "yu"]


def test_the_sql_grams_are_the_python_grams(db):
    """On PostgreSQL zugong_grams (the SQL of the names' grams indexes) gives
    core.grams.grams of a name: what the index holds is what a query asks. SQLite has no
    grams: a contains condition there is the plain LIKE."""
    from django.db import connection
    from django.db.models import Q

    from zugong.core.grams import contains_q, grams

    if connection.vendor != "postgresql":
        assert contains_q("name", "秀英") == Q(name__contains="秀英")
        return
    with connection.cursor() as cursor:
        for name in ("王明", "欧阳秀英", "阿依古丽·买买提", "李A", "覃"):
            cursor.execute("SELECT zugong_grams(%s)", [name])
            assert set(cursor.fetchone()[0].split()) == grams(name), name
