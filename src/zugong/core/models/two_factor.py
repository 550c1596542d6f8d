"""The TOTP authenticator of a user, with its secret encrypted at rest.

django-otp's own ``otp_totp.TOTPDevice`` keeps the secret (the seed the authenticator
app computes its codes from) as clear hex in the database. It is authentication data
(鉴别数据), which GB/T 22239-2019 8.1.4.8 requires to be stored encrypted, so this
device keeps it as an SM4 ciphertext of :mod:`zugong.core.crypto` (the key id inside
lets it be read after a key rotation). Everything else is django-otp's: the abstract
``Device`` (found by django-otp's ``devices_for_user``, ``verify_token`` and the
``OTPMiddleware`` behind ``user.is_verified()``), its throttling and timestamps, and
the verification of ``TOTPDevice``, replay protection (``last_t``) and drift included.
"""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from zugong.core import crypto

MAX_KEY_BYTES = 40  # django-otp's limit (a hex key of up to 80 characters)


class TOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP device as django-otp's, except for the key: ``key`` (hex) is a property
    over ``key_encrypted``, which alone reaches the database."""

    key_encrypted = models.TextField(_("密钥（密文）"), editable=False)
    step = models.PositiveSmallIntegerField(_("时间步长（秒）"), default=30)
    t0 = models.BigIntegerField(_("起算时间（Unix 时间）"), default=0)
    digits = models.PositiveSmallIntegerField(_("验证码位数"), choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(_("允许前后偏差的步数"), default=1)
    drift = models.SmallIntegerField(_("验证器时钟偏差（步）"), default=0)
    last_t = models.BigIntegerField(
        _("最近一次通过的时间步"),
        default=-1,
        help_text=_("此后只接受更晚时间步的验证码：同一验证码不能使用两次"),
    )

    class Meta(Device.Meta):
        verbose_name = _("动态验证码设备")
        verbose_name_plural = _("动态验证码设备")

    @property
    def key(self) -> str:
        """The secret as hex (decrypted on each read; never kept in clear on the row)."""
        return crypto.decrypt(self.key_encrypted)

    @key.setter
    def key(self, value: str) -> None:
        value = str(value).lower()
        try:
            size = len(unhexlify(value))
        except ValueError:
            size = 0
        if not 0 < size <= MAX_KEY_BYTES:
            raise ValueError(f"a TOTP key is 1 to {MAX_KEY_BYTES} bytes, in hex")
        self.key_encrypted = crypto.encrypt(value)

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def save(self, *args, **kwargs):
        if not self.key_encrypted:
            raise ValueError("a TOTP device needs its key")
        # Written with an older SM4 key (before a rotation): re-encrypted with the
        # active one whenever the device is saved, as each verification does.
        if crypto.key_id_of(self.key_encrypted) != crypto.active_key_id():
            self.key_encrypted = crypto.encrypt(self.key)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "key_encrypted"}
        super().save(*args, **kwargs)

    def verify_token(self, token) -> bool:
        """django-otp's ``TOTPDevice.verify_token``: throttled, each code once."""
        sync = getattr(settings, "OTP_TOTP_SYNC", True)

        verify_allowed, _details = self.verify_is_allowed()
        if not verify_allowed:
            return False

        try:
            token = int(token)
        except Exception:
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()

            verified = totp.verify(token, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                if sync:
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()

        if not verified:
            self.throttle_increment(commit=True)

        return verified

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    @property
    def config_url(self) -> str:
        """The otpauth:// address for the authenticator app, as django-otp writes it
        (issuer from OTP_TOTP_ISSUER, image from OTP_TOTP_IMAGE)."""
        label = str(self.user.get_username())
        params = {
            "secret": b32encode(self.bin_key),
            "algorithm": "SHA1",
            "digits": self.digits,
            "period": self.step,
        }
        urlencoded_params = urlencode(params)

        issuer = self._read_str_from_settings("OTP_TOTP_ISSUER")
        if issuer:
            issuer = issuer.replace(":", "")
            label = f"{issuer}:{label}"
            # RFC 3986 encoding, not quote_plus
            urlencoded_params += f"&issuer={quote(issuer)}"

        image = self._read_str_from_settings("OTP_TOTP_IMAGE")
        if image:
            urlencoded_params += f"&image={quote(image, safe=':/')}"

        return f"otpauth://totp/{quote(label)}?{urlencoded_params}"

    def _read_str_from_settings(self, name: str) -> str | None:
        value = getattr(settings, name, None)
        if callable(value):
            value = value(self)
        if isinstance(value, str) and value != "":
            return value
        return None
