from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wijkactie.accounts.models import Organisation, email_domain
from wijkactie.accounts.queries import organisation_domains
from wijkactie.events.models import Event, Programme, ProgrammePart, Registration, Seats
from wijkactie.events.pricing import is_partner_on

Status = Registration.Status


def count_seats(event: Event) -> Seats:
    """A recount from the registrations (the counters on the event row must equal it)."""
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
        offered=Count("id", filter=Q(status=Status.OFFERED)),
        waiting=Count("id", filter=Q(status=Status.WAITLISTED)),
    )
    return Seats(capacity=event.capacity, **counts)


def upcoming_events() -> QuerySet[Event]:
    return (
        Event.objects.filter(is_published=True, ends_at__gte=timezone.now())
        .select_related("programme")
        .order_by("starts_at")
    )


def past_events(programme: Programme) -> QuerySet[Event]:
    return (
        Event.objects.filter(programme=programme, is_published=True, ends_at__lt=timezone.now())
        .select_related("programme")
        .order_by("-starts_at")
    )


def programmes_with_upcoming_events() -> QuerySet[Programme]:
    return Programme.objects.filter(
        events__is_published=True, events__ends_at__gte=timezone.now()
    ).distinct()


def event_with_programme(events: QuerySet[Event]) -> QuerySet[Event]:
    parts = ProgrammePart.objects.prefetch_related("speakers").order_by("position", "starts_at")
    return events.select_related("programme").prefetch_related(Prefetch("parts", queryset=parts))


STATUS_LABELS = {
    "open": gettext_lazy("Open voor aanmelding"),
    "full": gettext_lazy("Vol, nieuwe aanmeldingen op de wachtlijst"),
    "closed": gettext_lazy("Aanmelding gesloten"),
    "cancelled": gettext_lazy("Geannuleerd"),
}


def public_status(event: Event) -> str:
    """`open`, `full` (newcomers go to the waiting list), `closed` or `cancelled`."""
    if event.cancelled_at:
        return "cancelled"
    if not event.accepts_registrations(timezone.now()):
        return "closed"
    return "full" if event.seats.is_full else "open"


def last_arrival(event: Event) -> int:
    """A recount of the last arrival number handed out (`Event.arrivals` must equal it)."""
    return Registration.objects.filter(event=event).aggregate(n=Max("arrival"))["n"] or 0


def active_emails(event: Event, emails: list[str]) -> set[str]:
    """Which of these addresses (lower case) already hold an active registration for the event."""
    return set(
        Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        .alias(email_lower=Lower("email"))
        .filter(email_lower__in=[e.lower() for e in emails])
        .values_list(Lower("email"), flat=True)
    )


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED, arrival__lte=registration.arrival
    ).count()


def with_waitlist_positions(registrations) -> list[Registration]:
    """The registrations in arrival order, each waiting one with `.position` (1, 2, …), the
    others with `.position = None`; one query, however long the list."""
    rows = sorted(registrations, key=lambda r: r.arrival)
    position = 0
    for registration in rows:
        waiting = registration.status == Status.WAITLISTED
        position += waiting
        registration.position = position if waiting else None
    return rows


@dataclass(frozen=True)
class Applicant:
    """The organisation a registration names, as far as price and partner check depend on it.
    Read before the event is locked: none of it depends on the event's seats."""

    name: str
    organisation: Organisation | None  # None: a name nobody used yet, created under the lock
    partner_periods: tuple = ()
    domains: frozenset[str] = frozenset()

    def partner_check(self, email: str, event: Event) -> str:
        """CONFIRMED when the organisation is a partner on the event date and the address is at
        one of its verified domains; PENDING for a partner's name with any other address (staff
        decide); NOT_NEEDED for everyone else, including an organisation awaiting review."""
        if not is_partner_on(self.partner_periods, timezone.localdate(event.starts_at)):
            return Registration.PartnerCheck.NOT_NEEDED
        if email_domain(email) in self.domains:
            return Registration.PartnerCheck.CONFIRMED
        return Registration.PartnerCheck.PENDING


def applicant_named(name: str) -> Applicant:
    """One query for a name that is no partner; partners add their periods and domains."""
    name = " ".join(name.split())
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None or organisation.needs_review:
        return Applicant(name, organisation)
    periods = tuple(organisation.partner_periods.all())
    if not periods:
        return Applicant(name, organisation)
    return Applicant(name, organisation, periods, organisation_domains(organisation))


def registrations_per_day(event: Event) -> list[tuple]:
    """(day, number of registrations) from the first day anyone registered to the last, days
    without registrations included: what the overview's chart shows."""
    counts = dict(
        Registration.objects.filter(event=event)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    if not counts:
        return []
    first, last = min(counts), max(counts)
    days = (last - first).days + 1
    return [
        (first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)
    ]
