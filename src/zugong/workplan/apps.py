"""The work plan ledger (工作要点台账): plan → parts → points → tasks, supervision, summary."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "zugong.workplan"
    label = "workplan"
    verbose_name = _("工作要点台账")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Capabilities and audit action names register on import.
        from zugong.workplan import capabilities  # noqa: F401
