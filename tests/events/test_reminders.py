"""The final programme a week ahead, with the join link, once per confirmed registration."""

from datetime import time, timedelta

import pytest
from django.core import mail

from tests.factories import register
from wijkactie.events import services
from wijkactie.events.models import ProgrammePart
from wijkactie.events.reminders import send_final_programmes, send_reminders, send_scheduled_mails

pytestmark = pytest.mark.usefixtures("commits")


def test_final_programme_goes_to_confirmed_people_once_in_the_final_week(make_event, time_machine):
    event = make_event(capacity=1, join_url="https://teams.microsoft.com/l/meetup-join/abc")
    ProgrammePart.objects.create(
        event=event,
        position=1,
        starts_at=time(10, 30),
        ends_at=time(12, 0),
        label="Ochtenddeel",
        title="Het ACTIE-instrument",
    )
    confirmed = register(event, 1, auto_confirm=True)
    waiting = register(event, 2, auto_confirm=True)
    mail.outbox.clear()

    time_machine.move_to(event.starts_at - timedelta(days=8), tick=False)
    assert send_final_programmes() == 0

    time_machine.move_to(event.starts_at - timedelta(days=6), tick=False)
    assert send_final_programmes() == 1
    (message,) = mail.outbox
    assert message.to == [confirmed.email]
    assert message.subject == f"Definitief programma: {event.title}"
    assert "10.30–12.00  Ochtenddeel: Het ACTIE-instrument" in message.body
    assert "https://teams.microsoft.com/l/meetup-join/abc" in message.body
    assert send_final_programmes() == 0  # not twice

    services.cancel_registration(registration_id=confirmed.pk)  # the waiting one moves up
    mail.outbox.clear()
    assert send_final_programmes() == 1
    final = [m for m in mail.outbox if m.subject.startswith("Definitief programma")]
    assert [m.to for m in final] == [[waiting.email]]

    time_machine.move_to(event.starts_at + timedelta(minutes=1), tick=False)
    assert send_final_programmes() == 0


def test_the_join_link_is_on_the_personal_page_only_when_confirmed_and_close(
    client, make_event, time_machine
):
    event = make_event(capacity=1, join_url="https://teams.microsoft.com/l/meetup-join/abc")
    confirmed = register(event, 1, auto_confirm=True)
    waiting = register(event, 2)
    time_machine.move_to(event.starts_at - timedelta(days=10), tick=False)
    assert (
        "meetup-join/abc"
        not in client.get(f"/aanmelding/{confirmed.manage_token}/").content.decode()
    )
    time_machine.move_to(event.starts_at - timedelta(days=2), tick=False)
    assert (
        "meetup-join/abc" in client.get(f"/aanmelding/{confirmed.manage_token}/").content.decode()
    )
    assert (
        "meetup-join/abc" not in client.get(f"/aanmelding/{waiting.manage_token}/").content.decode()
    )
    assert "meetup-join/abc" not in client.get(f"/bijeenkomsten/{event.slug}/").content.decode()


def test_the_reminder_goes_a_day_ahead_once_with_link_and_calendar_and_catches_up_late_seats(
    make_event, time_machine
):
    event = make_event(
        capacity=2,
        join_url="https://teams.microsoft.com/l/meetup-join/abc",
        reminder_text="Zet uw camera aan als dat kan.",
    )
    first, second = register(event, 1), register(event, 2)
    third = register(event, 3, auto_confirm=True)  # waiting
    cancelled = register(event, 4, auto_confirm=True)
    services.cancel_registration(registration_id=cancelled.pk)

    time_machine.move_to(event.starts_at - timedelta(days=2), tick=False)
    assert send_reminders() == 0
    time_machine.move_to(event.starts_at - timedelta(hours=23), tick=False)
    mail.outbox.clear()
    assert send_scheduled_mails() == 4  # the final programme and the reminder, to two people
    reminders = [m for m in mail.outbox if m.subject == f"Morgen: {event.title}"]
    assert sorted(m.to[0] for m in reminders) == sorted([first.email, second.email])
    assert "Zet uw camera aan als dat kan." in reminders[0].body
    assert "https://teams.microsoft.com/l/meetup-join/abc" in reminders[0].body
    assert reminders[0].attachments[0].mimetype == "text/calendar"
    assert send_scheduled_mails() == 0  # never twice

    services.cancel_registration(registration_id=first.pk)  # the waiting one moves up
    mail.outbox.clear()
    assert send_scheduled_mails() == 2  # what they missed, at once
    assert {m.to[0] for m in mail.outbox if m.subject.startswith(("Morgen", "Definitief"))} == {
        third.email
    }
    time_machine.move_to(event.starts_at + timedelta(minutes=1), tick=False)
    assert send_scheduled_mails() == 0


def test_a_scheduled_mail_switched_off_is_not_sent_and_the_organiser_sees_the_plan(
    admin_client, make_event, time_machine
):
    event = make_event(capacity=5, reminder_on=False)
    register(event, 1)
    register(event, 2)
    page = admin_client.get(f"/beheer/bijeenkomsten/{event.slug}/").content.decode()
    assert "Herinnering (een dag vooraf)" in page and "uitgezet" in page
    assert "2 bevestigde deelnemers" in page
    time_machine.move_to(event.starts_at - timedelta(hours=12), tick=False)
    assert send_reminders() == 0
    assert send_final_programmes() == 2
