import datetime as dt

import pytest

from tests.conftest import make_id, scope_of
from zugong.core import crypto
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry, Person
from zugong.core.scope import system_scope
from zugong.core.services import persons as services


def data(**overrides):
    base = {
        "name": "唐文杰",
        "id_number": make_id(dt.date(1990, 3, 8), 51),
        "ethnicity": "08",
        "political_status": "01",
        "education": "21",
        "phone": "13977310000",
    }
    return {**base, **overrides}


def test_create_derives_birth_and_gender_and_protects_fields(cast):
    with scope_of(cast.officer_a):
        person = services.person_create(
            actor=cast.officer_a, organization=cast.branch_a, data=data()
        )
    assert person.birth_date == dt.date(1990, 3, 8)
    assert person.gender == "1"
    assert (
        person.id_number_masked
        == make_id(dt.date(1990, 3, 8), 51)[:6] + "********" + make_id(dt.date(1990, 3, 8), 51)[-4:]
    )
    assert crypto.decrypt(person.id_number_encrypted) == make_id(dt.date(1990, 3, 8), 51)
    assert person.phone_masked == "139****0000"
    with system_scope():
        entry = AuditEntry.objects.filter(
            action="core.person.created", object_id=str(person.pk)
        ).get()
    assert "13977310000" not in str(entry.changes)
    assert make_id(dt.date(1990, 3, 8), 51) not in str(entry.changes)
    assert entry.changes["id_number"] == person.id_number_masked


def test_given_birth_date_and_gender_must_agree_with_the_id(cast):
    with scope_of(cast.admin), pytest.raises(ApplicationError) as error:
        services.person_create(
            actor=cast.admin,
            organization=cast.branch_a,
            data=data(birth_date=dt.date(1991, 3, 8), gender="2"),
        )
    fields = {d["field"] for d in error.value.details}
    assert fields == {"birth_date", "gender"}
    assert "与公民身份号码中的1990-03-08不一致" in str(error.value.details)


def test_every_bad_field_is_named(cast):
    with scope_of(cast.admin), pytest.raises(ApplicationError) as error:
        services.person_create(
            actor=cast.admin,
            organization=cast.branch_a,
            data=data(name="", id_number="123", ethnicity="99", phone="12345"),
        )
    assert {d["field"] for d in error.value.details} == {"name", "id_number", "ethnicity", "phone"}
    assert error.value.message.startswith("有4处填写有误")


def test_one_record_per_person_even_across_townships(cast):
    number = services.person_clear_value(cast.person_a, "id_number")
    with (
        scope_of(cast.officer_b),
        pytest.raises(ApplicationError, match="已登记在另一条人员记录中") as error,
    ):
        services.person_create(
            actor=cast.officer_b, organization=cast.branch_b, data=data(id_number=number)
        )
    assert "金水" not in error.value.message  # the other record is not revealed
    with system_scope():
        assert Person.objects.count() == 3


def test_editing_outside_the_scope_is_refused(cast):
    with scope_of(cast.officer_b), pytest.raises(PermissionDenied):
        services.person_update(actor=cast.officer_b, person=cast.person_a, data={"name": "改名"})


def test_the_branch_secretary_cannot_move_a_person_out_of_the_branch(cast):
    with scope_of(cast.secretary), pytest.raises(PermissionDenied):
        services.person_update(
            actor=cast.secretary, person=cast.person_a, data={}, organization=cast.branch_b
        )


def test_birth_date_is_not_changed_alone(cast):
    with scope_of(cast.admin), pytest.raises(ApplicationError, match="由公民身份号码确定"):
        services.person_update(
            actor=cast.admin, person=cast.person_a, data={"birth_date": dt.date(1970, 1, 1)}
        )


def test_update_records_old_and_new_values_masked(cast):
    new_number = make_id(dt.date(1981, 6, 1), 24)
    with scope_of(cast.admin):
        person = services.person_update(
            actor=cast.admin,
            person=cast.person_a,
            data={"id_number": new_number, "job_title": "主任"},
        )
    assert person.birth_date == dt.date(1981, 6, 1)
    with system_scope():
        entry = AuditEntry.objects.filter(action="core.person.updated").latest("id")
    assert entry.changes["job_title"] == {"old": "", "new": "主任"}
    assert entry.changes["id_number"]["new"] == crypto.mask_id_number(new_number)


def test_reveal_needs_the_capability_and_is_audited(cast):
    with scope_of(cast.officer_a), pytest.raises(PermissionDenied):
        services.person_reveal(actor=cast.officer_a, person=cast.person_a, field="phone")
    with scope_of(cast.admin):
        assert (
            services.person_reveal(actor=cast.admin, person=cast.person_a, field="phone")
            == "13907730001"
        )
    with system_scope():
        entry = AuditEntry.objects.filter(action="core.person.revealed").get()
    assert entry.actor_id == cast.admin.pk
    assert entry.extra == {"field": "phone"}


def test_lookup_by_id_number_stays_in_scope(cast):
    number = services.person_clear_value(cast.person_a, "id_number")
    with scope_of(cast.officer_a):
        assert (
            services.person_find_by_id_number(actor=cast.officer_a, number=number.lower())
            == cast.person_a
        )
    with scope_of(cast.officer_b):
        assert services.person_find_by_id_number(actor=cast.officer_b, number=number) is None


def test_bulk_create_is_all_or_nothing(cast):
    rows = [
        (cast.branch_a, data()),
        (cast.branch_a, data(id_number="110105194912310021", name="王芳")),
    ]
    with (
        scope_of(cast.admin),
        pytest.raises(ApplicationError, match="第2行：公民身份号码校验码错误"),
    ):
        services.person_bulk_create(actor=cast.admin, rows=rows, source="test")
    with system_scope():
        assert Person.objects.count() == 3
