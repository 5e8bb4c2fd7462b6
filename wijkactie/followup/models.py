import uuid

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
        CHECKIN = "checkin", _("Ingecheckt bij de ingang")
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


class Evaluation(models.Model):
    """An event's evaluation: on or off, and its texts (blank: the default text is used)."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="evaluation")
    is_on = models.BooleanField(
        _("evaluatie versturen"),
        default=True,
        help_text=_("Na afloop krijgt iedereen die bij een deel aanwezig was de vragen."),
    )
    intro = models.TextField(_("inleiding"), max_length=2000, blank=True)
    question_apply = models.CharField(_("vraag: wat gaat u toepassen"), max_length=200, blank=True)
    question_improve = models.CharField(_("vraag: wat kan beter"), max_length=200, blank=True)
    question_topics = models.CharField(_("vraag: onderwerpen"), max_length=200, blank=True)
    on_recap = models.BooleanField(
        _("rapportcijfer en respons tonen op de terugblik"), default=False
    )

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")

    def __str__(self) -> str:
        return str(self.event)


class EvaluationInvite(models.Model):
    """Someone present at a part of the event was asked to evaluate it, with a link that works
    once. Which answer is theirs is not stored anywhere (EvaluationAnswer has no link back), and
    not when they answered: only whether (what the reminder needs)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation_invite"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.registration}"


class EvaluationAnswer(models.Model):
    """One person's answers, without who they are: no registration, no name, no time, no set
    of parts attended (a pattern that can single someone out: how useful each part was is only
    counted, in PartTally). The key is random, and the event's answers are written again in
    the order of their content after each new one (evaluation.submit_evaluation), so neither
    the key nor where a row sits on disk (SQLite's rowid, PostgreSQL's heap) follows the order
    in which people answered. Once five have answered, the type of their organisation is shown
    (stored always)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evaluation_answers")
    grade = models.PositiveSmallIntegerField(_("rapportcijfer"))
    will_apply = models.TextField(max_length=2000, blank=True)
    improve = models.TextField(max_length=2000, blank=True)
    topics = models.TextField(max_length=2000, blank=True)
    organisation_type = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=10), name="grade_one_to_ten"
            )
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.event}: {self.grade}"


class PartTally(models.Model):
    """How many answers gave a part of the programme a score (1..5; 0: attended, no score):
    counted, never per person. Rewritten in a fixed order with each answer, like the answers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="part_tallies")
    part = models.ForeignKey(ProgrammePart, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["part", "score"], name="one_tally_per_part_and_score")
        ]

    def __str__(self) -> str:
        return f"{self.part}: {self.score} × {self.count}"


class Certificate(models.Model):
    """Proof of attendance. While the registration exists the verification page shows the
    initials; after anonymisation only a hash of the name is left (checked against the name the
    verifier types), with the event and the hours."""

    code = models.CharField(max_length=20, unique=True)
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate",
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="certificates")
    parts = models.JSONField(default=list)  # [{"label", "title", "starts", "ends"}]
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    # {"register", "number"} as the event had them when it was issued; points: earned with it.
    accreditation = models.JSONField(default=dict, blank=True)
    points = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    name_hash = models.CharField(max_length=64)
    issued_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.code


class Recap(models.Model):
    """The terugblik: after the session, the public event page carries its knowledge on."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="recap")
    report = models.TextField(
        _("verslag"),
        max_length=20000,
        blank=True,
        help_text=_(
            "Kort verslag in Markdown: **vet**, *schuin*, lijstjes met -, [link](https://…)."
        ),
    )
    is_published = models.BooleanField(_("terugblik tonen op de pagina"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    mail_no_shows = models.BooleanField(
        _("wie niet kwam een korte mail met de terugblik sturen"),
        default=True,
        help_text=_(
            "Eén keer, aan wie zich had aangemeld maar bij geen enkel onderdeel was, "
            "met de volgende bijeenkomsten van het programma."
        ),
    )

    class Meta:
        verbose_name = _("terugblik")
        verbose_name_plural = _("terugblikken")

    def __str__(self) -> str:
        return str(self.event)


class Material(models.Model):
    """A file shown on the terugblik, stored outside the static files (MEDIA_ROOT is served by
    no URL: every download goes through a view that checks who may have it)."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Iedereen")
        ATTENDEES = "attendees", _("Alleen deelnemers (via hun persoonlijke link)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("titel"), max_length=150)
    file = models.FileField(upload_to="materialen/%Y/")
    filename = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    audience = models.CharField(
        _("voor wie"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1].upper()
