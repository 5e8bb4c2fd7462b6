"""The tabs of an event's staff pages, in the order the tab bar shows them: the one list that
`office/_event_header.html` draws and `event_page` checks its `tab` against."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url_name: str


TABS = (
    Tab("overview", _("Overzicht"), "staff:event"),
    Tab("registrations", _("Aanmeldingen"), "staff:event_registrations"),
    Tab("waitlist", _("Wachtlijst"), "staff:event_waitlist"),
    Tab("mails", _("E-mail"), "staff:event_mails"),
    Tab("invoices", _("Facturen"), "staff:event_invoices"),
    Tab("attendance", _("Aanwezigheid"), "staff_followup:attendance"),
    Tab("evaluation", _("Evaluatie"), "staff_followup:evaluation"),
    Tab("recap", _("Terugblik"), "staff_followup:recap"),
    Tab("afternoon", _("Middagdeel: groepen"), "staff_initiatives:afternoon"),
    Tab("edit", _("Bewerken"), "staff:event_edit"),
)
NAMES = {tab.name for tab in TABS}


def tab_bar(event, current: str) -> list[dict]:
    """The tabs for `event`, the `current` one marked (a name from TABS)."""
    if current not in NAMES:
        raise ValueError(f"no such tab: {current!r}")
    return [
        {
            "label": tab.label,
            "url": reverse(tab.url_name, args=[event.slug]),
            "current": tab.name == current,
        }
        for tab in TABS
    ]
