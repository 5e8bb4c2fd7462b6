from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from wijkactie.accounts.access import staff_required
from wijkactie.events.access import events_for
from wijkactie.invoices.models import Invoice


@staff_required
def invoice_pdf(request, number):
    """The stored PDF, exactly as the customer received it."""
    invoices = Invoice.objects.filter(registration__event__in=events_for(request.user))
    invoice = get_object_or_404(invoices, number=number)
    response = HttpResponse(bytes(invoice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
