from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from wijkactie.invoices.models import Invoice


@staff_member_required
def invoice_pdf(request, number):
    """The stored PDF, exactly as the customer received it."""
    invoice = get_object_or_404(Invoice, number=number)
    response = HttpResponse(bytes(invoice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
