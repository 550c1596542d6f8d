from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "zugong.party"
    label = "party"
    verbose_name = _("党员管理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Capabilities, audit action names and job runners register on import.
        from zugong.party import capabilities, jobs  # noqa: F401
