from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Mails whose body works as a key (a sign-in link): never shown to staff, blanked once sent.
# Mails with a link that acts as its recipient (signing in, the once-only evaluation): nobody
# else reads them, not in the outbox, the previews or admin, and after sending the text is gone.
SECRET_TOPICS = frozenset({"signin", "evaluation", "evaluation_reminder"})
REDACTED_BODY = "(persoonlijke link verwijderd na verzending)"


class OutgoingEmail(models.Model):
    """A mail in the durable outbox: written in the transaction that caused it, sent by a task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        SENDING = "sending", _("Wordt verzonden")
        HANDOVER = "handover", _("Overgedragen aan de mailserver, niet bevestigd")
        RETRY = "retry", _("Nieuwe poging gepland")
        SENT = "sent", _("Verzonden")
        FAILED = "failed", _("Mislukt")

    idempotency_key = models.CharField(max_length=200, unique=True)
    topic = models.CharField(_("soort"), max_length=50)
    object_ref = models.CharField(max_length=100, blank=True, db_index=True)
    to = models.EmailField(_("aan"))
    # What the mail says is rendered when it is sent (core.mails): until then the row holds the
    # template, the language and a small context of references; subject and body are filled in
    # once it has gone.
    template = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=10, blank=True)
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=250, blank=True)
    body_text = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    message_id = models.CharField(max_length=250)
    reply_to = models.EmailField(blank=True)  # the programme's contact: where a reply should go
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")

    def __str__(self) -> str:
        return f"{self.topic} → {self.to}"

    @property
    def carries_secret(self) -> bool:
        return self.topic in SECRET_TOPICS


class ActivityLog(models.Model):
    """An audit entry for a state change, written in the same transaction as the change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    verb = models.CharField(max_length=60)
    object_ref = models.CharField(max_length=100, db_index=True)
    scope_ref = models.CharField(max_length=100, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")

    def __str__(self) -> str:
        return f"{self.verb} {self.object_ref}"


class WorkerHeartbeat(models.Model):
    """One row per running worker, touched every round: `/readyz` reports a stale worker."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class JobRun(models.Model):
    """When a periodic job with an interval last started, shared by every worker: an hourly job
    runs once an hour however many workers there are (see core.jobs.claim)."""

    name = models.CharField(max_length=100, primary_key=True)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
