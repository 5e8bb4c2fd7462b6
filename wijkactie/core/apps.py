from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wijkactie.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self):
        from wijkactie.core import checks  # noqa: F401, PLC0415 (registers the deploy checks)
