"""ACTIE scans, their sharing, and group sessions in a workshop.

A scan stores answers, not results: the result is computed by the pure engine from the answers and
the content version the scan was made with, so it always matches that version's wording and rules.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkactie.accounts.models import hash_token
from wijkactie.actie.engine import ScanInput
from wijkactie.initiatives.models import Origin, Phase


class Approach(models.TextChoices):
    ROOD = "rood", _("Rood – stimulerend")
    BLAUW = "blauw", _("Blauw – faciliterend")
    WIT = "wit", _("Wit – coproductie")


class Level(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional: één initiatief en mijn rol")
    ORGANISATIE = "organisatie", _("Organisatie: voor beleid, management en bestuur")


class AnswersMixin(models.Model):
    """Answers as {question id: 1–4, choice value, or null for "weet ik (nog) niet"}.

    A question that is absent has not been answered yet; the engine treats it as unknown too.
    """

    answers = models.JSONField(default=dict, blank=True)
    intuitive_approach = models.CharField(
        _("eerste neiging"), max_length=10, choices=Approach.choices, blank=True
    )

    class Meta:
        abstract = True


class ScanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ScanQuerySet":
        """Scans a user may read: their own and those shared with them by name."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(author=user) | models.Q(shares__user=user)).distinct()

    def owned_by(self, user) -> "ScanQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)


class Scan(AnswersMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_version = models.CharField(_("inhoudsversie"), max_length=10)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="actie_scans"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="actie_scans",
    )
    level = models.CharField(_("niveau"), max_length=15, choices=Level.choices)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scans",
    )
    # The initiative as it was at the time of the scan: its phase changes later.
    origin = models.CharField(max_length=20, choices=Origin.choices, blank=True)
    phase = models.PositiveSmallIntegerField(choices=Phase.choices, null=True, blank=True)
    notes = models.JSONField(default=dict, blank=True)
    chosen_approach = models.CharField(
        _("gekozen benadering"), max_length=10, choices=Approach.choices, blank=True
    )
    rationale = models.CharField(_("waarom deze benadering"), max_length=300, blank=True)
    next_checkin = models.DateField(_("volgend moment om opnieuw te kijken"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["initiative", "created_at"])]
        verbose_name = _("ACTIE-scan")
        verbose_name_plural = _("ACTIE-scans")

    def __str__(self) -> str:
        subject = self.initiative.name if self.initiative_id else self.organisation.name
        return f"{subject} ({self.created_at:%d-%m-%Y})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def scan_input(self) -> ScanInput:
        return ScanInput(
            level=self.level,
            origin=self.origin or None,
            phase=self.phase,
            intuitive_approach=self.intuitive_approach or None,
            answers=self.answers,
        )


class ScanShare(models.Model):
    """Read access for one named colleague."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_scans"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan", "user"], name="scan_share_once")]

    def __str__(self) -> str:
        return f"{self.scan} → {self.user}"


class ShareLink(models.Model):
    """A read-only link that expires; only the hash of its token is stored."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    include_notes = models.BooleanField(
        _("met notities"),
        default=False,
        help_text=_("Zonder notities is het de bespreekversie, geschikt voor bewoners."),
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.scan} (link tot {self.expires_at:%d-%m-%Y})"

    @staticmethod
    def new_token() -> tuple[str, str]:
        raw = secrets.token_urlsafe(24)
        return raw, hash_token(raw)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


class GroupSession(models.Model):
    """A workshop group filling in the scan together, each participant on their own phone."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("deelnamecode"), max_length=6, unique=True, default=new_join_code)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_sessions"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("titel van de casus"), max_length=150)
    case_summary = models.TextField(_("korte beschrijving van de casus"), max_length=2000)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_sessions",
        verbose_name=_("bijeenkomst"),
    )
    case = models.ForeignKey(
        "initiatives.PracticeCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_sessions",
        verbose_name=_("praktijkcasus"),
    )
    content_version = models.CharField(max_length=10)
    origin = models.CharField(
        _("wie nam het initiatief?"), max_length=20, choices=Origin.choices, blank=True
    )
    phase = models.PositiveSmallIntegerField(
        _("fase"), choices=Phase.choices, null=True, blank=True
    )
    open_until = models.DateTimeField(_("deelnemen kan tot"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("groepssessie")
        verbose_name_plural = _("groepssessies")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def is_open(self) -> bool:
        return self.open_until > timezone.now()


class Participant(AnswersMixin):
    """Someone in a group session, without an account; recognised by a secret in a cookie."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("naam in de groep"), max_length=40)
    show_name = models.BooleanField(
        _("mijn antwoorden mogen met mijn naam getoond worden"), default=False
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def scan_input(self) -> ScanInput:
        return ScanInput(
            level="professional",
            origin=self.session.origin or None,
            phase=self.session.phase,
            intuitive_approach=self.intuitive_approach or None,
            answers=self.answers,
        )
