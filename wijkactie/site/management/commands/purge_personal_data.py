import json

from django.core.management.base import BaseCommand

from wijkactie.actie.retention import purge_actie_data
from wijkactie.events.retention import purge_registrations
from wijkactie.initiatives.retention import purge_initiatives_data


class Command(BaseCommand):
    help = (
        "Delete or anonymise personal data past its retention period in every app (registrations, "
        "ACTIE group data, cases and imports; the worker also runs this every hour) and print the "
        "counts as JSON."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            json.dumps({**purge_registrations(), **purge_actie_data(), **purge_initiatives_data()})
        )
