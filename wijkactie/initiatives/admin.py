from django.contrib import admin

from wijkactie.initiatives.models import Initiative


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood", "phase", "origin", "organisation", "updated_at"]
    list_filter = ["phase", "origin", "organisation"]
    search_fields = ["name", "neighbourhood"]
    list_select_related = ["organisation"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
