"""core.TOTPDevice: django-otp's TOTP device with its secret SM4-encrypted (GB/T
22239-2019 8.1.4.8), replacing django_otp.plugins.otp_totp's, which kept it in clear.

The devices of otp_totp's table, where it exists (databases created before this
migration), move here with the same ids, state (last_t, drift, throttling) and dates,
their secret encrypted with the active SM4 key; the clear rows are then deleted. The
empty table stays (otp_totp's migration records refer to it). No dependency on otp_totp's
migrations: the app is no longer installed, and a fresh database never has the table.

Going back deletes the encrypted devices without writing any secret in clear again:
their users enrol anew (the roles that require it are sent to enrolment).
"""

from django.core.management.color import no_style
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LEGACY_TABLE = "otp_totp_totpdevice"
COPIED = (
    "id",
    "user_id",
    "name",
    "confirmed",
    "step",
    "t0",
    "digits",
    "tolerance",
    "drift",
    "last_t",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "created_at",
    "last_used_at",
)


def encrypt_legacy_devices(apps, schema_editor):
    from zugong.core import crypto

    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    TOTPDevice = apps.get_model("core", "TOTPDevice")
    table = TOTPDevice._meta.db_table
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn('id')}, {qn('key')} FROM {qn(LEGACY_TABLE)}")
        keys = dict(cursor.fetchall())
        if not keys:
            return
        present = {
            column.name
            for column in connection.introspection.get_table_description(cursor, LEGACY_TABLE)
        }
        names = ", ".join(qn(name) for name in COPIED if name in present)
        # Copied in SQL, values as they are (no date or boolean conversions), the secret
        # left out; it is written below, encrypted.
        cursor.execute(
            f"INSERT INTO {qn(table)} ({names}, {qn('key_encrypted')}) "
            f"SELECT {names}, '' FROM {qn(LEGACY_TABLE)}"
        )
        for pk, key in keys.items():
            TOTPDevice.objects.filter(pk=pk).update(key_encrypted=crypto.encrypt(key.lower()))
        cursor.execute(f"DELETE FROM {qn(LEGACY_TABLE)}")
        for sql in connection.ops.sequence_reset_sql(no_style(), [TOTPDevice]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_password_must_change"),
    ]

    operations = [
        migrations.CreateModel(
            name="TOTPDevice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The human-readable name of this device.", max_length=64
                    ),
                ),
                (
                    "confirmed",
                    models.BooleanField(default=True, help_text="Is this device ready for use?"),
                ),
                (
                    "throttling_failure_timestamp",
                    models.DateTimeField(
                        blank=True,
                        default=None,
                        help_text="A timestamp of the last failed verification attempt. Null if last attempt succeeded.",
                        null=True,
                    ),
                ),
                (
                    "throttling_failure_count",
                    models.PositiveIntegerField(
                        default=0, help_text="Number of successive failed attempts."
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="The date and time when this device was initially created in the system.",
                        null=True,
                    ),
                ),
                (
                    "last_used_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="The most recent date and time this device was used.",
                        null=True,
                    ),
                ),
                ("key_encrypted", models.TextField(editable=False, verbose_name="密钥（密文）")),
                (
                    "step",
                    models.PositiveSmallIntegerField(default=30, verbose_name="时间步长（秒）"),
                ),
                ("t0", models.BigIntegerField(default=0, verbose_name="起算时间（Unix 时间）")),
                (
                    "digits",
                    models.PositiveSmallIntegerField(
                        choices=[(6, 6), (8, 8)], default=6, verbose_name="验证码位数"
                    ),
                ),
                (
                    "tolerance",
                    models.PositiveSmallIntegerField(default=1, verbose_name="允许前后偏差的步数"),
                ),
                ("drift", models.SmallIntegerField(default=0, verbose_name="验证器时钟偏差（步）")),
                (
                    "last_t",
                    models.BigIntegerField(
                        default=-1,
                        help_text="此后只接受更晚时间步的验证码：同一验证码不能使用两次",
                        verbose_name="最近一次通过的时间步",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        help_text="The user that this device belongs to.",
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "动态验证码设备",
                "verbose_name_plural": "动态验证码设备",
                "abstract": False,
            },
        ),
        migrations.RunPython(encrypt_legacy_devices, migrations.RunPython.noop),
    ]
