"""The mails a registrant receives, queued in the outbox in the caller's transaction and rendered
when the worker sends them (core.mails)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wijkactie.core.mails import Attachment, Rendered, attach, render_template
from wijkactie.core.services import queue_mail
from wijkactie.events.ical import event_calendar
from wijkactie.events.models import Registration

KIND_LABELS = {
    "confirmation": _("Bevestiging"),
    "waitlisted": _("Wachtlijst"),
    "offer": _("Plaats aangeboden"),
    "promoted": _("Alsnog geplaatst"),
    "offer_expired": _("Aanbod verlopen"),
    "cancelled": _("Afmelding"),
    "declined": _("Aanbod afgeslagen"),
    "transferred": _("Overgedragen"),
    "final_programme": _("Definitief programma"),
    "reminder": _("Herinnering"),
    "message": _("Bericht van de organisator"),
    "event_cancelled": _("Bijeenkomst gaat niet door"),
    "partnership": _("Besluit over partnerschap"),
    "changed": _("Gewijzigde tijd of plaats"),
    "programme_changed": _("Wijziging in het programma"),
    # Sent by followup after the session, about the registration.
    "evaluation": _("Evaluatie met certificaat"),
    "evaluation_reminder": _("Herinnering evaluatie"),
    "recap_no_show": _("Terugblik voor wie niet kwam"),
}


def labelled(mails) -> list:
    """Outbox rows with `topic_label`, the kind of mail in words, for staff pages."""
    mails = list(mails)
    for mail in mails:
        mail.topic_label = KIND_LABELS.get(mail.topic, mail.topic)
    return mails


CALENDAR_MAILS = {"confirmation", "promoted", "final_programme", "reminder", "changed"}


def manage_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("events:manage", args=[registration.manage_token])


def calendar_attachment(event, join_url: str = "") -> Attachment:
    """Built when the mail is sent (registered in EventsConfig.ready), never under a lock."""
    return Attachment("bijeenkomst.ics", event_calendar(event, join_url=join_url), "text/calendar")


def _queue(
    registration: Registration,
    kind: str,
    *,
    key_suffix: str = "",
    join_url: str = "",
    calendar: bool | None = None,
    **extra,
) -> None:
    """`join_url`: released to this person, so in the mail and in its calendar entry.
    `calendar`: with the calendar file (default: for the kinds in CALENDAR_MAILS)."""
    event = registration.event
    attachments = ()
    if kind in CALENDAR_MAILS if calendar is None else calendar:
        attachments = (attach("events.calendar", event=event, join_url=join_url),)
    queue_mail(
        template=f"events/mail/{kind}.txt",
        context={
            "registration": registration,
            "event": event,
            "manage_url": manage_url(registration),
            "contact_email": event.contact_email or settings.WIJKACTIE_CONTACT_EMAIL,
            "join_url": join_url,
            **extra,
        },
        language=registration.language,
        key=_key(registration, kind, key_suffix),
        topic=kind,
        to=registration.email,
        object_ref=f"events.registration:{registration.pk}",
        attachments=attachments,
    )


def _key(registration: Registration, kind: str, suffix: str = "") -> str:
    return f"registration:{registration.pk}:{kind}{suffix}"


def scheduled_key(registration: Registration, kind: str) -> str:
    return _key(registration, kind)


def queue_scheduled(registration: Registration, kind: str) -> None:
    """The final programme or the reminder (reminders.SCHEDULE), with the join link; the
    reminder also with the calendar file."""
    _queue(registration, kind, join_url=registration.event.join_url)


def queue_confirmation(registration: Registration) -> None:
    _queue(registration, "confirmation")


def queue_partnership_decided(registration: Registration) -> None:
    _queue(registration, "partnership")


def queue_waitlisted(registration: Registration, *, position: int | None) -> None:
    _queue(registration, "waitlisted", position=position)


def queue_offer(registration: Registration) -> None:
    _queue(
        registration,
        "offer",
        key_suffix=f":{registration.offer_expires_at:%Y%m%d%H%M%S}",
        accept_url=manage_url(registration) + "?actie=accepteren",
        decline_url=manage_url(registration) + "?actie=afslaan",
    )


def queue_promoted(registration: Registration) -> None:
    _queue(registration, "promoted")


def queue_offer_expired(registration: Registration) -> None:
    _queue(registration, "offer_expired")


def queue_changed(registration: Registration, *, after_final_programme: bool) -> None:
    """Time, place or join link changed: the updated calendar entry, keyed by its version."""
    event = registration.event
    _queue(
        registration,
        "changed",
        key_suffix=f":{event.calendar_sequence}",
        join_url=event.join_url if after_final_programme else "",
    )


def queue_programme_changed(registration: Registration, version, *, released: bool) -> None:
    """What changed (rendered in the person's language when sent) and the organiser's note;
    with a seat, the updated calendar entry (with the join link once it is `released`)."""
    seated = registration.status == Registration.Status.CONFIRMED
    _queue(
        registration,
        "programme_changed",
        key_suffix=f":v{version.number}",
        join_url=registration.event.join_url if released and seated else "",
        calendar=seated,
        version=version,
    )


def _message_context(registration: Registration, message) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "message": message,
        "manage_url": manage_url(registration),
        "contact_email": event.contact_email or settings.WIJKACTIE_CONTACT_EMAIL,
    }


def preview_message(registration: Registration, message) -> Rendered:
    """The message as this registrant will get it, before anything is queued."""
    return render_template(
        "events/mail/message.txt", _message_context(registration, message), registration.language
    )


def queue_message(registration: Registration, message) -> None:
    """The organiser's own message (its Markdown text reads as plain text in the mail)."""
    queue_mail(
        template="events/mail/message.txt",
        context=_message_context(registration, message),
        language=registration.language,
        key=f"{message.key_prefix()}{registration.pk}",
        topic="message",
        to=registration.email,
        object_ref=f"events.registration:{registration.pk}",
    )


def queue_event_cancelled(registration: Registration) -> None:
    """The event does not take place; the reason is read from the event when sent."""
    _queue(registration, "event_cancelled")


def queue_cancelled(
    registration: Registration, *, reason: str = "", by_staff: bool = False
) -> None:
    _queue(registration, "cancelled", reason=reason[:500], by_staff=by_staff)


def queue_declined(registration: Registration) -> None:
    _queue(registration, "declined")


def queue_transferred_away(old: Registration, new: Registration) -> None:
    _queue(old, "transferred", colleague=new)
