from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrassrootsConfig(AppConfig):
    name = "zugong.grassroots"
    label = "grassroots"
    verbose_name = _("基层党建")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Capabilities and audit action names register on import.
        from zugong.grassroots import capabilities  # noqa: F401
