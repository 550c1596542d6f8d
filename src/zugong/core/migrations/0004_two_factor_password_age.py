"""Role.two_factor (TOTP required or optional per role) and User.password_changed_at
(the password age). The built-in roles that must have the second factor get it; users
who exist already count their password age from this migration."""

from django.db import migrations, models
from django.utils import timezone

REQUIRED = ("dept_admin", "system_admin", "security_admin", "audit_admin")


def forwards(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    User = apps.get_model("core", "User")
    Role.objects.filter(code__in=REQUIRED, is_builtin=True).update(two_factor="required")
    User.objects.filter(password_changed_at__isnull=True).update(password_changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_person_name_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="role",
            name="two_factor",
            field=models.CharField(
                choices=[("required", "必须启用"), ("optional", "可选")],
                default="optional",
                help_text="“必须启用”的角色在生产环境中须绑定动态验证码后才能使用系统",
                max_length=10,
                verbose_name="双因素认证",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="password_changed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="密码修改时间"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
