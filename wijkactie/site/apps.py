from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """What spans the whole site: the worker, demo data, retention and personal-data requests,
    the mail outbox pages and the root URLs. It may use every app; no app uses it."""

    name = "wijkactie.site"
    label = "wijkactie_site"
    verbose_name = _("Site")
