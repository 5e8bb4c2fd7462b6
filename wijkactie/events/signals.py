"""Other apps add to the events' public pages without the events app importing them (pretalx's
plugin signals, `pretalx.common.signals`). Receivers return HTML (already escaped) or ""."""

from django.dispatch import Signal
from django.utils.html import format_html_join

# kwargs: event, request. Shown on the public event page (after the session: its terugblik).
event_page = Signal()
# kwargs: registration, request. Shown on the personal page behind the link in every mail.
personal_page = Signal()
# kwargs: events. Returns {event pk: label} for the cards of past sessions.
past_event_labels = Signal()


def sections(signal: Signal, **kwargs) -> str:
    """The receivers' HTML joined; a receiver's plain (unsafe) string is escaped."""
    found = signal.send(sender=None, **kwargs)
    return format_html_join("", "{}", ((html,) for _receiver, html in found if html))


def labels(events) -> dict[int, str]:
    found: dict[int, str] = {}
    for _receiver, labelled in past_event_labels.send(sender=None, events=events):
        found.update(labelled or {})
    return found
