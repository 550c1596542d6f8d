"""core.notify: sends, holders, unread counts, marking read, the gateway."""

from __future__ import annotations

import pytest

from zugong.core import audit, capabilities, notify
from zugong.core.models import AuditEntry, Notification
from zugong.core.scope import system_scope


def test_send_writes_one_notification_per_active_user_and_audits(db, cast):
    cast.leader.is_active = False
    cast.leader.save()
    with system_scope("test"):
        sent = notify.send(
            [cast.admin, cast.admin, cast.leader, cast.officer_a], title="通知", kind="t"
        )
        entry = AuditEntry.objects.filter(action=notify.NOTIFIED).get()
    assert len(sent) == 2
    assert entry.extra["recipients"] == sorted([cast.admin.pk, cast.officer_a.pk])
    assert entry.actor_name == audit.SYSTEM_ACTOR
    assert notify.unread_count(cast.admin) == 1
    assert notify.unread_count(cast.officer_b) == 0


def test_send_to_holders_reaches_grants_on_the_organization_and_its_ancestors(db, cast):
    with system_scope("test"):
        notify.send_to_holders(capabilities.CHANGE_PERSON, cast.branch_a, title="督办单")
    got = set(Notification.objects.values_list("recipient__username", flat=True))
    assert got == {"alice", "bob", "dave"}  # not charlie (六塘镇), not the leader (read only)


def test_mark_read_touches_only_the_users_own(db, cast):
    with system_scope("test"):
        notify.send([cast.admin, cast.officer_a], title="通知")
    mine = Notification.objects.get(recipient=cast.admin)
    theirs = Notification.objects.get(recipient=cast.officer_a)
    assert notify.mark_read(cast.officer_b, [mine.pk, theirs.pk]) == 0
    assert notify.mark_read(cast.admin) == 1
    assert notify.unread_count(cast.admin) == 0
    assert notify.unread_count(cast.officer_a) == 1


class Recorder(notify.Gateway):
    sent: list = []

    def deliver(self, message):
        Recorder.sent.append(message)


@pytest.mark.django_db(transaction=True)
def test_external_sends_leave_through_the_configured_gateway_after_commit(cast, settings):
    settings.ZUGONG_NOTIFY_GATEWAY = "tests.core.test_notify.Recorder"
    Recorder.sent = []
    with system_scope("test"):
        notify.send([cast.admin], title="会议提醒", body="周五开会", external=True)
    assert [(m.username, m.title) for m in Recorder.sent] == [("alice", "会议提醒")]


def test_the_default_gateway_logs(db, cast, caplog):
    caplog.set_level("INFO", logger="zugong.core.notify")
    with system_scope("test"):
        notify._deliver([notify.Message(1, "alice", "", "标题", "正文", "", "k")])
    assert "标题" in caplog.text
    assert "正文" not in caplog.text
