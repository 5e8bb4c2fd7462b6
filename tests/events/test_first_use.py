"""What a new user ran into on the event pages, the personal page and the mails (issue 9)."""

import re
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from tests.events.test_public import register_via_form
from tests.factories import add_parts, register
from wijkactie.core.mails import render
from wijkactie.core.models import OutgoingEmail
from wijkactie.events import services
from wijkactie.events.models import Registration, Speaker
from wijkactie.events.reminders import send_final_programmes


def labels(page: str) -> dict[str, str]:
    """Label text per form field id, tags stripped."""
    found = re.findall(r'<label for="([^"]+)">(.*?)</label>', page, flags=re.S)
    return {field: " ".join(re.sub(r"<[^>]+>", "", text).split()) for field, text in found}


def test_a_label_says_optional_exactly_when_the_form_lets_it_be_empty(client, make_event):
    event = make_event()
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    shown = labels(page)
    assert shown["id_billing_address"] == (
        "Factuuradres van uw organisatie (verplicht, behalve voor partners)"
    )
    assert shown["id_billing_reference"] == "Inkoopnummer of kostenplaats (optioneel)"
    assert "(optioneel) (optioneel)" not in page
    # The form indeed refuses an empty billing address from a non-partner, also for the queue.
    response = register_via_form(
        client, event, email="iemand@elders.test", organisation="Elders", billing_address=""
    )
    assert response.status_code == 400
    assert "Factuuradres van uw organisatie" in response.content.decode()


def test_the_attendance_confirmation_follows_the_events_own_parts(client, make_event):
    afternoon = make_event()
    add_parts(afternoon, "eerste deel", "tweede deel")
    page = client.get(f"/bijeenkomsten/{afternoon.slug}/").content.decode()
    assert "Ik neem deel aan het eerste deel en het tweede deel." in page
    assert "ochtend" not in page
    response = register_via_form(client, afternoon, attends_all_parts="")
    assert "Bevestig dat u deelneemt aan het eerste deel en het tweede deel." in (
        response.content.decode()
    )
    register_via_form(client, afternoon)
    body = render(OutgoingEmail.objects.get(topic="confirmation")).body
    assert "u deelneemt aan het eerste deel en het tweede deel" in body
    assert "ochtend" not in body


def test_a_single_part_event_asks_no_attendance_confirmation(client, make_event):
    event = make_event()
    add_parts(event, "workshop")
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert 'name="attends_all_parts"' not in page
    response = register_via_form(client, event, attends_all_parts="")
    assert response.status_code == 302
    assert "deelneemt aan" not in render(OutgoingEmail.objects.get(topic="confirmation")).body


def test_cancelling_takes_a_second_step_that_says_where_the_seat_goes(client, make_event):
    event = make_event()
    register_via_form(client, event)
    registration = Registration.objects.get()
    url = f"/aanmelding/{registration.manage_token}/"
    response = client.post(url, {"actie": "afmelden"})
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert response.status_code == 302 and "actie=afmelden" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Uw plaats gaat meteen naar de eerste persoon op de wachtlijst" in page
    assert 'name="bevestigd"' in page
    client.post(url, {"actie": "afmelden", "bevestigd": "ja"})
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_a_colleague_is_told_who_registered_them_and_how_to_cancel(client, make_event):
    event = make_event()
    register_via_form(
        client,
        event,
        **{
            "collega-0-first_name": "Piet",
            "collega-0-last_name": "Jansen",
            "collega-0-email": "piet@linie.test",
            "collega-0-role": "gebiedsconsulent",
        },
    )
    piet = render(OutgoingEmail.objects.get(to="piet@linie.test", topic="confirmation")).body
    assert "Uw collega Sanne van der Berg (sanne@linie.test) heeft u aangemeld." in piet
    assert "Meld u dan af via de link onderaan deze mail" in piet
    sanne = render(OutgoingEmail.objects.get(to="sanne@linie.test", topic="confirmation")).body
    assert "heeft u aangemeld" not in sanne


def test_speakers_follow_the_title_without_a_loose_comma(client, make_event):
    event = make_event()
    add_parts(event, "ochtenddeel")
    part = event.parts.get()
    part.title = "Het ACTIE-model in de praktijk"
    part.save()
    Speaker.objects.create(part=part, name="Femke Bax", organisation="Platform31")
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert "‘Het ACTIE-model in de praktijk’" in page
    assert re.search(r"praktijk’<span class=\"speakers\">, Femke Bax", page)


def test_a_contact_without_a_name_is_shown_once(client, make_event):
    event = make_event(contribution_text="Mail ons.", contact_name="")
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert "</a> (team@wijkactie.test)" not in page
    assert '<a href="mailto:team@wijkactie.test">team@wijkactie.test</a>' in page


def test_the_final_programme_names_the_real_day_not_a_week(make_event):
    event = make_event(starts_at=timezone.now() + timedelta(days=4))
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    register(event, 1)
    send_final_programmes()
    body = render(OutgoingEmail.objects.get(topic="final_programme")).body
    assert "Over een week" not in body
    day = timezone.localtime(event.starts_at).day
    assert re.search(rf"Op \w+dag {day} \w+ is het zover", body), body


def calendar_of(mail: OutgoingEmail):
    (attachment,) = [a for a in render(mail).attachments if a.filename.endswith(".ics")]
    calendar = Calendar.from_ical(attachment.content)
    return next(iter(calendar.walk("VEVENT")))


def test_the_released_join_link_comes_in_an_updated_calendar_entry(make_event):
    event = make_event(
        starts_at=timezone.now() + timedelta(days=3), join_url="https://teams.example/join/1"
    )
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    register(event, 1)
    send_final_programmes()
    first = calendar_of(OutgoingEmail.objects.get(topic="confirmation"))
    final = calendar_of(OutgoingEmail.objects.get(topic="final_programme"))
    assert final["uid"] == first["uid"]
    assert int(final["sequence"]) > int(first["sequence"])
    assert "https://teams.example/join/1" in str(final["location"])
    assert "teams.example" not in first.to_ical().decode()


def test_a_changed_start_time_sends_an_updated_calendar_entry(make_event):
    event = make_event()
    register(event, 1)
    confirmation = calendar_of(OutgoingEmail.objects.get(topic="confirmation"))
    later = event.starts_at + timedelta(hours=1)
    services.update_event(
        event_id=event.pk, data={"starts_at": later, "ends_at": later + timedelta(hours=4)}
    )
    changed = OutgoingEmail.objects.get(topic="changed")
    entry = calendar_of(changed)
    assert entry["uid"] == confirmation["uid"]
    assert int(entry["sequence"]) > int(confirmation["sequence"])
    assert entry.decoded("dtstart") == later.replace(microsecond=0)
    # A change of something else (the capacity) moves nobody's calendar.
    services.update_event(event_id=event.pk, data={"capacity": 10})
    assert OutgoingEmail.objects.filter(topic="changed").count() == 1
