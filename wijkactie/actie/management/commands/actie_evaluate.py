"""Run the ACTIE engine on one scan document and print the result as JSON.

    python -m wijkactie actie_evaluate scan.json
    echo '{"answers": {"A2": 4}}' | python -m wijkactie actie_evaluate -

Exit status 2 with a Dutch message when the file cannot be read or the document is invalid.
"""

import json
import sys

from django.core.management.base import BaseCommand

from wijkactie.actie.content import registry
from wijkactie.actie.engine import InvalidScan, evaluate_document


class Command(BaseCommand):
    help = (
        "Beoordeel één ACTIE-scan (JSON-bestand of - voor standaardinvoer) en print het resultaat."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON-bestand met de scan, of - voor standaardinvoer")
        parser.add_argument(
            "--content-version", help="inhoudsversie (standaard de nieuwste)", default=None
        )

    def handle(self, *args, file, content_version, **options):
        contents = registry()
        if content_version and content_version not in contents.versions:
            self._fail(
                f"Onbekende inhoudsversie {content_version}; bekend: {', '.join(contents.versions)}."
            )
        content = contents.get(content_version) if content_version else contents.current
        try:
            raw = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()  # noqa: SIM115
        except OSError as error:
            self._fail(f"Kan {file} niet lezen: {error.strerror}.")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            self._fail(
                f"Het bestand is niet in UTF-8 opgeslagen (byte {error.start + 1}). "
                "Sla het op als UTF-8 en probeer het opnieuw."
            )
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(
                f"Geen geldige JSON (regel {error.lineno}, kolom {error.colno}): {error.msg}."
            )
        except RecursionError:
            self._fail("Geen geldige scan: de JSON is te diep genest.")
        try:
            result = evaluate_document(content, document)
        except InvalidScan as error:
            self._fail("Ongeldige scan:\n" + "\n".join(f"- {p}" for p in error.problems))
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
