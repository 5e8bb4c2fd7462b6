"""Calendar files for a bijeenkomst (RFC 5545, Europe/Amsterdam with its VTIMEZONE)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from wijkactie.events.models import Event


def event_calendar(event: Event, *, join_url: str = "") -> bytes:
    """One VEVENT with a stable UID, so a changed event replaces the entry in a calendar.

    The public file never holds the join link; the file mailed to a confirmed registrant once the
    link is released does (`join_url`). SEQUENCE rises with every change of time, place or link
    (`calendar_sequence`, counted twice) and once more for the file with the link, so each later
    file replaces the earlier one in the calendar.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//wijkactie//bijeenkomsten//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@wijkactie.nl")
    entry.add("summary", event.title)
    amsterdam = ZoneInfo(settings.TIME_ZONE)
    entry.add("dtstart", event.starts_at.astimezone(amsterdam))
    entry.add("dtend", event.ends_at.astimezone(amsterdam))
    entry.add("dtstamp", event.updated_at)
    entry.add("sequence", 2 * event.calendar_sequence + (1 if join_url else 0))
    entry.add("url", settings.SITE_URL + reverse("events:detail", args=[event.slug]))
    if event.is_online and join_url:
        entry.add("location", join_url)
    elif event.is_online:
        platform = event.online_platform or _("de link volgt per e-mail")
        entry.add("location", _("Online (%(platform)s)") % {"platform": platform})
    else:
        entry.add(
            "location",
            ", ".join(p for p in (event.venue_name, event.street_address, event.city) if p),
        )
    lines = [event.programme.name if event.programme_id else ""]
    lines += [
        f"{part.starts_at:%H.%M}–{part.ends_at:%H.%M} {part.label}"
        + (f": {part.title}" if part.title else "")
        for part in event.parts.all()
    ]
    if join_url:
        lines.append(_("Deelnemen: %(url)s (persoonlijk, deel deze link niet)") % {"url": join_url})
    description = "\n".join(line for line in lines if line)
    if description:
        entry.add("description", description)
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
