from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """After the session: attendance per part, the evaluation, certificates and the terugblik."""

    name = "wijkactie.followup"
    label = "followup"
    verbose_name = _("Na afloop")

    def ready(self):
        # noqa on the imports: models are loaded only now.
        from wijkactie.core import jobs, mails  # noqa: PLC0415
        from wijkactie.events import signals  # noqa: PLC0415
        from wijkactie.followup import pages  # noqa: PLC0415
        from wijkactie.followup.certificates import certificate_attachment  # noqa: PLC0415
        from wijkactie.followup.evaluation import send_evaluations  # noqa: PLC0415
        from wijkactie.followup.recap import mail_no_shows  # noqa: PLC0415

        mails.register_attachment("followup.certificate", certificate_attachment)
        jobs.register("evaluations", send_evaluations)
        jobs.register("recap_no_shows", mail_no_shows)
        signals.event_page.connect(pages.event_page, dispatch_uid="followup.recap")
        signals.personal_page.connect(pages.personal_page, dispatch_uid="followup.personal")
        signals.past_event_labels.connect(pages.past_event_labels, dispatch_uid="followup.labels")
