"""A person registers in a real browser, reads the confirmation and the mail; axe finds nothing."""

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.factories import add_parts, register
from wijkactie.events.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_on_event_page_and_read_confirmation_and_mail(live_server, page, make_event):
    event = make_event(title="Sociaal beheer in de praktijk", capacity=5)
    add_parts(event, "ochtenddeel", "middagdeel")
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Sociaal beheer in de praktijk", exact=True).click()
    assert_accessible(page)

    page.get_by_label("Voornaam").first.fill("Fleur")
    page.get_by_label("Achternaam").first.fill("van den Berg")
    page.get_by_label("E-mailadres (werk)").first.fill("fleur@linie.test")
    page.get_by_label("Organisatie", exact=True).fill("Woonstichting De Linie")
    page.get_by_label("Functie").first.select_option("gebiedsconsulent")
    page.get_by_label("Ik neem deel aan het ochtenddeel en het middagdeel.").check()
    page.get_by_label("Factuuradres van uw organisatie").fill("Postbus 12\n1234 AB Linie")
    page.get_by_label("Ik ga akkoord met de voorwaarden en de privacyverklaring.").check()
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", name="Uw aanmelding", exact=True)).to_be_visible()
    expect(page.get_by_text("U bent aangemeld. Uw plaats is bevestigd")).to_be_visible()
    expect(page.get_by_text("Fleur van den Berg")).to_be_visible()
    assert_accessible(page)

    registration = Registration.objects.get(email="fleur@linie.test")
    assert (registration.name_prefix, registration.last_name) == ("van den", "Berg")
    (message,) = mail.outbox
    assert message.to == ["fleur@linie.test"]
    assert message.subject == f"Bevestiging van uw aanmelding: {event.title}"
    assert registration.manage_token in message.body
    assert message.attachments[0].mimetype == "text/calendar"


def test_errors_are_summarised_and_focusable_and_input_is_kept(live_server, page, make_event):
    event = make_event()
    page.goto(f"{live_server.url}/bijeenkomsten/{event.slug}/")
    page.get_by_label("Voornaam").first.fill("Esra")
    page.get_by_label("E-mailadres (werk)").first.fill("geen-adres")
    page.get_by_role("button", name="Aanmelden").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    # The page opens at the error summary, with focus on it: the person sees what went wrong.
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Vul een geldig e-mailadres in")
    expect(page.get_by_label("Voornaam").first).to_have_value("Esra")
    summary.get_by_role("link", name="E-mailadres (werk)").click()
    expect(page.get_by_label("E-mailadres (werk)").first).to_be_focused()
    assert_accessible(page)


def test_full_seed_event_page_offers_the_waiting_list(live_server, page, db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    page.goto(live_server.url + "/bijeenkomsten/corporaties-en-bewonersinitiatieven/")
    expect(
        page.get_by_text("Deze bijeenkomst is vol. U meldt zich aan voor de wachtlijst")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Aanmelden voor de wachtlijst")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/privacy/", "/voorwaarden/", "/toegankelijkheid/"])
def test_information_pages_are_accessible(live_server, page, path, db):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_register_with_the_keyboard_alone(live_server, page, make_event):
    event = make_event(price_excl_vat=0)
    add_parts(event, "ochtenddeel", "middagdeel")
    page.goto(f"{live_server.url}/bijeenkomsten/{event.slug}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()

    page.get_by_label("Voornaam").first.focus()
    page.keyboard.type("Joost")
    page.keyboard.press("Tab")  # tussenvoegsel
    page.keyboard.type("de")
    page.keyboard.press("Tab")
    page.keyboard.type("Boer")
    page.keyboard.press("Tab")
    page.keyboard.type("joost@rivierstad.test")
    page.keyboard.press("Tab")
    page.keyboard.type("Wooncorporatie Rivierstad")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # first role: gebiedsconsulent
    page.get_by_label("Ik neem deel aan het ochtenddeel en het middagdeel.").focus()
    page.keyboard.press("Space")
    page.get_by_label("Ik ga akkoord met de voorwaarden en de privacyverklaring.").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Aanmelden").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("U bent aangemeld. Uw plaats is bevestigd")).to_be_visible()
    registration = Registration.objects.get(email="joost@rivierstad.test")
    assert (registration.name_prefix, registration.last_name) == ("de", "Boer")
    assert registration.role == "gebiedsconsulent"


def test_cancelling_asks_first_and_says_where_the_seat_goes(live_server, page, make_event):
    event = make_event()
    registration = register(event, 1)
    page.goto(f"{live_server.url}/aanmelding/{registration.manage_token}/")
    page.get_by_role("button", name="Afmelden voor deze bijeenkomst").click()
    expect(
        page.get_by_text("Uw plaats gaat meteen naar de eerste persoon op de wachtlijst")
    ).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert_accessible(page)
    page.get_by_role("link", name="Nee, ik blijf aangemeld").click()
    page.get_by_role("button", name="Afmelden voor deze bijeenkomst").click()
    page.get_by_role("button", name="Ja, meld mij af").click()
    expect(page.get_by_text("U bent afgemeld.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_a_booker_adds_colleagues_one_at_a_time_with_htmx(live_server, page, make_event):
    """'Nog een collega toevoegen' adds one block in place (htmx), focus in the new block, what
    was typed above stays; five people in one submission."""
    event = make_event(capacity=10)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/bijeenkomsten/{event.slug}/")
    page.get_by_label("Voornaam").first.fill("Fleur")
    page.get_by_label("Achternaam").first.fill("Visser")
    page.get_by_label("E-mailadres (werk)").first.fill("fleur@linie.test")
    page.get_by_label("Organisatie", exact=True).fill("Woonstichting De Linie")
    page.get_by_label("Functie").first.select_option("gebiedsconsulent")
    for n in range(4):
        page.get_by_role("button", name="Nog een collega toevoegen").click()
        block = page.get_by_role("group", name=f"Collega {n + 1}")
        expect(block).to_be_visible()
        expect(block.get_by_label("Voornaam")).to_be_focused()
        block.get_by_label("Voornaam").fill(f"Collega{n}")
        block.get_by_label("Achternaam").fill("Jansen")
        block.get_by_label("E-mailadres (werk)").fill(f"collega{n}@linie.test")
        block.get_by_label("Functie").select_option("wijkteam")
    expect(page.get_by_label("Voornaam").first).to_have_value("Fleur")
    assert_accessible(page)
    page.get_by_label("Factuuradres van uw organisatie").fill("Postbus 12\n1234 AB Linie")
    page.get_by_label("Ik ga akkoord met de voorwaarden en de privacyverklaring.").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Uw aanmelding", exact=True)).to_be_visible()
    assert Registration.objects.filter(event=event).count() == 5
