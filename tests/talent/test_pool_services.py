"""The pool's services: a talent on an existing person or a new one (ID number checked,
found when it exists), the search keys kept in step, the employer's credit code, the
talent's own changes, the editable tables and saved searches. Every bad input is
refused in Chinese naming the field, and nothing is written."""

import datetime as dt

import pytest

from tests.conftest import make_id, scope_of
from tests.talent.rows_pool import credit_code, make_rows
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry, Person
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import SavedSearch, Talent, TalentCategory, TalentTag
from zugong.talent.services import pool as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def _counts():
    with system_scope("check"):
        return (Talent.objects.count(), Person.objects.count())


def _refused(call, field, words=""):
    before = _counts()
    with pytest.raises(ApplicationError) as raised:
        call()
    assert raised.value.field == field or any(
        d.get("field") == field for d in raised.value.details
    ), raised.value.details
    assert words in raised.value.message
    assert _counts() == before
    return raised.value


def test_a_new_person_is_created_with_the_keys(rows):
    t = rows.pool_a
    assert t.person.name == "李志强"
    assert (t.name_pinyin, t.name_initials) == ("lizhiqiang", "lzq")
    assert "李志强" in t.search_text
    assert "罗汉果电商直播" in t.search_text
    assert t.person.organization == rows.town_a
    assert sorted(t.tags.values_list("name", flat=True)) == ["电商", "直播带货"]
    assert AuditEntry.objects.filter(action=caps.TALENT_SAVED, object_id=str(t.pk)).exists()


def test_a_member_is_one_person_with_two_records(rows):
    assert rows.pool_member_a.person_id == rows.person_a.pk
    with system_scope("check"):
        assert Person.objects.filter(name="黄秀英").count() == 1


def test_a_person_already_registered_is_found_by_id_number(tc):
    with scope_of(tc.office):
        talent = services.talent_create(
            actor=tc.office,
            person_data={"name": "黄秀英", "id_number": make_id(dt.date(1980, 5, 17), 22)},
            township=tc.town_a,
        )
    assert talent.person_id == tc.person_a.pk


def test_a_bad_id_number_is_refused(tc):
    number = make_id(dt.date(1986, 3, 9), 99)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    with scope_of(tc.office):
        _refused(
            lambda: services.talent_create(
                actor=tc.office,
                person_data={"name": "王小明", "id_number": bad},
                township=tc.town_a,
            ),
            "id_number",
        )


def test_neither_person_nor_new_person_is_refused(tc):
    with scope_of(tc.office):
        _refused(
            lambda: services.talent_create(actor=tc.office, township=tc.town_a),
            "person",
            "请选择人员",
        )


def test_a_second_record_for_a_person_is_refused(rows):
    with scope_of(rows.office):
        _refused(
            lambda: services.talent_create(
                actor=rows.office, person=rows.person_a, township=rows.town_a
            ),
            "person",
            "已在人才库中",
        )


def test_a_bad_credit_code_is_refused(tc):
    bad = credit_code()[:-1] + ("0" if credit_code()[-1] != "0" else "1")
    with scope_of(tc.office):
        error = _refused(
            lambda: services.talent_create(
                actor=tc.office,
                person=tc.person_a2,
                township=tc.town_a,
                employer="某公司",
                employer_credit_code=bad,
            ),
            "employer_credit_code",
            "校验位",
        )
    assert error.message.startswith("单位统一社会信用代码")


def test_a_credit_code_without_employer_and_outside_without_city(tc):
    with scope_of(tc.office):
        error = _refused(
            lambda: services.talent_create(
                actor=tc.office,
                person=tc.person_a2,
                township=tc.town_a,
                employer_credit_code=credit_code(),
                outside=True,
            ),
            "employer",
        )
    fields = {d["field"] for d in error.details}
    assert fields == {"employer", "current_city"}
    assert "有2处填写有误" in error.message


def test_the_township_must_be_a_township_and_the_actors(tc):
    with scope_of(tc.office):
        _refused(
            lambda: services.talent_create(
                actor=tc.office, person=tc.person_a2, township=tc.branch_a
            ),
            "township",
            "不是乡镇",
        )
    with scope_of(tc.officer_b), pytest.raises(PermissionDenied):
        services.talent_create(actor=tc.officer_b, person=tc.person_a2, township=tc.town_a)


def test_a_bad_title_level_is_refused(tc):
    with scope_of(tc.office):
        _refused(
            lambda: services.talent_create(
                actor=tc.office, person=tc.person_a2, township=tc.town_a, title_level=7
            ),
            "title_level",
            "职称等级",
        )


def test_update_keeps_the_keys_in_step(rows):
    with scope_of(rows.office):
        talent = services.talent_update(
            actor=rows.office,
            talent=rows.pool_a,
            data={"employer": "临桂新材料研究所", "title_level": 3},
        )
    assert "临桂新材料研究所" in talent.search_text
    assert "桂林志强电商" not in talent.search_text
    with system_scope("check"):
        talent.refresh_from_db()
    assert talent.title_level == 3


def test_update_moves_only_between_the_actors_townships(rows):
    with scope_of(rows.officer_a), pytest.raises(PermissionDenied):
        services.talent_update(
            actor=rows.officer_a, talent=rows.pool_a, data={"township": rows.town_b}
        )
    with scope_of(rows.officer_a), pytest.raises(ApplicationError) as raised:
        services.talent_update(actor=rows.officer_a, talent=rows.pool_a, data={"person": 1})
    assert "不能修改" in raised.value.message


def test_set_tags_is_audited(rows):
    tags = rows.pool_tags
    with scope_of(rows.officer_a):
        services.talent_set_tags(
            actor=rows.officer_a, talent=rows.pool_a, categories=[], tags=[tags["文旅"]]
        )
    assert list(rows.pool_a.tags.values_list("name", flat=True)) == ["文旅"]
    entry = AuditEntry.objects.filter(action=caps.TALENT_SAVED).latest("pk")
    assert entry.changes["tags"]["new"] == ["文旅"]


def test_the_talent_changes_their_own_consent_and_tags(tc):
    tag = TalentTag.objects.get(name="电商")
    talent = services.talent_update_own(
        actor=tc.tina, talent=tc.talent_a, contact_consent=False, tags=[tag], specialty="直播"
    )
    assert talent.contact_consent is False
    assert talent.consent_updated_at is not None
    assert list(talent.tags.all()) == [tag]
    assert "直播" in talent.search_text
    entry = AuditEntry.objects.filter(action=caps.TALENT_SAVED).latest("pk")
    assert entry.actor == tc.tina
    assert entry.changes["contact_consent"] == {"old": True, "new": False}


def test_a_talent_can_never_change_another_talent(tc):
    with pytest.raises(PermissionDenied):
        services.talent_update_own(actor=tc.tina, talent=tc.talent_b, contact_consent=False)
    with system_scope("check"):
        tc.talent_b.refresh_from_db()
    assert tc.talent_b.contact_consent is True


def test_the_talent_cannot_write_an_overlong_specialty(tc):
    with pytest.raises(ApplicationError) as raised:
        services.talent_update_own(actor=tc.tina, talent=tc.talent_a, specialty="长" * 201)
    assert raised.value.field == "specialty"


def test_the_tables_are_kept_by_the_talent_office(tc):
    with scope_of(tc.office):
        tag = services.tag_save(actor=tc.office, data={"name": "低空经济", "group": "industry"})
        category = services.category_save(
            actor=tc.office,
            data={"code": "city_f", "name": "F类", "kind": "city", "source": "本市"},
        )
    assert tag.pk
    assert category.pk
    assert AuditEntry.objects.filter(action=caps.TABLES_SAVED).count() == 2
    with scope_of(tc.officer_a), pytest.raises(PermissionDenied):
        services.tag_save(actor=tc.officer_a, data={"name": "新", "group": "skill"})


def test_bad_table_entries_are_refused(tc):
    with scope_of(tc.office):
        for data, field in (
            ({"name": "电商", "group": "industry"}, "name"),
            ({"name": "", "group": "industry"}, "name"),
            ({"name": "新标签", "group": "x"}, "group"),
            ({"name": "新标签", "group": "skill", "order": "-1"}, "order"),
        ):
            with pytest.raises(ApplicationError) as raised:
                services.tag_save(actor=tc.office, data=data)
            assert raised.value.field == field
        with pytest.raises(ApplicationError) as raised:
            services.category_save(
                actor=tc.office, data={"code": "城市", "name": "x", "kind": "city"}
            )
        assert raised.value.field == "code"


def test_a_tag_in_use_is_not_deleted(rows):
    tag = rows.pool_tags["电商"]
    with scope_of(rows.office):
        with pytest.raises(ApplicationError):
            services.table_entry_delete(actor=rows.office, entry=tag)
        unused = TalentTag.objects.get(name="电竞")
        services.table_entry_delete(actor=rows.office, entry=unused)
    assert TalentTag.objects.filter(pk=tag.pk).exists()
    assert not TalentTag.objects.filter(name="电竞").exists()
    assert TalentCategory.objects.exists()


def test_saved_searches_are_the_users_own(rows):
    with scope_of(rows.officer_a):
        saved = services.saved_search_save(
            actor=rows.officer_a, name="电商", query={"q": "李", "tags": ["3"], "junk": 1}
        )
        assert saved.query == {"q": "李", "tags": [3]}
        again = services.saved_search_save(actor=rows.officer_a, name="电商", query={"q": "王"})
        assert again.pk == saved.pk
        assert again.query == {"q": "王"}
        with pytest.raises(ApplicationError):
            services.saved_search_delete(actor=rows.officer_a, saved=rows.pool_saved)
        with pytest.raises(ApplicationError) as raised:
            services.saved_search_save(actor=rows.officer_a, name="", query={})
        assert raised.value.field == "name"
        services.saved_search_delete(actor=rows.officer_a, saved=saved)
    assert SavedSearch.objects.filter(pk=rows.pool_saved.pk).exists()
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
    with scope_of(rows.sysadmin), pytest.raises(PermissionDenied):
        services.saved_search_save(actor=rows.sysadmin, name="x", query={})


def test_refresh_search_keys_fills_bulk_written_records(tc):
    # Records a bulk writer left without their keys (the cast writes them; blank them).
    with system_scope("tests"):
        Talent.objects.update(search_text="", search_grams="")
        assert services.refresh_search_keys() == 2
        tc.talent_a.refresh_from_db()
    assert "桂林丽娜电子商务有限公司" in tc.talent_a.search_text


def test_grams_are_characters_and_pairs_as_ascii():
    assert services.grams("王明 A") == {"x738b", "x660e", "x738bx660e", "x61"}
    assert services.grams_query("王") == "x738b"
    assert services.grams_query("王明") == "x738bx660e"
    assert services.grams_query("王小明") == "x5c0fx660e & x738bx5c0f"
