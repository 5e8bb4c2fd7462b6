"""Answer a request about one person's data: print it as JSON, or erase it.

python -m wijkactie personal_data naam@organisatie.nl            # export (AVG art. 15)
python -m wijkactie personal_data naam@organisatie.nl --erase --yes   # erase (art. 17)
"""

import json
import sys

from django.core.management.base import BaseCommand

from wijkactie.site import personal_data


class Command(BaseCommand):
    help = "Gegevens van één e-mailadres tonen (JSON) of wissen."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true", help="wissen in plaats van tonen")
        parser.add_argument("--yes", action="store_true", help="bevestig het wissen")

    def handle(self, *args, email, erase, yes, **options):
        if "@" not in email:
            self.stderr.write("Geef een e-mailadres.")
            sys.exit(2)
        if erase and not yes:
            self.stderr.write("Wissen kan niet ongedaan worden: voeg --yes toe om te bevestigen.")
            sys.exit(2)
        result = personal_data.erase(email) if erase else personal_data.export(email)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
