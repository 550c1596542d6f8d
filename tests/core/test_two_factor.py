"""Identification for 等保 level 3 (GB/T 22239-2019 8.1.4.1): TOTP second factor
(enrolment, login with the code, the roles that must have it), its secret encrypted at
rest (8.1.4.8) and the password age."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP

from tests.conftest import PASSWORD, login
from tests.core.test_admin import visible_text
from zugong.core import crypto
from zugong.core.models import AuditEntry, Role, TOTPDevice, TwoFactor, User
from zugong.core.services import two_factor as services
from zugong.core.two_factor.views import PENDING_KEY

NEW_PASSWORD = "Lingui#2027-new"


def code_for(key_hex: str, at: float | None = None) -> str:
    """The code an authenticator shows now for ``key_hex`` (as a phone would compute it)."""
    totp = TOTP(bytes.fromhex(key_hex), 30, 0, 6, 0)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def password_login(username: str, otp_token: str | None = None) -> tuple[Client, object]:
    client = Client()
    data = {"username": username, "password": PASSWORD, "next": "/admin/"}
    if otp_token is not None:
        data["otp_token"] = otp_token
    return client, client.post("/admin/login/", data)


def enrol(client: Client) -> TOTPDevice:
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    key = client.session[PENDING_KEY]
    response = client.post("/account/two-factor/", {"token": code_for(key), "next": "/admin/"})
    assert response.status_code == 302, visible_text(response.content.decode())
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"])
    assert device.key == key
    return device


@pytest.fixture
def required(settings):
    """Production's rule: the roles marked 必须启用 must enrol."""
    settings.ZUGONG_TWO_FACTOR = "required"


# ---------------------------------------------------------------- roles


def test_builtin_roles_say_who_must_have_a_second_factor(cast):
    must = set(Role.objects.filter(two_factor=TwoFactor.REQUIRED).values_list("code", flat=True))
    assert must == {"dept_admin", "system_admin", "security_admin", "audit_admin"}
    assert Role.objects.get(code="township_officer").two_factor == TwoFactor.OPTIONAL


def test_a_role_set_by_the_security_administrator_stays_after_migrate(cast):
    from zugong.core.signals import ensure_builtin_roles

    Role.objects.filter(code="leader").update(two_factor=TwoFactor.REQUIRED)
    Role.objects.filter(code="audit_admin").update(two_factor=TwoFactor.OPTIONAL)
    ensure_builtin_roles()
    assert Role.objects.get(code="leader").two_factor == TwoFactor.REQUIRED
    assert Role.objects.get(code="audit_admin").two_factor == TwoFactor.OPTIONAL


def test_the_role_form_sets_the_requirement_through_the_service(cast):
    client = login(cast.secadmin)
    role = Role.objects.get(code="leader")
    response = client.post(
        f"/admin/core/role/{role.pk}/change/",
        {
            "name": role.name,
            "description": role.description,
            "capabilities": role.capabilities,
            "two_factor": "required",
        },
    )
    assert response.status_code == 302, visible_text(response.content.decode())
    role.refresh_from_db()
    assert role.two_factor == TwoFactor.REQUIRED
    entry = AuditEntry.objects.filter(action="core.role.changed").latest("id")
    assert entry.changes["two_factor"] == {"old": "optional", "new": "required"}


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"ZUGONG_ENV": "production"}, "required 90"),
        ({"ZUGONG_ENV": "development"}, "optional 0"),
        ({"ZUGONG_ENV": "development", "ZUGONG_TWO_FACTOR": "required"}, "required 0"),
    ],
)
def test_production_requires_it_and_development_only_when_asked(environment, expected, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ZUGONG_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        environment,
        ZUGONG_DATA_DIR=str(tmp_path),
        ZUGONG_SECRET_KEY="x" * 50,
        ZUGONG_SM4_KEYS="1:" + "ab" * 16,
        ZUGONG_HMAC_KEY="cd" * 32,
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from zugong import settings as s;"
            "print(s.ZUGONG_TWO_FACTOR, s.ZUGONG_PASSWORD_MAX_AGE_DAYS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == expected


# ---------------------------------------------------------------- enrolment


def test_enrolment_page_shows_the_qr_code_and_the_key(cast):
    client = login(cast.officer_a)
    response = client.get("/account/two-factor/")
    body = response.content.decode()
    text = visible_text(body)
    assert "双因素认证" in text
    assert "未启用" in text
    assert "<svg" in body  # drawn by the server, inline
    assert "<img" not in body
    assert "http://" not in body.replace("http://www.w3.org/2000/svg", "")
    key = client.session[PENDING_KEY]
    assert services.DIGITS == 6
    shown = re.search(r'id="zg-2fa-secret">([A-Z2-7 ]+)<', body).group(1)
    import base64

    assert base64.b32decode(shown.replace(" ", "")) == bytes.fromhex(key)
    # Reloading shows the same key: what was scanned stays valid until confirmed.
    client.get("/account/two-factor/")
    assert client.session[PENDING_KEY] == key


def test_enrolment_refuses_a_wrong_code_in_chinese_and_accepts_the_right_one(cast, frozen_clock):
    client = login(cast.officer_a)
    client.get("/account/two-factor/")
    key = client.session[PENDING_KEY]
    wrong = f"{(int(code_for(key)) + 1) % 1000000:06d}"
    response = client.post("/account/two-factor/", {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in visible_text(response.content.decode())
    assert not TOTPDevice.objects.filter(user=cast.officer_a).exists()

    response = client.post("/account/two-factor/", {"token": code_for(key), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    device = TOTPDevice.objects.get(user=cast.officer_a)
    assert device.confirmed
    assert PENDING_KEY not in client.session
    assert client.session["otp_device_id"] == device.persistent_id  # this session passed
    assert AuditEntry.objects.filter(action="core.auth.totp_enrolled").count() == 1
    status = visible_text(client.get("/account/two-factor/").content.decode())
    assert "已启用" in status
    assert "重新绑定" in status
    assert client.get("/admin/").status_code == 200


def test_re_enrolment_replaces_the_old_device(cast, frozen_clock):
    client = login(cast.officer_a)
    old = enrol(client)
    frozen_clock.shift(dt.timedelta(seconds=31))
    page = client.get("/account/two-factor/?renew=1")
    assert "重新绑定" in visible_text(page.content.decode())
    new = enrol(client)
    assert new.key != old.key
    assert list(TOTPDevice.objects.filter(user=cast.officer_a)) == [new]


def test_only_the_user_enrols_their_own_device(cast):
    from zugong.core.errors import PermissionDenied

    key = services.new_key()
    with pytest.raises(PermissionDenied):
        services.totp_enrol(actor=cast.admin, user=cast.officer_a, key=key, token=code_for(key))


def test_the_enrolment_page_needs_a_login(db):
    response = Client().get("/account/two-factor/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# ---------------------------------------------------------------- login with the code


def test_login_asks_for_the_code_of_an_enrolled_user(cast, frozen_clock):
    device = enrol(login(cast.officer_a))
    frozen_clock.shift(dt.timedelta(seconds=31))  # the enrolment's code is used up

    page = Client().get("/admin/login/")
    assert "动态验证码" in visible_text(page.content.decode())

    _client, response = password_login("bob")
    assert response.status_code == 200
    assert "请输入验证器显示的6位动态验证码" in visible_text(response.content.decode())

    wrong = f"{(int(code_for(device.key)) + 1) % 1000000:06d}"
    _client, response = password_login("bob", wrong)
    assert response.status_code == 200
    assert "动态验证码不正确" in visible_text(response.content.decode())
    failed = AuditEntry.objects.filter(action="core.auth.login_failed", actor_name="bob").count()
    assert failed == 2  # both count as failed logins (django-axes counts them too)

    frozen_clock.shift(dt.timedelta(seconds=5))  # past django-otp's throttle delay
    client, response = password_login("bob", code_for(device.key))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get("/admin/").status_code == 200
    # The same code cannot be used twice.
    frozen_clock.shift(dt.timedelta(seconds=5))
    _client, again = password_login("bob", code_for(device.key))
    assert again.status_code == 200


def test_a_user_without_a_device_logs_in_with_the_password_alone(cast):
    client, response = password_login("bob")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_lock_the_account_like_wrong_passwords(cast, frozen_clock):
    device = enrol(login(cast.officer_a))
    for _ in range(5):
        frozen_clock.shift(dt.timedelta(seconds=40))  # past any throttle delay
        password_login("bob", "000000" if code_for(device.key) != "000000" else "111111")
    frozen_clock.shift(dt.timedelta(seconds=40))
    _client, response = password_login("bob", code_for(device.key))
    assert response.status_code == 429
    assert "账号已被锁定" in response.content.decode()


def test_a_session_without_the_code_is_ended(cast, frozen_clock):
    """A session signed in before the enrolment (or by force) has not passed the code."""
    enrol(login(cast.officer_a))
    other = login(cast.officer_a)
    response = other.get("/admin/core/person/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in other.session
    # Nor can such a session replace the device.
    response = login(cast.officer_a).post("/account/two-factor/", {"token": "123456"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=cast.officer_a).count() == 1


# ---------------------------------------------------------------- the secret at rest


ROTATED_KEYS = "1:0123456789abcdeffedcba9876543210,2:00112233445566778899aabbccddeeff"


@pytest.fixture
def sm4_keys(settings):
    """The SM4 keys may be changed in the test; the cache follows, before and after."""
    crypto.reset_key_cache()
    yield settings
    crypto.reset_key_cache()


def stored_row(device) -> dict:
    """The device's row as the database holds it (no model field conversions)."""
    from django.db import connection

    table = connection.ops.quote_name(TOTPDevice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [device.pk])
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def assert_not_in_clear(row: dict, key_hex: str) -> None:
    import base64

    clear = {
        key_hex.lower(),
        key_hex.upper(),
        base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("="),
        base64.b64encode(bytes.fromhex(key_hex)).decode(),
    }
    for column, value in row.items():
        text = value.hex() if isinstance(value, bytes | memoryview) else str(value)
        for form in clear:
            assert form not in text, column


def test_the_secret_is_stored_encrypted_with_sm4(cast, frozen_clock):
    client = login(cast.officer_a)
    client.get("/account/two-factor/")
    key = client.session[PENDING_KEY]
    device = enrol(client)
    row = stored_row(device)
    assert "key" not in row  # no clear column beside the ciphertext
    assert_not_in_clear(row, key)
    stored = row["key_encrypted"]
    assert stored.startswith(f"v{crypto.active_key_id()}$")
    assert crypto.decrypt(stored) == key
    # A fresh IV per value: the same secret does not give the same ciphertext twice.
    assert crypto.encrypt(key) != stored
    # Each login with the code saves the device (last_t): still no clear secret.
    frozen_clock.shift(dt.timedelta(seconds=31))
    _client, response = password_login("bob", code_for(key))
    assert response.status_code == 302
    assert_not_in_clear(stored_row(device), key)


def test_django_otp_knows_only_the_encrypted_device(cast, frozen_clock):
    """django-otp's own TOTP plugin (secret in clear) is not installed: its model cannot
    hold devices, and django-otp's lookups find ours."""
    import django_otp
    from django.apps import apps

    assert not apps.is_installed("django_otp.plugins.otp_totp")
    assert list(django_otp.device_classes()) == [TOTPDevice]
    device = enrol(login(cast.officer_a))
    assert list(django_otp.devices_for_user(cast.officer_a)) == [device]
    assert django_otp.user_has_device(cast.officer_a)
    frozen_clock.shift(dt.timedelta(seconds=31))
    assert django_otp.match_token(cast.officer_a, code_for(device.key)) == device
    assert django_otp.match_token(cast.officer_a, code_for(device.key)) is None  # used up
    assert device.config_url.startswith("otpauth://totp/")
    from zugong.core.two_factor import config_url

    assert config_url(cast.officer_a, device.key) == device.config_url


def test_a_device_needs_a_valid_key(cast):
    with pytest.raises(ValueError, match="needs its key"):
        TOTPDevice.objects.create(user=cast.officer_a, name="x")
    with pytest.raises(ValueError, match="in hex"):
        TOTPDevice(user=cast.officer_a, key="not hex")
    with pytest.raises(ValueError, match="in hex"):
        TOTPDevice(user=cast.officer_a, key="ab" * 41)


def test_a_key_rotation_keeps_devices_usable(cast, sm4_keys, frozen_clock):
    """docs/operations.md's rotation: add the new key and make it active, re-encrypt,
    drop the old key. Devices keep working at every step."""
    sm4_keys.ZUGONG_SM4_KEYS = ROTATED_KEYS
    sm4_keys.ZUGONG_SM4_ACTIVE_KEY = "1"
    crypto.reset_key_cache()
    used = enrol(login(cast.officer_a))
    idle = enrol(login(cast.officer_b))
    assert crypto.key_id_of(stored_row(used)["key_encrypted"]) == "1"

    sm4_keys.ZUGONG_SM4_ACTIVE_KEY = "2"
    crypto.reset_key_cache()
    frozen_clock.shift(dt.timedelta(seconds=31))
    _client, response = password_login("bob", code_for(used.key))
    assert response.status_code == 302
    # Saved by the login: written with the active key from then on.
    assert crypto.key_id_of(stored_row(used)["key_encrypted"]) == "2"
    assert crypto.key_id_of(stored_row(idle)["key_encrypted"]) == "1"

    # The operator's step 2 (zugong rotate_keys) re-encrypts the idle device too.
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "1个动态验证码密钥" in out.getvalue()
    assert services.totp_reencrypt_keys() == 0
    assert crypto.key_id_of(stored_row(idle)["key_encrypted"]) == "2"

    key_used, key_idle = used.key, idle.key
    sm4_keys.ZUGONG_SM4_KEYS = ROTATED_KEYS.partition(",")[2]  # the old key is gone
    crypto.reset_key_cache()
    frozen_clock.shift(dt.timedelta(seconds=31))
    for username, key in (("bob", key_used), ("charlie", key_idle)):
        client, response = password_login(username, code_for(key))
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200
    assert_not_in_clear(stored_row(idle), key_idle)


def test_the_migration_encrypts_the_devices_django_otp_kept_in_clear(cast, frozen_clock):
    """Databases from before 0006 have django-otp's table, secret in clear: the devices
    move to ours with their state, the clear rows are deleted."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("zugong.core.migrations.0006_totp_device_encrypted")
    key = services.new_key()
    now = time.time()
    step = int(now // 30)
    with connection.cursor() as cursor:
        # otp_totp's table as its migrations 0001 to 0003 leave it.
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id bigint NOT NULL, "
            "name varchar(64) NOT NULL, confirmed boolean NOT NULL, "
            '"key" varchar(80) NOT NULL, step smallint NOT NULL, t0 bigint NOT NULL, '
            "digits smallint NOT NULL, tolerance smallint NOT NULL, drift smallint NOT NULL, "
            "last_t bigint NOT NULL, throttling_failure_timestamp timestamp NULL, "
            "throttling_failure_count integer NOT NULL, created_at timestamp NULL, "
            "last_used_at timestamp NULL)"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES "
            "(%s, %s, %s, %s, %s, 30, 0, 6, 1, 0, %s, NULL, 0, %s, %s)",
            [
                41,
                cast.officer_a.pk,
                "手机",
                True,
                key.upper(),
                step,  # the current code was used already
                "2026-01-05 08:00:00",
                "2026-02-01 09:30:00",
            ],
        )
    migration.encrypt_legacy_devices(apps, SimpleNamespace(connection=connection))

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM otp_totp_totpdevice")
        assert cursor.fetchone() == (0,)
    device = TOTPDevice.objects.get(user=cast.officer_a)
    assert device.pk == 41
    assert (device.name, device.confirmed, device.last_t) == ("手机", True, step)
    assert device.created_at == dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    assert device.last_used_at == dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)
    assert device.key == key
    assert_not_in_clear(stored_row(device), key)

    # The replay protection came along: the code of the step already used is refused.
    _client, response = password_login("bob", code_for(key, at=now))
    assert response.status_code == 200
    frozen_clock.shift(dt.timedelta(seconds=35))
    client, response = password_login("bob", code_for(key))
    assert response.status_code == 302
    assert client.session["otp_device_id"] == "core.totpdevice/41"
    # New devices are numbered after the moved ones.
    other = enrol(login(cast.officer_b))
    assert other.pk > 41


def test_a_session_verified_with_django_otps_old_device_signs_in_again(cast, frozen_clock):
    """Sessions from before 0006 name the device "otp_totp.totpdevice/<id>", a model no
    longer installed: not verified, so the user signs in again, with the code."""
    client = login(cast.officer_a)
    device = enrol(client)
    session = client.session
    session["otp_device_id"] = f"otp_totp.totpdevice/{device.pk}"
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_the_migration_leaves_a_database_without_django_otps_table_alone(db):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("zugong.core.migrations.0006_totp_device_encrypted")
    assert "otp_totp_totpdevice" not in connection.introspection.table_names()
    migration.encrypt_legacy_devices(apps, SimpleNamespace(connection=connection))
    assert not TOTPDevice.objects.exists()


# ---------------------------------------------------------------- required roles


def test_a_required_role_without_a_device_goes_to_enrolment_and_nowhere_else(
    cast, required, frozen_clock
):
    client, response = password_login("alice")  # dept_admin
    assert response.status_code == 302
    for url in ["/admin/", "/admin/core/person/", "/admin/core/user/", "/admin/password_change/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/two-factor/"), url
    assert client.post("/admin/core/person/add/", {"name": "x"}).status_code == 302
    response = client.get("/api/v1/core/organizations")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"
    assert "绑定动态验证码" in response.json()["message"]

    page = client.get("/admin/", follow=True)
    text = visible_text(page.content.decode())
    assert "您的角色要求启用双因素认证" in text
    assert "黄秀英" not in text

    enrol(client)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/person/").status_code == 200


def test_an_optional_role_is_not_forced(cast, required):
    client, _response = password_login("bob")  # township officer
    assert client.get("/admin/").status_code == 200


def test_outside_production_nobody_is_forced(cast):
    client, _response = password_login("alice")
    assert client.get("/admin/").status_code == 200


def test_logout_stays_open_before_enrolment(cast, required):
    client, _response = password_login("heidi")  # audit_admin
    assert client.post("/admin/logout/").status_code in (200, 302)
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------- password age


def test_passwords_record_when_they_were_changed(cast, frozen_clock):
    user = User.objects.get(pk=cast.officer_a.pk)
    created = user.password_changed_at
    assert created is not None
    frozen_clock.shift(dt.timedelta(days=3))
    from zugong.core.services.access import user_set_password

    user_set_password(actor=cast.sysadmin, user=user, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.password_changed_at - created >= dt.timedelta(days=3)
    # A login does not count as a change (nor does a hash upgrade on login).
    frozen_clock.shift(dt.timedelta(days=1))
    stamped = user.password_changed_at
    Client().post("/admin/login/", {"username": "bob", "password": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.password_changed_at == stamped


def test_an_old_password_must_be_changed_first(cast, settings, frozen_clock):
    settings.ZUGONG_PASSWORD_MAX_AGE_DAYS = 90
    client, _response = password_login("bob")
    assert client.get("/admin/").status_code == 200

    frozen_clock.shift(dt.timedelta(days=91))
    client, _response = password_login("bob")
    response = client.get("/admin/core/person/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/password_change/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "您的密码已使用超过90天" in visible_text(page.content.decode())
    assert client.get("/api/v1/core/organizations").json()["code"] == "password_expired"

    same = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert same.status_code == 200
    assert "新密码不能与当前密码相同" in visible_text(same.content.decode())

    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert done.status_code == 200, done.get("Location")
    assert client.get("/admin/core/person/").status_code == 200
    entry = AuditEntry.objects.filter(action="core.user.password_set").latest("id")
    assert entry.actor_name == "bob"
    assert entry.changes == {"password": "******"}


def test_a_password_an_administrator_set_is_changed_at_the_next_login(cast):
    from zugong.core.services.access import role_grant, user_create, user_set_password

    user = user_create(actor=cast.sysadmin, username="ivy", full_name="韦艺", password=NEW_PASSWORD)
    assert user.password_must_change
    role_grant(
        actor=cast.secadmin,
        user=user,
        role=Role.objects.get(code="leader"),
        organization=cast.town_a,
    )
    client = Client()
    client.post("/admin/login/", {"username": "ivy", "password": NEW_PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/password_change/")
    page = client.get(response["Location"])
    assert page.status_code == 200, page.get("Location")
    assert "您的密码由管理员设置" in visible_text(page.content.decode())
    assert client.get("/api/v1/core/organizations").json()["code"] == "password_must_change"
    response = client.post(
        "/admin/password_change/",
        {"old_password": NEW_PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.password_must_change
    assert client.get("/admin/").status_code == 200
    # A reset by the administrator asks for a change again; one's own change does not.
    user_set_password(actor=cast.sysadmin, user=user, password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.password_must_change


def test_a_reset_need_not_force_a_change_where_configured(cast, settings):
    from zugong.core.services.access import user_set_password

    settings.ZUGONG_PASSWORD_RESET_FORCES_CHANGE = False
    user_set_password(actor=cast.sysadmin, user=cast.officer_a, password=NEW_PASSWORD)
    cast.officer_a.refresh_from_db()
    assert not cast.officer_a.password_must_change


def test_no_maximum_age_in_development(cast, frozen_clock):
    frozen_clock.shift(dt.timedelta(days=400))
    client, _response = password_login("bob")
    assert client.get("/admin/").status_code == 200


def test_the_security_administrator_resets_a_lost_authenticator(cast, frozen_clock):
    from zugong.core.models import RoleAssignment

    enrol(login(cast.officer_a))
    grant = RoleAssignment.objects.get(user=cast.officer_a)
    users = visible_text(login(cast.sysadmin).get("/admin/core/user/").content.decode())
    assert "双因素认证" in users
    # The department administrator grants roles but cannot remove a second factor.
    assert "重置双因素认证" not in visible_text(
        login(cast.admin).get("/admin/core/roleassignment/").content.decode()
    )
    client = login(cast.secadmin)
    page = client.get("/admin/core/roleassignment/")
    assert "重置双因素认证" in visible_text(page.content.decode())
    response = client.post(
        "/admin/core/roleassignment/",
        {"action": "reset_two_factor", "_selected_action": [grant.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.officer_a).exists()
    entry = AuditEntry.objects.get(action="core.auth.totp_reset")
    assert entry.actor_name == "grace"
    # bob logs in with the password alone again (and may enrol anew).
    client, response = password_login("bob")
    assert response.status_code == 302


def test_the_user_menu_links_to_the_enrolment_page(cast):
    body = login(cast.officer_a).get("/admin/").content.decode()
    assert 'href="/account/two-factor/"' in body
