"""Resident initiatives, as professionals know them. No resident's personal data is stored here."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    name = models.CharField(_("naam van het initiatief"), max_length=150)
    neighbourhood = models.CharField(_("buurt of wijk"), max_length=150, blank=True)
    phase = models.PositiveSmallIntegerField(_("fase"), choices=Phase.choices)
    origin = models.CharField(_("wie nam het initiatief?"), max_length=20, choices=Origin.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="initiatives"
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
        verbose_name = _("bewonersinitiatief")
        verbose_name_plural = _("bewonersinitiatieven")

    def __str__(self) -> str:
        return self.name
