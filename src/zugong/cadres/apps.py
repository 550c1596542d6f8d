from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "zugong.cadres"
    label = "cadres"
    verbose_name = _("干部管理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Capabilities and audit action names register on import.
        from zugong.cadres import capabilities  # noqa: F401
