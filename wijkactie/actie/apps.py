from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActieConfig(AppConfig):
    name = "wijkactie.actie"
    label = "actie"
    verbose_name = _("ACTIE-scan")

    def ready(self):
        from wijkactie.actie import pages  # noqa: PLC0415
        from wijkactie.actie.retention import purge_actie_data  # noqa: PLC0415
        from wijkactie.core import jobs  # noqa: PLC0415
        from wijkactie.initiatives import signals  # noqa: PLC0415

        jobs.register("retention actie", purge_actie_data, every=jobs.HOURLY)
        signals.initiative_page.connect(pages.initiative_page, dispatch_uid="actie.scans")
        signals.initiatives_merging.connect(pages.initiatives_merging, dispatch_uid="actie.merge")
        from wijkactie.actie.content import registry  # noqa: PLC0415 (apps must be loaded first)

        # Validates every content file against the schema and its references: a broken content
        # file stops the app at start-up instead of showing a half-working instrument.
        registry()
