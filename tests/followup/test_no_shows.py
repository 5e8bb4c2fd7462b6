"""Issue 22: after the session for everyone. People who registered but attended no part got
nothing after the session, though the terugblik is made for them too. Now they get, once, a
short mail with the terugblik and the programme's next sessions; the organiser can switch it
off."""

from datetime import timedelta

from django.utils import timezone

from tests.followup.test_evaluation import attend
from wijkactie.core import mails
from wijkactie.core.models import OutgoingEmail
from wijkactie.events.models import Programme
from wijkactie.followup import recap


def _mailed():
    return sorted(OutgoingEmail.objects.filter(topic="recap_no_show").values_list("to", flat=True))


def test_who_came_to_no_part_gets_the_terugblik_once(session, make_event):
    event, people = session
    programme = Programme.objects.create(name="Werken aan leefbare wijken", slug="wijken")
    type(event).objects.filter(pk=event.pk).update(programme=programme)
    upcoming = make_event(title="ACTIE in de praktijk", programme=programme)
    attend(event, people["anouk"], "ochtenddeel", "middagdeel")
    attend(event, people["sanne"])  # recorded absent at both parts
    attend(event, people["karim"], "middagdeel")
    assert recap.mail_no_shows() == 0  # no terugblik yet
    recap.save_recap(event_id=event.pk, report="Wat we leerden.", is_published=True)
    # Sanne (absent) and Esra (nothing recorded, while the others are known) came to no part.
    assert recap.mail_no_shows() == 2
    assert _mailed() == sorted([people["sanne"].email, people["esra"].email])
    assert recap.mail_no_shows() == 0  # once
    rendered = mails.render(
        OutgoingEmail.objects.get(to=people["sanne"].email, topic="recap_no_show")
    )
    assert f"/bijeenkomsten/{event.slug}/" in rendered.body
    assert (
        "ACTIE in de praktijk" in rendered.body
        and f"/bijeenkomsten/{upcoming.slug}/" in rendered.body
    )


def test_the_organiser_can_switch_it_off_and_nothing_goes_before_attendance_is_known(session):
    event, people = session
    recap.save_recap(event_id=event.pk, report="Verslag", is_published=True)
    assert recap.mail_no_shows() == 0  # nobody's attendance known: no one is told they missed it
    attend(event, people["anouk"], "ochtenddeel")
    recap.save_recap(event_id=event.pk, report="Verslag", is_published=True, mail_no_shows=False)
    assert recap.mail_no_shows() == 0


def test_a_terugblik_published_long_after_the_session_mails_nobody(session, time_machine):
    event, people = session
    attend(event, people["anouk"], "ochtenddeel")
    time_machine.move_to(timezone.now() + timedelta(days=61), tick=False)
    recap.save_recap(event_id=event.pk, report="Verslag", is_published=True)
    assert recap.mail_no_shows() == 0


def test_the_switch_is_on_the_terugblik_page(session, admin_client):
    event, _people = session
    url = f"/beheer/bijeenkomsten/{event.slug}/terugblik/"
    assert "wie niet kwam een korte mail" in admin_client.get(url).content.decode().lower()
    admin_client.post(url, {"actie": "verslag", "report": "Verslag", "is_published": "on"})
    assert event.recap.mail_no_shows is False  # an unticked box: off
