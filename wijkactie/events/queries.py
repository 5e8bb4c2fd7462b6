from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from wijkactie.accounts.models import Organisation
from wijkactie.events.models import Event, ProgrammePart, Registration
from wijkactie.events.pricing import is_partner_on

Status = Registration.Status


def with_seat_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        n_confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        n_offered=Count("registrations", filter=Q(registrations__status=Status.OFFERED)),
        n_waiting=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
    )


def upcoming_events() -> QuerySet[Event]:
    return with_seat_counts(
        Event.objects.filter(is_published=True, ends_at__gte=timezone.now())
    ).order_by("starts_at")


def event_with_programme(events: QuerySet[Event]) -> QuerySet[Event]:
    parts = ProgrammePart.objects.prefetch_related("speakers").order_by("position", "starts_at")
    return with_seat_counts(events).prefetch_related(Prefetch("parts", queryset=parts))


def public_status(event: Event) -> str:
    """`open`, `full` (newcomers go to the waiting list) or `closed`, from annotated counts."""
    if not event.is_published or timezone.now() >= event.closes_at:
        return "closed"
    if event.n_waiting > 0 or event.n_confirmed + event.n_offered >= event.capacity:
        return "full"
    return "open"


def organisation_is_partner(organisation: Organisation, event: Event) -> bool:
    if organisation.needs_review:
        return False
    return is_partner_on(organisation.partner_periods.all(), timezone.localdate(event.starts_at))


def organisation_names() -> list[str]:
    return list(Organisation.objects.order_by("name").values_list("name", flat=True)[:500])
