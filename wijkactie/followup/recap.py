"""The terugblik: the organiser's short report, materials, the cases of the afternoon and,
when the organiser chooses, the evaluation's headline.

A material's type is decided by what the file holds, not by its name: a PDF starts with
`%PDF-`, a PowerPoint file is a zip with a presentation inside, an image must open as PNG, JPEG
or WebP. Files are stored under MEDIA_ROOT with a random name; no URL serves that directory.
"""

import io
import secrets
import warnings
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.core.services import log_activity, queue_mail
from wijkactie.events.mails import manage_url
from wijkactie.events.models import Event, Registration
from wijkactie.followup.models import Attendance, Material, Recap

MB = 1024 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    max_size: int


PDF = Kind("pdf", "application/pdf", 20 * MB)
PPTX = Kind(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", 20 * MB
)
IMAGES = {
    "PNG": Kind("png", "image/png", 5 * MB),
    "JPEG": Kind("jpg", "image/jpeg", 5 * MB),
    "WEBP": Kind("webp", "image/webp", 5 * MB),
}


MAX_MATERIAL_BYTES = max(kind.max_size for kind in (PDF, PPTX, *IMAGES.values()))


class MaterialRefused(Exception):
    """The file is not one we take: the message says why, in Dutch."""


# Pixels an image may have, read from its header before anything is decoded: a photo of a
# slide or a map is far below (a 45-megapixel camera makes 8,192 × 5,464).
MAX_PIXELS = 50_000_000


class TooManyPixels(Exception):
    pass


def kind_of(data: bytes) -> Kind | None:
    """What the file is, by its content."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
            return PPTX
        return None
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 (only for uploads)

    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 Mpx and refuses from 179 Mpx; MAX_PIXELS is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header, no pixel yet
                if image.width * image.height > MAX_PIXELS:
                    raise TooManyPixels
                image.verify()
                return IMAGES.get(image.format or "")
    except Image.DecompressionBombError as exc:
        raise TooManyPixels from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def check_material(data: bytes) -> Kind:
    if not data:
        raise MaterialRefused(_("Dit bestand is leeg."))
    try:
        kind = kind_of(data)
    except TooManyPixels:
        raise MaterialRefused(
            _("Deze afbeelding is te groot: hoogstens %(n)d megapixel.")
            % {"n": MAX_PIXELS // 1_000_000}
        ) from None
    if kind is None:
        raise MaterialRefused(
            _(
                "Dit bestand nemen we niet aan: kies een PDF, een PowerPoint (.pptx) of een afbeelding (PNG, JPEG of WebP)."
            )
        )
    if len(data) > kind.max_size:
        raise MaterialRefused(
            _("Dit bestand is te groot: een %(kind)s mag hoogstens %(mb)s MB zijn.")
            % {"kind": kind.extension.upper(), "mb": kind.max_size // MB}
        )
    return kind


def add_material(
    *, event_id: int, title: str, filename: str, data: bytes, audience: str, actor=None
) -> Material:
    """Writes: the file under a random name and its Material row, with an activity entry.
    Refuses: a file that is no PDF, PPTX or image by its content, or too large
    (MaterialRefused)."""
    kind = check_material(data)
    stem = (filename.rsplit(".", 1)[0] or "materiaal")[:100]
    with transaction.atomic():
        material = Material(
            event_id=event_id,
            title=title,
            filename=f"{stem}.{kind.extension}",
            content_type=kind.content_type,
            size=len(data),
            audience=audience,
        )
        material.file.save(
            f"{secrets.token_hex(16)}.{kind.extension}", ContentFile(data), save=False
        )
        material.save()
        log_activity(
            actor=actor,
            verb="material_added",
            obj_ref=f"events.event:{event_id}",
            data={"material": material.pk, "title": title},
        )
    return material


def remove_material(*, material_id: int, actor=None) -> None:
    material = Material.objects.get(pk=material_id)
    name = material.file.name
    with transaction.atomic():
        material.delete()
        log_activity(
            actor=actor,
            verb="material_removed",
            obj_ref=f"events.event:{material.event_id}",
            data={"title": material.title},
        )
        transaction.on_commit(lambda: default_storage.delete(name))


def save_recap(
    *,
    event_id: int,
    report: str,
    is_published: bool,
    mail_no_shows: bool | None = None,
    actor=None,
) -> Recap:
    with transaction.atomic():
        recap = Recap.objects.filter(event_id=event_id).first() or Recap(event_id=event_id)
        if is_published and not recap.published_at:
            recap.published_at = timezone.now()
        recap.report, recap.is_published = report, is_published
        if mail_no_shows is not None:
            recap.mail_no_shows = mail_no_shows
        recap.save()
        log_activity(
            actor=actor,
            verb="recap_saved",
            obj_ref=f"events.event:{event_id}",
            data={"published": is_published},
        )
    return recap


def published_recap(event: Event) -> Recap | None:
    """The terugblik visitors see: published, and the session is over."""
    if event.ends_at > timezone.now():
        return None
    return Recap.objects.filter(event=event, is_published=True).first()


def was_there(registration: Registration) -> bool:
    """Attendees-only materials: a confirmed registration present at some part."""
    return (
        registration.status == Registration.Status.CONFIRMED
        and Attendance.objects.filter(
            registration=registration, state=Attendance.State.PRESENT
        ).exists()
    )


NO_SHOW_MAIL_WITHIN = timedelta(days=60)  # after that a terugblik is news to nobody


def mail_no_shows(now=None) -> int:
    """Once per person: who had a confirmed seat but was at no part gets a short mail with the
    terugblik and the programme's next sessions. Only for a published terugblik of a session
    that ended less than 60 days ago, with the organiser's switch on, and only once attendance
    is known (someone was recorded present): else everyone would be told they missed it.
    Idempotent by its key; a periodic job. Returns how many mails were queued."""
    now = now or timezone.now()
    recaps = Recap.objects.filter(
        is_published=True,
        mail_no_shows=True,
        event__ends_at__lte=now,
        event__ends_at__gt=now - NO_SHOW_MAIL_WITHIN,
        event__cancelled_at__isnull=True,
    ).select_related("event__programme")
    queued = 0
    for recap in recaps:
        event = recap.event
        present = Attendance.objects.filter(
            registration__event=event, state=Attendance.State.PRESENT
        ).values("registration")
        if not present.exists():
            continue
        missed = event.registrations.filter(
            status=Registration.Status.CONFIRMED, anonymised_at__isnull=True
        ).exclude(pk__in=present)
        next_sessions = list(
            Event.objects.filter(
                programme=event.programme_id,
                is_published=True,
                cancelled_at__isnull=True,
                starts_at__gt=now,
            ).order_by("starts_at")[:3]
            if event.programme_id
            else []
        )
        with transaction.atomic():
            for registration in missed:
                queued += (
                    queue_mail(
                        template="followup/mail/recap_no_show.txt",
                        context={
                            "registration": registration,
                            "event": event,
                            "event_url": settings.SITE_URL
                            + reverse("events:detail", args=[event.slug]),
                            "next_sessions": [
                                {
                                    "title": e.title,
                                    "starts_at": e.starts_at,
                                    "url": settings.SITE_URL
                                    + reverse("events:detail", args=[e.slug]),
                                }
                                for e in next_sessions
                            ],
                            "manage_url": manage_url(registration),
                            "contact_email": event.contact_email
                            or settings.WIJKACTIE_CONTACT_EMAIL,
                        },
                        language=registration.language,
                        key=f"recap_no_show:{registration.pk}",
                        topic="recap_no_show",
                        to=registration.email,
                        object_ref=f"events.registration:{registration.pk}",
                    )
                    is not None
                )
    return queued
