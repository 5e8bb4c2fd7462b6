"""The programme office (issue 12): organisers prepare, publish and copy events in the site's own
pages, and reach only what is theirs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.factories import STAFF_PASSWORD, person, register
from wijkactie.core import mails as mail_texts
from wijkactie.core.models import ActivityLog, OutgoingEmail
from wijkactie.events import editing, services
from wijkactie.events.changes import differences
from wijkactie.events.models import Event, EventMessage, Programme, ProgrammePart, Speaker
from wijkactie.invoices import services as invoices
from wijkactie.invoices.models import Invoice


@pytest.fixture
def office(organiser) -> Client:
    client = Client()
    client.force_login(organiser)
    return client


def moment(days: int, hour: int) -> str:
    day = timezone.localdate() + timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def event_fields(programme, **changes) -> dict:
    data = {
        "title": "ACTIE in de praktijk",
        "slug": "actie-in-de-praktijk",
        "programme": programme.pk,
        "starts_at": moment(40, 10),
        "ends_at": moment(40, 14),
        "location_kind": "online",
        "online_platform": "Microsoft Teams",
        "capacity": "30",
        "offer_hours": "48",
        "price_excl_vat": "125.00",
        "vat_rate": "21.00",
        "requires_all_parts": "on",
        "full_notice": "Vol.",
        "contribution_title": "Doe mee",
    }
    data.update(changes)
    return data


def parts_data(event: Event | None = None, rows=(), initial: int = 0) -> dict:
    data = {
        "onderdeel-TOTAL_FORMS": str(len(rows)),
        "onderdeel-INITIAL_FORMS": str(initial),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"onderdeel-{i}-{key}"] = value
    return data


def current(event: Event) -> dict:
    """What the edit page sends back unchanged for the event's own fields."""
    return event_fields(
        event.programme,
        title=event.title,
        slug=event.slug,
        starts_at=timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        capacity=str(event.capacity),
        introduction=event.introduction,
        join_url=event.join_url,
        contact_email=event.contact_email,
    )


def test_an_organiser_creates_a_concept_that_nobody_else_sees(office, client, programme):
    response = office.post("/beheer/bijeenkomsten/nieuw/", event_fields(programme))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="actie-in-de-praktijk")
    assert not event.is_published and event.programme == programme
    assert response["Location"] == "/beheer/bijeenkomsten/actie-in-de-praktijk/bewerken/"
    assert client.get("/bijeenkomsten/actie-in-de-praktijk/").status_code == 404
    assert "ACTIE in de praktijk" not in client.get("/").content.decode()
    assert "ACTIE in de praktijk" in office.get("/beheer/").content.decode()


def test_bad_input_is_refused_in_dutch_and_kept(office, programme):
    response = office.post(
        "/beheer/bijeenkomsten/nieuw/",
        event_fields(
            programme,
            ends_at=moment(40, 9),
            join_url="http://teams.example/x",
            slug="nieuw",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Het einde moet na het begin liggen." in page
    assert "Gebruik een link die met https:// begint." in page
    assert "Deze korte naam is gereserveerd." in page
    assert 'value="ACTIE in de praktijk"' in page  # nothing typed is lost
    assert not Event.objects.exists()


def test_the_programme_with_parts_and_speakers_is_saved_in_order_and_keeps_identities(
    office, make_event, programme
):
    event = make_event(programme=programme, is_published=False)
    rows = [
        {
            "label": "middagdeel",
            "kind": "session",
            "starts_at": "13:00",
            "ends_at": "14:30",
            "speakers": "Fleur de Vries | Woonstichting De Linie | casus\nKarim Amrani",
        },
        {
            "label": "ochtenddeel",
            "kind": "session",
            "starts_at": "10:00",
            "ends_at": "12:00",
            "title": "Het ACTIE-instrument",
            "speakers": "Anouk Jansen | Movisie",
        },
    ]
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/", {**current(event), **parts_data(rows=rows)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    parts = list(event.parts.all())
    assert [p.label for p in parts] == ["ochtenddeel", "middagdeel"]  # by start time
    assert [(s.name, s.organisation, s.topic) for s in parts[1].speakers.all()] == [
        ("Fleur de Vries", "Woonstichting De Linie", "casus"),
        ("Karim Amrani", "", ""),
    ]
    morning = parts[0]
    # Again, from the page as it now shows: the morning is renamed, the afternoon removed.
    page = office.get(f"/beheer/bijeenkomsten/{event.slug}/bewerken/").content.decode()
    assert "Fleur de Vries | Woonstichting De Linie | casus" in page
    again = [
        {**rows[1], "part_id": str(morning.pk), "label": "ochtend"},
        {**rows[0], "part_id": str(parts[1].pk), "DELETE": "on"},
    ]
    office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), **parts_data(rows=again, initial=2)},
    )
    (kept,) = event.parts.all()
    assert kept.pk == morning.pk and kept.label == "ochtend"
    assert Speaker.objects.count() == 1
    assert ActivityLog.objects.filter(verb="programme_saved").count() == 2


def test_a_speaker_line_that_cannot_be_read_is_refused_with_its_number(
    office, make_event, programme
):
    event = make_event(programme=programme)
    rows = [
        {
            "label": "ochtenddeel",
            "kind": "session",
            "starts_at": "10:00",
            "ends_at": "12:00",
            "speakers": "Anouk\n | Movisie",
        }
    ]
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/", {**current(event), **parts_data(rows=rows)}
    )
    assert response.status_code == 400
    assert "Regel 2: schrijf naam | organisatie | onderwerp." in response.content.decode()
    assert not event.parts.exists()


def test_publishing_says_what_is_missing_then_publishes(office, client, make_event, programme):
    event = make_event(programme=programme, is_published=False, contact_email="", introduction="")
    refused = office.post(f"/beheer/bijeenkomsten/{event.slug}/publiceren/")
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Publiceren kan nog niet" in page
    for item in (
        "een inleiding",
        "de deelnamelink (voor bevestigde deelnemers)",
        "het e-mailadres voor vragen",
        "het programma (ten minste één onderdeel)",
    ):
        assert item in page
    event.refresh_from_db()
    assert not event.is_published
    ProgrammePart.objects.create(event=event, starts_at="10:00", ends_at="12:00", label="ochtend")
    Event.objects.filter(pk=event.pk).update(
        introduction="Over het ACTIE-instrument.",
        contact_email="team@wijkactie.test",
        join_url="https://teams.microsoft.com/l/meetup-join/x",
    )
    assert office.post(f"/beheer/bijeenkomsten/{event.slug}/publiceren/").status_code == 302
    event.refresh_from_db()
    assert event.is_published
    assert client.get(f"/bijeenkomsten/{event.slug}/").status_code == 200


def test_the_preview_shows_a_concept_as_visitors_will_see_it_without_a_working_form(
    office, make_event, programme
):
    event = make_event(programme=programme, is_published=False, body="**Nieuw** in 2027")
    page = office.get(f"/beheer/bijeenkomsten/{event.slug}/voorbeeld/").content.decode()
    assert "Voorbeeld." in page and "<strong>Nieuw</strong> in 2027" in page
    assert "<div inert>" in page  # the form is shown, not usable
    assert "De aanmelding voor deze bijeenkomst is gesloten." not in page


def test_staff_text_is_markdown_and_never_raw_html(client, make_event, programme):
    event = make_event(
        programme=programme,
        body="Lees [meer](https://movisie.nl)\n\n<script>alert(1)</script> [x](javascript:alert(2))",
    )
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert '<a href="https://movisie.nl" rel="noopener nofollow">meer</a>' in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


def test_capacity_below_what_is_taken_is_refused_by_the_capacity_service(
    office, make_event, programme
):
    event = make_event(programme=programme, capacity=3)
    for n in range(3):
        register(event, n)
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), "capacity": "2", **parts_data()},
    )
    assert response.status_code == 400
    assert "De capaciteit kan niet lager zijn" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3


def test_a_copy_is_a_concept_on_the_new_date_with_texts_and_programme_but_no_link(
    office, make_event, programme
):
    event = make_event(
        programme=programme,
        join_url="https://teams.microsoft.com/l/meetup-join/oud",
        body="Achtergrond",
    )
    part = ProgrammePart.objects.create(
        event=event, starts_at="10:00", ends_at="12:00", label="ochtenddeel"
    )
    Speaker.objects.create(part=part, name="Anouk Jansen", organisation="Movisie")
    register(event, 1)
    new_day = date(2027, 3, 30)  # after the change to summer time: the wall clock stays
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/kopieren/", {"starts_on": new_day.isoformat()}
    )
    copy = Event.objects.exclude(pk=event.pk).get()
    assert response["Location"] == f"/beheer/bijeenkomsten/{copy.slug}/bewerken/"
    assert not copy.is_published and copy.programme == programme
    assert copy.body == "Achtergrond" and copy.join_url == ""
    assert timezone.localtime(copy.starts_at).date() == new_day
    assert timezone.localtime(copy.starts_at).time() == timezone.localtime(event.starts_at).time()
    assert copy.seats_confirmed == 0 and not copy.registrations.exists()
    (copied,) = copy.parts.all()
    assert copied.pk != part.pk and [s.name for s in copied.speakers.all()] == ["Anouk Jansen"]


def test_programme_staff_reach_only_their_programmes_and_no_administrator_pages(
    office, make_event, programme, client
):
    other = Programme.objects.create(name="Ander programma", slug="ander")
    theirs = make_event(programme=other)
    register(theirs, 1)
    for path in (
        f"/beheer/bijeenkomsten/{theirs.slug}/",
        f"/beheer/bijeenkomsten/{theirs.slug}/bewerken/",
        f"/beheer/bijeenkomsten/{theirs.slug}/voorbeeld/",
        f"/beheer/bijeenkomsten/{theirs.slug}/kopieren/",
        f"/beheer/bijeenkomsten/{theirs.slug}/deelnemers.csv",
        f"/beheer/bijeenkomsten/{theirs.slug}/middag/",
        f"/beheer/bijeenkomsten/{theirs.slug}/aanwezigheid/",
        f"/beheer/bijeenkomsten/{theirs.slug}/aanwezigheid/teams/",
        f"/beheer/bijeenkomsten/{theirs.slug}/evaluatie/",
        f"/beheer/bijeenkomsten/{theirs.slug}/evaluatie.xlsx",
        f"/beheer/bijeenkomsten/{theirs.slug}/terugblik/",
    ):
        assert office.get(path).status_code == 404, path
    assert office.post(f"/beheer/bijeenkomsten/{theirs.slug}/publiceren/").status_code == 404
    assert theirs.title not in office.get("/beheer/").content.decode()
    for path in ("/beheer/organisaties/", "/beheer/api-sleutels/", "/beheer/mail/"):
        assert office.get(path).status_code == 403, path
    assert office.get("/admin/").status_code == 302  # Django admin: administrators only
    refused = office.post("/beheer/bijeenkomsten/nieuw/", event_fields(other))
    assert refused.status_code == 400 and not Event.objects.filter(slug="actie-in-de-praktijk")


def test_administrators_reach_everything_including_django_admin(admin_client, make_event):
    event = make_event()  # no programme
    assert admin_client.get(f"/beheer/bijeenkomsten/{event.slug}/bewerken/").status_code == 200
    assert admin_client.get("/beheer/organisaties/").status_code == 200
    assert admin_client.get("/admin/").status_code == 200


def test_staff_sign_in_on_the_sites_own_page(organiser, client):
    assert client.get("/beheer/").url == "/beheer/inloggen/?next=%2Fbeheer%2F"
    page = client.get("/beheer/inloggen/").content.decode()
    assert "Gebruikersnaam of e-mailadres" in page
    wrong = client.post("/beheer/inloggen/", {"username": "noor@wijkactie.test", "password": "x"})
    assert wrong.status_code == 400
    assert "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar." in wrong.content.decode()
    response = client.post(
        "/beheer/inloggen/", {"username": "Noor@wijkactie.test", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/beheer/"


def test_the_empty_part_at_the_bottom_is_skipped_when_left_alone(office, make_event, programme):
    """Found in the browser: the empty part's "Soort" list counted as typed, so saving without
    adding a part was refused with three "verplicht" errors."""
    event = make_event(programme=programme)
    untouched = [{"kind": "session", "label": "", "starts_at": "", "ends_at": ""}]
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), **parts_data(rows=untouched)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not event.parts.exists()


# Changes after publication: who is concerned, what changed, the organiser decides.


def published_with_programme(programme, make_event, **fields) -> Event:
    event = make_event(
        programme=programme,
        is_published=False,
        introduction="Over het ACTIE-instrument.",
        join_url="https://teams.microsoft.com/l/meetup-join/actie",
        **fields,
    )
    ProgrammePart.objects.create(
        event=event, position=1, starts_at="10:30", ends_at="12:00", label="ochtenddeel"
    )
    ProgrammePart.objects.create(
        event=event, position=2, starts_at="13:00", ends_at="14:30", label="middagdeel"
    )
    editing.publish_event(event_id=event.pk)
    return event


def edit_rows(event: Event, **afternoon) -> dict:
    rows = [
        {
            "part_id": str(part.pk),
            "label": part.label,
            "kind": part.kind,
            "starts_at": part.starts_at.strftime("%H:%M"),
            "ends_at": part.ends_at.strftime("%H:%M"),
        }
        for part in event.parts.all()
    ]
    rows[1].update(afternoon)
    return parts_data(rows=rows, initial=len(rows))


def test_a_change_after_publication_is_announced_once_to_those_it_concerns(
    office, client, make_event, programme
):
    event = published_with_programme(programme, make_event, capacity=3)
    people = [register(event, n) for n in range(5)]  # 3 confirmed, 2 waiting
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), **edit_rows(event, starts_at="13:30")},
    )
    assert response["Location"] == f"/beheer/bijeenkomsten/{event.slug}/wijziging/2/"
    page = office.get(response["Location"]).content.decode()
    assert "Middagdeel: 13.00–14.30 → 13.30–14.30" in page
    assert OutgoingEmail.objects.filter(topic="programme_changed").count() == 0  # not yet

    office.post(response["Location"], {"besluit": "melden", "note": "Door een langere lunch."})
    changed = OutgoingEmail.objects.filter(topic="programme_changed")
    assert sorted(m.to for m in changed) == sorted(p.email for p in people)
    confirmed = mail_texts.render(changed.get(to=people[0].email))
    assert "- Middagdeel: 13.00–14.30 → 13.30–14.30" in confirmed.body
    assert "Door een langere lunch." in confirmed.body
    (ics,) = confirmed.attachments
    entry = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert entry["SEQUENCE"] == 2 and str(entry["UID"]) == f"event-{event.pk}@wijkactie.nl"
    assert "13.30–14.30 middagdeel" in str(entry["DESCRIPTION"])
    waiting = mail_texts.render(changed.get(to=people[4].email))
    assert waiting.attachments == () and "Middagdeel: 13.00" in waiting.body

    office.post(response["Location"], {"besluit": "melden"})  # a second click sends nothing
    assert OutgoingEmail.objects.filter(topic="programme_changed").count() == 5

    mine = client.get(f"/aanmelding/{people[0].manage_token}/").content.decode()
    assert "Gewijzigd sinds uw aanmelding" in mine and "13.30–14.30" in mine
    newcomer = register(event, 9)
    assert (
        "Gewijzigd sinds"
        not in client.get(f"/aanmelding/{newcomer.manage_token}/").content.decode()
    )


def test_the_organiser_may_save_a_change_without_informing_anyone(office, make_event, programme):
    event = published_with_programme(programme, make_event)
    register(event, 1)
    office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), **edit_rows(event, title="Casussen uit de praktijk")},
    )
    office.post(f"/beheer/bijeenkomsten/{event.slug}/wijziging/2/", {"besluit": "niet"})
    assert not OutgoingEmail.objects.filter(topic__in=["programme_changed", "changed"]).exists()
    assert event.versions.get(number=2).notice == "skipped"


def test_editing_a_concept_or_changing_nothing_a_registrant_relies_on_makes_no_version(
    office, make_event, programme
):
    event = published_with_programme(programme, make_event)
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), "teaser": "Nieuwe aankondiging", **edit_rows(event)},
    )
    assert response["Location"] == f"/beheer/bijeenkomsten/{event.slug}/bewerken/"
    assert event.versions.count() == 1


def test_differences_are_told_old_to_new_per_part():
    old = {
        "starts_at": "2027-03-10T09:30:00+00:00",
        "ends_at": "2027-03-10T13:30:00+00:00",
        "location_kind": "online",
        "online_platform": "Microsoft Teams",
        "venue_name": "",
        "street_address": "",
        "postcode": "",
        "city": "",
        "join_url": "a",
        "parts": [
            {"id": 1, "label": "ochtenddeel", "kind": "session", "starts_at": "10:30",
             "ends_at": "12:00", "title": "", "speakers": ["Anouk Jansen"]},
            {"id": 2, "label": "pauze", "kind": "break", "starts_at": "12:00",
             "ends_at": "12:30", "title": "", "speakers": []},
        ],
    }  # fmt: skip
    new = {
        **old,
        "location_kind": "physical",
        "venue_name": "Wijkcentrum De Kroon",
        "city": "Arnhem",
        "parts": [
            {**old["parts"][0], "title": "Het instrument", "speakers": ["Karim Amrani"]},
            {"id": 3, "label": "middagdeel", "kind": "session", "starts_at": "13:00",
             "ends_at": "14:30", "title": "", "speakers": []},
        ],
    }  # fmt: skip
    assert differences(old, new) == [
        "Locatie: online (Microsoft Teams) → Wijkcentrum De Kroon, Arnhem",
        "Ochtenddeel, titel: ‘–’ → ‘Het instrument’",
        "Ochtenddeel, sprekers: Anouk Jansen → Karim Amrani",
        "Nieuw in het programma: Middagdeel (13.00–14.30)",
        "Vervallen: Pauze (12.00–12.30)",
    ]


# Messages to registrants.


def test_a_message_to_confirmed_people_only_previewed_confirmed_and_counted(
    office, make_event, programme
):
    event = make_event(programme=programme, capacity=2)
    confirmed = [register(event, 1), register(event, 2)]
    waiting = register(event, 3)
    gone = register(event, 4)
    services.cancel_registration(registration_id=gone.pk)
    url = f"/beheer/bijeenkomsten/{event.slug}/berichten/"
    data = {"statuses": ["confirmed"], "subject": "Neem uw casus mee", "body": "Tot **dinsdag**."}
    preview = office.post(url, {**data, "stap": "voorbeeld"}).content.decode()
    assert f"Zo krijgt {confirmed[0].full_name} het bericht:" in preview
    assert f"Beste {confirmed[0].first_name}," in preview and "Tot **dinsdag**." in preview
    assert "Versturen naar 2 mensen" in preview
    assert not OutgoingEmail.objects.filter(topic="message").exists()  # a preview sends nothing

    register(event, 5)  # waiting: the group chosen did not grow
    sent = office.post(url, {**data, "stap": "versturen", "aantal": "2"})
    message = EventMessage.objects.get()
    assert sent["Location"] == f"/beheer/bijeenkomsten/{event.slug}/berichten/{message.pk}/"
    rows = OutgoingEmail.objects.filter(topic="message")
    assert sorted(r.to for r in rows) == sorted(r.email for r in confirmed)
    assert waiting.email not in {r.to for r in rows} and gone.email not in {r.to for r in rows}
    body = mail_texts.render(rows.get(to=confirmed[1].email)).body
    assert f"Beste {confirmed[1].first_name}," in body and "Tot **dinsdag**." in body
    page = office.get(sent["Location"]).content.decode()
    assert confirmed[0].email in page
    history = office.get(url).content.decode()
    assert "Neem uw casus mee" in history


def test_a_message_is_not_sent_when_the_group_changed_since_the_preview(
    office, make_event, programme
):
    event = make_event(programme=programme, capacity=5)
    register(event, 1)
    url = f"/beheer/bijeenkomsten/{event.slug}/berichten/"
    data = {"statuses": ["confirmed"], "subject": "Let op", "body": "Tekst"}
    register(event, 2)  # after the organiser saw "1 persoon"
    again = office.post(url, {**data, "stap": "versturen", "aantal": "1"})
    assert again.status_code == 200 and "Versturen naar 2 mensen" in again.content.decode()
    assert not EventMessage.objects.exists()
    refused = office.post(url, {"subject": "Let op", "body": "Tekst", "stap": "voorbeeld"})
    assert refused.status_code == 400
    assert "Kies ten minste één groep." in refused.content.decode()


# Cancelling a whole event.


def test_cancelling_an_event_tells_everyone_frees_every_seat_and_credits_every_invoice(
    office, client, make_event, programme
):
    event = make_event(programme=programme, capacity=2)
    paid = [register(event, 1), register(event, 2)]
    waiting = register(event, 3)
    assert invoices.issue_due_invoices() == 2
    url = f"/beheer/bijeenkomsten/{event.slug}/annuleren/"
    assert "Op de wachtlijst" in office.get(url).content.decode()
    refused = office.post(url, {"reason": ""})
    assert refused.status_code == 400 and "Schrijf kort waarom" in refused.content.decode()

    response = office.post(url, {"reason": "De spreker is ziek; we plannen een nieuwe datum."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.cancelled_at and (event.seats_confirmed, event.seats_waiting) == (0, 0)
    assert set(event.registrations.values_list("status", flat=True)) == {"cancelled"}
    told = OutgoingEmail.objects.filter(topic="event_cancelled")
    assert sorted(m.to for m in told) == sorted(r.email for r in [*paid, waiting])
    body = mail_texts.render(told.get(to=paid[0].email)).body
    assert "De spreker is ziek" in body and "creditfactuur" in body
    assert invoices.issue_due_invoices() == 2  # a credit invoice for each paid seat
    assert Invoice.objects.filter(credits__isnull=False).count() == 2

    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert "Deze bijeenkomst gaat niet door." in page and "De spreker is ziek" in page
    assert 'name="first_name"' not in page
    with pytest.raises(services.RegistrationClosed):
        register(event, 9)
    again = office.post(url, {"reason": "Nog eens"})
    assert again.status_code == 400  # refused: it was cancelled; nothing is sent twice
    assert OutgoingEmail.objects.filter(topic="event_cancelled").count() == 3


# The event's staff pages as tabs.


def test_registrations_are_searched_filtered_and_paged(office, make_event, programme):
    event = make_event(programme=programme, capacity=60)
    for n in range(55):
        register(event, n, organisation="Woonstichting De Linie" if n < 3 else "Gemeente Arnhem")
    gone = register(event, 99)
    services.cancel_registration(registration_id=gone.pk)
    url = f"/beheer/bijeenkomsten/{event.slug}/aanmeldingen/"
    first = office.get(url).content.decode()
    assert "55 aanmeldingen" in first and "Pagina 1 van 2" in first
    second = office.get(url + "?pagina=2").content.decode()
    assert "Pagina 2 van 2" in second and second.count("Annuleer<span") == 5
    linie = office.get(url + "?q=woonstichting").content.decode()
    assert "3 aanmeldingen" in linie
    ended = office.get(url + "?status=ended").content.decode()
    assert "1 aanmelding" in ended and gone.email in ended


@pytest.mark.parametrize("n", [1, 3])
def test_the_event_tabs_read_the_same_number_of_queries_however_many_registered(
    office, make_event, programme, django_assert_max_num_queries, n
):
    event = make_event(programme=programme, capacity=2)
    for i in range(n):
        register(event, i)
    for tab in ("", "aanmeldingen/", "wachtlijst/", "e-mail/", "facturen/"):
        with django_assert_max_num_queries(14, info=tab):
            assert office.get(f"/beheer/bijeenkomsten/{event.slug}/{tab}").status_code == 200


# The programme dashboard.


def test_the_dashboard_shows_fill_rate_and_what_waits_for_the_organiser(
    office, make_event, programme, partner
):
    soon = make_event(
        programme=programme,
        title="Over vijf dagen",
        capacity=4,
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=3),
    )
    register(soon, 1)
    register(soon, 2, organisation=partner.name, domain="gmail.com")  # a partner's name typed
    other = make_event(title="Van een ander programma")
    register(other, 3)
    OutgoingEmail.objects.filter(to=person(3).email).update(status=OutgoingEmail.Status.FAILED)
    page = office.get("/beheer/").content.decode()
    assert "Over vijf dagen" in page and "Van een ander programma" not in page
    assert "50%" in page  # 2 of 4 seats
    assert "Nog geen deelnamelink voor ‘Over vijf dagen’ (binnen een week)." in page
    assert "1 partnerschap te controleren bij ‘Over vijf dagen’." in page
    assert "mislukt" not in page  # the failed mail is another programme's


@pytest.mark.parametrize("n", [1, 3])
def test_the_dashboard_reads_the_same_number_of_queries_however_many_events(
    office, make_event, programme, django_assert_max_num_queries, n
):
    for i in range(n):
        register(make_event(programme=programme), i)
    with django_assert_max_num_queries(12):
        assert office.get("/beheer/").status_code == 200


def test_a_venue_is_put_on_the_map_through_pdok_and_the_organiser_hears_when_not(
    office, programme, pdok
):
    venue = {
        "location_kind": "physical",
        "venue_name": "Stadhuis",
        "street_address": "Stadhuisbrug 1",
        "city": "Utrecht",
        "online_platform": "",
    }
    office.post("/beheer/bijeenkomsten/nieuw/", event_fields(programme, **venue))
    event = Event.objects.get()
    assert (float(event.latitude), float(event.longitude)) == (52.09148, 5.12005)
    unknown = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), **venue, "street_address": "Nergensstraat 9", **parts_data()},
        follow=True,
    )
    assert "PDOK kent dit adres niet." in unknown.content.decode()
    event.refresh_from_db()
    assert event.latitude is None
    pdok.down = True
    down = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), **venue, "street_address": "Domplein 29", **parts_data()},
        follow=True,
    )
    assert "PDOK was niet bereikbaar" in down.content.decode()


def test_a_registration_moves_to_another_session_and_its_seat_goes_to_the_queue(
    office, make_event, programme
):
    here = make_event(programme=programme, capacity=1)
    there = make_event(programme=programme, capacity=5)
    elsewhere = make_event()  # another programme's: not offered
    moving = register(here, 1)
    waiting = register(here, 2, auto_confirm=True)
    page = office.get(f"/beheer/aanmeldingen/{moving.pk}/verplaatsen/").content.decode()
    assert there.title in page and elsewhere.title not in page
    response = office.post(f"/beheer/aanmeldingen/{moving.pk}/verplaatsen/", {"event": there.pk})
    assert response.status_code == 302
    moving.refresh_from_db()
    waiting.refresh_from_db()
    assert moving.status == "moved" and waiting.status == "confirmed"  # the queue moves up
    moved = there.registrations.get()
    assert (moved.email, moved.status, moved.price_excl_vat) == (moving.email, "confirmed", 125)
    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.seats_confirmed, here.seats_waiting, there.seats_confirmed) == (1, 0, 1)
    assert OutgoingEmail.objects.filter(to=moving.email, topic="confirmation").count() == 2
    again = office.post(f"/beheer/aanmeldingen/{moving.pk}/verplaatsen/", {"event": there.pk})
    assert again.status_code == 400  # ended: not moved twice
    other = register(elsewhere, 3)
    assert office.get(f"/beheer/aanmeldingen/{other.pk}/verplaatsen/").status_code == 404


def test_a_new_event_takes_its_price_from_its_programme(office, programme):
    """Finding: a new session's price defaulted to € 0 and went live as 'Deelname is kosteloos'
    in a programme where non-partners pay € 125."""
    programme.price_excl_vat = Decimal("125.00")
    programme.save()
    form = office.get("/beheer/bijeenkomsten/nieuw/").content.decode()
    assert 'value="125.00"' in form or "125,00" in form
    response = office.post(
        "/beheer/bijeenkomsten/nieuw/", event_fields(programme, price_excl_vat="")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Event.objects.get(slug="actie-in-de-praktijk").price_excl_vat == Decimal("125.00")


def test_publishing_asks_about_a_free_session_where_the_programme_charges(
    office, make_event, programme
):
    programme.price_excl_vat = Decimal("125.00")
    programme.save()
    event = make_event(
        programme=programme,
        is_published=False,
        price_excl_vat=Decimal(0),
        introduction="Over ACTIE.",
        join_url="https://teams.microsoft.com/l/meetup-join/x",
    )
    ProgrammePart.objects.create(event=event, starts_at="10:00", ends_at="12:00", label="ochtend")
    refused = office.post(f"/beheer/bijeenkomsten/{event.slug}/publiceren/")
    assert refused.status_code == 400
    assert "€ 125,00" in refused.content.decode() and 'name="kosteloos"' in refused.content.decode()
    event.refresh_from_db()
    assert not event.is_published
    confirmed = office.post(f"/beheer/bijeenkomsten/{event.slug}/publiceren/", {"kosteloos": "ja"})
    assert confirmed.status_code == 302
    event.refresh_from_db()
    assert event.is_published


def test_event_pickers_show_date_and_state(office, make_event, programme):
    """Finding: after 'Kopiëren' the same title appeared twice in the pickers (move a
    registration, link a case), and a full session was offered without saying so."""
    from tests.factories import register

    source = make_event(programme=programme, title="ACTIE-instrument")
    full = make_event(
        programme=programme,
        title="ACTIE-instrument",
        capacity=1,
        starts_at=source.starts_at + timedelta(days=7),
        ends_at=source.ends_at + timedelta(days=7),
    )
    make_event(
        programme=programme,
        title="ACTIE-instrument",
        starts_at=source.starts_at + timedelta(days=14),
        ends_at=source.ends_at + timedelta(days=14),
    )
    register(full, 1)
    moving = register(source, 2)
    page = office.get(f"/beheer/aanmeldingen/{moving.pk}/verplaatsen/").content.decode()
    options = [o for o in page.split("<option")[1:] if "ACTIE-instrument" in o]
    labels = [o.split(">", 1)[1].split("</option")[0] for o in options]
    assert len(labels) == 2 and len(set(labels)) == 2
    assert any("vol, wachtlijst" in label for label in labels)
    assert all(str(full.starts_at.year) in label for label in labels)


def test_a_staff_text_is_capped_and_its_single_line_breaks_are_soft(
    office, make_event, programme, client
):
    """Issue 22: a 1.2 MB Markdown table was saved (the preview took 5.6 s), and a single
    newline became a hard line break."""
    event = make_event(programme=programme, body="Eerste regel\ntweede regel\n\nNieuwe alinea")
    page = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert "<p>Eerste regel\ntweede regel</p>" in page and "<br" not in page.split("Eerste")[1][:40]
    table = "| a | b |\n|---|---|\n" + "| x | y |\n" * 60_000
    response = office.post(
        f"/beheer/bijeenkomsten/{event.slug}/bewerken/",
        {**current(event), "body": table, **parts_data()},
    )
    assert response.status_code == 400
    assert "20000" in response.content.decode().replace(".", "")
    event.refresh_from_db()
    assert event.body.startswith("Eerste regel")
