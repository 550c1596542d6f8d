"""Protection of sensitive fields: SM4 encryption at rest, HMAC-SM3 lookup hashes, masks.

Ciphertexts are ``v<key id>$<base64(iv + SM4-CBC(PKCS7(value)))>``: the key id lets old
rows be read after a key rotation (see docs/operations.md) and a fresh IV per value means
equal values do not give equal ciphertexts. Equality lookups and uniqueness go through
the keyed hash instead, which never leaves the server.
"""

from __future__ import annotations

import base64
import hmac as std_hmac
import os
import threading
from functools import cache

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    pass


@cache
def _keys() -> tuple[dict[str, bytes], str, bytes]:
    keys: dict[str, bytes] = {}
    for item in settings.ZUGONG_SM4_KEYS.split(","):
        if not item.strip():
            continue
        key_id, _, hex_key = item.strip().partition(":")
        key = bytes.fromhex(hex_key)
        if len(key) != 16:
            raise ImproperlyConfigured(f"SM4 key {key_id} must be 16 bytes (32 hex digits)")
        keys[key_id] = key
    active = settings.ZUGONG_SM4_ACTIVE_KEY
    if active not in keys:
        raise ImproperlyConfigured(f"ZUGONG_SM4_ACTIVE_KEY {active!r} is not among ZUGONG_SM4_KEYS")
    hmac_key = bytes.fromhex(settings.ZUGONG_HMAC_KEY)
    if len(hmac_key) < 16:
        raise ImproperlyConfigured("ZUGONG_HMAC_KEY must be at least 16 bytes")
    return keys, active, hmac_key


def reset_key_cache() -> None:
    _keys.cache_clear()
    _cipher_key.cache_clear()
    _local.__dict__.clear()


def active_key_id() -> str:
    return _keys()[1]


@cache
def _cipher_key(key_id: str) -> algorithms.SM4:
    """The SM4 key object, built once per key (imports encrypt a hundred thousand values)."""
    return algorithms.SM4(_keys()[0][key_id])


_local = threading.local()  # one block encryptor per thread: contexts are not shared


def _block_encryptor(key_id: str):
    """SM4 applied to single blocks, built once per key and thread. Building a CBC
    context per value cost more than the encryption itself (an import encrypts two
    hundred thousand values); chaining the blocks here is CBC exactly as
    ``modes.CBC`` does it, with a fresh random IV per value, so ``decrypt`` reads it."""
    encryptors = _local.__dict__.setdefault("encryptors", {})
    encryptor = encryptors.get(key_id)
    if encryptor is None:
        # ECB over one block at a time is the block cipher itself, the CBC chaining
        # is done by the caller.
        cipher = Cipher(_cipher_key(key_id), modes.ECB())
        encryptor = encryptors[key_id] = cipher.encryptor()
    return encryptor


def encrypt(value: str) -> str:
    """SM4-CBC with a random IV and PKCS#7 padding, as ``v<key>$base64(iv + blocks)``."""
    if value == "":
        return ""
    active = _keys()[1]
    iv = os.urandom(16)
    data = value.encode()
    pad = 16 - len(data) % 16  # PKCS#7, as padding.PKCS7(128) writes it
    data += bytes((pad,)) * pad
    block_cipher = _block_encryptor(active)
    chained = int.from_bytes(iv)
    token = [iv]
    for start in range(0, len(data), 16):
        block = (int.from_bytes(data[start : start + 16]) ^ chained).to_bytes(16)
        encrypted = block_cipher.update(block)
        chained = int.from_bytes(encrypted)
        token.append(encrypted)
    return f"v{active}${base64.b64encode(b''.join(token)).decode()}"


def key_id_of(token: str) -> str:
    return token[1:].partition("$")[0] if token else ""


def decrypt(token: str) -> str:
    if token == "":
        return ""
    keys, _, _ = _keys()
    prefix, _, body = token.partition("$")
    key = keys.get(prefix[1:])
    if not prefix.startswith("v") or key is None:
        raise DecryptionError(f"no key for ciphertext version {prefix!r}")
    raw = base64.b64decode(body)
    decryptor = Cipher(algorithms.SM4(key), modes.CBC(raw[:16])).decryptor()
    data = decryptor.update(raw[16:]) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return (unpadder.update(data) + unpadder.finalize()).decode()
    except ValueError as exc:
        raise DecryptionError("ciphertext does not decrypt with its key") from exc


def keyed_hash(value: str) -> str:
    """HMAC-SM3 of a normalized value, hex: for lookups and unique constraints."""
    if value == "":
        return ""
    mac = crypto_hmac.HMAC(_keys()[2], hashes.SM3())
    mac.update(value.encode())
    return mac.finalize().hex()


def sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def same(a: str, b: str) -> bool:
    return std_hmac.compare_digest(a, b)


def mask_id_number(number: str) -> str:
    """450305********123X: region code and the last four characters stay visible."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    """138****5678."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
