"""Reads about attendance that more than one page needs."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from wijkactie.events.models import Registration
from wijkactie.followup.models import Attendance

# From this many no-shows of free seats an organisation is marked on the dashboard. Nothing
# automatic is done to anyone: staff decide whether to talk about it.
REPEAT_NO_SHOWS = 2


def no_shows(events: QuerySet) -> QuerySet:
    """Confirmed seats whose attendance is known and that were present at no part."""
    return Registration.objects.filter(
        event__in=events, status=Registration.Status.CONFIRMED, attendance__isnull=False
    ).exclude(attendance__state=Attendance.State.PRESENT)


def no_shows_per_event(events: QuerySet) -> dict[int, int]:
    return dict(no_shows(events).values_list("event_id").annotate(n=Count("id", distinct=True)))


@dataclass(frozen=True)
class OrganisationNoShows:
    name: str
    total: int
    free: int  # of which seats without a price (partner seats)

    @property
    def repeat(self) -> bool:
        return self.free >= REPEAT_NO_SHOWS


def no_shows_per_organisation(events: QuerySet, *, limit: int = 20) -> list[OrganisationNoShows]:
    """Organisations with no-shows, most free seats left empty first (one query)."""
    rows = (
        no_shows(events)
        .values_list("organisation__name")
        .annotate(
            total=Count("id", distinct=True),
            free=Count("id", distinct=True, filter=Q(price_excl_vat=0)),
        )
        .order_by("-free", "-total", "organisation__name")[:limit]
    )
    return [OrganisationNoShows(name or "–", total, free) for name, total, free in rows]
