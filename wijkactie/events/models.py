import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkactie.accounts.models import Organisation
from wijkactie.core.markdown import MAX_LENGTH as MARKDOWN_MAX
from wijkactie.events.pricing import Price

SEED_FULL_NOTICE = (
    "Deze bijeenkomst is vol. U meldt zich aan voor de wachtlijst en hoort spoedig of u aan de "
    "bijeenkomst deel kan nemen."
)


@dataclass(frozen=True)
class Seats:
    capacity: int
    confirmed: int
    offered: int
    waiting: int

    @property
    def taken(self) -> int:
        return self.confirmed + self.offered

    @property
    def is_full(self) -> bool:
        """Full for newcomers: no free seat, or people already waiting for one."""
        return self.waiting > 0 or self.taken >= self.capacity


class Programme(models.Model):
    """A series of sessions under one name ("Werken aan leefbare wijken"), run by its organisers:
    staff who may prepare, change and follow up only this programme's events."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("korte naam in de URL"), max_length=80, unique=True)
    description = models.TextField(_("beschrijving"), blank=True, max_length=MARKDOWN_MAX)
    contact_name = models.CharField(_("contactpersoon"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail contact"), blank=True)
    signatory_name = models.CharField(
        _("ondertekenaar van het certificaat"),
        max_length=100,
        blank=True,
        help_text=_("Naam onder de handtekeningregel, voor alle bijeenkomsten van het programma."),
    )
    signatory_role = models.CharField(_("functie van de ondertekenaar"), max_length=100, blank=True)
    # The logo on the certificate (PNG, JPEG or WebP, at most 1 MB), kept in the database: it is
    # put into the PDF as it is, no URL serves it.
    logo = models.BinaryField(blank=True, editable=False, default=b"")
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisatoren"),
        blank=True,
        related_name="programmes",
    )
    price_excl_vat = models.DecimalField(
        _("prijs niet-partners (excl. btw)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        help_text=_("Een nieuwe bijeenkomst van dit programma begint met deze prijs."),
    )
    free_cancellation_days = models.PositiveSmallIntegerField(
        _("kosteloos afmelden tot (dagen vooraf)"),
        default=0,
        help_text=_(
            "Tot zoveel dagen voor de start krijgt wie zich afmeldt een creditfactuur. Daarna "
            "blijven de kosten staan, tenzij het programmabureau anders beslist. 0: tot de start."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    class LocationKind(models.TextChoices):
        ONLINE = "online", _("Online")
        PHYSICAL = "physical", _("Fysiek")

    slug = models.SlugField(_("korte naam in de URL"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    teaser = models.TextField(_("aankondiging"), blank=True)
    teaser_cta = models.CharField(_("oproep in de aankondiging"), max_length=100, blank=True)
    introduction = models.TextField(_("inleiding"), blank=True)
    body = models.TextField(_("achtergrond"), blank=True, max_length=MARKDOWN_MAX)
    contents = models.TextField(_("inhoud van de bijeenkomst"), blank=True, max_length=MARKDOWN_MAX)
    programme_intro = models.TextField(_("toelichting bij het programma"), blank=True)
    programme_notice = models.TextField(_("let op bij het programma"), blank=True)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    location_kind = models.CharField(
        _("soort locatie"), max_length=10, choices=LocationKind.choices
    )
    location_text = models.TextField(_("toelichting locatie"), blank=True, max_length=MARKDOWN_MAX)
    online_platform = models.CharField(_("platform"), max_length=100, blank=True)
    join_url = models.URLField(
        _("deelnamelink"),
        blank=True,
        help_text=_("Nooit openbaar; alleen voor bevestigde deelnemers."),
    )
    venue_name = models.CharField(_("naam locatie"), max_length=150, blank=True)
    street_address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    audience = models.TextField(_("voor wie"), blank=True)
    price_excl_vat = models.DecimalField(
        _("prijs niet-partners (excl. btw)"), max_digits=8, decimal_places=2, default=Decimal(0)
    )
    vat_rate = models.DecimalField(
        _("btw-tarief (%)"), max_digits=4, decimal_places=2, default=Decimal("21.00")
    )
    requires_all_parts = models.BooleanField(_("deelname aan alle delen verplicht"), default=True)
    contribution_title = models.CharField(
        _("titel oproep"), max_length=100, default="Doe mee en draag bij!"
    )
    contribution_text = models.TextField(_("oproep om bij te dragen"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-mail contact"), blank=True)
    capacity = models.PositiveIntegerField(_("aantal plaatsen"))
    offer_hours = models.PositiveSmallIntegerField(
        _("bedenktijd bij een vrijgekomen plaats (uren)"), default=48
    )
    registration_closes_at = models.DateTimeField(
        _("aanmelden sluit"), null=True, blank=True, help_text=_("Leeg: bij aanvang.")
    )
    free_cancellation_days = models.PositiveSmallIntegerField(
        _("kosteloos afmelden tot (dagen vooraf)"),
        null=True,
        blank=True,
        help_text=_("Leeg: wat het programma zegt."),
    )
    full_notice = models.TextField(_("tekst bij een volle bijeenkomst"), default=SEED_FULL_NOTICE)
    # Mails at fixed moments before the start (events.reminders), each on or off per event.
    final_programme_on = models.BooleanField(
        _("het definitieve programma een week vooraf sturen"), default=True
    )
    final_programme_text = models.TextField(
        _("eigen tekst bij het definitieve programma"),
        blank=True,
        help_text=_("Komt boven het programma. Leeg: alleen de vaste tekst."),
    )
    accreditation_register = models.CharField(
        _("register van de accreditatie"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld Registerplein. Leeg: geen punten op het certificaat."),
    )
    accreditation_number = models.CharField(_("accreditatienummer"), max_length=50, blank=True)
    accreditation_points_per_hour = models.DecimalField(
        _("punten per netto uur"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_(
            "Netto: alleen de onderdelen, zonder ontvangst, pauze en lunch. "
            "Afgerond naar beneden op hele punten."
        ),
    )
    presence_threshold = models.PositiveSmallIntegerField(
        _("aanwezig vanaf (% van een onderdeel)"),
        default=75,
        help_text=_(
            "Wie in het Teams-rapport minstens zo lang bij een onderdeel was, telt als aanwezig."
        ),
    )
    reminder_on = models.BooleanField(_("een herinnering een dag vooraf sturen"), default=True)
    reminder_text = models.TextField(
        _("eigen tekst bij de herinnering"),
        blank=True,
        help_text=_("Komt boven de gegevens. Leeg: alleen de vaste tekst."),
    )
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("reden van annuleren"), blank=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Telt op bij elke wijziging van tijd, plaats of deelnamelink (voor agenda's)."),
    )
    # Kept by events.services under the event's row lock, in the same transaction as the change,
    # so registering reads them instead of recounting (`recount_seats` checks and repairs them).
    seats_confirmed = models.PositiveIntegerField(_("bevestigd"), default=0, editable=False)
    seats_offered = models.PositiveIntegerField(_("open aanbiedingen"), default=0, editable=False)
    seats_waiting = models.PositiveIntegerField(_("wachtend"), default=0, editable=False)
    arrivals = models.PositiveIntegerField(default=0, editable=False)  # last arrival handed out
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A change to one of these moves the entry in people's calendars.
    CALENDAR_FIELDS = (
        "starts_at",
        "ends_at",
        "location_kind",
        "online_platform",
        "join_url",
        "venue_name",
        "street_address",
        "postcode",
        "city",
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(price_excl_vat__gte=0), name="event_price_not_negative"
            ),
        ]
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    def __str__(self) -> str:
        return self.title

    COUNTERS = ("seats_confirmed", "seats_offered", "seats_waiting", "arrivals")

    def save(self, *args, **kwargs):
        """Saving an event never writes its seat counters: only the capacity service does, under
        the lock, with an UPDATE. A copy read earlier cannot turn them back."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    @property
    def seats(self) -> Seats:
        """From the counters on the row: read under the event's lock when deciding."""
        return Seats(self.capacity, self.seats_confirmed, self.seats_offered, self.seats_waiting)

    @property
    def is_online(self) -> bool:
        return self.location_kind == self.LocationKind.ONLINE

    def session_labels(self) -> list[str]:
        """The parts that are not breaks, as the event itself names them."""
        return [p.label for p in self.parts.all() if p.kind == ProgrammePart.Kind.SESSION]

    def all_parts_required(self) -> bool:
        """Only a programme of more than one part can ask to attend all of them."""
        return self.requires_all_parts and len(self.session_labels()) > 1

    def all_parts_text(self) -> str:
        """'het ochtenddeel en het middagdeel': the parts one confirms to attend."""
        labels = [gettext("het %(part)s") % {"part": label} for label in self.session_labels()]
        return str(get_text_list(labels, gettext("en")))

    def all_parts_missing(self) -> str:
        return gettext("Bevestig dat u deelneemt aan %(parts)s.") % {"parts": self.all_parts_text()}

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    def accepts_registrations(self, now) -> bool:
        return self.is_published and not self.cancelled_at and now < self.closes_at

    def phase_at(self, now) -> "Phase":
        """Where the session stands; `events.phases` says what may happen in each phase."""
        if self.cancelled_at:
            return Phase.CANCELLED
        if not self.is_published:
            return Phase.CONCEPT
        if now >= self.ends_at:
            return Phase.ENDED
        if now >= self.starts_at:
            return Phase.STARTED
        if now >= self.closes_at:
            return Phase.CLOSED
        return Phase.OPEN

    @property
    def phase(self) -> "Phase":
        return self.phase_at(timezone.now())

    def free_cancellation_until(self):
        """Until then a cancellation is credited; after it the charge stands unless staff decide
        otherwise. The event's own number of days, else its programme's, else the start."""
        days = self.free_cancellation_days
        if days is None:
            days = self.programme.free_cancellation_days if self.programme_id else 0
        return self.starts_at - timedelta(days=days)


class Phase(models.TextChoices):
    """The phases of a session, in order (a cancelled session leaves the order)."""

    CONCEPT = "concept", _("concept")
    OPEN = "open", _("aanmelden open")
    CLOSED = "closed", _("aanmelden gesloten")
    STARTED = "started", _("bezig")
    ENDED = "ended", _("afgelopen")
    CANCELLED = "cancelled", _("geannuleerd")


class ProgrammePart(models.Model):
    class Kind(models.TextChoices):
        SESSION = "session", _("Programmaonderdeel")
        BREAK = "break", _("Pauze")

    event = models.ForeignKey(
        Event, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="parts"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    starts_at = models.TimeField(_("van"))
    ends_at = models.TimeField(_("tot"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.SESSION)
    label = models.CharField(_("onderdeel"), max_length=100, help_text=_("Bijv. ochtenddeel"))
    title = models.CharField(_("titel"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        ordering = ["event", "position", "starts_at"]
        verbose_name = _("programmaonderdeel")
        verbose_name_plural = _("programmaonderdelen")

    def __str__(self) -> str:
        return f"{self.starts_at:%H.%M} {self.label}"


class Speaker(models.Model):
    part = models.ForeignKey(ProgrammePart, on_delete=models.CASCADE, related_name="speakers")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = models.CharField(_("naam"), max_length=150)
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    topic = models.CharField(_("onderwerp"), max_length=200, blank=True)

    class Meta:
        ordering = ["part", "position", "id"]
        verbose_name = _("spreker")
        verbose_name_plural = _("sprekers")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    GEBIEDSCONSULENT = "gebiedsconsulent", _("Gebiedsconsulent")
    SOCIAAL_BEHEERDER = "sociaal_beheerder", _("Sociaal beheerder")
    HUISMEESTER = "huismeester", _("Huismeester")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    WIJKTEAM = "wijkteam", _("Medewerker sociaal wijkteam")
    GEMEENTE = "gemeente", _("Medewerker gemeente")
    ANDERS = "anders", _("Anders")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Bevestigd")
        OFFERED = "offered", _("Plaats aangeboden")
        WAITLISTED = "waitlisted", _("Op de wachtlijst")
        CANCELLED = "cancelled", _("Afgemeld")
        DECLINED = "declined", _("Aanbod afgeslagen")
        EXPIRED = "expired", _("Aanbod verlopen")
        TRANSFERRED = "transferred", _("Overgedragen")
        MOVED = "moved", _("Verplaatst naar een andere bijeenkomst")

    class Source(models.TextChoices):
        PUBLIC = "public", _("Aanmeldformulier")
        API = "api", _("API")
        STAFF = "staff", _("Beheer")
        IMPORT = "import", _("Import")

    class PartnerCheck(models.TextChoices):
        NOT_NEEDED = "", _("niet nodig")
        PENDING = "pending", _("partnerschap te controleren")
        CONFIRMED = "confirmed", _("partnerschap bevestigd")
        REFUSED = "refused", _("geen partner")

    class Charge(models.TextChoices):
        """What happens to the invoice of a seat that ended, decided when it ended."""

        OPEN = "", _("nog niet beëindigd")
        CREDIT = "credit", _("gecrediteerd")
        KEEP = "keep", _("kosten blijven staan")

    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)
    HOLDS_SEAT = (Status.CONFIRMED, Status.OFFERED)

    event = models.ForeignKey(
        Event, verbose_name=_("bijeenkomst"), on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    name_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=100)
    email = models.EmailField(_("e-mail (werk)"))
    role = models.CharField(_("functie"), max_length=30, choices=Role.choices)
    attends_all_parts = models.BooleanField(_("neemt deel aan alle delen"), default=True)
    terms_accepted_at = models.DateTimeField()
    terms_version = models.CharField(max_length=20)
    billing_address = models.TextField(_("factuuradres"), blank=True)
    billing_reference = models.CharField(
        _("inkoopnummer of kostenplaats"), max_length=100, blank=True
    )
    invoice_email = models.EmailField(
        _("e-mailadres voor facturen"),
        blank=True,
        help_text=_(
            "De factuur gaat ook naar dit adres, bijvoorbeeld de financiële administratie."
        ),
    )
    price_excl_vat = models.DecimalField(max_digits=8, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2)
    partner_check = models.CharField(
        _("partnerschap"),
        max_length=10,
        choices=PartnerCheck.choices,
        blank=True,
        default="",
        help_text=_(
            "Een partner getypt met een e-mailadres buiten de domeinen van die partner: telt als "
            "niet-partner en krijgt geen factuur tot beheer beslist."
        ),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    arrival = models.PositiveIntegerField(
        _("volgnummer"), help_text=_("Volgorde van binnenkomst, bepaald door de server.")
    )
    auto_confirm = models.BooleanField(
        _("automatisch bevestigen bij een vrije plaats"), default=False
    )
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    manage_token = models.CharField(max_length=64, unique=True, editable=False)
    registered_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    charge = models.CharField(
        _("factuur na beëindigen"), max_length=10, choices=Charge.choices, blank=True, default=""
    )
    # A like-for-like transfer: the seat is paid by the invoice line of this registration (the
    # first holder), which is credited only when the last holder's seat ends with CREDIT.
    paid_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_seats"
    )
    language = models.CharField(max_length=5, default="nl")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PUBLIC)
    created_at = models.DateTimeField(_("aangemeld"), auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        ordering = ["event", "arrival"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=models.Q(status__in=["confirmed", "offered", "waitlisted"]),
                name="one_active_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "arrival"],
                condition=models.Q(status__in=["confirmed", "offered", "waitlisted"]),
                name="unique_active_arrival_per_event",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "arrival"]),
            models.Index(fields=["partner_check"], name="registration_partner_check"),
        ]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def __str__(self) -> str:
        return f"{self.full_name} – {self.event}"

    @property
    def price(self) -> Price:
        return Price(self.price_excl_vat, self.vat_rate)

    @property
    def full_name(self) -> str:
        if self.anonymised_at:
            return str(_("(geanonimiseerd)"))
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class ProgrammeVersion(models.Model):
    """A published state of an event's time, place and programme (`events.changes.snapshot`).

    The first is made at publication; each later one when the organiser saves a change to what
    registrants were told, and the organiser then decides whether to inform them (`notice`). A
    registrant's page compares the version of their registration with the current one.
    """

    class Notice(models.TextChoices):
        NONE = "", _("Eerste versie")
        PENDING = "pending", _("Nog niet besloten")
        SENT = "sent", _("Deelnemers geïnformeerd")
        SKIPPED = "skipped", _("Niet gemeld")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    snapshot = models.JSONField()
    created_at = models.DateTimeField(_("vastgelegd"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notice = models.CharField(_("melding"), max_length=10, choices=Notice.choices, blank=True)
    note = models.TextField(_("persoonlijke toelichting"), blank=True)
    informed = models.PositiveIntegerField(_("aantal geïnformeerd"), default=0)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="one_version_number_per_event")
        ]
        verbose_name = _("programmaversie")
        verbose_name_plural = _("programmaversies")

    def __str__(self) -> str:
        return f"{self.event} v{self.number}"

    def changes(self) -> list[str]:
        """What changed since the version before, in the active language."""
        from wijkactie.events.changes import differences  # noqa: PLC0415 - pure, no models

        previous = self.event.versions.filter(number__lt=self.number).order_by("-number").first()
        return differences(previous.snapshot, self.snapshot) if previous else []


class EventMessage(models.Model):
    """A message the organiser wrote to the registrants of one event, chosen by status; each
    recipient's mail is an outbox row keyed `event-message:<id>:<registration>`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("onderwerp"), max_length=150)
    body = models.TextField(_("tekst"))
    statuses = models.JSONField(_("aan"), default=list)
    recipients = models.PositiveIntegerField(_("ontvangers"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("verstuurd"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bericht aan deelnemers")
        verbose_name_plural = _("berichten aan deelnemers")

    def __str__(self) -> str:
        return self.subject

    def key_prefix(self) -> str:
        return f"event-message:{self.pk}:"
