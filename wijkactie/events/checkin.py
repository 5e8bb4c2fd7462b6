"""The code in the QR on a confirmed person's page, for check-in at the door (followup)."""

from django.core import signing

from wijkactie.events.models import Registration

SALT = "wijkactie.events.checkin"


def checkin_code(registration: Registration) -> str:
    """The registration, signed: it cannot be guessed or changed, and it is useless without a
    staff sign-in. Without a timestamp, so the same person always has the same QR. Not the
    personal link itself, which would let the scanner manage the
    registration."""
    return signing.Signer(salt=SALT).sign_object(registration.pk, compress=True)


def registration_for_code(code: str) -> int | None:
    try:
        return signing.Signer(salt=SALT).unsign_object(code)
    except signing.BadSignature:
        return None
