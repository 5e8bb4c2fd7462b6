"""What may happen to a registration, and when: the one table every entry point asks.

A session passes through phases (`models.Phase`: concept, open, registration closed, started,
ended, or cancelled). Per action and per channel the table names the phases in which it is
allowed: the personal page of the registrant, the booker's page (the person who registered
colleagues), the programme's staff, and the API. After the start nobody cancels or hands over a
seat themselves: what was booked was delivered or missed, and staff decide what follows.

Money follows the decision, not the channel (`charge_on_cancel`): until the cancellation
deadline (`Event.free_cancellation_until`, from the programme's policy or the event's own) a
cancelled seat is credited; after it the charge stands for self-service cancellations, and staff
say whether to credit.
"""

from enum import StrEnum

from django.utils.translation import gettext as _

from wijkactie.events.models import Event, Phase, Registration


class Channel(StrEnum):
    REGISTRANT = "registrant"  # the personal link
    BOOKER = "booker"  # the person who registered colleagues, for those colleagues
    STAFF = "staff"  # the programme's organisers and administrators
    API = "api"


class Action(StrEnum):
    CANCEL = "cancel"
    TRANSFER = "transfer"
    ACCEPT_OFFER = "accept_offer"
    DECLINE_OFFER = "decline_offer"
    MOVE = "move"


SELF_SERVICE = frozenset({Phase.OPEN, Phase.CLOSED})
BEFORE_START = frozenset({Phase.CONCEPT, Phase.OPEN, Phase.CLOSED})
NOT_CANCELLED = frozenset(Phase) - {Phase.CANCELLED}

ALLOWED: dict[Action, dict[Channel, frozenset]] = {
    Action.CANCEL: {
        Channel.REGISTRANT: SELF_SERVICE,
        Channel.BOOKER: SELF_SERVICE,
        Channel.API: SELF_SERVICE,
        Channel.STAFF: NOT_CANCELLED,
    },
    Action.TRANSFER: {
        Channel.REGISTRANT: SELF_SERVICE,
        Channel.BOOKER: SELF_SERVICE,
        Channel.STAFF: BEFORE_START,
    },
    Action.ACCEPT_OFFER: {
        Channel.REGISTRANT: frozenset({Phase.OPEN}),
        Channel.BOOKER: frozenset({Phase.OPEN}),
    },
    Action.DECLINE_OFFER: {
        Channel.REGISTRANT: SELF_SERVICE,
        Channel.BOOKER: SELF_SERVICE,
        Channel.API: SELF_SERVICE,
        Channel.STAFF: BEFORE_START,
    },
    Action.MOVE: {Channel.STAFF: BEFORE_START},
}


def may(action: Action, channel: Channel, event: Event, now) -> bool:
    return event.phase_at(now) in ALLOWED[action].get(channel, frozenset())


def refusal(action: Action, channel: Channel, event: Event, now) -> str:
    """Why `action` cannot be done now, in the person's words; empty when it can."""
    if may(action, channel, event, now):
        return ""
    phase = event.phase_at(now)
    if phase == Phase.CANCELLED:
        return _("Deze bijeenkomst gaat niet door.")
    if phase in (Phase.STARTED, Phase.ENDED):
        if channel == Channel.STAFF:
            return _("De bijeenkomst is al begonnen; dit kan nu niet meer.")
        return _(
            "De bijeenkomst is al begonnen. Afmelden of overdragen kan niet meer; neem contact "
            "op met de organisator."
        )
    if phase == Phase.CLOSED and action == Action.ACCEPT_OFFER:
        return _("De aanmelding voor deze bijeenkomst is gesloten.")
    return _("Dit kan nu niet voor deze bijeenkomst.")


def is_late(event: Event, now) -> bool:
    """Past the cancellation deadline: a cancellation is no longer credited by itself."""
    return now >= event.free_cancellation_until()


def charge_on_cancel(
    registration: Registration, channel: Channel, now, *, credit: bool | None
) -> str | None:
    """`Registration.Charge` for a seat that is cancelled now, or None when staff must decide.

    Free seats and places that were never a seat (waiting list, offers) have nothing to credit.
    Before the deadline: credited. After it: self-service keeps the charge (the page says so
    beforehand); staff decide, and must say it (`credit`).
    """
    nothing_invoiced = registration.price_excl_vat == 0 or (
        registration.status != Registration.Status.CONFIRMED
    )
    if channel == Channel.STAFF and credit is not None:
        return Registration.Charge.CREDIT if credit else Registration.Charge.KEEP
    if nothing_invoiced or not is_late(registration.event, now):
        return Registration.Charge.CREDIT
    if channel == Channel.STAFF:
        return None
    return Registration.Charge.KEEP
