"""The final programme a week ahead, with the join link, once per confirmed registration."""

from datetime import time, timedelta

import pytest
from django.core import mail

from tests.conftest import register
from wijkactie.events import services
from wijkactie.events.models import ProgrammePart
from wijkactie.events.reminders import send_final_programmes

pytestmark = pytest.mark.django_db(transaction=True)


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
