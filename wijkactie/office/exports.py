"""Attendee exports for organisers (CSV and XLSX), safe against spreadsheet formula injection."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkactie.core.exports import csv_bytes, xlsx_bytes
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
                price.excl_vat,
                price.vat,
                price.incl_vat,
                r.billing_address,
                r.billing_reference,
                r.created_at,
            ]
        )
    return rows


def to_csv(rows: list[list]) -> bytes:
    return csv_bytes([str(_(h)) for h in HEADER], rows)


def to_xlsx(rows: list[list]) -> bytes:
    return xlsx_bytes("Deelnemers", [str(_(h)) for h in HEADER], rows)
