"""Every change of seats for a bijeenkomst goes through this module.

The rule (after pretix's locking discipline): a service opens one transaction, locks the event row
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the
database's write lock), recomputes what is taken from the registrations themselves, and only then
decides. Confirmed registrations and open offers hold a seat; people waiting count against public
availability, so a freed seat always goes to the queue (in arrival order), never to a newcomer.
The partial unique constraint on (event, e-mail) for active registrations is the second line.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from wijkactie.accounts.models import Organisation
from wijkactie.core.services import log_activity
from wijkactie.events import mails
from wijkactie.events.models import Event, Registration
from wijkactie.events.pricing import is_partner_on, price_for

TERMS_VERSION = "2026-11"
Status = Registration.Status


class RegistrationError(Exception):
    """A rule refused the change; `str(error)` is a Dutch message fit for the person."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    def __init__(self, emails: set[str]):
        super().__init__("Voor dit e-mailadres bestaat al een aanmelding voor deze bijeenkomst.")
        self.emails = emails


class NotActive(RegistrationError):
    pass


class OfferNotAvailable(RegistrationError):
    pass


class CapacityTooLow(RegistrationError):
    pass


@dataclass(frozen=True)
class Person:
    first_name: str
    name_prefix: str
    last_name: str
    email: str
    role: str


@dataclass(frozen=True)
class Seats:
    capacity: int
    confirmed: int
    offered: int
    waiting: int

    @property
    def taken(self) -> int:
        return self.confirmed + self.offered

    @property
    def is_full(self) -> bool:
        """Full for newcomers: no free seat, or people already waiting for one."""
        return self.waiting > 0 or self.taken >= self.capacity


def count_seats(event: Event) -> Seats:
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
        offered=Count("id", filter=Q(status=Status.OFFERED)),
        waiting=Count("id", filter=Q(status=Status.WAITLISTED)),
    )
    return Seats(capacity=event.capacity, **counts)


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _lock_registration(registration_id: int) -> tuple[Event, Registration]:
    """Lock the registration's event, then read the registration fresh under that lock."""
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = _lock_event(event_id)
    registration = Registration.objects.select_related("event", "organisation").get(
        pk=registration_id
    )
    return event, registration


def _organisation_named(name: str) -> Organisation:
    name = " ".join(name.split())
    found = Organisation.objects.filter(name__iexact=name).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name, needs_review=True)
    except IntegrityError:
        return Organisation.objects.get(name__iexact=name)


def offer_deadline(event: Event, now: datetime) -> datetime:
    """Offers last `offer_hours`, but at most half the time left before registration closes
    (and at least an hour, or whatever is left), so late offers still leave room to pass on."""
    time_left = event.closes_at - now
    window = min(timedelta(hours=event.offer_hours), time_left / 2)
    return now + max(window, min(time_left, timedelta(hours=1)))


def register_for_event(
    *,
    event_id: int,
    organisation_name: str,
    people: list[Person],
    attends_all_parts: bool,
    accepted_terms: bool,
    auto_confirm: bool = False,
    billing_address: str = "",
    billing_reference: str = "",
    source: str = Registration.Source.PUBLIC,
    language: str = "nl",
    actor=None,
) -> list[Registration]:
    """Register one or more people of one organisation for an event, in the given order.

    Writes: the organisation (new ones need review and count as non-partner), one registration per
    person, confirmed while seats are free and nobody waits, otherwise waitlisted; an activity entry.
    Sends: a confirmation (with .ics) or a waiting-list confirmation to each person.
    Refuses: a closed or unpublished event (RegistrationClosed), an e-mail address that already
    holds an active registration for the event (AlreadyRegistered), a missing confirmation of terms
    or, where required, of attending all parts (RegistrationError).
    """
    if not people:
        raise RegistrationError("Vul ten minste één deelnemer in.")
    if not accepted_terms:
        raise RegistrationError("Accepteer de voorwaarden en de privacyverklaring.")
    keys = [person.email.strip().lower() for person in people]
    if len(set(keys)) != len(keys):
        raise RegistrationError("Elk e-mailadres kan maar één keer worden aangemeld.")
    now = timezone.now()
    try:
        with transaction.atomic():
            event = _lock_event(event_id)
            if event.requires_all_parts and not attends_all_parts:
                raise RegistrationError(
                    "Bij aanmelding gaan we ervan uit dat u aan alle delen deelneemt."
                )
            if not event.is_published or now >= event.closes_at:
                raise RegistrationClosed("De aanmelding voor deze bijeenkomst is gesloten.")
            taken_keys = set(
                Registration.objects.filter(
                    event=event, email_key__in=keys, status__in=Registration.ACTIVE
                ).values_list("email_key", flat=True)
            )
            if taken_keys:
                raise AlreadyRegistered(taken_keys)
            organisation = _organisation_named(organisation_name)
            partner = not organisation.needs_review and is_partner_on(
                organisation.partner_periods.all(), timezone.localdate(event.starts_at)
            )
            price = price_for(
                list_price=event.price_excl_vat, vat_rate=event.vat_rate, partner=partner
            )
            seats = count_seats(event)
            taken, waiting = seats.taken, seats.waiting
            created: list[Registration] = []
            for person, key in zip(people, keys, strict=True):
                event.arrival_counter += 1
                confirmed = waiting == 0 and taken < event.capacity
                if confirmed:
                    taken += 1
                else:
                    waiting += 1
                created.append(
                    Registration.objects.create(
                        event=event,
                        organisation=organisation,
                        first_name=person.first_name,
                        name_prefix=person.name_prefix,
                        last_name=person.last_name,
                        email=person.email.strip(),
                        email_key=key,
                        role=person.role,
                        attends_all_parts=attends_all_parts,
                        terms_accepted_at=now,
                        terms_version=TERMS_VERSION,
                        billing_address="" if price.is_free else billing_address,
                        billing_reference="" if price.is_free else billing_reference,
                        price_excl_vat=price.excl_vat,
                        vat_rate=price.vat_rate,
                        status=Status.CONFIRMED if confirmed else Status.WAITLISTED,
                        confirmed_at=now if confirmed else None,
                        arrival=event.arrival_counter,
                        auto_confirm=auto_confirm,
                        manage_token=Registration.new_token(),
                        registered_by=created[0] if created else None,
                        language=language,
                        source=source,
                    )
                )
            event.save(update_fields=["arrival_counter"])
            for registration in created:
                log_activity(
                    actor=actor,
                    verb=f"registration_{registration.status}",
                    obj_ref=f"events.registration:{registration.pk}",
                    scope_ref=f"events.event:{event.pk}",
                    data={"arrival": registration.arrival, "source": source},
                )
                if registration.status == Status.CONFIRMED:
                    mails.queue_confirmation(registration)
                else:
                    mails.queue_waitlisted(registration, position=waitlist_position(registration))
    except IntegrityError as exc:
        # The partial unique constraint caught a race the lock should already have prevented.
        raise AlreadyRegistered(set(keys)) from exc
    return created


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED, arrival__lte=registration.arrival
    ).count()


def _fill_free_seats(event: Event, *, now: datetime, actor=None) -> list[Registration]:
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


def _end(registration: Registration, status: str, now: datetime) -> None:
    registration.status = status
    registration.ended_at = now
    registration.save(update_fields=["status", "ended_at"])


def cancel_registration(*, registration_id: int, actor=None, reason: str = "") -> Registration:
    """Cancel a registration (or leave the waiting list).

    Writes: the registration as cancelled; offers or confirmations for the people next in line.
    Sends: a cancellation mail; offer or promotion mails to whoever gets the freed seat.
    Refuses: a registration that is no longer active (NotActive).
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = _lock_registration(registration_id)
        if not registration.is_active:
            raise NotActive("Deze aanmelding is al beëindigd.")
        held_seat = registration.status in Registration.HOLDS_SEAT
        _end(registration, Status.CANCELLED, now)
        log_activity(
            actor=actor,
            verb="registration_cancelled",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"reason": reason[:500]},
        )
        mails.queue_cancelled(registration)
        if held_seat:
            _fill_free_seats(event, now=now, actor=actor)
    return registration


def accept_offer(*, registration_id: int) -> Registration:
    """Take up an offered seat before its deadline.

    Writes: the registration as confirmed. Sends: the confirmation with .ics.
    Refuses: no open offer, or an offer past its deadline (which is then passed on).
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = _lock_registration(registration_id)
        if registration.status != Status.OFFERED:
            raise OfferNotAvailable("Er staat voor deze aanmelding geen plaats open.")
        if registration.offer_expires_at <= now:
            _expire(registration, event, now)
        else:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            log_activity(
                verb="offer_accepted",
                obj_ref=f"events.registration:{registration.pk}",
                scope_ref=f"events.event:{event.pk}",
            )
            mails.queue_confirmation(registration)
            return registration
    raise OfferNotAvailable("De bedenktijd voor deze plaats is verlopen.")


def decline_offer(*, registration_id: int) -> Registration:
    """Turn down an offered seat; it passes to the next person waiting."""
    now = timezone.now()
    with transaction.atomic():
        event, registration = _lock_registration(registration_id)
        if registration.status != Status.OFFERED:
            raise OfferNotAvailable("Er staat voor deze aanmelding geen plaats open.")
        _end(registration, Status.DECLINED, now)
        log_activity(
            verb="passed_over",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"reason": "declined", "arrival": registration.arrival},
        )
        _fill_free_seats(event, now=now)
    return registration


def _expire(registration: Registration, event: Event, now: datetime) -> None:
    _end(registration, Status.EXPIRED, now)
    log_activity(
        verb="passed_over",
        obj_ref=f"events.registration:{registration.pk}",
        scope_ref=f"events.event:{event.pk}",
        data={"reason": "expired", "arrival": registration.arrival},
    )
    mails.queue_offer_expired(registration)
    _fill_free_seats(event, now=now)


def expire_offers() -> int:
    """Pass every offer past its deadline on to the next person waiting; returns how many."""
    now = timezone.now()
    event_ids = set(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    )
    expired = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = _lock_event(event_id)
            for registration in Registration.objects.select_related("event").filter(
                event=event, status=Status.OFFERED, offer_expires_at__lte=now
            ):
                _expire(registration, event, now)
                expired += 1
    return expired


def transfer_registration(*, registration_id: int, person: Person, actor=None) -> Registration:
    """Hand a registration (its seat, offer or place in the queue) to a colleague.

    Writes: a new registration for the colleague with the same status and arrival; the old one
    as transferred. Sends: the colleague their confirmation; the original person a cancellation.
    Refuses: an ended registration (NotActive); a colleague already registered (AlreadyRegistered).
    """
    now = timezone.now()
    key = person.email.strip().lower()
    with transaction.atomic():
        event, old = _lock_registration(registration_id)
        if not old.is_active:
            raise NotActive("Deze aanmelding is al beëindigd.")
        if Registration.objects.filter(
            event=event, email_key=key, status__in=Registration.ACTIVE
        ).exists():
            raise AlreadyRegistered({key})
        status, arrival = old.status, old.arrival
        _end(old, Status.TRANSFERRED, now)
        new = Registration.objects.create(
            event=event,
            organisation=old.organisation,
            first_name=person.first_name,
            name_prefix=person.name_prefix,
            last_name=person.last_name,
            email=person.email.strip(),
            email_key=key,
            role=person.role,
            attends_all_parts=old.attends_all_parts,
            terms_accepted_at=old.terms_accepted_at,
            terms_version=old.terms_version,
            billing_address=old.billing_address,
            billing_reference=old.billing_reference,
            price_excl_vat=old.price_excl_vat,
            vat_rate=old.vat_rate,
            status=status,
            arrival=arrival,
            auto_confirm=old.auto_confirm,
            offer_expires_at=old.offer_expires_at,
            confirmed_at=old.confirmed_at,
            manage_token=Registration.new_token(),
            registered_by=old,
            language=old.language,
            source=old.source,
        )
        log_activity(
            actor=actor,
            verb="registration_transferred",
            obj_ref=f"events.registration:{old.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"to": new.pk},
        )
        mails.queue_transferred_away(old, new)
        if status == Status.CONFIRMED:
            mails.queue_confirmation(new)
        elif status == Status.OFFERED:
            mails.queue_offer(new)
        else:
            mails.queue_waitlisted(new, position=waitlist_position(new))
    return new


EVENT_FIELDS = frozenset(
    f.name for f in Event._meta.concrete_fields if f.editable and not f.primary_key
)


def create_event(*, data: dict, actor=None) -> Event:
    """Create an event from validated field values. Writes: the event and an activity entry."""
    with transaction.atomic():
        event = Event.objects.create(**{k: v for k, v in data.items() if k in EVENT_FIELDS})
        log_activity(actor=actor, verb="event_created", obj_ref=f"events.event:{event.pk}")
    return event


def update_event(*, event_id: int, data: dict, actor=None) -> Event:
    """Change an event's fields; a larger capacity offers the new seats to the queue at once.

    Refuses: a capacity below the seats already confirmed or offered (CapacityTooLow).
    """
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(event_id)
        if "capacity" in data and data["capacity"] < count_seats(event).taken:
            raise CapacityTooLow(
                "De capaciteit kan niet lager zijn dan het aantal bevestigde en aangeboden plaatsen."
            )
        for field, value in data.items():
            if field in EVENT_FIELDS:
                setattr(event, field, value)
        event.full_clean()
        event.save()
        log_activity(
            actor=actor,
            verb="event_updated",
            obj_ref=f"events.event:{event.pk}",
            data={"fields": sorted(data)},
        )
        _fill_free_seats(event, now=now, actor=actor)
    return event
