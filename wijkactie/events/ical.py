"""Calendar files for a bijeenkomst (RFC 5545, Europe/Amsterdam with its VTIMEZONE)."""

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from wijkactie.events.models import Event


def event_calendar(event: Event, *, join_url: str = "") -> bytes:
    """One VEVENT with a stable UID; the join link only goes in for a confirmed participant."""
    calendar = Calendar()
    calendar.add("prodid", "-//wijkactie//bijeenkomsten//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@wijkactie.nl")
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at.astimezone(_amsterdam()))
    entry.add("dtend", event.ends_at.astimezone(_amsterdam()))
    entry.add("dtstamp", event.updated_at)
    entry.add("url", settings.SITE_URL + reverse("events:detail", args=[event.slug]))
    if event.is_online:
        entry.add("location", join_url or f"Online ({event.online_platform or 'link volgt'})")
    else:
        entry.add(
            "location",
            ", ".join(p for p in (event.venue_name, event.street_address, event.city) if p),
        )
    description = event.programme_name
    if join_url:
        description += f"\n\nDeelnamelink: {join_url}"
    entry.add("description", description)
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _amsterdam():
    from zoneinfo import ZoneInfo  # noqa: PLC0415 (leaf)

    return ZoneInfo(settings.TIME_ZONE)
