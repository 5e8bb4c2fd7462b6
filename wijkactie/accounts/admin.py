from django.contrib import admin

from wijkactie.accounts.models import Organisation, PartnerPeriod, Professional


class PartnerPeriodInline(admin.TabularInline):
    model = PartnerPeriod
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "needs_review"]
    list_filter = ["kind", "needs_review"]
    search_fields = ["name"]
    inlines = [PartnerPeriodInline]


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    """Accounts of the professional tools. Their scans are private and not shown here."""

    list_display = ["name", "user", "organisation", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]
