from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """After the session: attendance per part (later: evaluation, certificates, terugblik)."""

    name = "wijkactie.followup"
    label = "followup"
    verbose_name = _("Na afloop")
