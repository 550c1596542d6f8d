from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "zugong.talent"
    label = "talent"
    verbose_name = _("人才工作")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # Capabilities and audit action names register on import.
        from zugong.talent import capabilities, defaults  # noqa: F401

        post_migrate.connect(defaults.after_migrate, sender=self)
