"""Messages from the organiser to the people registered for an event.

The organiser chooses who by status (confirmed, offered, waiting), previews the mail as one real
recipient will get it, confirms with the count, and each recipient gets one outbox row: sending,
retrying and the per-message delivery counts come from the outbox like every other mail.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from wijkactie.core.models import OutgoingEmail
from wijkactie.core.services import log_activity
from wijkactie.events import mails
from wijkactie.events.models import Event, EventMessage, Registration


def recipients(event: Event, statuses: list[str]) -> QuerySet[Registration]:
    allowed = [s for s in statuses if s in Registration.ACTIVE]
    return event.registrations.filter(status__in=allowed).order_by("arrival")


def send_message(
    *, event_id: int, subject: str, body: str, statuses: list[str], actor=None
) -> EventMessage:
    """Writes: the message and one outbox row per registration that has one of `statuses` now
    (active registrations only: cancelled and expired people never get it). An activity entry."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        message = EventMessage.objects.create(
            event=event, subject=subject, body=body, statuses=statuses, created_by=actor
        )
        count = 0
        for registration in recipients(event, statuses):
            registration.event = event
            mails.queue_message(registration, message)
            count += 1
        message.recipients = count
        message.save(update_fields=["recipients"])
        log_activity(
            actor=actor,
            verb="event_message_sent",
            obj_ref=f"events.event:{event.pk}",
            data={"message": message.pk, "recipients": count},
        )
    return message


@dataclass(frozen=True)
class Delivery:
    queued: int
    sent: int
    failed: int


def deliveries(event: Event, messages: list[EventMessage]) -> dict[int, Delivery]:
    """Per message: how many of its mails wait, went, or failed (one query for the list)."""
    counts: dict[int, dict[str, int]] = {m.pk: {} for m in messages}
    if not messages:
        return {}
    refs = [f"events.registration:{pk}" for pk in event.registrations.values_list("pk", flat=True)]
    rows = OutgoingEmail.objects.filter(topic="message", object_ref__in=refs).values_list(
        "idempotency_key", "status"
    )
    for key, status in rows:
        pk = int(key.split(":")[1])
        if pk in counts:
            counts[pk][status] = counts[pk].get(status, 0) + 1
    sent, failed = OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED
    return {
        pk: Delivery(
            queued=sum(n for s, n in c.items() if s not in (sent, failed)),
            sent=c.get(sent, 0),
            failed=c.get(failed, 0),
        )
        for pk, c in counts.items()
    }


def message_mails(message: EventMessage) -> QuerySet[OutgoingEmail]:
    """The outbox rows of one message: its recipients with the state of their mail."""
    return OutgoingEmail.objects.filter(
        topic="message", idempotency_key__startswith=message.key_prefix()
    ).order_by("to")
