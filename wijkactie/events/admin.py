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


class ReadOnlyInline(admin.TabularInline):
    """Shown, never edited here: an event's programme changes in the programme office (/beheer/),
    whose editor versions every change and tells the registrants (events/editing.py)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgrammePartInline(ReadOnlyInline):
    model = ProgrammePart
    fields = ["position", "starts_at", "ends_at", "kind", "label", "title"]
    show_change_link = True


class SpeakerInline(ReadOnlyInline):
    model = Speaker
    fields = ["name", "organisation", "topic"]


@admin.register(ProgrammePart)
class ProgrammePartAdmin(ReadOnlyAdmin):
    """Read-only, as the inlines: the programme office's editor is the one writer."""

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
            # Django saves the (read-only) inlines next, against this same object.
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
        except services.EventError as exc:
            messages.error(request, str(exc))


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """Read-only: seats change only through the capacity service (see the staff pages)."""

    list_display = ["full_name", "organisation", "event", "status", "arrival", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["last_name", "email", "organisation__name"]
