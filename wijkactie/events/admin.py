from django.contrib import admin, messages

from wijkactie.core.admin import ReadOnlyAdmin
from wijkactie.events import services
from wijkactie.events.models import Event, ProgrammePart, Registration, Speaker


class ProgrammePartInline(admin.TabularInline):
    model = ProgrammePart
    extra = 1
    fields = ["position", "starts_at", "ends_at", "kind", "label", "title"]
    show_change_link = True


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1


@admin.register(ProgrammePart)
class ProgrammePartAdmin(admin.ModelAdmin):
    list_display = ["event", "starts_at", "ends_at", "label", "title"]
    list_filter = ["event"]
    inlines = [SpeakerInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "location_kind", "capacity", "is_published"]
    list_filter = ["is_published", "location_kind"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProgrammePartInline]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        data = {f: form.cleaned_data[f] for f in form.changed_data if f in services.EVENT_FIELDS}
        try:
            services.update_event(event_id=obj.pk, data=data, actor=request.user)
        except services.CapacityTooLow as exc:
            messages.error(request, str(exc))


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Read-only: seats change only through the capacity service (see the staff pages)."""

    list_display = ["full_name", "organisation", "event", "status", "arrival", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["last_name", "email", "organisation__name"]
