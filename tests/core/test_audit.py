import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from zugong.core import audit
from zugong.core.models import AuditChainHead, AuditEntry
from zugong.core.scope import system_scope


def test_the_chain_of_a_fresh_district_verifies(cast):
    report = audit.verify_chain()
    assert report.ok, report.problems
    assert report.checked == AuditEntry.objects.count() > 10


def test_changing_an_entry_is_detected(cast):
    entry = AuditEntry.objects.filter(action="core.person.created").first()
    AuditEntry.objects.filter(pk=entry.pk).update(changes={"name": "篡改"})
    report = audit.verify_chain()
    assert not report.ok
    assert f"第{entry.pk}条的内容与其摘要不符" in report.problems[0]


def test_removing_an_entry_in_the_middle_is_detected(cast):
    entry = AuditEntry.objects.order_by("id")[3]
    entry.delete()
    report = audit.verify_chain()
    assert any("前序摘要与上一条不符" in p for p in report.problems)


def test_removing_the_last_entry_is_detected(cast):
    AuditEntry.objects.order_by("-id").first().delete()
    report = audit.verify_chain()
    assert any("链头" in p for p in report.problems)
    assert (
        AuditChainHead.objects.get().last_entry_id > AuditEntry.objects.order_by("-id").first().pk
    )


def test_the_verify_command_fails_on_tampering(cast, capsys):
    call_command("verify_audit")
    assert "摘要链完整" in capsys.readouterr().out
    AuditEntry.objects.filter(pk=AuditEntry.objects.first().pk).update(ip="10.0.0.1")
    with pytest.raises(CommandError, match="处异常"):
        call_command("verify_audit")


def test_sensitive_values_are_masked_and_secrets_hidden(db):
    entry = audit.log_action(
        "core.test",
        changes={
            "id_number": {"old": "45030519900101123X", "new": "11010519491231002X"},
            "password": "Secret#123",
        },
        extra={"phone": "13812345678"},
    )
    assert entry.changes == {
        "id_number": {"old": "450305********123X", "new": "110105********002X"},
        "password": "******",
    }
    assert entry.extra == {"phone": "138****5678"}


def test_logins_and_failed_logins_are_recorded(cast, client):
    client.post("/admin/login/", {"username": "bob", "password": "wrong"})
    client.post("/admin/login/", {"username": "bob", "password": "Zugong#2026"})
    actions = list(AuditEntry.objects.order_by("-id").values_list("action", "actor_name")[:2])
    assert actions == [("core.auth.login", "bob"), ("core.auth.login_failed", "bob")]


def test_every_action_has_a_chinese_name():
    for code, label in audit.ACTIONS.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(label)), code


def test_writes_roll_back_with_their_entry(cast):
    before = AuditEntry.objects.count()

    def write_then_fail():
        with transaction.atomic():
            audit.log_action("core.test")
            raise RuntimeError

    with system_scope(), pytest.raises(RuntimeError):
        write_then_fail()
    assert AuditEntry.objects.count() == before
    assert audit.verify_chain().ok
