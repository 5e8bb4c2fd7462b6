"""Invoices and credit invoices for paid registrations.

An invoice is written once, complete: number, parties, lines, amounts and the PDF the customer
receives (with its SHA-256). It is never changed afterwards; a correction is a credit invoice with
its own number that refers to the original. One invoice covers the people one person registered
together (a line each); a cancellation is credited per person (a credit invoice with one line).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableInvoice(Exception):
    """An issued invoice cannot be changed; issue a credit invoice instead."""


class InvoiceSeries(models.Model):
    """One gap-free counter per calendar year; its row is locked while a number is assigned."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Invoice(models.Model):
    class Kind(models.TextChoices):
        INVOICE = "factuur", _("Factuur")
        CREDIT = "creditfactuur", _("Creditfactuur")

    number = models.CharField(_("factuurnummer"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    kind = models.CharField(_("soort"), max_length=15, choices=Kind.choices)
    credits = models.ForeignKey(
        "self",
        verbose_name=_("crediteert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
    # The person who submitted the registrations: the invoice is mailed to them.
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("aangemeld door"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    issued_on = models.DateField(_("factuurdatum"))
    supplied_on = models.DateField(_("leverdatum"))
    due_on = models.DateField(_("te betalen voor"))
    seller = models.JSONField(_("leverancier"))
    customer_name = models.CharField(_("klant"), max_length=150)
    customer_address = models.TextField(_("adres klant"))
    customer_reference = models.CharField(
        _("inkoopnummer/kostenplaats"), max_length=100, blank=True
    )
    description = models.CharField(_("omschrijving"), max_length=300)
    quantity = models.IntegerField(_("aantal"))
    unit_price_excl = models.DecimalField(
        _("prijs per stuk excl. btw"), max_digits=10, decimal_places=2
    )
    vat_rate = models.DecimalField(_("btw-tarief"), max_digits=4, decimal_places=2)
    vat_note = models.CharField(_("btw-vermelding"), max_length=200, blank=True)
    total_excl = models.DecimalField(_("totaal excl. btw"), max_digits=10, decimal_places=2)
    vat_amount = models.DecimalField(_("btw"), max_digits=10, decimal_places=2)
    total_incl = models.DecimalField(_("totaal incl. btw"), max_digits=10, decimal_places=2)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_sequence_unique"),
        ]
        verbose_name = _("factuur")
        verbose_name_plural = _("facturen")

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableInvoice(self.number)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableInvoice(self.number)


class InvoiceLine(models.Model):
    """One person's place on an invoice (or its credit). A person is invoiced once and credited
    at most once."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("factuur"), on_delete=models.PROTECT, related_name="lines"
    )
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("aanmelding"),
        on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    kind = models.CharField(_("soort"), max_length=15, choices=Invoice.Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    quantity = models.IntegerField(_("aantal"))
    unit_price_excl = models.DecimalField(
        _("prijs per stuk excl. btw"), max_digits=10, decimal_places=2
    )
    total_excl = models.DecimalField(_("bedrag excl. btw"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["invoice", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(kind="factuur"),
                name="one_invoice_line_per_registration",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(kind="creditfactuur"),
                name="one_credit_line_per_registration",
            ),
        ]
        verbose_name = _("factuurregel")
        verbose_name_plural = _("factuurregels")

    def __str__(self) -> str:
        return f"{self.invoice}: {self.description}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableInvoice(str(self.invoice_id))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableInvoice(str(self.invoice_id))
