"""Attendee exports for organisers (CSV and XLSX), safe against spreadsheet formula injection."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from wijkactie.events.pricing import Price
from wijkactie.events.queries import with_waitlist_positions

HEADER = [  # translated when written
    gettext_noop("Volgnummer"),
    gettext_noop("Status"),
    gettext_noop("Positie wachtlijst"),
    gettext_noop("Voornaam"),
    gettext_noop("Tussenvoegsel"),
    gettext_noop("Achternaam"),
    gettext_noop("E-mail"),
    gettext_noop("Organisatie"),
    gettext_noop("Functie"),
    gettext_noop("Alle delen"),
    gettext_noop("Prijs excl. btw"),
    gettext_noop("Btw"),
    gettext_noop("Prijs incl. btw"),
    gettext_noop("Factuuradres"),
    gettext_noop("Inkoopnummer/kostenplaats"),
    gettext_noop("Aangemeld op"),
]


def inert(value):
    """A cell that starts like a formula is written as text, so a spreadsheet never runs it."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def attendee_rows(registrations) -> list[list]:
    rows = []
    for r in with_waitlist_positions(registrations):
        price = Price(r.price_excl_vat, r.vat_rate)
        rows.append(
            [
                r.arrival,
                r.get_status_display(),
                r.position or "",
                r.first_name,
                r.name_prefix,
                r.last_name,
                r.email,
                r.organisation.name,
                r.get_role_display(),
                _("ja") if r.attends_all_parts else _("nee"),
                f"{price.excl_vat:.2f}",
                f"{price.vat:.2f}",
                f"{price.incl_vat:.2f}",
                r.billing_address,
                r.billing_reference,
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(_(h)) for h in HEADER])
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Deelnemers")
    sheet.append([str(_(h)) for h in HEADER])
    for row in rows:
        sheet.append([inert(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
