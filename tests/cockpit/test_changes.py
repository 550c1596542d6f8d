"""The services say which organizations they changed (core.changes), and the cockpit
counts those again after the commit: no explicit touch, the same counts as a rebuild."""

from __future__ import annotations

from tests.cockpit.conftest import base_scope_of, dump
from tests.conftest import TODAY
from zugong.cockpit import tally
from zugong.core import authz, changes
from zugong.core.scope import system_scope
from zugong.core.services import organizations as org_services
from zugong.party import capabilities as party_caps
from zugong.party.services import members as member_services


def test_the_cockpit_listens_to_the_services(counted):
    assert tally.touch in changes.LISTENERS


def test_a_status_change_is_counted_after_its_commit(counted, django_capture_on_commit_callbacks):
    c = counted
    before = dump()
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=True):
        member_services.member_change_status(
            actor=None, member=c.member_b, status="deceased", occurred_on=TODAY, reason="病故"
        )
    touched = dump()
    assert touched != before
    with base_scope_of(c.officer_b), authz.narrowed(party_caps.VIEW_MEMBER):
        counts, _meta = tally.scope_counts(("member_kind",))
    assert counts["member_kind"] == {"probationary": 1}
    tally.rebuild(TODAY)
    assert touched == dump()


def test_a_moved_organization_is_counted_under_its_new_township(
    counted, django_capture_on_commit_callbacks
):
    c = counted
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=True):
        org_services.organization_move(actor=None, organization=c.village_a, new_parent=c.town_b)
    touched = dump()
    tally.rebuild(TODAY)
    assert touched == dump()


def test_nothing_is_counted_before_the_commit(counted, django_capture_on_commit_callbacks):
    c = counted
    before = dump()
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        member_services.member_change_status(
            actor=None, member=c.member_b, status="deceased", occurred_on=TODAY, reason="病故"
        )
    assert callbacks
    assert dump() == before


def test_a_paused_builder_tells_no_listener(counted, django_capture_on_commit_callbacks):
    c = counted
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        with changes.paused():
            member_services.member_change_status(
                actor=None, member=c.member_b, status="deceased", occurred_on=TODAY, reason="病故"
            )
    assert callbacks == []


def test_a_transaction_recounts_once_for_every_organization_it_touched(
    counted, django_capture_on_commit_callbacks, monkeypatch
):
    """Two writes in two organizations, one transaction: the first callback after the
    commit recounts both, the second finds nothing left (an import touches once per
    row); the next transaction has its own."""
    c = counted
    recounts = []
    real = tally.apply_touch
    monkeypatch.setattr(
        tally, "apply_touch", lambda ids, **kw: recounts.append(ids) or real(ids, **kw)
    )
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=True) as callbacks:
        member_services.member_change_status(
            actor=None, member=c.member_b, status="deceased", occurred_on=TODAY, reason="病故"
        )
        org_services.organization_move(actor=None, organization=c.village_a, new_parent=c.town_b)
    assert len(callbacks) >= 2
    assert len(recounts) == 1
    assert {c.member_b.person.organization_id, c.village_a.pk} <= set(recounts[0])
    touched = dump()
    tally.rebuild(TODAY)
    assert touched == dump()
    with system_scope("tests"), django_capture_on_commit_callbacks(execute=True) as again:
        org_services.organization_move(actor=None, organization=c.village_a, new_parent=c.town_a)
    assert again
    touched = dump()
    tally.rebuild(TODAY)
    assert touched == dump()
