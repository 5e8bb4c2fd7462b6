"""Resident initiatives, practice cases and the afternoon casework groups of an event.

No resident's personal data is stored here: an initiative has an organisational contact, a case is
written by a professional about a situation, not about people.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    BEWONERS = "bewoners", _("Bewoners")
    ORGANISATIE = "organisatie", _("Mijn of een andere organisatie")
    SAMEN = "samen", _("Bewoners en organisatie samen")


class Phase(models.IntegerChoices):
    IDEE = 1, _("1. Idee & verkenning")
    OPSTART = 2, _("2. Opstart & organiseren")
    UITVOERING = 3, _("3. Uitvoering")
    BORGEN = 4, _("4. Borgen & doorgroeien")
    AFRONDEN = 5, _("5. Afronden / afbouwen")


class Initiative(models.Model):
    class Visibility(models.TextChoices):
        ORGANISATION = "organisatie", _("Alleen mijn organisatie")
        PROFESSIONALS = "professionals", _("Alle professionals met een account")
        PUBLIC = "openbaar", _("Iedereen (openbaar)")

    class Status(models.TextChoices):
        ACTIVE = "actief", _("Actief")
        PAUSED = "gepauzeerd", _("Gepauzeerd")
        STOPPED = "gestopt", _("Gestopt")

    class Circumstances(models.TextChoices):
        HARDER = "moeilijker", _("Moeilijker geworden")
        EASIER = "makkelijker", _("Makkelijker geworden")
        SAME = "geen_verschil", _("Geen verschil")
        UNKNOWN = "onbekend", _("Weet ik niet")

    class Geocode(models.TextChoices):
        NONE = "geen", _("Geen adres")
        PENDING = "wachten", _("Wordt nog opgezocht")
        FOUND = "gevonden", _("Gevonden")
        NOT_FOUND = "niet_gevonden", _("Niet gevonden")
        MANUAL = "handmatig", _("Handmatig geplaatst")

    name = models.CharField(_("naam van het initiatief"), max_length=150)
    description = models.TextField(_("beschrijving"), max_length=3000, blank=True)
    neighbourhood = models.CharField(_("buurt of wijk"), max_length=150, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    neighbourhood_code = models.CharField(_("CBS-buurtcode"), max_length=10, blank=True)
    neighbourhood_code_year = models.PositiveSmallIntegerField(
        _("jaar van de buurtcode"), null=True, blank=True
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="initiatives")
    phase = models.PositiveSmallIntegerField(_("fase"), choices=Phase.choices)
    origin = models.CharField(_("wie nam het initiatief?"), max_length=20, choices=Origin.choices)
    support_needed = models.TextField(_("gevraagde ondersteuning"), max_length=2000, blank=True)
    needs_support = models.BooleanField(_("vraagt ondersteuning"), default=False)
    circumstances = models.CharField(
        _("invloed van corona of andere omstandigheden"),
        max_length=20,
        choices=Circumstances.choices,
        default=Circumstances.UNKNOWN,
    )
    circumstances_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    contact_name = models.CharField(_("contactpersoon (organisatie)"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon (werk)"), blank=True)
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=15,
        choices=Visibility.choices,
        default=Visibility.ORGANISATION,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    address = models.CharField(_("adres of plek"), max_length=200, blank=True)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    geocode_status = models.CharField(max_length=15, choices=Geocode.choices, default=Geocode.NONE)
    geocode_attempts = models.PositiveSmallIntegerField(default=0)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["visibility", "status"]),
            models.Index(fields=["municipality"]),
            models.Index(fields=["geocode_status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__range=(-90, 90), longitude__range=(-180, 180)),
                name="initiative_position_complete_and_valid",
            )
        ]
        verbose_name = _("bewonersinitiatief")
        verbose_name_plural = _("bewonersinitiatieven")

    def __str__(self) -> str:
        return self.name


# What a professional edits (form, service and import share this list).
EDITABLE_FIELDS = (
    "name",
    "description",
    "address",
    "neighbourhood",
    "municipality",
    "phase",
    "origin",
    "needs_support",
    "support_needed",
    "circumstances",
    "circumstances_note",
    "contact_name",
    "contact_email",
    "visibility",
    "status",
)


class PhaseChange(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.PositiveSmallIntegerField(_("fase"), choices=Phase.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.phase}"


def new_follow_token() -> str:
    return secrets.token_urlsafe(24)


class PracticeCase(models.Model):
    """A case contributed for a session ("Doe mee en draag bij!"): a question or an example."""

    class Kind(models.TextChoices):
        QUESTION = "vraagstuk", _("Praktijkvraagstuk")
        EXAMPLE = "voorbeeld", _("Inspirerend voorbeeld")

    class Status(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        IN_REVIEW = "in_behandeling", _("In behandeling")
        ACCEPTED = "geaccepteerd", _("Geaccepteerd")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        DECLINED = "afgewezen", _("Afgewezen")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=150)
    situation = models.TextField(_("de situatie"), max_length=4000)
    question = models.TextField(_("de vraag, of wat anderen ervan kunnen leren"), max_length=2000)
    neighbourhood = models.CharField(_("buurt of wijk"), max_length=150, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=100)
    themes = models.ManyToManyField(Theme, blank=True, related_name="cases")
    contributor_name = models.CharField(_("je naam"), max_length=150)
    contributor_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie van de inzender"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    contributor_email = models.EmailField(_("e-mailadres (werk)"))
    may_use_in_session = models.BooleanField(_("mag gebruikt worden in een bijeenkomst"))
    may_publish = models.BooleanField(_("mag gepubliceerd worden"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.NEW
    )
    accepted_event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("geaccepteerd voor bijeenkomst"),
    )
    accepted_for_publication = models.BooleanField(default=False)
    decline_reason = models.TextField(_("reden"), max_length=1000, blank=True)
    follow_token = models.CharField(max_length=64, unique=True, default=new_follow_token)
    submitted_from = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("taal van de inbrenger"), max_length=5, default="nl")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "published_at"])]
        verbose_name = _("praktijkcasus")
        verbose_name_plural = _("praktijkcasussen")

    def __str__(self) -> str:
        return self.title


class CaseGroup(models.Model):
    """One group of the afternoon casework of an event, around one case."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="case_groups",
    )
    number = models.PositiveSmallIntegerField()
    case = models.ForeignKey(
        PracticeCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="groups"
    )
    explanation = models.JSONField(default=list, blank=True)
    session = models.OneToOneField(
        "actie.GroupSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_group",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="case_group_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event} – groep {self.number}"


class CaseGroupMember(models.Model):
    group = models.ForeignKey(CaseGroup, on_delete=models.CASCADE, related_name="members")
    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="case_group_member"
    )

    class Meta:
        ordering = ["group", "registration__last_name"]

    def __str__(self) -> str:
        return f"{self.registration} in {self.group}"


class InitiativeImport(models.Model):
    """An uploaded inventory: checked by the worker (never in a request), then waiting for
    confirmation with the valid rows and the report of the bad ones.

    Nothing is in the register until the person confirms; then every row goes in at once.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Wacht op controle")
        CHECKING = "checking", _("Wordt gecontroleerd")
        CHECKED = "checked", _("Gecontroleerd")
        UNREADABLE = "unreadable", _("Niet te lezen")
        SAVING = "saving", _("Wordt opgeslagen")
        SAVED = "saved", _("Opgeslagen")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=200)
    content = models.BinaryField(blank=True, editable=False)  # the upload, until it is checked
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    checked_rows = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True)  # why the whole file could not be read
    claimed_at = models.DateTimeField(null=True, blank=True)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


CASE_TEXT_FIELDS = ("title", "situation", "question", "neighbourhood")


class CaseRevision(models.Model):
    """The public text of a case as it was before staff edited it; the first is the contributor's
    original. Never changed afterwards."""

    case = models.ForeignKey(
        PracticeCase, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(_("titel"), max_length=150)
    situation = models.TextField(_("de situatie"))
    question = models.TextField(_("de vraag, of wat anderen ervan kunnen leren"))
    neighbourhood = models.CharField(_("buurt of wijk"), max_length=150, blank=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangepast door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    replaced_at = models.DateTimeField(_("aangepast op"), auto_now_add=True)
    note = models.TextField(_("toelichting voor de inbrenger"), blank=True)

    class Meta:
        ordering = ["replaced_at", "pk"]
        verbose_name = _("eerdere tekst van een casus")
        verbose_name_plural = _("eerdere teksten van casussen")

    def __str__(self) -> str:
        return f"{self.case} ({self.replaced_at:%Y-%m-%d %H:%M})"

    def changes(self) -> list[tuple]:
        """(label, was, now) for every text this edit changed, compared with the case now."""
        return [
            (self._meta.get_field(f).verbose_name, getattr(self, f), getattr(self.case, f))
            for f in CASE_TEXT_FIELDS
            if getattr(self, f) != getattr(self.case, f)
        ]
