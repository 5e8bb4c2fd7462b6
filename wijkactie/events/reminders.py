"""Mails at fixed moments before an event: the final programme a week ahead (with the join link
for online sessions), and a reminder a day ahead (with the link and the calendar file).

Every confirmed registrant of a published event inside the window gets each mail once: someone
confirmed later (a promotion from the waiting list) gets what they missed at the next run, as long
as the event has not started. Cancelled people get nothing. The organiser switches each mail on or
off per event and may add a text of their own. The worker runs this every round; the outbox key
makes a second mail of a kind to the same registration impossible.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wijkactie.core.models import OutgoingEmail
from wijkactie.events import mails
from wijkactie.events.models import Event, Registration

FINAL_PROGRAMME_AHEAD = timedelta(days=7)


def in_final_week(event: Event, now: datetime) -> bool:
    return now < event.starts_at <= now + FINAL_PROGRAMME_AHEAD


REMINDER_AHEAD = timedelta(days=1)


@dataclass(frozen=True)
class Scheduled:
    kind: str  # the mail's topic and the last part of its outbox key
    ahead: timedelta
    label: str
    switch: str  # the event's field that turns it on or off


SCHEDULE = (
    Scheduled(
        "final_programme",
        FINAL_PROGRAMME_AHEAD,
        gettext_lazy("Definitief programma (een week vooraf)"),
        "final_programme_on",
    ),
    Scheduled(
        "reminder", REMINDER_AHEAD, gettext_lazy("Herinnering (een dag vooraf)"), "reminder_on"
    ),
)


def send_scheduled_mails(*, now: datetime | None = None) -> int:
    """The worker's job: every scheduled kind whose moment has come. Returns how many queued."""
    return sum(_send(scheduled, now or timezone.now()) for scheduled in SCHEDULE)


def send_final_programmes(*, now: datetime | None = None) -> int:
    return _send(SCHEDULE[0], now or timezone.now())


def send_reminders(*, now: datetime | None = None) -> int:
    return _send(SCHEDULE[1], now or timezone.now())


def _send(scheduled: Scheduled, now: datetime) -> int:
    """Writes: one outbox mail of this kind per confirmed registration still without it."""
    events = Event.objects.filter(
        is_published=True,
        starts_at__gt=now,
        starts_at__lte=now + scheduled.ahead,
        **{scheduled.switch: True},
    ).prefetch_related("parts")
    queued = 0
    for event in events:
        confirmed = list(
            Registration.objects.filter(
                event=event, status=Registration.Status.CONFIRMED
            ).select_related("event", "organisation")
        )
        keys = {mails.scheduled_key(r, scheduled.kind): r for r in confirmed}
        done = set(
            OutgoingEmail.objects.filter(idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
        with transaction.atomic():
            for key, registration in keys.items():
                if key not in done:
                    registration.event = event  # with its prefetched programme
                    mails.queue_scheduled(registration, scheduled.kind)
                    queued += 1
    return queued


@dataclass(frozen=True)
class Planned:
    label: str
    at: datetime
    on: bool
    recipients: int  # confirmed now: who gets it when the moment comes (or came)
    sent: int  # queued or sent so far


def planned_mails(event: Event) -> list[Planned]:
    """What goes out when, and to how many: for the organiser's overview (two queries)."""
    confirmed = event.seats_confirmed
    refs = Registration.objects.filter(event=event).values_list("pk", flat=True)
    counts = dict(
        OutgoingEmail.objects.filter(
            topic__in=[s.kind for s in SCHEDULE],
            object_ref__in=[f"events.registration:{pk}" for pk in refs],
        )
        .values_list("topic")
        .annotate(n=Count("id"))
    )
    return [
        Planned(
            label=str(s.label),
            at=event.starts_at - s.ahead,
            on=getattr(event, s.switch),
            recipients=confirmed,
            sent=counts.get(s.kind, 0),
        )
        for s in SCHEDULE
    ]
