from django.contrib import admin

from wijkactie.core.admin import ReadOnlyAdmin
from wijkactie.invoices.models import Invoice


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    """Read-only: an issued invoice is never changed; corrections are credit invoices."""

    list_display = ["number", "kind", "customer_name", "total_incl", "issued_on"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "customer_name", "registration__email"]
    exclude = ["pdf"]
