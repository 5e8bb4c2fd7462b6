"""Issuing invoices and credit invoices. The worker calls `issue_due_invoices` every round.

The confirmed paid registrations one person submitted together get one invoice, addressed to the
organisation (billing address and reference from the registration form), with a line per person,
mailed to the person who submitted them and to the invoice e-mail address they gave. Someone
confirmed later (from the waiting list) gets their own invoice when confirmed. A seat that ended
with the decision to credit (`Registration.charge`, decided by events.phases) gets a credit
invoice for its one line; a late cancellation whose charge stands gets none. Numbers are gap-free per
year: the year's counter row is locked, the number assigned, the PDF rendered and the invoice
written, all in one transaction, so a failed render leaves no hole.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkactie.core.mails import Attachment, attach
from wijkactie.core.pdf import render_pdf
from wijkactie.core.services import log_activity, queue_mail
from wijkactie.events.models import Registration
from wijkactie.events.pricing import Price
from wijkactie.invoices.models import Invoice, InvoiceLine, InvoiceSeries

PAID_STATES = (Registration.Status.CONFIRMED,)


def _next_number(year: int) -> tuple[int, str]:
    series, _created = InvoiceSeries.objects.get_or_create(year=year)
    series = InvoiceSeries.objects.select_for_update().get(pk=series.pk)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number, f"{year}-{series.last_number:06d}"


def submitter_of(registration: Registration) -> int:
    """The registration of the person who submitted this one (themselves when alone)."""
    return registration.registered_by_id or registration.pk


def _write(
    registrations: list[Registration],
    *,
    kind: str,
    addressee: Registration,
    credits: Invoice | None = None,
) -> Invoice:
    """One invoice (or credit invoice) with a line per registration, addressed to the
    organisation of the first and mailed to `addressee` (the person who submitted them)."""
    today = timezone.localdate()
    sequence, number = _next_number(today.year)
    first = registrations[0]
    unit = Price(first.price_excl_vat, first.vat_rate)
    sign = -1 if kind == Invoice.Kind.CREDIT else 1
    event = first.event
    with translation.override("nl"):
        description = _("Deelname aan '%(title)s' op %(date)s") % {
            "title": event.title,
            "date": timezone.localtime(event.starts_at).strftime("%d-%m-%Y"),
        }
    excl = unit.excl_vat.quantize(Decimal("0.01"))
    total = Price(excl * len(registrations), unit.vat_rate)
    invoice = Invoice(
        number=number,
        year=today.year,
        sequence=sequence,
        kind=kind,
        credits=credits,
        registration=addressee,
        issued_on=today,
        supplied_on=timezone.localtime(event.starts_at).date(),
        due_on=today + timedelta(days=settings.WIJKACTIE_PAYMENT_DAYS),
        seller=dict(settings.WIJKACTIE_SELLER),
        customer_name=first.organisation.name,
        customer_address=first.billing_address,
        customer_reference=first.billing_reference,
        description=description[:300],
        quantity=sign * len(registrations),
        unit_price_excl=unit.excl_vat,
        vat_rate=unit.vat_rate,
        vat_note=settings.WIJKACTIE_VAT_EXEMPTION_NOTE if unit.vat_rate == 0 else "",
        total_excl=sign * total.excl_vat.quantize(Decimal("0.01")),
        vat_amount=sign * total.vat,
        total_incl=sign * total.incl_vat,
    )
    lines = [
        InvoiceLine(
            registration=registration,
            kind=kind,
            description=f"{description}: {registration.full_name}"[:300],
            quantity=sign,
            unit_price_excl=unit.excl_vat,
            total_excl=sign * excl,
        )
        for registration in registrations
    ]
    with translation.override("nl"):
        invoice.pdf = render_pdf("invoices/invoice.html", {"invoice": invoice, "lines": lines})
    invoice.pdf_sha256 = hashlib.sha256(invoice.pdf).hexdigest()
    invoice.save()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    _mail(invoice, registrations)
    log_activity(actor=None, verb=f"{kind}_issued", obj_ref=f"invoices.invoice:{invoice.pk}")
    return invoice


def _mail(invoice: Invoice, registrations: list[Registration]) -> None:
    """To the person who submitted (unless their data was erased) and to the invoice address."""
    addressee = invoice.registration
    recipients = []
    if not addressee.anonymised_at:
        recipients.append((addressee.email, addressee))
    invoice_email = next((r.invoice_email for r in registrations if r.invoice_email), "")
    if invoice_email and invoice_email.lower() not in {e.lower() for e, _r in recipients}:
        recipients.append((invoice_email, None))
    for to, person in recipients:
        queue_mail(
            template="invoices/mail/invoice.txt",
            context={
                "invoice": invoice,
                "registration": person,
                "event": registrations[0].event,
                "names": [r.full_name for r in registrations],
            },
            language=addressee.language,
            key=f"invoice:{invoice.number}:{to.lower()}",
            topic=invoice.kind,
            to=to,
            object_ref=f"events.registration:{addressee.pk}",
            attachments=(attach("invoices.pdf", invoice=invoice),),
        )


def invoice_attachment(invoice: Invoice) -> Attachment:
    """The PDF as issued (stored with the invoice), attached when the mail is sent."""
    return Attachment(f"{invoice.number}.pdf", bytes(invoice.pdf), "application/pdf")


def _due(registration: Registration) -> bool:
    return (
        registration.status in PAID_STATES
        and registration.price_excl_vat > 0
        and registration.paid_by_id is None
        and registration.partner_check != Registration.PartnerCheck.PENDING
        and not InvoiceLine.objects.filter(
            registration=registration, kind=Invoice.Kind.INVOICE
        ).exists()
    )


def issue_invoice(*, registration_ids: list[int]) -> Invoice | None:
    """Writes: one invoice for those of these registrations (one submission) that are confirmed,
    paid and not yet invoiced; a line each. Idempotent."""
    with transaction.atomic():
        registrations = [
            r
            # Lock these registrations only, not their event: registering goes on meanwhile.
            for r in Registration.objects.select_for_update(of=("self",))
            .select_related("event", "organisation")
            .filter(pk__in=registration_ids)
            .order_by("arrival")
            if _due(r)
        ]
        if not registrations:
            return None
        submitter_id = submitter_of(registrations[0])
        addressee = next((r for r in registrations if r.pk == submitter_id), None)
        if addressee is None:
            addressee = Registration.objects.filter(pk=submitter_id).first() or registrations[0]
        return _write(registrations, kind=Invoice.Kind.INVOICE, addressee=addressee)


def holder_of(registration_id: int) -> Registration:
    """Who holds the seat that this registration's invoice line pays for now: itself, or the
    last colleague it was handed to like for like (`Registration.paid_by`)."""
    return (
        Registration.objects.select_related("event", "organisation")
        .filter(Q(pk=registration_id) | Q(paid_by_id=registration_id))
        .order_by("-pk")
        .first()
    )


def credit_line(*, line_id: int) -> Invoice | None:
    """Writes: a credit invoice for one person's line whose seat ended with the decision to
    credit (`Registration.Charge.CREDIT`: in time, or as staff decided), to whoever received the
    invoice. A seat handed on like for like is credited when its last holder's seat ends so.
    Idempotent."""
    with transaction.atomic():
        line = InvoiceLine.objects.select_related("invoice").get(pk=line_id)
        original = Invoice.objects.select_for_update().get(pk=line.invoice_id)
        registration = Registration.objects.select_related("event", "organisation").get(
            pk=line.registration_id
        )
        holder = holder_of(registration.pk)
        if (
            line.kind != Invoice.Kind.INVOICE
            or holder.status in PAID_STATES
            or holder.charge != Registration.Charge.CREDIT
            or InvoiceLine.objects.filter(
                registration=registration, kind=Invoice.Kind.CREDIT
            ).exists()
        ):
            return None
        return _write(
            [registration],
            kind=Invoice.Kind.CREDIT,
            addressee=original.registration,
            credits=original,
        )


def issue_due_invoices(*, limit: int = 50) -> int:
    """Invoices for confirmed paid registrations without one, one per submission; credits for
    the lines of registrations that ended."""
    done = 0
    due = (
        Registration.objects.filter(
            status__in=PAID_STATES, price_excl_vat__gt=0, paid_by__isnull=True
        )
        .exclude(partner_check=Registration.PartnerCheck.PENDING)
        .exclude(invoice_lines__kind=Invoice.Kind.INVOICE)
        .values_list("pk", "registered_by_id", "price_excl_vat", "vat_rate")[:limit]
    )
    submissions: dict[tuple, list[int]] = {}
    for pk, registered_by, price, rate in due:
        submissions.setdefault((registered_by or pk, price, rate), []).append(pk)
    for ids in submissions.values():
        done += issue_invoice(registration_ids=ids) is not None
    credit = Registration.Charge.CREDIT
    to_credit = (
        InvoiceLine.objects.filter(kind=Invoice.Kind.INVOICE)
        .filter(Q(registration__charge=credit) | Q(registration__carried_seats__charge=credit))
        .exclude(registration__invoice_lines__kind=Invoice.Kind.CREDIT)
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )
    for pk in list(to_credit):
        done += credit_line(line_id=pk) is not None
    return done
