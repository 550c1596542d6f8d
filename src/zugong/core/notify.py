"""Notifications inside the system (站内消息), and the gateway for SMS or mail.

``send(users, title=…, body=…, url=…, kind=…)`` writes one Notification per active
recipient and audits the send (who, how many, what kind — never the body);
``send_to_holders(capability, organization, …)`` sends to everyone holding the
capability over that organization (a grant on it or on an ancestor). With
``external=True`` each message also leaves through the gateway named by
ZUGONG_NOTIFY_GATEWAY after the transaction commits; the default gateway only logs,
since an intranet often has neither SMS nor mail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from zugong.core import audit
from zugong.core.models import Notification, Organization, RoleAssignment, User

log = logging.getLogger(__name__)

NOTIFIED = audit.register("core.notify.sent", _("发送站内消息"))
NOTIFICATIONS_READ = audit.register("core.notify.read", _("标记消息已读"))


# What each kind of notification is called on the page (modules add theirs).
KINDS: dict[str, object] = {"core.notice": _("通知")}


def register_kind(code: str, label) -> str:
    KINDS[code] = label
    return code


def kind_label(code: str) -> str:
    return str(KINDS.get(code, code))


@dataclass(frozen=True)
class Message:
    """What a gateway delivers: one message to one user."""

    recipient_id: int
    username: str
    email: str
    title: str
    body: str
    url: str
    kind: str


class Gateway:
    """Where messages go beyond the system. Subclass and name it in ZUGONG_NOTIFY_GATEWAY."""

    def deliver(self, message: Message) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingGateway(Gateway):
    """The default: a log line per message (no address, no body)."""

    def deliver(self, message: Message) -> None:
        log.info(
            "notification %s to user %s: %s", message.kind, message.recipient_id, message.title
        )


class MailGateway(Gateway):
    """Django's mail (EMAIL_* settings); users without an address are skipped."""

    def deliver(self, message: Message) -> None:
        from django.core.mail import send_mail

        if message.email:
            body = message.body + (f"\n\n{message.url}" if message.url else "")
            send_mail(message.title, body, None, [message.email], fail_silently=False)


def gateway() -> Gateway:
    return import_string(settings.ZUGONG_NOTIFY_GATEWAY)()


def _deliver(messages: list[Message]) -> None:
    target = gateway()
    for message in messages:
        try:
            target.deliver(message)
        except Exception:  # the message is in the system already; the gateway is extra
            log.exception("gateway failed for user %s", message.recipient_id)


def send(
    users: Iterable[User],
    *,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "core.notice",
    external: bool = False,
) -> list[Notification]:
    """One notification per distinct active recipient; audited in one entry."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    title = str(title)[:200]
    rows = [
        Notification(recipient_id=pk, title=title, body=str(body), url=url[:300], kind=kind)
        for pk in sorted(recipients)
    ]
    if not rows:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        audit.log_action(
            NOTIFIED,
            extra={"kind": kind, "title": title, "recipients": sorted(recipients), "url": url},
            actor_name=None if audit.current_actor().user else audit.SYSTEM_ACTOR,
        )
        if external:
            messages = [
                Message(u.pk, u.get_username(), u.email, title, str(body), url, kind)
                for u in recipients.values()
            ]
            transaction.on_commit(lambda: _deliver(messages))
    return created


def ancestor_paths(path: str, width: int = 4) -> list[str]:
    """The tree paths of an organization and all its ancestors (fixed-width segments)."""
    return [path[:end] for end in range(width, len(path) + 1, width)]


def holders(capability: str, organization: Organization) -> list[User]:
    """Active users holding ``capability`` over ``organization`` (ancestor-or-self grant)."""
    assignments = (
        RoleAssignment.objects.filter(
            organization__path__in=ancestor_paths(organization.path),
            user__is_active=True,
        )
        .select_related("user", "role")
        .order_by("user_id")
    )
    found = {}
    for assignment in assignments:
        if capability in (assignment.role.capabilities or []):
            found[assignment.user_id] = assignment.user
    return list(found.values())


def send_to_holders(
    capability: str,
    organization: Organization,
    *,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = "core.notice",
    external: bool = False,
) -> list[Notification]:
    return send(
        holders(capability, organization),
        title=title,
        body=body,
        url=url,
        kind=kind,
        external=external,
    )


# --- reading -------------------------------------------------------------------------


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def badge(request) -> str:
    """The sidebar's badge (Unfold navigation "badge" callback): unread messages."""
    count = unread_count(getattr(request, "user", None))
    return str(count) if count else ""


def recent_for(user, *, limit: int = 50, unread_only: bool = False):
    queryset = Notification.objects.filter(recipient=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return list(queryset.order_by("-created_at", "-id")[:limit])


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when ``ids`` is None)."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    with transaction.atomic():
        count = queryset.update(read_at=timezone.now())
        if count:
            audit.log_action(NOTIFICATIONS_READ, extra={"count": count})
    return count
