from django.contrib import admin

from wijkactie.accounts.models import Organisation, PartnerPeriod


class PartnerPeriodInline(admin.TabularInline):
    model = PartnerPeriod
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "needs_review"]
    list_filter = ["kind", "needs_review"]
    search_fields = ["name"]
    inlines = [PartnerPeriodInline]
