from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zugong.core"
    label = "core"
    verbose_name = _("基础数据")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zugong.core import signals
        from zugong.core.admin import links

        links.install()

        post_migrate.connect(signals.after_migrate, sender=self)
        signals.connect_auth_signals()
