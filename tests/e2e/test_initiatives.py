"""Cases, the register with its map, and the afternoon groups, in Debian's chromium; axe on each page."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.steps import staff_login
from wijkactie.initiatives.models import Initiative, PracticeCase

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("themes")]


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(settings, live_server):
    settings.SITE_URL = live_server.url


def test_contribute_a_case_and_follow_it_through_review_to_publication(
    live_server, browser, make_event, staff_user
):
    base = live_server.url
    event = make_event(title="Corporaties en bewonersinitiatieven")
    contributor = browser.new_page()
    contributor.goto(f"{base}/bijeenkomsten/{event.slug}/")
    contributor.get_by_role("link", name="Breng een casus in").click()
    expect(contributor.get_by_role("heading", name="Doe mee en draag bij!")).to_be_visible()
    assert_accessible(contributor)

    contributor.get_by_label("Praktijkvraagstuk").check()
    contributor.get_by_label("Titel").fill("Moestuin op corporatiegrond")
    contributor.get_by_label("De situatie").fill(
        "Mevrouw Jansen van de Kastanjelaan 12 wil met buren een moestuin beginnen."
    )
    contributor.get_by_label("Je vraag, of wat anderen ervan kunnen leren").fill(
        "Hoe regelen we beheer zonder de bewoners te overvragen?"
    )
    contributor.get_by_label("Gemeente").fill("Utrecht")
    contributor.get_by_label("Groen en buitenruimte").check()
    contributor.get_by_label("Je naam").fill("Fleur de Vries")
    contributor.get_by_label("Je organisatie").fill("Woonstichting De Linie")
    contributor.get_by_label("Je e-mailadres (werk)").fill("fleur@linie.test")
    contributor.get_by_label("De casus mag gebruikt worden in een bijeenkomst").check()
    contributor.get_by_label("De casus mag gepubliceerd worden op de kennispagina").check()
    contributor.get_by_role("button", name="Casus insturen").click()

    # The check finds an address; the text stays, the person takes the resident out.
    summary = contributor.locator("#foutmeldingen")
    expect(summary).to_contain_text("Dit lijkt een straat met huisnummer te bevatten")
    assert_accessible(contributor)
    contributor.get_by_label("De situatie").fill(
        "Een paar buren in een portiekflat willen een moestuin beginnen op een braakliggend veld."
    )
    contributor.get_by_role("button", name="Casus insturen").click()
    expect(contributor.get_by_role("heading", name="Moestuin op corporatiegrond")).to_be_visible()
    expect(contributor.locator(".status-line")).to_contain_text("Nieuw")
    assert_accessible(contributor)
    follow_url = contributor.url
    assert follow_url in mail.outbox[-1].body

    editor = browser.new_context().new_page()
    staff_login(editor, base, "/beheer/casussen/")
    expect(editor.get_by_role("heading", name="Ingebrachte casussen")).to_be_visible()
    assert_accessible(editor)
    editor.get_by_role("link", name="Moestuin op corporatiegrond").click()
    assert_accessible(editor)
    editor.get_by_role("button", name="In behandeling nemen").click()
    expect(editor.get_by_text("de casus heeft nu status 'In behandeling'")).to_be_visible()
    editor.get_by_label("Voor bijeenkomst").select_option(str(event.pk))
    editor.get_by_label("Voor publicatie op de kennispagina").check()
    editor.get_by_role("button", name="Accepteren").click()
    expect(editor.get_by_text("de casus heeft nu status 'Geaccepteerd'")).to_be_visible()
    editor.get_by_role("button", name="Publiceren op de kennispagina").click()
    expect(editor.get_by_text("de casus heeft nu status 'Gepubliceerd'")).to_be_visible()
    assert_accessible(editor)

    contributor.goto(follow_url)
    expect(contributor.locator(".status-line")).to_contain_text("Gepubliceerd")
    assert [m.subject.split(":")[0] for m in mail.outbox if m.to == ["fleur@linie.test"]] == [
        "Ontvangen",
        "In behandeling",
        "Geaccepteerd",
        "Gepubliceerd",
    ]
    contributor.get_by_role("link", name="Bekijk hem").click()
    expect(contributor.get_by_role("heading", name="Moestuin op corporatiegrond")).to_be_visible()
    assert_accessible(contributor)
    contributor.goto(f"{base}/casussen/")
    contributor.get_by_label("Zoeken").fill("moestuin")
    contributor.get_by_role("button", name="Filteren").click()
    expect(contributor.get_by_role("link", name="Moestuin op corporatiegrond")).to_be_visible()
    assert_accessible(contributor)
    assert PracticeCase.objects.get().status == "gepubliceerd"


def test_add_an_initiative_by_address_and_find_it_on_the_map_and_in_the_list(
    live_server, page, fleur, pdok
):
    base = live_server.url
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("E-mailadres (werk)").fill("fleur@linie.test")
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    link = re.search(r"http://\S+/account/inloggen/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Inloggen").click()

    page.goto(f"{base}/initiatieven/")
    assert_accessible(page)
    page.get_by_role("link", name="Initiatief toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Naam van het initiatief").fill("Buurtkamer aan de Stadhuisbrug")
    page.get_by_label("Fase").select_option("2")
    page.get_by_label("Wie nam het initiatief?").select_option("bewoners")
    page.get_by_label("Ontmoeting").check()
    page.get_by_label("Adres of plek").fill("Stadhuisbrug 1 Utrecht")
    page.get_by_label("Vraagt ondersteuning").check()
    page.get_by_label("Zichtbaar voor").select_option("openbaar")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", name="Buurtkamer aan de Stadhuisbrug")).to_be_visible()
    expect(page.get_by_text("CBS-buurt BU03440104, indeling 2026")).to_be_visible()
    assert_accessible(page)
    assert Initiative.objects.get().geocode_status == "gevonden"

    page.goto(f"{base}/initiatieven/")
    page.get_by_label("Gemeente").fill("Utrecht")
    page.get_by_label("Alleen initiatieven die ondersteuning vragen").check()
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("1 initiatief", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Buurtkamer aan de Stadhuisbrug")).to_be_visible()
    kaart = page.locator("#kaart")
    expect(kaart).to_have_attribute("data-count", "1")
    marker = page.locator(".leaflet-marker-icon[title='Buurtkamer aan de Stadhuisbrug']")
    expect(marker).to_be_visible()
    marker.click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Fase 2 · Ontmoeting")
    assert_accessible(page)

    page.goto(f"{base}/initiatieven/?municipality=Arnhem")
    expect(page.locator("#kaart")).to_have_attribute("data-count", "0")
    expect(page.get_by_text("0 initiatieven")).to_be_visible()


def test_staff_assign_groups_for_the_seed_event_and_read_the_result(live_server, page, db):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    staff_login(
        page,
        base,
        "/beheer/bijeenkomsten/corporaties-en-bewonersinitiatieven/",
        username="organisator@wijkactie.demo",
        password="wijkactie-demo",
    )
    page.get_by_role("link", name="Middagdeel: groepen").click()
    expect(page.get_by_role("heading", name="Middagdeel: groepen")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Moestuin op corporatiegrond").check()
    page.get_by_label("Buurtkamer zonder trekker").check()
    page.get_by_label("Portiekgesprekken in de flat").check()
    page.get_by_label("Gewenste groepsgrootte").fill("7")
    page.get_by_role("button", name="Groepen maken").click()

    expect(page.get_by_text("De groepen zijn gemaakt.")).to_be_visible()
    expect(page.get_by_role("heading", name="6 groepen")).to_be_visible()
    first = page.locator("section.group-card").first
    expect(first.get_by_role("heading")).to_have_text("Groep 1: Moestuin op corporatiegrond")
    expect(first).to_contain_text("bracht deze casus in en zit daarom in deze groep.")
    expect(first).to_contain_text("ACTIE-groepssessie, code")
    expect(page.locator("section.group-card li")).to_have_count(40)
    assert_accessible(page)


def test_import_pages_are_accessible_and_report_bad_rows(live_server, page, fleur, tmp_path):
    base = live_server.url
    page.goto(f"{base}/account/inloggen/")
    page.get_by_label("E-mailadres (werk)").fill("fleur@linie.test")
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    page.goto(re.search(r"http://\S+/account/inloggen/\S+", mail.outbox[-1].body).group(0))
    page.get_by_role("button", name="Inloggen").click()

    inventory = tmp_path / "inventarisatie.csv"
    inventory.write_text(
        "naam;gemeente;fase\nTaalcafé;Arnhem;2\nSpeeltuin;Arnhem;9\n", encoding="utf-8"
    )
    page.goto(f"{base}/initiatieven/importeren/")
    assert_accessible(page)
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(inventory))
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Rijen met fouten")).to_be_visible()
    expect(page.locator("table.import-errors")).to_contain_text(
        "Fase moet 1 tot en met 5 zijn, niet '9'."
    )
    assert_accessible(page)

    inventory.write_text(
        "naam;gemeente;fase\nTaalcafé;Arnhem;2\nSpeeltuin;Arnhem;3\n", encoding="utf-8"
    )
    page.goto(f"{base}/initiatieven/importeren/")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(inventory))
    page.get_by_role("button", name="Controleren").click()
    assert_accessible(page)
    page.get_by_role("button", name="2 initiatieven opslaan").click()
    expect(page.get_by_text("2 initiatieven ingelezen.")).to_be_visible()
    assert Initiative.objects.count() == 2
