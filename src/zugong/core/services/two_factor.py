"""Services for the second login factor (TOTP devices, django-otp devices whose secret
is SM4-encrypted: :class:`zugong.core.models.TOTPDevice`)."""

from __future__ import annotations

import time
from binascii import unhexlify

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import TOTP
from django_otp.util import random_hex

from zugong.core import audit, crypto
from zugong.core.capabilities import MANAGE_SECURITY
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import TOTPDevice
from zugong.core.services.access import authorize

TOTP_ENROLLED = audit.register("core.auth.totp_enrolled", gettext_lazy("绑定动态验证码"))
TOTP_RESET = audit.register("core.auth.totp_reset", gettext_lazy("重置动态验证码"))

DIGITS = 6
STEP = 30


def new_key() -> str:
    """A fresh TOTP secret (20 random bytes, hex), kept in the session until confirmed."""
    return random_hex(20)


def normalized_token(token: str) -> str:
    return "".join(str(token or "").split())


def _matching_step(key_hex: str, token: str) -> tuple[int, int] | None:
    """The time step at which ``token`` is the code of ``key_hex`` (±1 step) and the
    phone's drift in steps, or None."""
    token = normalized_token(token)
    if len(token) != DIGITS or not token.isdigit():
        return None
    totp = TOTP(unhexlify(key_hex), STEP, 0, DIGITS, 0)
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=1):
        return None
    return totp.t(), totp.drift


@transaction.atomic
def totp_enrol(*, actor, user, key: str, token: str) -> TOTPDevice:
    """Confirm a new authenticator for ``user`` with a code it shows; it replaces the
    user's previous one. Only the user may enrol their own device."""
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("只能为本人绑定动态验证码"))
    matched = _matching_step(key, token)
    if matched is None:
        raise ApplicationError(
            _("验证码不正确：请输入验证器当前显示的6位数字，并确认手机时间准确"), field="token"
        )
    step, drift = matched
    replaced = TOTPDevice.objects.filter(user=user).delete()[0]
    now = timezone.now()
    device = TOTPDevice.objects.create(
        user=user,
        name=_("身份验证器（%(d)s绑定）") % {"d": timezone.localdate(now).isoformat()},
        key=key,
        step=STEP,
        digits=DIGITS,
        drift=drift,
        confirmed=True,
        # The confirming code may not be used again to log in.
        last_t=step,
        last_used_at=now,
    )
    audit.log_action(
        TOTP_ENROLLED,
        actor=actor,
        obj=user,
        changes={"device": device.name, "replaced": replaced},
    )
    return device


@transaction.atomic
def totp_reset(*, actor, user) -> int:
    """Remove a user's authenticators (a lost phone): they enrol again after their next
    password login. The security administrator's task."""
    authorize(actor, MANAGE_SECURITY)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    audit.log_action(TOTP_RESET, actor=actor, obj=user, changes={"removed": removed})
    return removed


def totp_reencrypt_keys() -> int:
    """Re-encrypt every device's secret written with an SM4 key other than the active
    one (after a key rotation, before the old key is dropped); returns how many.

    A device is also re-encrypted by itself whenever it is saved (each login with its
    code), so this only matters for the devices not used since the rotation."""
    active = crypto.active_key_id()
    changed = 0
    for pk in TOTPDevice.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().filter(pk=pk).first()
            if device is not None and crypto.key_id_of(device.key_encrypted) != active:
                device.save(update_fields=["key_encrypted"])
                changed += 1
    return changed
