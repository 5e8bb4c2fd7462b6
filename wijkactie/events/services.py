"""Every change of seats for a bijeenkomst goes through this module.

The rule (after pretix's locking discipline): a service opens one transaction, locks the event row
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the
database's write lock), reads what is taken from the seat counters on that row, decides, and writes
the counters back in the same transaction: registering adds to them (one UPDATE), the rarer changes
(cancel, offers, capacity) recount them from the registrations (`seats.store_seats`). So the counters
always equal a recount; `python -m wijkactie recount_seats` checks that and repairs. Confirmed registrations and open offers hold a seat; people waiting count against public
availability, so a freed seat always goes to the queue (in arrival order), never to a newcomer.
The partial unique constraint on (event, e-mail) for active registrations is the second line.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkactie.accounts.services import organisation_named
from wijkactie.core.services import log_activity
from wijkactie.events import mails, phases
from wijkactie.events.models import Event, ProgrammePart, Registration
from wijkactie.events.phases import Action, Channel
from wijkactie.events.pricing import price_for
from wijkactie.events.queries import (
    active_emails,
    applicant_named,
    waitlist_position,
)
from wijkactie.events.reminders import in_final_week
from wijkactie.events.seats import (
    end_registration,
    fill_free_seats,
    lock_event,
    lock_registration,
    store_seats,
)

TERMS_VERSION = "2026-11"
Status = Registration.Status
PartnerCheck = Registration.PartnerCheck


class Refused(Exception):
    """A rule refused the change. `str(error)` is a message fit for the person (in the active
    language); `field` names the form or API field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class RegistrationError(Refused):
    """A registration's change was refused (registering, cancelling, moving, transferring, …)."""


class EventError(Refused):
    """A change to the event itself was refused (create_event, update_event, cancel_event)."""


class RegistrationClosed(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    def __init__(self, emails: set[str]):
        super().__init__(
            _("Voor dit e-mailadres bestaat al een aanmelding voor deze bijeenkomst."),
            field="email",
        )
        self.emails = emails


class NotActive(RegistrationError):
    pass


class OfferNotAvailable(RegistrationError):
    pass


class CapacityTooLow(EventError):
    pass


class PhaseRefused(RegistrationError):
    """The session's phase does not allow this for this channel (`events.phases`)."""


class DecisionNeeded(RegistrationError):
    """Staff must say what happens to the invoice (a late or after-the-fact cancellation)."""


@dataclass(frozen=True)
class Person:
    first_name: str
    name_prefix: str
    last_name: str
    email: str
    role: str


# What registering reads of the locked event (a registration burst locks it many times a second).
REGISTER_FIELDS = (
    "is_published",
    "registration_closes_at",
    "starts_at",
    "requires_all_parts",
    "price_excl_vat",
    "vat_rate",
    "contact_email",
    *Event.COUNTERS,
    "capacity",
)


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
    invoice_email: str = "",
    source: str = Registration.Source.PUBLIC,
    language: str = "nl",
    actor=None,
) -> list[Registration]:
    """Register one or more people of one organisation for an event, in the given order.

    Writes: the organisation (new ones need review and count as non-partner), one registration per
    person (each with `.position`, its place on the waiting list, or None), confirmed while seats are free and nobody waits, otherwise waitlisted; an activity entry.
    Partner price only for an address at one of the partner's verified domains; a partner's name
    with any other address pays the list price, marked "partnerschap te controleren" until staff
    decide (`decide_partnership`).
    Sends: a confirmation (with .ics) or a waiting-list confirmation to each person. Those who pay
    are invoiced together later (one invoice for this submission, `invoices.services`).
    Refuses: a closed or unpublished event (RegistrationClosed), an e-mail address that already
    holds an active registration for the event (AlreadyRegistered), a missing confirmation of terms
    or, where required, of attending all parts, or a missing billing address where anyone pays
    (RegistrationError).
    """
    if not people:
        raise RegistrationError(_("Vul ten minste één deelnemer in."))
    if not accepted_terms:
        raise RegistrationError(
            _("Ga akkoord met de voorwaarden en de privacyverklaring."), field="accept_terms"
        )
    keys = [person.email.strip().lower() for person in people]
    if len(set(keys)) != len(keys):
        raise RegistrationError(
            _("Elk e-mailadres kan maar één keer worden aangemeld."), field="email"
        )
    # Read before the lock: the organisation does not depend on the seats.
    applicant = applicant_named(organisation_name)
    now = timezone.now()
    try:
        with transaction.atomic():
            event = lock_event(event_id, REGISTER_FIELDS)
            if not attends_all_parts and event.all_parts_required():
                raise RegistrationError(event.all_parts_missing(), field="attends_all_parts")
            if not event.accepts_registrations(now):
                raise RegistrationClosed(_("De aanmelding voor deze bijeenkomst is gesloten."))
            # One person: the partial unique constraint answers (below), no search through the
            # event's registrations. Several: find which addresses, so the form can point at them.
            taken = active_emails(event, keys) if len(keys) > 1 else set()
            if taken:
                raise AlreadyRegistered(taken)
            organisation = applicant.organisation or organisation_named(applicant.name)
            checks = {key: applicant.partner_check(key, event) for key in keys}
            prices = {
                key: price_for(
                    list_price=event.price_excl_vat,
                    vat_rate=event.vat_rate,
                    partner=checks[key] == PartnerCheck.CONFIRMED,
                )
                for key in keys
            }
            paying = any(not price.is_free for price in prices.values())
            if paying and not billing_address.strip():
                raise RegistrationError(
                    _("Vul het factuuradres in: voor deze aanmelding wordt een factuur gemaakt."),
                    field="billing_address",
                )
            seats = event.seats
            arrival = event.arrivals
            created: list[Registration] = []
            for key, person in zip(keys, people, strict=True):
                price = prices[key]
                arrival += 1
                confirmed = not seats.is_full
                if confirmed:
                    seats = replace(seats, confirmed=seats.confirmed + 1)
                else:
                    seats = replace(seats, waiting=seats.waiting + 1)
                created.append(
                    registration := Registration.objects.create(
                        event=event,
                        organisation=organisation,
                        first_name=person.first_name,
                        name_prefix=person.name_prefix,
                        last_name=person.last_name,
                        email=person.email.strip(),
                        role=person.role,
                        attends_all_parts=attends_all_parts,
                        terms_accepted_at=now,
                        terms_version=TERMS_VERSION,
                        billing_address="" if price.is_free else billing_address,
                        billing_reference="" if price.is_free else billing_reference,
                        invoice_email="" if price.is_free else invoice_email.strip().lower(),
                        price_excl_vat=price.excl_vat,
                        vat_rate=price.vat_rate,
                        partner_check=(
                            PartnerCheck.PENDING
                            if checks[key] == PartnerCheck.PENDING
                            else PartnerCheck.NOT_NEEDED
                        ),
                        status=Status.CONFIRMED if confirmed else Status.WAITLISTED,
                        confirmed_at=now if confirmed else None,
                        arrival=arrival,
                        auto_confirm=auto_confirm,
                        manage_token=Registration.new_token(),
                        registered_by=created[0] if created else None,
                        language=language,
                        source=source,
                    )
                )
                # The newest arrival is last in the queue: its place is the number waiting.
                registration.position = None if confirmed else seats.waiting
            Event.objects.filter(pk=event.pk).update(
                seats_confirmed=seats.confirmed, seats_waiting=seats.waiting, arrivals=arrival
            )
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
                    mails.queue_waitlisted(registration, position=registration.position)
    except IntegrityError as exc:
        # The e-mail constraint is the second line behind the lock; any other violation is a fault.
        if "one_active_registration_per_email" not in str(exc):
            raise
        raise AlreadyRegistered(set(keys)) from exc
    return created


def cancel_registration(
    *,
    registration_id: int,
    channel: Channel = Channel.REGISTRANT,
    credit: bool | None = None,
    actor=None,
    reason: str = "",
) -> Registration:
    """Cancel a registration (or leave the waiting list), as `channel` may in the event's phase.

    Writes: the registration as cancelled, with what happens to its invoice (`charge`: credited
    before the cancellation deadline; after it kept for self-service, and as staff decide);
    offers or confirmations for the people next in line.
    Sends: a cancellation mail (with staff's reason); offer or promotion mails to whoever gets the
    freed seat.
    Refuses: a registration that is no longer active (NotActive); a phase in which the channel may
    not cancel, such as after the start for anyone but staff (PhaseRefused); a late or
    after-the-fact cancellation by staff who did not say whether to credit (DecisionNeeded).
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = lock_registration(registration_id)
        if not registration.is_active:
            raise NotActive(_("Deze aanmelding is al beëindigd."))
        if why := phases.refusal(Action.CANCEL, channel, event, now):
            raise PhaseRefused(why)
        charge = phases.charge_on_cancel(registration, channel, now, credit=credit)
        if charge is None:
            raise DecisionNeeded(
                _(
                    "De termijn om kosteloos af te melden is voorbij. Kies of deze deelnemer een "
                    "creditfactuur krijgt."
                ),
                field="crediteren",
            )
        held_seat = registration.status in Registration.HOLDS_SEAT
        end_registration(registration, Status.CANCELLED, now, charge=charge)
        log_activity(
            actor=actor,
            verb="registration_cancelled",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"reason": reason[:500], "channel": str(channel), "charge": charge},
        )
        by_staff = channel == Channel.STAFF
        mails.queue_cancelled(registration, reason=reason if by_staff else "", by_staff=by_staff)
        if held_seat:
            fill_free_seats(event, now=now, actor=actor)
        store_seats(event)
    return registration


def accept_offer(*, registration_id: int, channel: Channel = Channel.REGISTRANT) -> Registration:
    """Take up an offered seat before its deadline.

    Writes: the registration as confirmed. Sends: the confirmation with .ics.
    Refuses: no open offer, or an offer past its deadline (which is then passed on); a session
    that no longer takes registrations (PhaseRefused).
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = lock_registration(registration_id)
        if registration.status != Status.OFFERED:
            raise OfferNotAvailable(_("Er staat voor deze aanmelding geen plaats open."))
        if why := phases.refusal(Action.ACCEPT_OFFER, channel, event, now):
            raise PhaseRefused(why)
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
            store_seats(event)
            return registration
    raise OfferNotAvailable(_("De bedenktijd voor deze plaats is verlopen."))


def decline_offer(*, registration_id: int, channel: Channel = Channel.REGISTRANT) -> Registration:
    """Turn down an offered seat; it passes to the next person waiting.

    Writes: the registration as declined. Sends: the person a confirmation that they declined.
    Refuses: no open offer (OfferNotAvailable).
    """
    now = timezone.now()
    with transaction.atomic():
        event, registration = lock_registration(registration_id)
        if registration.status != Status.OFFERED:
            raise OfferNotAvailable(_("Er staat voor deze aanmelding geen plaats open."))
        end_registration(registration, Status.DECLINED, now)
        mails.queue_declined(registration)
        log_activity(
            verb="passed_over",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"reason": "declined", "arrival": registration.arrival},
        )
        fill_free_seats(event, now=now)
        store_seats(event)
    return registration


def _expire(registration: Registration, event: Event, now: datetime) -> None:
    end_registration(registration, Status.EXPIRED, now)
    log_activity(
        verb="passed_over",
        obj_ref=f"events.registration:{registration.pk}",
        scope_ref=f"events.event:{event.pk}",
        data={"reason": "expired", "arrival": registration.arrival},
    )
    mails.queue_offer_expired(registration)
    fill_free_seats(event, now=now)
    store_seats(event)


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
            event = lock_event(event_id)
            for registration in Registration.objects.select_related("event").filter(
                event=event, status=Status.OFFERED, offer_expires_at__lte=now
            ):
                _expire(registration, event, now)
                expired += 1
    return expired


def transfer_registration(
    *, registration_id: int, person: Person, channel: Channel = Channel.REGISTRANT, actor=None
) -> Registration:
    """Hand a registration (its seat, offer or place in the queue) to a colleague.

    The colleague's price follows the rule of registering (`applicant.partner_check`, the same
    path): a partner's seat handed to an address outside the partner's verified domains is
    marked "partnerschap te controleren" at the list price until staff decide.
    Writes: the old registration as transferred; a registration for the colleague keeping status,
    arrival, offer deadline and billing details, booked by the old one's booker (never by the
    person who leaves). Like for like (same price, nothing to check): the invoice stays and pays
    for the colleague's seat (`paid_by`); otherwise the old seat is credited by the worker and
    the colleague's is invoiced to the booker and the invoice address.
    Sends: the colleague the mail that fits the status; the original person a notice that the
    place was handed over.
    Refuses: an ended registration (NotActive); a phase in which the channel may not hand over,
    such as after the start (PhaseRefused); a colleague already registered (AlreadyRegistered).
    """
    now = timezone.now()
    organisation_name = Registration.objects.values_list("organisation__name", flat=True).get(
        pk=registration_id
    )
    applicant = applicant_named(organisation_name)  # read before the lock, as registering does
    key = person.email.strip().lower()
    with transaction.atomic():
        event, old = lock_registration(registration_id)
        if not old.is_active:
            raise NotActive(_("Deze aanmelding is al beëindigd."))
        if why := phases.refusal(Action.TRANSFER, channel, event, now):
            raise PhaseRefused(why)
        if active_emails(event, [key]):
            raise AlreadyRegistered({key})
        check = applicant.partner_check(key, event)
        price = price_for(
            list_price=event.price_excl_vat,
            vat_rate=event.vat_rate,
            partner=check == PartnerCheck.CONFIRMED,
        )
        same_price = (price.excl_vat, price.vat_rate) == (old.price_excl_vat, old.vat_rate)
        carried = (
            same_price
            and check != PartnerCheck.PENDING
            and old.partner_check != PartnerCheck.PENDING
            and old.status == Status.CONFIRMED
            and not price.is_free
            and (old.paid_by_id or old.invoice_lines.exists())  # invoiced, not credited: active
        )
        status = old.status
        end_registration(
            old,
            Status.TRANSFERRED,
            now,
            charge=Registration.Charge.KEEP if carried else Registration.Charge.CREDIT,
        )
        new = Registration.objects.select_related("event", "organisation").get(pk=old.pk)
        new.pk = None
        new._state.adding = True
        new.first_name = person.first_name
        new.name_prefix = person.name_prefix
        new.last_name = person.last_name
        new.email = person.email.strip()
        new.role = person.role
        new.status = status
        new.ended_at = None
        new.charge = Registration.Charge.OPEN
        new.price_excl_vat = price.excl_vat
        new.vat_rate = price.vat_rate
        new.partner_check = (
            PartnerCheck.PENDING if check == PartnerCheck.PENDING else PartnerCheck.NOT_NEEDED
        )
        if price.is_free:
            new.billing_address = new.billing_reference = new.invoice_email = ""
        new.paid_by_id = (old.paid_by_id or old.pk) if carried else None
        new.manage_token = Registration.new_token()
        new.registered_by_id = old.registered_by_id if old.registered_by_id != old.pk else None
        new.save()
        log_activity(
            actor=actor,
            verb="registration_transferred",
            obj_ref=f"events.registration:{old.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"to": new.pk, "channel": str(channel), "invoice_kept": bool(carried)},
        )
        mails.queue_transferred_away(old, new)
        if status == Status.CONFIRMED:
            mails.queue_confirmation(new)
        elif status == Status.OFFERED:
            mails.queue_offer(new)
        else:
            mails.queue_waitlisted(new, position=waitlist_position(new))
    return new


def move_registration(*, registration_id: int, to_event_id: int, actor=None) -> Registration:
    """Move a registration to another event (staff; the view checks they may reach both).

    Writes: a registration in the other event as anyone would get one at this moment (a seat when
    one is free and nobody waits, else the waiting list), with the person's details, organisation
    and billing details; the old registration as moved, and its seat offered to the queue there.
    Sends: the person the confirmation or waiting-list mail of the other event. An invoiced
    seat is credited by the worker; the new one is invoiced when it is confirmed and paid.
    Refuses: an ended registration (NotActive), the same event (RegistrationError), a target that
    is closed (RegistrationClosed) or already has this address (AlreadyRegistered), a paid
    target without a billing address (RegistrationError).
    """
    now = timezone.now()
    with transaction.atomic():
        source_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
        if source_id == to_event_id:
            raise RegistrationError(_("Kies een andere bijeenkomst."), field="event")
        for event_id in sorted((source_id, to_event_id)):  # always the same order: no deadlock
            lock_event(event_id)
        event, old = lock_registration(registration_id)
        if not old.is_active:
            raise NotActive(_("Deze aanmelding is al beëindigd."))
        if why := phases.refusal(Action.MOVE, Channel.STAFF, event, now):
            raise PhaseRefused(why)
        (new,) = register_for_event(
            event_id=to_event_id,
            organisation_name=old.organisation.name,
            people=[Person(old.first_name, old.name_prefix, old.last_name, old.email, old.role)],
            attends_all_parts=True,
            accepted_terms=True,
            auto_confirm=old.auto_confirm,
            billing_address=old.billing_address,
            billing_reference=old.billing_reference,
            invoice_email=old.invoice_email,
            source=Registration.Source.STAFF,
            language=old.language,
            actor=actor,
        )
        held_seat = old.status in Registration.HOLDS_SEAT
        end_registration(old, Status.MOVED, now)
        log_activity(
            actor=actor,
            verb="registration_moved",
            obj_ref=f"events.registration:{old.pk}",
            scope_ref=f"events.event:{event.pk}",
            data={"to": new.pk, "event": to_event_id},
        )
        if held_seat:
            fill_free_seats(event, now=now, actor=actor)
        store_seats(event)
    return new


EVENT_FIELDS = frozenset(
    f.name for f in Event._meta.concrete_fields if f.editable and not f.primary_key
)


def create_event(*, data: dict, actor=None) -> Event:
    """Create an event from validated field values; without a price, its programme's list price.
    Writes: the event and an activity entry."""
    values = {k: v for k, v in data.items() if k in EVENT_FIELDS}
    if values.get("price_excl_vat") is None:
        programme = values.get("programme")
        values["price_excl_vat"] = programme.price_excl_vat if programme else Decimal(0)
    with transaction.atomic():
        event = Event.objects.create(**values)
        log_activity(actor=actor, verb="event_created", obj_ref=f"events.event:{event.pk}")
    return event


def update_event(*, event_id: int, data: dict, actor=None, notify: bool = True) -> Event:
    """Change an event's fields; a larger capacity offers the new seats to the queue at once.

    Writes: the event (a new calendar version when its time, place or join link changed); a new
    start time of day moves the programme's parts by as much, whichever channel changed it.
    Sends, when `notify` (the API; the editor lets the organiser decide, `editing.announce_change`):
    for a published event whose time or place changed, or whose released join link changed, the
    updated calendar entry to everyone with a confirmed seat.
    Refuses: a capacity below the seats already confirmed or offered (CapacityTooLow); a start
    that moves the programme outside the event's times (EventError, field starts_at).
    """
    now = timezone.now()
    with transaction.atomic():
        event = lock_event(event_id)
        if "capacity" in data and data["capacity"] < event.seats.taken:
            raise CapacityTooLow(
                _(
                    "De capaciteit kan niet lager zijn dan het aantal bevestigde en aangeboden plaatsen."
                ),
                field="capacity",
            )
        before = {field: getattr(event, field) for field in Event.CALENDAR_FIELDS}
        for field, value in data.items():
            if field in EVENT_FIELDS:
                setattr(event, field, value)
        event.full_clean()
        _move_parts_with_the_start(event, before["starts_at"])
        moved = {f for f in Event.CALENDAR_FIELDS if getattr(event, f) != before[f]}
        if moved:
            event.calendar_sequence += 1
        event.save()
        log_activity(
            actor=actor,
            verb="event_updated",
            obj_ref=f"events.event:{event.pk}",
            data={"fields": sorted(data)},
        )
        released = in_final_week(event, now)
        if (
            notify
            and event.is_published
            and (moved - {"join_url"} or ("join_url" in moved and released))
        ):
            for registration in event.registrations.filter(status=Status.CONFIRMED):
                registration.event = event
                mails.queue_changed(registration, after_final_programme=released)
        fill_free_seats(event, now=now, actor=actor)
        store_seats(event)
    return event


def _wall_clock(moment: datetime) -> timedelta:
    local = timezone.localtime(moment)
    return timedelta(hours=local.hour, minutes=local.minute, seconds=local.second)


def _move_parts_with_the_start(event: Event, old_start: datetime) -> None:
    """A new start time of day moves the programme's parts by as much, so the page, the mails
    and the calendar file keep saying the same times; refused when the moved programme would no
    longer fit between the start and the end (the organiser then sets the parts themselves)."""
    shift = _wall_clock(event.starts_at) - _wall_clock(old_start)
    parts = list(event.parts.all()) if shift else []
    if not parts:
        return
    day = timedelta(days=1)
    start, end = _wall_clock(event.starts_at), _wall_clock(event.ends_at)
    if timezone.localdate(event.ends_at) != timezone.localdate(event.starts_at):
        end = day
    moved = []
    for part in parts:
        begins = timedelta(hours=part.starts_at.hour, minutes=part.starts_at.minute) + shift
        ends = timedelta(hours=part.ends_at.hour, minutes=part.ends_at.minute) + shift
        if begins < start or ends > end or ends >= day:
            raise EventError(
                _(
                    "Met deze begintijd schuift het programma buiten de tijden van de "
                    "bijeenkomst. Pas de begin- en eindtijd samen aan, of de tijden van de "
                    "programmaonderdelen."
                ),
                field="starts_at",
            )
        part.starts_at = (datetime.min + begins).time()
        part.ends_at = (datetime.min + ends).time()
        moved.append(part)
    ProgrammePart.objects.bulk_update(moved, ["starts_at", "ends_at"])


def cancel_event(*, event_id: int, reason: str, actor=None) -> int:
    """The whole event does not take place. Returns how many people are told.

    Writes: the event as cancelled (closed for registration; its page and the agenda say so);
    every confirmed, offered and waiting registration as cancelled, so all seats are free (the
    counters become zero); an activity entry. Sends: each of them one mail with the reason.
    Invoices: the worker credits the invoiced line of every ended registration
    (`invoices.services.issue_due_invoices`), so each paid registration gets its credit invoice.
    Refuses: an event that already started or was cancelled before (EventError).
    """
    now = timezone.now()
    with transaction.atomic():
        event = lock_event(event_id)
        if event.cancelled_at or event.starts_at <= now:
            raise EventError(
                _("Deze bijeenkomst is al begonnen of al geannuleerd."), field="reason"
            )
        event.cancelled_at, event.cancel_reason = now, reason
        Event.objects.filter(pk=event.pk).update(cancelled_at=now, cancel_reason=reason)
        told = 0
        for registration in event.registrations.filter(status__in=Registration.ACTIVE):
            end_registration(registration, Status.CANCELLED, now)
            registration.event = event
            mails.queue_event_cancelled(registration)
            told += 1
        store_seats(event)
        log_activity(
            actor=actor,
            verb="event_cancelled",
            obj_ref=f"events.event:{event.pk}",
            data={"told": told, "reason": reason[:500]},
        )
    return told


def decide_partnership(*, registration_id: int, is_partner: bool, actor=None) -> Registration:
    """Staff decide on a registration marked "partnerschap te controleren".

    Writes: for a partner, the registration as free and confirmed partner; otherwise as refused,
    keeping the list price (the invoice then follows). An activity entry.
    Sends: the person the decision. Refuses: a registration without an open check
    (RegistrationError).
    """
    with transaction.atomic():
        event, registration = lock_registration(registration_id)
        if registration.partner_check != PartnerCheck.PENDING:
            raise RegistrationError(_("Voor deze aanmelding staat geen controle open."))
        if is_partner:
            registration.partner_check = PartnerCheck.CONFIRMED
            registration.price_excl_vat = price_for(
                list_price=event.price_excl_vat, vat_rate=event.vat_rate, partner=True
            ).excl_vat
        else:
            registration.partner_check = PartnerCheck.REFUSED
        registration.save(update_fields=["partner_check", "price_excl_vat"])
        log_activity(
            actor=actor,
            verb=f"partnership_{registration.partner_check}",
            obj_ref=f"events.registration:{registration.pk}",
            scope_ref=f"events.event:{event.pk}",
        )
        mails.queue_partnership_decided(registration)
    return registration


CORRECTABLE = (
    "first_name",
    "name_prefix",
    "last_name",
    "billing_address",
    "billing_reference",
    "invoice_email",
)


def correct_registration(*, registration_id: int, data: dict, actor=None) -> Registration:
    """Staff correct a person's name or the billing details of a registration.

    Writes: the fields of `CORRECTABLE` that changed; an activity entry naming them. Invoices
    already issued stay as issued (a correction is used from the next invoice or credit on).
    Refuses: an anonymised registration (NotActive).
    """
    with transaction.atomic():
        event, registration = lock_registration(registration_id)
        if registration.anonymised_at:
            raise NotActive(_("Deze aanmelding is geanonimiseerd."))
        changed = [
            field
            for field in CORRECTABLE
            if field in data and data[field] != getattr(registration, field)
        ]
        for field in changed:
            setattr(registration, field, data[field])
        if changed:
            registration.save(update_fields=changed)
            log_activity(
                actor=actor,
                verb="registration_corrected",
                obj_ref=f"events.registration:{registration.pk}",
                scope_ref=f"events.event:{event.pk}",
                data={"fields": changed},
            )
    return registration
