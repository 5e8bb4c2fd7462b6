from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkactie.events.models import Event, ProgrammePart, Registration


class Attendance(models.Model):
    """Whether a registration was at one part of the programme. No row: not known (yet)."""

    class State(models.TextChoices):
        PRESENT = "present", _("Aanwezig")
        ABSENT = "absent", _("Afwezig")

    class Source(models.TextChoices):
        TEAMS = "teams", _("Teams-rapport")
        CHECKIN = "checkin", _("Aanmelden bij de deur")
        MANUAL = "manual", _("Met de hand")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance"
    )
    part = models.ForeignKey(ProgrammePart, on_delete=models.CASCADE, related_name="attendance")
    state = models.CharField(_("aanwezigheid"), max_length=10, choices=State.choices)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    minutes = models.PositiveIntegerField(_("minuten aanwezig"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "part"], name="one_attendance_per_part")
        ]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")

    def __str__(self) -> str:
        return f"{self.registration} · {self.part}: {self.get_state_display()}"


class AttendanceImport(models.Model):
    """An uploaded Teams report, read and matched; saved into attendance only on confirmation,
    once. `report` holds what the organiser saw: rows with their matches and minutes per part."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance_imports")
    filename = models.CharField(max_length=200)
    report = models.JSONField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} · {self.filename}"
