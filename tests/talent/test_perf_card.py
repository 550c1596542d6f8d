"""The statements of a card verification (issue 15: ≤ 10 ms p99 on PostgreSQL, where
each round trip and the commit's disk flush count on a busy server): one read of the
card, the log row, and the audit entry in two — the chain head read under its lock,
then the entry's INSERT with the head's UPDATE as one statement (SQLite: two) — in a
transaction whose commit does not wait for the disk (a setting keeps the wait). The
chain still verifies, and a failed audit entry keeps no log row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.talent.rows_card import make_rows
from zugong.core import audit
from zugong.core.models import AuditChainHead, AuditEntry
from zugong.core.scope import system_scope
from zugong.talent import capabilities as caps
from zugong.talent.models import Verification
from zugong.talent.services import card_verify as verify

TODAY = dt.date(2026, 11, 24)
pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tc):
    with system_scope("tests"):
        make_rows(tc)
    return tc


def _statements(captured) -> list[str]:
    # The test's own transaction turns the service's transaction into a savepoint.
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_a_verification_takes_four_statements_and_its_commit_waits_for_no_disk(rows):
    payload = verify.card_qr_payload(rows.card_a)
    with system_scope():
        verify.card_verify(actor=rows.office, payload=payload, today=TODAY)  # warm
        with CaptureQueriesContext(connection) as captured:
            answer = verify.card_verify(actor=rows.office, payload=payload, today=TODAY)
    assert answer["valid"]
    statements = _statements(captured)
    if connection.vendor == "postgresql":
        # The commit that does not wait for the disk, then the four.
        assert len(statements) == 5, statements
        assert statements[0].startswith("SELECT")
        assert statements[1] == "SET LOCAL synchronous_commit = off"
        assert "FOR UPDATE" in statements[3]
        assert statements[4].startswith("WITH e AS (INSERT")
    else:
        assert len(statements) == 5, statements  # the head's UPDATE apart


def test_the_commit_can_wait_for_the_disk(rows, settings):
    settings.ZUGONG_TALENT_VERIFY_SYNC_COMMIT = True
    payload = verify.card_qr_payload(rows.card_a)
    with system_scope(), CaptureQueriesContext(connection) as captured:
        verify.card_verify(actor=rows.office, payload=payload, today=TODAY)
    assert not [q for q in _statements(captured) if "synchronous_commit" in q]


def test_the_chain_holds_after_verifications(rows):
    payload = verify.card_qr_payload(rows.card_a)
    with system_scope():
        for unit in ("区人民医院", "区教育局", ""):
            verify.card_verify(actor=rows.office, payload=payload, unit=unit, today=TODAY)
        verify.card_verify(actor=rows.office, payload=payload[:-2] + "xx", today=TODAY)
        report = audit.verify_chain()
        last = AuditEntry.objects.order_by("-id").first()
        head = AuditChainHead.objects.get(pk=1)
    assert report.ok, report.problems
    assert head.last_entry_id == last.pk
    assert head.last_hash == last.hash
    assert last.action == caps.CARD_VERIFIED
    assert last.extra["result"] == "bad_signature"


def test_log_action_returns_the_saved_entry(rows):
    with system_scope():
        entry = audit.log_action(caps.CARD_VERIFIED, extra={"phone": "13912345678"})
        stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.hash == entry.hash
    assert stored.prev_hash == entry.prev_hash
    assert stored.extra == {"phone": "139****5678"}
    assert audit.entry_hash(stored.prev_hash, stored) == stored.hash


def test_a_failed_audit_entry_keeps_no_verification(rows, monkeypatch):
    payload = verify.card_qr_payload(rows.card_a)

    def broken(prev_hash, entry):
        raise RuntimeError("audit down")

    with system_scope():
        before = Verification.objects.count(), AuditEntry.objects.count()
        monkeypatch.setattr(audit, "entry_hash", broken)
        with pytest.raises(RuntimeError):
            verify.card_verify(actor=rows.office, payload=payload, today=TODAY)
        monkeypatch.undo()
        after = Verification.objects.count(), AuditEntry.objects.count()
    assert after == before
