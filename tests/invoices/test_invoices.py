"""Invoices: issued once per paid seat, gap-free numbers, every mandatory field, credit invoices."""

import io
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from tests.factories import person, register, requires_postgres
from wijkactie.events import services as event_services
from wijkactie.events.pricing import Price
from wijkactie.invoices import services
from wijkactie.invoices.models import ImmutableInvoice, Invoice

pytestmark = pytest.mark.usefixtures("commits")


def pdf_text(invoice) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(invoice.pdf))).pages)


def paid(make_event, n=1, **event_fields):
    event = make_event(**{"capacity": 50, **event_fields})
    return event, [
        register(
            event,
            i,
            organisation="Gemeente Elders",
            auto_confirm=True,
        )
        for i in range(1, n + 1)
    ]


def test_a_confirmed_paid_seat_gets_one_invoice_with_every_mandatory_field(make_event):
    event, (registration,) = paid(make_event)
    registration.billing_address = "Postbus 1\nStadhuisplein 1\n1234 AB Elders"
    registration.billing_reference = "PO-2026-17"
    registration.save(update_fields=["billing_address", "billing_reference"])
    mail.outbox.clear()

    assert services.issue_due_invoices() == 1
    assert services.issue_due_invoices() == 0  # once
    invoice = Invoice.objects.get()
    year = invoice.issued_on.year
    assert invoice.number == f"{year}-000001"
    assert (invoice.total_excl, invoice.vat_amount, invoice.total_incl) == (
        Decimal("125.00"),
        Decimal("26.25"),
        Decimal("151.25"),
    )
    text = pdf_text(invoice)
    for field in (
        "Stichting Werken aan Leefbare Wijken (demo)",  # 1 supplier
        "Gemeente Elders",  # 1 customer
        "Voorbeeldstraat 1, 2511 AA Den Haag",  # 2 supplier address
        "Stadhuisplein 1",  # 2 customer address
        "btw-id NL000000000B00",  # 3
        "KvK 00000000",  # 4
        f"Factuurdatum {invoice.issued_on:%d-%m-%Y}",  # 5
        f"Factuurnummer {invoice.number}",  # 6
        f"Deelname aan '{event.title}'",  # 7
        f"Leverdatum {invoice.supplied_on:%d-%m-%Y}",  # 8
        "Totaal excl. btw € 125,00",  # 9
        "Btw 21%",  # 10
        "Btw 21% € 26,25",  # 11
        "Totaal incl. btw € 151,25",
        "PO-2026-17",
    ):
        assert field in text, field
    (message,) = mail.outbox
    assert message.subject == f"Factuur {invoice.number}: {event.title}"
    assert message.attachments[0].filename == f"{invoice.number}.pdf"
    assert message.attachments[0].content == bytes(invoice.pdf)


def test_partners_and_waiting_people_get_no_invoice(make_event, partner):
    event = make_event(capacity=1)
    register(event, 1, auto_confirm=True)  # partner organisation: free
    register(event, 2, organisation="Gemeente Elders")  # waiting
    assert services.issue_due_invoices() == 0
    assert not Invoice.objects.exists()


def test_cancellation_gives_a_credit_invoice_with_the_next_number(make_event):
    _event, (first, second) = paid(make_event, n=2)
    services.issue_due_invoices()
    event_services.cancel_registration(registration_id=first.pk)
    assert services.issue_due_invoices() == 1
    original = Invoice.objects.get(registration=first, kind="factuur")
    credit = Invoice.objects.get(kind="creditfactuur")
    assert credit.credits == original
    assert credit.sequence == 3
    assert (credit.total_excl, credit.vat_amount, credit.total_incl) == (
        Decimal("-125.00"),
        Decimal("-26.25"),
        Decimal("-151.25"),
    )
    assert f"Crediteert factuur {original.number}" in pdf_text(credit)
    assert services.issue_due_invoices() == 0


def test_an_issued_invoice_cannot_be_changed_or_deleted(make_event):
    paid(make_event)
    services.issue_due_invoices()
    invoice = Invoice.objects.get()
    invoice.total_incl = Decimal("1.00")
    with pytest.raises(ImmutableInvoice):
        invoice.save()
    with pytest.raises(ImmutableInvoice):
        invoice.delete()
    assert Invoice.objects.get().total_incl == Decimal("151.25")


def test_exempt_rate_shows_no_btw_and_the_exemption(make_event):
    paid(make_event, vat_rate=Decimal("0"))
    services.issue_due_invoices()
    invoice = Invoice.objects.get()
    assert (invoice.vat_amount, invoice.total_incl) == (Decimal("0.00"), Decimal("125.00"))
    assert "Vrijgesteld van btw (art. 11 lid 1 sub o Wet OB 1968)" in pdf_text(invoice)


@given(
    st.integers(min_value=1, max_value=50),
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("21"), Decimal("9"), Decimal("0")]),
)
def test_amounts_add_up_to_the_cent(quantity, unit, rate):
    price = Price(unit, rate)
    lines = [price] * quantity
    excl = sum(p.excl_vat for p in lines)
    vat = sum(p.vat for p in lines)
    incl = sum(p.incl_vat for p in lines)
    cent = Decimal("0.01")
    # every amount is whole cents, the total incl. is exactly excl. plus btw, and the btw per
    # line is the exact btw rounded to the nearest cent (so never off by more than half a cent)
    assert all(a == a.quantize(cent) for a in (excl, vat, incl))
    assert incl == excl + vat
    assert abs(price.vat - unit * rate / 100) <= Decimal("0.005")


def test_staff_download_the_stored_pdf(make_event, admin_client, client):
    paid(make_event)
    services.issue_due_invoices()
    invoice = Invoice.objects.get()
    response = admin_client.get(f"/beheer/facturen/{invoice.number}.pdf")
    assert response.content == bytes(invoice.pdf)
    assert client.get(f"/beheer/facturen/{invoice.number}.pdf").status_code == 302


@requires_postgres()
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # eight threads, eight connections: real commits
def test_numbers_stay_gap_free_when_issued_concurrently(make_event):
    _event, registrations = paid(make_event, n=40)
    ids = [r.pk for r in registrations]
    errors = []

    def issue(chunk):
        try:
            for pk in chunk:
                services.issue_invoice(registration_ids=[pk])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue, args=(ids[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 41))


def test_one_submission_gets_one_invoice_to_the_submitter_and_the_invoice_address(make_event):
    event = make_event(capacity=2)
    anouk, bram, chen = event_services.register_for_event(
        event_id=event.pk,
        organisation_name="Gemeente Elders",
        people=[
            person(1, domain="elders.test"),
            person(2, domain="elders.test"),
            person(3, domain="elders.test"),
        ],
        attends_all_parts=True,
        accepted_terms=True,
        billing_address="Postbus 9\n9999 ZZ Elders",
        invoice_email="Crediteuren@Elders.test",
    )
    assert chen.status == "waitlisted"  # two seats: Chen waits
    mail.outbox.clear()
    assert services.issue_due_invoices() == 1
    invoice = Invoice.objects.get()
    assert invoice.registration == anouk  # the person who submitted
    assert [line.registration for line in invoice.lines.all()] == [anouk, bram]
    assert (invoice.quantity, invoice.total_excl, invoice.total_incl) == (
        2,
        Decimal("250.00"),
        Decimal("302.50"),
    )
    text = pdf_text(invoice)
    assert "Deelnemer1 Achternaam1" in text and "Deelnemer2 Achternaam2" in text
    assert "Postbus 9" in text and "Totaal incl. btw € 302,50" in text
    assert sorted(m.to[0] for m in mail.outbox) == ["crediteuren@elders.test", anouk.email]
    assert "- Deelnemer2 Achternaam2" in mail.outbox[0].body
    assert not any(m.to == [bram.email] for m in mail.outbox)

    # Bram cancels: a credit invoice for his line alone, with the next number.
    event_services.cancel_registration(registration_id=bram.pk)
    chen.refresh_from_db()
    assert chen.status == "offered"
    event_services.accept_offer(registration_id=chen.pk)
    mail.outbox.clear()
    assert services.issue_due_invoices() == 2  # Chen's own invoice, and Bram's credit
    credit = Invoice.objects.get(kind="creditfactuur")
    assert credit.credits == invoice
    assert [line.registration for line in credit.lines.all()] == [bram]
    assert credit.total_incl == Decimal("-151.25")
    later = Invoice.objects.exclude(pk__in=[invoice.pk, credit.pk]).get()
    assert [line.registration for line in later.lines.all()] == [chen]
    assert later.registration == anouk  # still mailed to the person who registered Chen
    assert services.issue_due_invoices() == 0


@requires_postgres()
@pytest.mark.postgres
def test_invoicing_locks_the_registrations_not_the_event(make_event):
    """An invoice (with its PDF) takes a while; registering for the event must not wait on it."""
    from django.test.utils import CaptureQueriesContext

    paid(make_event)
    with CaptureQueriesContext(connection) as queries:
        assert services.issue_due_invoices() == 1
    locks = [
        q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and "events_registration" in q["sql"]
    ]
    assert locks and all('FOR UPDATE OF "events_registration"' in sql for sql in locks)
