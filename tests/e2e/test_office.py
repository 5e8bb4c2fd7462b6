"""An organiser prepares, publishes and copies a session in a real browser (issue 12)."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.steps import staff_login
from tests.factories import add_parts, register
from wijkactie.core import mails as mail_texts
from wijkactie.core.models import OutgoingEmail
from wijkactie.events import editing
from wijkactie.events.models import Event, Programme
from wijkactie.events.reminders import send_reminders

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_prepares_publishes_and_copies_a_session(live_server, page, organiser):
    base = live_server.url
    staff_login(page, base, "/beheer/", username="noor@wijkactie.test")
    expect(page.get_by_role("heading", name="Beheer", exact=True)).to_be_visible()
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()
    assert_accessible(page)

    page.get_by_label("Titel", exact=True).fill("ACTIE in de praktijk")
    page.get_by_label("Korte naam in de URL").fill("actie-in-de-praktijk")
    page.get_by_label("Begint").fill("2030-03-12T10:00")
    page.get_by_label("Eindigt").fill("2030-03-12T14:30")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Het concept is opgeslagen.")).to_be_visible()

    # The programme: two parts, three speakers, one part at a time as the page offers them.
    page.get_by_label("Onderdeel", exact=True).last.fill("ochtenddeel")
    page.get_by_label("Van", exact=True).last.fill("10:00")
    page.get_by_label("Tot", exact=True).last.fill("12:00")
    page.get_by_label("Sprekers").last.fill("Anouk Jansen | Movisie | het instrument\nKarim Amrani")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()
    page.get_by_label("Onderdeel", exact=True).last.fill("middagdeel")
    page.get_by_label("Van", exact=True).last.fill("13:00")
    page.get_by_label("Tot", exact=True).last.fill("14:30")
    page.get_by_label("Sprekers").last.fill("Fleur de Vries | Woonstichting De Linie | casus")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("De wijzigingen zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Voorbeeld bekijken").click()
    expect(page.get_by_text("Zo ziet een bezoeker deze pagina na publiceren.")).to_be_visible()
    expect(page.get_by_text("Fleur de Vries (Woonstichting De Linie)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar bewerken").click()

    page.get_by_role("button", name="Publiceren").click()
    summary = page.locator("#foutmeldingen")
    expect(summary).to_contain_text("Publiceren kan nog niet")
    expect(summary).to_contain_text("een inleiding")
    expect(summary).to_contain_text("de deelnamelink")
    expect(summary).to_contain_text("het e-mailadres voor vragen")
    assert_accessible(page)
    assert not Event.objects.get(slug="actie-in-de-praktijk").is_published

    page.get_by_label("Inleiding").fill(
        "Hoe sterk is een bewonersinitiatief? Het ACTIE-instrument."
    )
    page.get_by_label("Deelnamelink").fill("https://teams.microsoft.com/l/meetup-join/actie")
    page.get_by_label("E-mail contact").fill("programma@wijkactie.test")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Alles wat bezoekers nodig hebben, is ingevuld.")).to_be_visible()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De bijeenkomst is gepubliceerd")).to_be_visible()

    page.goto(f"{base}/bijeenkomsten/actie-in-de-praktijk/")
    expect(page.get_by_role("heading", name="ACTIE in de praktijk")).to_be_visible()
    expect(page.get_by_text("Anouk Jansen (Movisie)")).to_be_visible()

    page.goto(f"{base}/beheer/bijeenkomsten/actie-in-de-praktijk/kopieren/")
    assert_accessible(page)
    page.get_by_label("Nieuwe datum").fill("2030-04-09")
    page.get_by_role("button", name="Kopie maken").click()
    expect(page.get_by_text("De kopie is een concept.")).to_be_visible()
    copy = Event.objects.exclude(slug="actie-in-de-praktijk").get()
    assert not copy.is_published and copy.join_url == ""
    assert [p.label for p in copy.parts.all()] == ["ochtenddeel", "middagdeel"]
    assert copy.parts.get(label="ochtenddeel").speakers.count() == 2


def test_an_organiser_announces_a_change_writes_to_confirmed_people_and_sees_the_reminder(
    live_server, page, organiser, make_event, time_machine
):
    programme = Programme.objects.get()
    event = make_event(
        title="ACTIE-sessie",
        programme=programme,
        capacity=3,
        is_published=False,
        introduction="Over het ACTIE-instrument.",
        join_url="https://teams.microsoft.com/l/meetup-join/actie",
    )
    add_parts(event, "ochtenddeel", "middagdeel")  # 10.00–11.00 and 12.00–13.00
    editing.publish_event(event_id=event.pk)
    people = [register(event, n) for n in range(5)]  # 3 confirmed, 2 waiting
    base = live_server.url
    staff_login(
        page, base, f"/beheer/bijeenkomsten/{event.slug}/bewerken/", username=organiser.username
    )

    page.get_by_label("Van", exact=True).nth(1).fill("12:30")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("heading", name="De wijziging is opgeslagen")).to_be_visible()
    expect(page.get_by_text("Middagdeel: 12.00–13.00 → 12.30–13.00")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Persoonlijke toelichting").fill("De lunch duurt langer.")
    page.get_by_role("button", name="Deelnemers informeren").click()
    expect(page.get_by_text("5 mensen krijgen bericht van de wijziging.")).to_be_visible()
    notices = OutgoingEmail.objects.filter(topic="programme_changed")
    assert sorted(n.to for n in notices) == sorted(p.email for p in people)
    notice = mail_texts.render(notices.get(to=people[0].email))
    assert "Middagdeel: 12.00–13.00 → 12.30–13.00" in notice.body
    assert "De lunch duurt langer." in notice.body
    entry = Calendar.from_ical(notice.attachments[0].content).walk("VEVENT")[0]
    assert entry["SEQUENCE"] > 0

    page.goto(f"{base}/beheer/bijeenkomsten/{event.slug}/")
    expect(page.get_by_role("rowheader", name="Herinnering (een dag vooraf)")).to_be_visible()
    page.get_by_role("link", name="Bericht aan deelnemers").click()
    assert_accessible(page)
    page.get_by_label("Onderwerp").fill("Neem uw casus mee")
    page.get_by_label("Tekst", exact=True).fill("Wilt u een casus uit uw wijk meenemen?")
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.get_by_text(f"Zo krijgt {people[0].full_name} het bericht:")).to_be_visible()
    page.get_by_role("button", name="Versturen naar 3 mensen").click()
    expect(page.get_by_text("Het bericht gaat naar 3 mensen.")).to_be_visible()
    assert_accessible(page)
    written = OutgoingEmail.objects.filter(topic="message")
    assert sorted(m.to for m in written) == sorted(p.email for p in people[:3])

    time_machine.move_to(event.starts_at - timedelta(hours=20), tick=False)
    assert send_reminders() == 3
    assert send_reminders() == 0  # once
    reminders = OutgoingEmail.objects.filter(topic="reminder")
    assert sorted(r.to for r in reminders) == sorted(p.email for p in people[:3])
