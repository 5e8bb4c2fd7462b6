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
    needs_review = models.BooleanField(
        _("nog beoordelen"),
        default=False,
        help_text=_("Nieuw via het aanmeldformulier; geldt als niet-partner tot beheer beslist."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique")]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class PartnerPeriod(models.Model):
    """A period in which an organisation is a partner of the programme (and attends for free)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_periods"
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
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"

    @staticmethod
    def generate_raw() -> str:
        return secrets.token_urlsafe(32)


class Professional(models.Model):
    """A user of the professional tools (the ACTIE-scan): a person at an organisation.

    The Django user's username is the lower-cased work e-mail address; signing in is by an
    e-mailed one-time link, a password is optional.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="professionals"
    )
    name = models.CharField(_("naam"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
