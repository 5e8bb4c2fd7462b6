from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The programme office (/beheer/): pages over the domain apps; no models of its own."""

    name = "wijkactie.office"
    label = "office"
    verbose_name = _("Programmabureau")
