"""Issuing invoices and credit invoices. The worker calls `issue_due_invoices` every round.

A confirmed registration with a price gets one invoice, addressed to the organisation (billing
address and reference from the registration form), for the attendee's place. A cancelled
registration whose invoice is not yet credited gets a credit invoice. Numbers are gap-free per
year: the year's counter row is locked, the number assigned, the PDF rendered and the invoice
written, all in one transaction, so a failed render leaves no hole.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkactie.core.pdf import render_pdf
from wijkactie.core.services import Attachment, log_activity, queue_email
from wijkactie.events.models import Registration
from wijkactie.events.pricing import Price
from wijkactie.invoices.models import Invoice, InvoiceSeries

PAID_STATES = (Registration.Status.CONFIRMED,)


def _next_number(year: int) -> tuple[int, str]:
    series, _created = InvoiceSeries.objects.get_or_create(year=year)
    series = InvoiceSeries.objects.select_for_update().get(pk=series.pk)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number, f"{year}-{series.last_number:06d}"


def _write(registration: Registration, *, kind: str, credits: Invoice | None = None) -> Invoice:
    today = timezone.localdate()
    sequence, number = _next_number(today.year)
    price = Price(registration.price_excl_vat, registration.vat_rate)
    sign = -1 if kind == Invoice.Kind.CREDIT else 1
    event = registration.event
    with translation.override("nl"):
        description = _("Deelname aan '%(title)s' op %(date)s: %(name)s") % {
            "title": event.title,
            "date": timezone.localtime(event.starts_at).strftime("%d-%m-%Y"),
            "name": registration.full_name,
        }
    invoice = Invoice(
        number=number,
        year=today.year,
        sequence=sequence,
        kind=kind,
        credits=credits,
        registration=registration,
        issued_on=today,
        supplied_on=timezone.localtime(event.starts_at).date(),
        due_on=today + timedelta(days=settings.WIJKACTIE_PAYMENT_DAYS),
        seller=dict(settings.WIJKACTIE_SELLER),
        customer_name=registration.organisation.name,
        customer_address=registration.billing_address,
        customer_reference=registration.billing_reference,
        description=description[:300],
        quantity=sign,
        unit_price_excl=price.excl_vat,
        vat_rate=price.vat_rate,
        vat_note=settings.WIJKACTIE_VAT_EXEMPTION_NOTE if price.vat_rate == 0 else "",
        total_excl=sign * price.excl_vat.quantize(Decimal("0.01")),
        vat_amount=sign * price.vat,
        total_incl=sign * price.incl_vat,
    )
    with translation.override("nl"):
        invoice.pdf = render_pdf("invoices/invoice.html", {"invoice": invoice})
    invoice.pdf_sha256 = hashlib.sha256(invoice.pdf).hexdigest()
    invoice.save()
    _mail(invoice)
    log_activity(actor=None, verb=f"{kind}_issued", obj_ref=f"invoices.invoice:{invoice.pk}")
    return invoice


def _mail(invoice: Invoice) -> None:
    registration = invoice.registration
    if registration.anonymised_at:
        return  # nobody to send it to any more; staff download it from the event page
    with translation.override(registration.language or "nl"):
        subject, _sep, body = render_to_string(
            "invoices/mail/invoice.txt", {"invoice": invoice, "registration": registration}
        ).partition("\n")
    queue_email(
        key=f"invoice:{invoice.number}",
        topic=invoice.kind,
        to=registration.email,
        subject=subject.strip(),
        body=body.strip() + "\n",
        object_ref=f"events.registration:{registration.pk}",
        attachments=(Attachment(f"{invoice.number}.pdf", bytes(invoice.pdf), "application/pdf"),),
    )


def issue_invoice(*, registration_id: int) -> Invoice | None:
    """Writes: an invoice for a confirmed, paid registration that has none. Idempotent."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("event", "organisation")
            .get(pk=registration_id)
        )
        if registration.status not in PAID_STATES or registration.price_excl_vat <= 0:
            return None
        if registration.partner_check == Registration.PartnerCheck.PENDING:
            return None  # staff first decide whether the organisation's partnership applies
        if Invoice.objects.filter(registration=registration, kind=Invoice.Kind.INVOICE).exists():
            return None
        return _write(registration, kind=Invoice.Kind.INVOICE)


def credit_invoice(*, invoice_id: int) -> Invoice | None:
    """Writes: a credit invoice for an invoice whose registration ended. Idempotent."""
    with transaction.atomic():
        original = Invoice.objects.select_for_update().get(pk=invoice_id)
        if (
            original.kind != Invoice.Kind.INVOICE
            or Invoice.objects.filter(credits=original).exists()
        ):
            return None
        registration = Registration.objects.select_related("event", "organisation").get(
            pk=original.registration_id
        )
        if registration.status in PAID_STATES:
            return None
        return _write(registration, kind=Invoice.Kind.CREDIT, credits=original)


def issue_due_invoices(*, limit: int = 50) -> int:
    """Invoices for confirmed paid registrations without one; credits for ended ones."""
    done = 0
    to_invoice = (
        Registration.objects.filter(status__in=PAID_STATES, price_excl_vat__gt=0)
        .exclude(partner_check=Registration.PartnerCheck.PENDING)
        .exclude(invoices__kind=Invoice.Kind.INVOICE)
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(to_invoice):
        done += issue_invoice(registration_id=pk) is not None
    to_credit = (
        Invoice.objects.filter(kind=Invoice.Kind.INVOICE, credited_by__isnull=True)
        .exclude(registration__status__in=PAID_STATES)
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(to_credit):
        done += credit_invoice(invoice_id=pk) is not None
    return done
