"""The final programme, a week ahead, with the join link for online sessions.

Every confirmed registrant of an event that starts within the next seven days gets one mail with
the programme and, for an online session, the join link (which is never shown publicly). Someone
confirmed later in that week (a promotion from the waiting list) gets it at the next run. The worker
runs this every round; the outbox key makes a second mail to the same registration impossible.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from wijkactie.core.models import OutgoingEmail
from wijkactie.events import mails
from wijkactie.events.models import Event, Registration

FINAL_PROGRAMME_AHEAD = timedelta(days=7)


def in_final_week(event: Event, now: datetime) -> bool:
    return now < event.starts_at <= now + FINAL_PROGRAMME_AHEAD


def send_final_programmes(*, now: datetime | None = None) -> int:
    """Writes: one outbox mail per confirmed registration still without its final programme."""
    now = now or timezone.now()
    events = Event.objects.filter(
        is_published=True, starts_at__gt=now, starts_at__lte=now + FINAL_PROGRAMME_AHEAD
    ).prefetch_related("parts")
    queued = 0
    for event in events:
        confirmed = list(
            Registration.objects.filter(
                event=event, status=Registration.Status.CONFIRMED
            ).select_related("event", "organisation")
        )
        keys = {mails.final_programme_key(r): r for r in confirmed}
        done = set(
            OutgoingEmail.objects.filter(idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
        with transaction.atomic():
            for key, registration in keys.items():
                if key not in done:
                    registration.event = event  # with its prefetched programme
                    mails.queue_final_programme(registration)
                    queued += 1
    return queued
