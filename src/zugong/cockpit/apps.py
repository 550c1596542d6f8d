from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "zugong.cockpit"
    label = "cockpit"
    verbose_name = _("驾驶舱")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zugong.cockpit import tally
        from zugong.core import changes

        # The services' writes between scans: counted again after their commit.
        changes.listen(tally.touch)
