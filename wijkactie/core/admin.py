from django.contrib import admin

from wijkactie.core.models import ActivityLog, OutgoingEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through a service (or never): visible, not editable."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "topic", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "topic"]
    search_fields = ["to", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "verb", "object_ref", "actor"]
    list_filter = ["verb"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
