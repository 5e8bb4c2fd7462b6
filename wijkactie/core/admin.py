from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    """Mails are shown, never changed. A mail that carries a secret (a sign-in link) shows no
    body: whoever reads it could sign in as the recipient."""

    list_display = ["created_at", "topic", "to", "status", "attempts", "sent_at"]
    list_filter = ["status", "topic"]
    search_fields = ["to", "subject"]
    fields = [
        "topic",
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "message_id",
    ]
    readonly_fields = fields

    @admin.display(description=_("inhoud"))
    def body(self, obj):
        if obj.carries_secret:
            return _("(verborgen: deze e-mail bevat een persoonlijke link)")
        return obj.body_text

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
