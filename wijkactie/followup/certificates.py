"""Certificates of attendance: only for the parts a person was present at, with their times and
hours. A certificate has a code that anyone can check on the public verification page; after the
registration is anonymised only a hash of the name is left (the verifier can check the name on
the paper against it), with the event and the hours."""

import base64
import hashlib
import math
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from wijkactie.core.mails import Attachment, ContextGone
from wijkactie.core.pdf import render_pdf
from wijkactie.core.services import log_activity
from wijkactie.events.models import Event, Programme, Registration
from wijkactie.followup.attendance import part_window
from wijkactie.followup.models import Attendance, Certificate

# No 0/O, 1/I/L: a code is typed over from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class NoAttendance(Exception):
    """Nobody gets a certificate for a session they were not present at."""


def new_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"WA-{body[:4]}-{body[4:]}"


def normal_code(typed: str) -> str:
    """What a verifier typed, as stored: capitals, dashes where they belong."""
    letters = "".join(c for c in typed.upper() if c in CODE_ALPHABET)
    if letters.startswith("WA"):
        letters = letters[2:]
    return f"WA-{letters[:4]}-{letters[4:8]}" if len(letters) == 8 else ""


def name_hash(code: str, name: str) -> str:
    """The name as the certificate prints it, without case, accents or extra spaces; the code
    salts it, so equal names on two certificates give different hashes."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return hashlib.sha256(f"{code}:{' '.join(folded.split())}".encode()).hexdigest()


def initials(name: str) -> str:
    return " ".join(f"{word[0]}." for word in name.split() if word[:1].isalpha())


@dataclass(frozen=True)
class AttendedPart:
    label: str
    title: str
    starts: str
    ends: str
    hours: Decimal


def part_hours(event, part) -> Decimal:
    """A part's length in hours, to the hundredth, as the certificate and the register show it."""
    start, end = part_window(event, part)
    return (Decimal((end - start).total_seconds()) / 3600).quantize(Decimal("0.01"))


def attended_parts(registration: Registration) -> list[AttendedPart]:
    """The session parts this person was present at, in the order of the programme."""
    present = (
        Attendance.objects.filter(registration=registration, state=Attendance.State.PRESENT)
        .select_related("part")
        .order_by("part__starts_at")
    )
    parts = []
    for attendance in present:
        part = attendance.part
        parts.append(
            AttendedPart(
                label=part.label,
                title=part.title,
                starts=part.starts_at.strftime("%H.%M"),
                ends=part.ends_at.strftime("%H.%M"),
                hours=part_hours(registration.event, part),
            )
        )
    return parts


def accreditation_of(event) -> dict:
    """The event's accreditation as a certificate carries it; {} when it has none."""
    if not (event.accreditation_register or event.accreditation_number):
        return {}
    return {"register": event.accreditation_register, "number": event.accreditation_number}


def points_for(event, hours: Decimal) -> Decimal | None:
    """Register points earned: the event's points per net hour times the net hours of the parts
    attended (session parts only: reception, breaks and lunch are no parts that count), rounded
    down to whole points as registers award them. None without an accreditation."""
    if not accreditation_of(event):
        return None
    return Decimal(math.floor(hours * event.accreditation_points_per_hour))


def net_hours(event) -> dict[int, Decimal]:
    """Per confirmed registration: the net hours of the session parts they were present at.
    One query for the whole event (the accreditation export)."""
    hours: dict[int, Decimal] = {}
    present = Attendance.objects.filter(
        registration__event=event,
        registration__status=Registration.Status.CONFIRMED,
        state=Attendance.State.PRESENT,
        part__kind="session",
    ).select_related("part")
    for attendance in present:
        length = part_hours(event, attendance.part)
        hours[attendance.registration_id] = hours.get(attendance.registration_id, 0) + length
    return hours


def accreditation_rows(event) -> tuple[list[str], list[list]]:
    """The export for the accreditation register: one row per person present at a part, with
    the points earned (computed as on the certificate)."""
    hours = net_hours(event)
    registrations = event.registrations.filter(pk__in=hours).order_by("last_name", "first_name")
    header = [
        gettext("Naam"),
        gettext("E-mail"),
        gettext("Organisatie"),
        gettext("Netto uren"),
        gettext("Punten"),
        gettext("Accreditatienummer"),
    ]
    rows = [
        [
            r.full_name,
            r.email,
            r.organisation.name if r.organisation else "",
            hours[r.pk],
            int(points) if (points := points_for(event, hours[r.pk])) is not None else "",
            event.accreditation_number,
        ]
        for r in registrations.select_related("organisation")
    ]
    return header, rows


def save_certificate_settings(*, event_id: int, values: dict, actor=None) -> None:
    """The certificate's accreditation (per event) and signature line (per programme: the same
    for all its sessions). Writes: the event, its programme, an activity entry."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        fields = ["accreditation_register", "accreditation_number", "accreditation_points_per_hour"]
        for name in fields:
            setattr(event, name, values[name])
        event.save(update_fields=fields)
        if event.programme_id:
            changes = {
                "signatory_name": values["signatory_name"],
                "signatory_role": values["signatory_role"],
            }
            if values.get("logo"):
                changes["logo"], changes["logo_type"] = values["logo"]
            elif values.get("remove_logo"):
                changes["logo"], changes["logo_type"] = b"", ""
            Programme.objects.filter(pk=event.programme_id).update(**changes)
        log_activity(
            actor=actor, verb="certificate_settings_changed", obj_ref=f"events.event:{event_id}"
        )


def issue_certificate(*, registration_id: int) -> Certificate:
    """The person's certificate as attendance now says (a correction after the first download
    is reflected; the code stays). Writes: the certificate. Refuses: nobody present at any part
    (NoAttendance), an anonymised registration."""
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(
            pk=registration_id, anonymised_at__isnull=True
        )
        parts = attended_parts(registration)
        if not parts:
            raise NoAttendance
        certificate = Certificate.objects.filter(registration=registration).first()
        code = certificate.code if certificate else new_code()
        values = {
            "event": registration.event,
            "parts": [
                {
                    "label": p.label,
                    "title": p.title,
                    "starts": p.starts,
                    "ends": p.ends,
                    "hours": str(p.hours),
                }
                for p in parts
            ],
            "hours": sum(p.hours for p in parts),
            "name_hash": name_hash(code, registration.full_name),
            "accreditation": accreditation_of(registration.event),
            "points": points_for(registration.event, sum(p.hours for p in parts)),
        }
        if certificate:
            Certificate.objects.filter(pk=certificate.pk).update(**values, issued_at=timezone.now())
            certificate.refresh_from_db()
            return certificate
        return Certificate.objects.create(code=code, registration=registration, **values)


def certificate_context(certificate: Certificate) -> dict:
    registration = certificate.registration
    event = certificate.event
    programme = event.programme
    return {
        "certificate": certificate,
        "name": registration.full_name if registration else "",
        "event": event,
        "organiser": programme.name if programme else (event.contact_name or event.contact_email),
        "signatory_name": programme.signatory_name if programme else event.contact_name,
        "signatory_role": programme.signatory_role if programme else "",
        "logo_src": f"data:{programme.logo_type};base64,{base64.b64encode(programme.logo).decode()}"
        if programme and programme.logo
        else "",
        "verify_url": settings.SITE_URL + reverse("followup:verify_code", args=[certificate.code]),
    }


def certificate_pdf(certificate: Certificate) -> bytes:
    return render_pdf("followup/pdf/certificate.html", certificate_context(certificate))


def certificate_attachment(registration) -> Attachment:
    """Built when the evaluation mail is sent (registered in FollowupConfig.ready). Attendance
    corrected to absent, or the person erased, before it went: the mail is not sent."""
    try:
        certificate = issue_certificate(registration_id=registration.pk)
    except (NoAttendance, Registration.DoesNotExist) as exc:
        raise ContextGone from exc
    return Attachment(
        f"certificaat-{certificate.code}.pdf", certificate_pdf(certificate), "application/pdf"
    )


@dataclass(frozen=True)
class Verified:
    code: str
    event_title: str
    event_date: datetime
    hours: Decimal
    initials: str  # "" once the registration is anonymised
    certificate: Certificate


def verify(code: str) -> Verified | None:
    certificate = (
        Certificate.objects.select_related("event", "registration")
        .filter(code=normal_code(code))
        .first()
    )
    if certificate is None:
        return None
    registration = certificate.registration
    return Verified(
        code=certificate.code,
        event_title=certificate.event.title,
        event_date=certificate.event.starts_at,
        hours=certificate.hours,
        initials=initials(registration.full_name)
        if registration and not registration.anonymised_at
        else "",
        certificate=certificate,
    )


def name_matches(certificate: Certificate, typed: str) -> bool:
    return secrets.compare_digest(certificate.name_hash, name_hash(certificate.code, typed))
