from django.contrib import admin, messages

from wijkactie.core.admin import ReadOnlyAdmin
from wijkactie.events import services
from wijkactie.events.models import Event, Programme, ProgrammePart, Registration, Speaker


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """Administrators make programmes and choose their organisers (programme staff)."""

    list_display = ["name", "slug", "contact_email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisers"]


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
        """Through the event services, so a new event and every change leave an activity entry
        and a larger capacity is offered to the queue."""
        if not change:
            data = {f: v for f, v in form.cleaned_data.items() if f in services.EVENT_FIELDS}
            created = services.create_event(data=data, actor=request.user)
            # The inlines are saved next, against this same object.
            obj.pk, obj.created_at, obj.updated_at = (
                created.pk,
                created.created_at,
                created.updated_at,
            )
            obj._state.adding, obj._state.db = False, created._state.db
            return
        data = {f: form.cleaned_data[f] for f in form.changed_data if f in services.EVENT_FIELDS}
        try:
            services.update_event(event_id=obj.pk, data=data, actor=request.user)
        except services.RegistrationError as exc:
            messages.error(request, str(exc))


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Read-only: seats change only through the capacity service (see the staff pages)."""

    list_display = ["full_name", "organisation", "event", "status", "arrival", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["last_name", "email", "organisation__name"]
