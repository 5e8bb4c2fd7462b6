"""Which events a staff member may see and change: administrators all, programme staff those of
the programmes they organise (an event without a programme only administrators)."""

from django.db.models import QuerySet
from django.http import Http404

from wijkactie.accounts.access import is_administrator
from wijkactie.events.models import Event, Programme


def programmes_for(user) -> QuerySet[Programme]:
    if is_administrator(user):
        return Programme.objects.all()
    return Programme.objects.filter(organisers=user)


def events_for(user) -> QuerySet[Event]:
    if is_administrator(user):
        return Event.objects.all()
    return Event.objects.filter(programme__organisers=user)


def event_for(user, slug: str) -> Event:
    """The event, or 404 (also for another programme's event: its existence is not told)."""
    event = events_for(user).select_related("programme").filter(slug=slug).first()
    if event is None:
        raise Http404
    return event
