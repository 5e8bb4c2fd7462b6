"""Personal data of registrations is kept no longer than the privacy statement says.

- People who never had a seat (waiting list, expired or declined offers): deleted 30 days after
  the event, with their mails.
- Free registrations: anonymised 12 months after the event. Organisation, role, status and dates
  stay, so counts per organisation and role remain possible.
- Paid registrations: anonymised once seven full years have passed after the end of the year of
  the event (the fiscal retention period for invoice data).
Mails in the outbox are deleted together with the data they were about.
"""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from wijkactie.core.models import OutgoingEmail
from wijkactie.core.services import log_activity
from wijkactie.events import services
from wijkactie.events.models import Registration
from wijkactie.events.phases import Channel

NEVER_SEATED = (
    Registration.Status.WAITLISTED,
    Registration.Status.EXPIRED,
    Registration.Status.DECLINED,
)
WAITLIST_RETENTION = timedelta(days=30)
FREE_RETENTION = timedelta(days=365)
FISCAL_YEARS = 7


def _mail_refs(registrations) -> list[str]:
    return [f"events.registration:{pk}" for pk in registrations.values_list("pk", flat=True)]


def anonymise(registrations, *, now: datetime, actor=None) -> int:
    """Close every door of these registrations, then blank them. Returns how many.

    Writes: an active registration of an event still to come is first cancelled through the
    capacity service (its seat or offer goes to the queue; the worker credits an invoice that
    was issued). Then names, e-mail and billing details are blanked and the personal link is
    replaced by an unusable random token.
    """
    pks = list(registrations.values_list("pk", flat=True))
    for registration in Registration.objects.select_related("event").filter(
        pk__in=pks, status__in=Registration.ACTIVE, event__ends_at__gt=now
    ):
        # An erasure is no cancellation by the person: credited when the session has not begun,
        # the charge stands for one that is under way.
        services.cancel_registration(
            registration_id=registration.pk,
            channel=Channel.STAFF,
            credit=now < registration.event.starts_at,
            actor=actor,
            reason="personal data erased",
        )
    for pk in pks:
        Registration.objects.filter(pk=pk).update(
            manage_token=f"geanonimiseerd-{secrets.token_urlsafe(32)}"
        )
    return Registration.objects.filter(pk__in=pks).update(
        first_name="",
        name_prefix="",
        last_name="",
        email=Concat(Value("anoniem-"), Cast("pk", CharField()), Value("@geanonimiseerd.invalid")),
        billing_address="",
        billing_reference="",
        invoice_email="",
        anonymised_at=now,
    )


def purge_registrations(*, now: datetime | None = None) -> dict[str, int]:
    """Delete and anonymise what has passed its retention period.

    Writes: deletes never-seated registrations and their mails; anonymises free and paid
    registrations past their periods (names, e-mail, billing details, personal link) and deletes
    their mails; an activity entry with the counts. Sends: nothing. Refuses: nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        never_seated = Registration.objects.filter(
            status__in=NEVER_SEATED, event__ends_at__lte=now - WAITLIST_RETENTION
        )
        due = (
            Registration.objects.filter(anonymised_at__isnull=True)
            .exclude(status__in=NEVER_SEATED)
            .filter(
                Q(price_excl_vat=0, event__ends_at__lte=now - FREE_RETENTION)
                | Q(price_excl_vat__gt=0, event__ends_at__year__lte=now.year - FISCAL_YEARS - 1)
            )
        )
        mails_deleted, _ = OutgoingEmail.objects.filter(
            object_ref__in=_mail_refs(never_seated) + _mail_refs(due)
        ).delete()
        deleted, _ = never_seated.delete()
        anonymised = anonymise(due, now=now)
        counts = {"deleted": deleted, "anonymised": anonymised, "mails_deleted": mails_deleted}
        if deleted or anonymised or mails_deleted:
            log_activity(verb="personal_data_purged", obj_ref="events.registration", data=counts)
    return counts
