"""The seat-keeping steps that every state change of `events.services` is made of: lock the
event, offer freed seats to the queue, end a registration, store the counters, recount them.
Only `events.services` calls these (and the recount command); each expects to run inside the
service's transaction with the event locked, as its docstring says.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from wijkactie.core.services import log_activity
from wijkactie.events import mails
from wijkactie.events.models import Event, Registration, Seats
from wijkactie.events.queries import count_seats, last_arrival

Status = Registration.Status


def lock_event(event_id: int, fields=None) -> Event:
    """`fields`: read only these (the rest load on use), where the lock is on the hot path."""
    events = Event.objects.select_for_update()
    return (events.only(*fields) if fields else events).get(pk=event_id)


def lock_registration(registration_id: int) -> tuple[Event, Registration]:
    """Lock the registration's event, then read the registration fresh under that lock."""
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = lock_event(event_id)
    registration = Registration.objects.select_related("event", "organisation").get(
        pk=registration_id
    )
    return event, registration


def offer_deadline(event: Event, now: datetime) -> datetime:
    """Offers last `offer_hours`, but at most half the time left before registration closes
    (and at least an hour, or whatever is left), so late offers still leave room to pass on."""
    time_left = event.closes_at - now
    window = min(timedelta(hours=event.offer_hours), time_left / 2)
    return now + max(window, min(time_left, timedelta(hours=1)))


def store_seats(event: Event) -> None:
    """Recount the event's seats and store them on its row. Must run with the event locked, after
    every change of registrations other than registering (which adds to the counters itself)."""
    seats = count_seats(event)
    event.seats_confirmed, event.seats_offered, event.seats_waiting = (
        seats.confirmed,
        seats.offered,
        seats.waiting,
    )
    event.arrivals = max(event.arrivals, last_arrival(event))
    Event.objects.filter(pk=event.pk).update(
        seats_confirmed=seats.confirmed,
        seats_offered=seats.offered,
        seats_waiting=seats.waiting,
        arrivals=event.arrivals,
    )


@dataclass(frozen=True)
class Recount:
    slug: str
    stored: Seats
    stored_arrivals: int
    counted: Seats
    counted_arrivals: int


def recount_seats(*, repair: bool, actor=None) -> list[Recount]:
    """Compare every event's counters with a recount; returns the events that differ.
    Writes (with `repair`): the recounted values, under each event's lock, and an activity entry
    per repaired event."""
    differing = []
    for event_id in Event.objects.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            event = lock_event(event_id)
            recount = Recount(
                event.slug, event.seats, event.arrivals, count_seats(event), last_arrival(event)
            )
            if recount.stored == recount.counted and event.arrivals >= recount.counted_arrivals:
                continue
            differing.append(recount)
            if repair:
                store_seats(event)
                log_activity(
                    actor=actor,
                    verb="seats_recounted",
                    obj_ref=f"events.event:{event.pk}",
                    data={
                        "before": [
                            recount.stored.confirmed,
                            recount.stored.offered,
                            recount.stored.waiting,
                        ],
                        "after": [
                            recount.counted.confirmed,
                            recount.counted.offered,
                            recount.counted.waiting,
                        ],
                    },
                )
    return differing


def fill_free_seats(event: Event, *, now: datetime, actor=None) -> list[Registration]:
    """Offer (or, for those who asked, give) freed seats to the first people waiting.

    Must run with the event locked. No promotion once registration has closed."""
    if now >= event.closes_at:
        return []
    free = event.capacity - count_seats(event).taken
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.select_related("event", "organisation")
        .filter(event=event, status=Status.WAITLISTED)
        .order_by("arrival")[:free]
    )
    for registration in promoted:
        if registration.auto_confirm:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            mails.queue_promoted(registration)
        else:
            registration.status = Status.OFFERED
            registration.offer_expires_at = offer_deadline(event, now)
            registration.save(update_fields=["status", "offer_expires_at"])
            mails.queue_offer(registration)
        log_activity(
            actor=actor,
            verb=f"registration_promoted_{registration.status}",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"arrival": registration.arrival},
        )
    return promoted


def end_registration(
    registration: Registration,
    status: str,
    now: datetime,
    *,
    charge: str = Registration.Charge.CREDIT,
) -> None:
    """`charge`: what happens to the seat's invoice (`Registration.Charge`), decided by the
    service that ends it (`events.phases.charge_on_cancel`)."""
    registration.status = status
    registration.ended_at = now
    registration.charge = charge
    registration.save(update_fields=["status", "ended_at", "charge"])
