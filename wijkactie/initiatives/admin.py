from django.contrib import admin

from wijkactie.initiatives import services
from wijkactie.initiatives.models import EDITABLE_FIELDS, Initiative


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood", "phase", "origin", "organisation", "updated_at"]
    list_filter = ["phase", "origin", "organisation"]
    search_fields = ["name", "neighbourhood"]
    list_select_related = ["organisation"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # initiatives are added in the register, by a member of the organisation

    def save_model(self, request, obj, form, change):
        """Through the initiative service: a phase change writes its phase history."""
        data = {f: form.cleaned_data[f] for f in form.changed_data if f in EDITABLE_FIELDS}
        themes = form.cleaned_data.get("themes", obj.themes.all())
        services.save_initiative(author=request.user, data=data, themes=themes, initiative=obj)
