import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CORPORATIE = "corporatie", _("Woningcorporatie")
        GEMEENTE = "gemeente", _("Gemeente")
        WIJKTEAM = "wijkteam", _("Sociaal wijkteam")
        ANDERS = "anders", _("Anders")

    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.ANDERS)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    needs_review = models.BooleanField(
        _("nog beoordelen"),
        default=False,
        help_text=_(
            "Nieuw via een formulier: geldt als niet-partner en staat in geen openbare lijst "
            "tot beheer de organisatie heeft bevestigd."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique")]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return not self.needs_review


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


class OrganisationDomain(models.Model):
    """A mail domain that staff verified as the organisation's own: a work address at it, proven
    by a sign-in link (or a registration's mails), makes its owner a member of the organisation."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="domains",
    )
    domain = models.CharField(_("e-maildomein"), max_length=253, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-maildomein")
        verbose_name_plural = _("e-maildomeinen")

    def __str__(self) -> str:
        return self.domain


class PartnerPeriod(models.Model):
    """A period in which an organisation is a partner of the programme (and attends for free)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="partner_periods",
    )
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partner_period_ends_after_start",
            )
        ]
        verbose_name = _("partnerperiode")
        verbose_name_plural = _("partnerperiodes")

    def __str__(self) -> str:
        return f"{self.organisation} {self.starts_on}–{self.ends_on or '…'}"

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A staff API token; only its hash is stored, the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("omschrijving"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt"))
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"

    @staticmethod
    def generate_raw() -> str:
        return secrets.token_urlsafe(32)


class Verification(models.TextChoices):
    DOMAIN = "domain", _("e-maildomein van de organisatie")
    STAFF = "staff", _("beheer")
    COORDINATOR = "coordinator", _("coördinator van de organisatie")


class Professional(models.Model):
    """A user of the professional tools (the ACTIE-scan): a person at an organisation.

    The Django user's username is the lower-cased work e-mail address; signing in is by an
    e-mailed one-time link, a password is optional.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="professionals",
    )
    name = models.CharField(_("naam"), max_length=150)
    verified_by = models.CharField(
        _("lidmaatschap bevestigd door"),
        max_length=12,
        choices=Verification.choices,
        blank=True,
        help_text=_("Leeg: lidmaatschap nog niet bevestigd; 'eigen organisatie' geeft dan niets."),
    )
    verified_at = models.DateTimeField(_("lidmaatschap bevestigd op"), null=True, blank=True)
    is_coordinator = models.BooleanField(
        _("coördinator"),
        default=False,
        help_text=_("Mag het lidmaatschap van collega's van de eigen organisatie bevestigen."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_member(self) -> bool:
        """Whether the organisation is proven to be theirs; until then it grants nothing."""
        return bool(self.verified_by)

    @property
    def member_organisation_id(self) -> int | None:
        return self.organisation_id if self.is_member else None
