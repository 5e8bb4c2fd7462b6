from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "wijkactie.events"
    label = "events"
    verbose_name = _("Bijeenkomsten")

    def ready(self):
        # noqa on the imports: models are loaded only now.
        from wijkactie.core import jobs, mails  # noqa: PLC0415
        from wijkactie.events.mails import calendar_attachment  # noqa: PLC0415
        from wijkactie.events.reminders import send_scheduled_mails  # noqa: PLC0415
        from wijkactie.events.retention import purge_registrations  # noqa: PLC0415
        from wijkactie.events.services import expire_offers  # noqa: PLC0415

        mails.register_attachment("events.calendar", calendar_attachment)
        jobs.register("offers", expire_offers)
        jobs.register("scheduled mails", send_scheduled_mails)
        jobs.register("retention registrations", purge_registrations, every=jobs.HOURLY)
