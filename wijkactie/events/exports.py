"""Attendee exports for organisers (CSV and XLSX), safe against spreadsheet formula injection."""

import csv
import io

from openpyxl import Workbook

from wijkactie.events.models import Registration
from wijkactie.events.pricing import Price

HEADER = [
    "Volgnummer",
    "Status",
    "Positie wachtlijst",
    "Voornaam",
    "Tussenvoegsel",
    "Achternaam",
    "E-mail",
    "Organisatie",
    "Functie",
    "Alle delen",
    "Prijs excl. btw",
    "Btw",
    "Prijs incl. btw",
    "Factuuradres",
    "Inkoopnummer/kostenplaats",
    "Aangemeld op",
]


def inert(value):
    """A cell that starts like a formula is written as text, so a spreadsheet never runs it."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def attendee_rows(registrations) -> list[list]:
    rows, position = [], 0
    for r in registrations:
        waiting = r.status == Registration.Status.WAITLISTED
        position += waiting
        price = Price(r.price_excl_vat, r.vat_rate)
        rows.append(
            [
                r.arrival,
                r.get_status_display(),
                position if waiting else "",
                r.first_name,
                r.name_prefix,
                r.last_name,
                r.email,
                r.organisation.name,
                r.get_role_display(),
                "ja" if r.attends_all_parts else "nee",
                f"{price.excl_vat:.2f}",
                f"{price.vat:.2f}",
                f"{price.incl_vat:.2f}",
                r.billing_address,
                r.billing_reference,
                r.created_at.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Deelnemers")
    sheet.append(HEADER)
    for row in rows:
        sheet.append([inert(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
