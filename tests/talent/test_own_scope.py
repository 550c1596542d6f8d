"""The "own records" kind of scope: a talent on the portal reads the rows of their own
person only, declared per capability like the subtree kind."""

from __future__ import annotations

import pytest

from tests.conftest import login
from zugong.core.capabilities import OWN_CAPABILITIES, need, need_any
from zugong.core.errors import PermissionDenied
from zugong.core.models import Person
from zugong.core.scope import activate
from zugong.core.services.access import access_for, authorize, authorize_own
from zugong.talent import capabilities as caps
from zugong.talent.models import Talent

pytestmark = pytest.mark.django_db


def _scope(user, requirement):
    return activate(access_for(user).scope_for(requirement))


def test_own_capabilities_are_declared_as_such():
    assert {caps.VIEW_OWN, caps.CHANGE_OWN} <= OWN_CAPABILITIES
    assert caps.VIEW_TALENT not in OWN_CAPABILITIES


def test_a_talent_sees_their_own_rows_only(tc):
    access = access_for(tc.tina)
    assert access.grants == []  # no subtree at all
    assert access.person_id == tc.talent_person_a.pk
    with _scope(tc.tina, need(caps.VIEW_OWN)):
        assert list(Talent.objects.values_list("pk", flat=True)) == [tc.talent_a.pk]
        assert list(Person.objects.values_list("pk", flat=True)) == [tc.talent_person_a.pk]
        assert not Talent.objects.filter(pk=tc.talent_b.pk).exists()


def test_an_office_capability_gives_a_talent_nothing(tc):
    access = access_for(tc.tina)
    assert not access.allows(need(caps.VIEW_TALENT))
    with _scope(tc.tina, need(caps.VIEW_TALENT)):
        assert not Talent.objects.exists()
        assert not Person.objects.exists()


def test_own_rows_come_only_through_an_own_requirement(tc):
    # Either kind may be declared; an office user holds no own capability, so a
    # requirement met by either gives them their subtrees and never anyone's own rows.
    either = need_any(caps.VIEW_TALENT, caps.VIEW_OWN)
    with _scope(tc.officer_b, either):
        assert list(Talent.objects.values_list("pk", flat=True)) == [tc.talent_b.pk]
    with _scope(tc.tina, either):
        assert list(Talent.objects.values_list("pk", flat=True)) == [tc.talent_a.pk]


def test_narrowing_an_own_scope_never_widens(tc):
    access = access_for(tc.tina)
    first = access.base_scope().narrow(need(caps.VIEW_OWN))
    assert first.own_person == tc.talent_person_a.pk
    # A later part of the page needing an office capability holds nothing.
    second = first.narrow(need(caps.VIEW_TALENT))
    assert second.own_person is None
    assert second.paths == ()


def test_authorize_own(tc):
    authorize_own(tc.tina, caps.CHANGE_OWN, tc.talent_person_a)
    with pytest.raises(PermissionDenied):
        authorize_own(tc.tina, caps.CHANGE_OWN, tc.talent_person_b)
    with pytest.raises(PermissionDenied):
        authorize_own(tc.office, caps.CHANGE_OWN, tc.talent_person_a)
    with pytest.raises(PermissionDenied):
        authorize(tc.tina, caps.CHANGE_TALENT, tc.town_a)


def test_a_user_without_a_person_holds_no_own_rows(tc):
    tc.tina.person = None
    tc.tina.save(update_fields=["person"])
    access = access_for(tc.tina)
    assert access.person_id is None
    assert not access.allows(need(caps.VIEW_OWN))


def test_a_talent_reaches_no_back_office_page_nor_api(tc):
    client = login(tc.tina)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    assert client.get("/admin/talent/talent/").status_code in (302, 403)
    assert client.get("/api/v1/talent/").status_code in (401, 403, 404)
