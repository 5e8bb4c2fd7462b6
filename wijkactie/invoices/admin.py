from django.contrib import admin

from wijkactie.invoices.models import Invoice


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read-only: an issued invoice is never changed; corrections are credit invoices."""

    list_display = ["number", "kind", "customer_name", "total_incl", "issued_on"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "customer_name", "registration__email"]
    exclude = ["pdf"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
