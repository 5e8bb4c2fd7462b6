"""Demo data of the whole site, each app's part in turn (idempotent; development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wijkactie.actie.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_actie
from wijkactie.core.services import mail_left_to_the_worker
from wijkactie.events.demo import seed_events
from wijkactie.followup.demo import seed_followup
from wijkactie.initiatives.demo import seed_initiatives


class Command(BaseCommand):
    help = "Load demo data (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEVELOPMENT:
            # The demo has a superuser with a published password: never outside development.
            raise CommandError(
                "Demo data only in development (WIJKACTIE_DEVELOPMENT=1, as ./run sets it)."
            )
        # The demo's mails (about a hundred) are sent by the worker's first round, not one by
        # one while loading: loading takes half the time.
        with mail_left_to_the_worker():
            organisations, seed_event = seed_events()
            seed_actie(organisations[0], seed_event)
            seed_initiatives(organisations[0], seed_event)
            seed_followup(organisations, seed_event)
        self.stdout.write(
            "Demo data klaar. Beheer: /beheer/inloggen/ (organisator 'organisator@wijkactie.demo' of "
            "beheerder 'beheer', wachtwoord 'wijkactie-demo'). "
            f"Een afgelopen bijeenkomst met terugblik: /bijeenkomsten/actie-instrument-eerste-ronde/. ACTIE-scan: /actie/ (inloggen met {DEMO_EMAIL} en wachtwoord '{DEMO_PASSWORD}', of "
            "met een inloglink uit var/mail/)."
        )
