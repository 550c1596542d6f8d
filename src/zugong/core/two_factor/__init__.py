"""Identification for 等保 level 3 (GB/T 22239-2019 8.1.4.1): a second factor (TOTP,
through django-otp) for the roles that must have one, and a maximum password age. The
device is :class:`zugong.core.models.TOTPDevice`, whose secret is SM4-encrypted at rest.

The login form asks for the code of any user who has a confirmed device
(:mod:`.forms`); :mod:`.middleware` sends a user whose roles require the second factor
but who has no device to the enrolment page (:mod:`.views`), and a user whose password
is too old to the admin's password change page, before anything else is reached.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from binascii import unhexlify

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def enforced() -> bool:
    """Whether roles marked 必须启用 are held to it (production, or ZUGONG_TWO_FACTOR)."""
    return settings.ZUGONG_TWO_FACTOR == "required"


def required_for(user) -> bool:
    """Whether ``user`` must have a second factor: one of their roles requires it."""
    from zugong.core.models import Role, TwoFactor

    if not enforced() or not getattr(user, "is_authenticated", False):
        return False
    return Role.objects.filter(assignments__user=user, two_factor=TwoFactor.REQUIRED).exists()


def confirmed_device(user):
    """The user's TOTP device, or None."""
    from zugong.core.models import TOTPDevice

    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def password_max_age() -> dt.timedelta | None:
    days = settings.ZUGONG_PASSWORD_MAX_AGE_DAYS
    return dt.timedelta(days=days) if days > 0 else None


def password_expired(user) -> bool:
    """Whether the user's password is older than ZUGONG_PASSWORD_MAX_AGE_DAYS."""
    max_age = password_max_age()
    if max_age is None or not getattr(user, "is_authenticated", False):
        return False
    changed = getattr(user, "password_changed_at", None) or user.date_joined
    return timezone.now() - changed > max_age


def secret_for_display(key_hex: str) -> str:
    """The key as the base32 text authenticator apps take by hand, in groups of four."""
    text = base64.b32encode(unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user, key_hex: str) -> str:
    """The otpauth:// address the QR code carries (django-otp's own format)."""
    from zugong.core.models import TOTPDevice

    return TOTPDevice(user=user, key=key_hex).config_url


def qr_svg(data: str) -> SafeString:
    """``data`` as a QR code in inline SVG, drawn by the server (no image files, nothing
    fetched): the page works on an intranet without internet."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'\swidth="[^"]*"\sheight="[^"]*"', "", svg, count=1)
    label = escape(_("用验证器扫描此二维码"))
    svg = svg.replace(
        "<svg ",
        f'<svg class="zg-qr" role="img" aria-label="{label}" shape-rendering="crispEdges" ',
        1,
    )
    # Generated here from our own data: no user-supplied markup.
    return mark_safe(svg)
