from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "wijkactie.initiatives"
    label = "initiatives"
    verbose_name = _("Bewonersinitiatieven")

    def ready(self):
        # noqa on the imports: models are loaded only now.
        from wijkactie.core import jobs  # noqa: PLC0415
        from wijkactie.initiatives.inventory import check_waiting_imports  # noqa: PLC0415
        from wijkactie.initiatives.retention import purge_initiatives_data  # noqa: PLC0415
        from wijkactie.initiatives.services import geocode_pending  # noqa: PLC0415

        # A few at a time: PDOK's fair use asks for a gentle pace.
        jobs.register("geocoding", lambda: geocode_pending(limit=5))
        jobs.register("imports", check_waiting_imports)
        jobs.register("retention initiatives", purge_initiatives_data, every=jobs.HOURLY)
