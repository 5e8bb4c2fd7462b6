"""The ACTIE-scan in Debian's chromium: a full scan with resume and PDF, a group session, axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import assert_accessible
from wijkactie.accounts.models import Organisation, Professional
from wijkactie.actie.models import GroupSession, Scan

pytestmark = pytest.mark.django_db(transaction=True)
SCALE = {1: 0, 2: 1, 3: 2, 4: 3, None: 4}  # answer → position of its radio button


def answer(page, qid: str, value):
    page.locator(f"#id_{qid}_{SCALE[value]}").check()


def sign_in(page, base_url: str, email: str, *, accessible=False):
    """Ask for a link on the sign-in page and open it from the mail, as a person would."""
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    if accessible:
        assert_accessible(page)
    sent = len(mail.outbox)
    page.get_by_label("E-mailadres (werk)").fill(email)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    expect(page.get_by_role("heading", name="Kijk in je mail")).to_be_visible()
    if accessible:
        assert_accessible(page)
    assert len(mail.outbox) == sent + 1
    link = re.search(r"http://\S+/account/inloggen/\S+", mail.outbox[-1].body).group(0)
    assert link.startswith(base_url)
    page.goto(link)
    if accessible:
        assert_accessible(page)
    page.get_by_role("button", name="Inloggen").click()


@pytest.fixture(autouse=True)
def _links_point_at_the_live_server(settings, live_server):
    settings.SITE_URL = live_server.url


@pytest.fixture
def professional(db):
    from django.contrib.auth import get_user_model

    organisation = Organisation.objects.create(name="Woonstichting De Linie", kind="corporatie")
    user = get_user_model().objects.create_user(
        username="fleur@linie.test", email="fleur@linie.test"
    )
    Professional.objects.create(user=user, organisation=organisation, name="Fleur de Vries")
    return user


def test_complete_a_scan_resume_it_read_the_advice_and_download_the_pdf(
    live_server, browser, professional
):
    base = live_server.url
    laptop = browser.new_page()
    laptop.goto(base + "/actie/")
    assert_accessible(laptop)
    laptop.get_by_role("link", name="Nieuwe scan").click()
    sign_in(laptop, base, "fleur@linie.test", accessible=True)

    expect(laptop.get_by_role("heading", name="Nieuwe scan")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_label("Naam van het initiatief").fill("Buurtkamer De Zon")
    laptop.get_by_label("Buurt of wijk").fill("Overvecht")
    laptop.get_by_label("Fase").select_option("1")
    laptop.get_by_label("Wie nam het initiatief?").select_option("organisatie")
    laptop.get_by_role("button", name="Scan starten").click()

    expect(laptop.get_by_role("heading", name="Wat is je eerste neiging?")).to_be_visible()
    assert_accessible(laptop)
    laptop.get_by_label("Blauw – faciliterend").check()
    laptop.get_by_role("button", name="Verder").click()

    expect(laptop.get_by_role("heading", name="Animo")).to_be_visible()
    expect(laptop.get_by_text("Stap 2 van 7")).to_be_visible()
    assert_accessible(laptop)
    laptop.locator("#id_A1_0").check()  # vooral sociaal
    for qid in ("A2", "A3", "A4"):
        answer(laptop, qid, 1)
    answer(laptop, "A5", 3)
    answer(laptop, "A6", None)
    # saved as you go: the status line says so without leaving the page
    expect(laptop.locator("#opslagstatus")).to_contain_text("Opgeslagen om")
    scan = Scan.objects.get()
    assert scan.answers == {"A1": "sociaal", "A2": 1, "A3": 1, "A4": 1, "A5": 3, "A6": None}

    # Resume on another device: a fresh browser context, signed in by a new link.
    phone = browser.new_context().new_page()
    phone.goto(base + "/actie/scans/")
    sign_in(phone, base, "fleur@linie.test")
    expect(phone.get_by_role("heading", name="Mijn scans")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Buurtkamer De Zon").click()
    expect(phone.get_by_role("heading", name="Overzicht")).to_be_visible()
    expect(phone.get_by_text("Nog 28 vragen niet beantwoord")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Animo").first.click()
    expect(phone.locator("#id_A2_0")).to_be_checked()
    expect(phone.locator("#id_A6_4")).to_be_checked()
    phone.get_by_role("button", name="Opslaan en verder").click()

    expect(phone.get_by_role("heading", name="Contacten")).to_be_visible()
    for qid in ("C1", "C2", "C3", "C4"):
        answer(phone, qid, 1)
    phone.get_by_role("button", name="Opslaan en verder").click()
    expect(phone.get_by_role("heading", name="Toerusting")).to_be_visible()
    for qid in ("T1", "T2", "T3"):
        answer(phone, qid, 2)
    answer(phone, "T7", 4)
    phone.locator("#id_T7").get_by_text("Notitie toevoegen").click()
    phone.get_by_label("Notitie bij T7").fill("Ik maak de nieuwsbrief nog zelf")
    phone.get_by_role("button", name="Opslaan en verder").click()
    phone.get_by_role("button", name="Opslaan en verder").click()  # Inbedding: skipped for now
    phone.get_by_role("button", name="Opslaan en verder").click()  # Empathie
    expect(phone.get_by_role("heading", name="Overzicht")).to_be_visible()
    phone.get_by_role("button", name="Afronden en resultaat bekijken").click()

    expect(phone.get_by_role("heading", name="Resultaat van de scan")).to_be_visible()
    assert_accessible(phone)
    suggestion = phone.locator(".suggestion")
    expect(suggestion).to_contain_text("Rood – stimulerend")
    expect(suggestion).to_contain_text("Je eerste neiging was Blauw – faciliterend")
    expect(phone.get_by_text("Het initiatief rust op weinig schouders")).to_be_visible()
    expect(phone.get_by_text("Plan de overdracht van eigenaarschap")).to_be_visible()
    expect(phone.get_by_text("Je neemt werk over")).to_be_visible()
    expect(phone.get_by_role("img", name="ACTIE-profiel")).to_be_visible()
    expect(phone.get_by_role("table", name="ACTIE-profiel in een tabel")).to_contain_text(
        "Aandacht"
    )

    phone.get_by_label("Rood – stimulerend").check()
    phone.get_by_label("Waarom? (in één zin)").fill("De groep is nog kwetsbaar")
    phone.get_by_role("button", name="Keuze opslaan").click()
    expect(phone.get_by_text("Je keuze is opgeslagen.")).to_be_visible()

    with phone.expect_download() as download:
        phone.get_by_role("link", name="PDF (volledig)").click()
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    for point in (
        "Het initiatief rust op weinig schouders",
        "Plan de overdracht van eigenaarschap",
        "Je neemt werk over",
        "Rood – stimulerend",
        "Ik maak de nieuwsbrief nog zelf",
    ):
        assert point in text, point

    # the other pages of a scan pass axe too
    scan.refresh_from_db()
    for path in (
        f"/actie/scans/{scan.public_id}/delen/",
        f"/actie/scans/{scan.public_id}/verwijderen/",
        f"/actie/initiatieven/{scan.initiative_id}/",
        f"/actie/scans/{scan.public_id}/vergelijk/{scan.public_id}/",
        "/account/",
        "/actie/groepen/",
    ):
        phone.goto(base + path)
        assert_accessible(phone)
    phone.goto(base + f"/actie/scans/{scan.public_id}/delen/")
    phone.get_by_role("button", name="Link maken").click()
    shared_url = phone.get_by_label("Link").input_value()
    anonymous = browser.new_context().new_page()
    anonymous.goto(shared_url)
    expect(anonymous.get_by_role("heading", name="Gedeelde ACTIE-scan")).to_be_visible()
    expect(anonymous.get_by_text("Ik maak de nieuwsbrief nog zelf")).to_have_count(0)
    assert_accessible(anonymous)


def test_group_session_with_three_participants(live_server, browser, professional):
    base = live_server.url
    facilitator = browser.new_page()
    facilitator.goto(base + "/actie/groepen/")
    sign_in(facilitator, base, "fleur@linie.test")
    expect(facilitator.get_by_role("heading", name="Groepssessies")).to_be_visible()
    facilitator.get_by_label("Titel van de casus").fill("Casus moestuin Lunetten")
    facilitator.get_by_label("Korte beschrijving van de casus").fill(
        "Bewoners willen een moestuin op grond van de corporatie."
    )
    facilitator.get_by_label("Fase").select_option("2")
    facilitator.get_by_role("button", name="Sessie aanmaken").click()
    session = GroupSession.objects.get()
    expect(facilitator.locator(".join-code")).to_have_text(session.code)
    expect(facilitator.get_by_text("0 van 0 klaar")).to_be_visible()
    assert_accessible(facilitator)

    answers = {
        "Anouk": {"A2": 1, "A3": 4, "C1": 1},
        "Bram": {"A2": 4, "A3": 4, "C1": 3},
        "Chen": {"A2": 4, "A3": 3, "C1": 2},
    }
    for name, values in answers.items():
        phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        phone.goto(base + "/g/")
        assert_accessible(phone)
        phone.get_by_label("Deelnamecode").fill(session.code.lower())
        phone.get_by_role("button", name="Deelnemen").click()
        expect(phone.get_by_role("heading", name="Casus moestuin Lunetten")).to_be_visible()
        assert_accessible(phone)
        phone.get_by_label("Je naam in de groep").fill(name)
        if name == "Anouk":
            phone.get_by_label(
                "De begeleider mag mijn antwoorden met mijn naam erbij tonen"
            ).check()
        phone.get_by_label("Weet ik nog niet").check()
        phone.get_by_role("button", name="Beginnen").click()
        expect(phone.get_by_role("heading", name="Animo")).to_be_visible()
        assert_accessible(phone)
        for qid in ("A2", "A3"):
            answer(phone, qid, values[qid])
        phone.get_by_role("button", name="Opslaan en verder").click()
        answer(phone, "C1", values["C1"])
        phone.get_by_role("button", name="Opslaan en verder").click()
        phone.goto(base + f"/g/{session.code}/klaar/")
        expect(phone.get_by_role("heading", name="Klaar?")).to_be_visible()
        assert_accessible(phone)
        phone.get_by_role("button", name="Ik ben klaar").click()
        expect(phone.get_by_role("heading", name="Dank je wel!")).to_be_visible()
        assert_accessible(phone)

    # The facilitator's page refreshes itself: no reload here.
    live = facilitator.locator("#live")
    expect(live).to_contain_text("3 van 3 klaar", timeout=15_000)
    ranking = facilitator.locator("ol.divergence > li")
    expect(ranking).to_have_count(3)
    expect(ranking.nth(0)).to_contain_text("A2. Komt het idee echt van bewoners zelf?")
    expect(ranking.nth(0)).to_contain_text("Anouk: 1")
    expect(ranking.nth(1)).to_contain_text("C1.")
    expect(ranking.nth(2)).to_contain_text("A3.")
    expect(facilitator.locator("ol.divergence")).not_to_contain_text("Bram")
    expect(facilitator.locator("ol.divergence")).not_to_contain_text("Chen")
    # Only Anouk agreed to be named: nowhere on the facilitator's live view do Bram or Chen appear.
    expect(live).to_contain_text("Anouk")
    expect(live).not_to_contain_text("Bram")
    expect(live).not_to_contain_text("Chen")
    expect(live).to_contain_text("Deelnemer zonder naam")
    expect(live).to_contain_text("Groep samen")
    assert_accessible(facilitator)


@pytest.mark.parametrize(
    "path",
    [
        "/actie/",
        "/actie/over/",
        "/actie/snel/",
        "/actie/snel/?niveau=organisatie",
        "/account/inloggen/",
        "/account/aanmelden/",
        "/account/inloggen/wachtwoord/",
        "/g/",
    ],
)
def test_public_pages_of_the_tool_are_accessible(live_server, page, path, db):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_quick_scan_by_keyboard_alone_with_its_pdf(live_server, page, db):
    page.goto(live_server.url + "/actie/snel/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.get_by_label("Wie nam het initiatief?").focus()
    page.keyboard.press("ArrowDown")  # Bewoners
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # fase 2
    # A radio group is one tab stop; arrow keys choose within it, as in any form.
    page.locator("#id_A3_0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # A4: first option of the next group
    page.get_by_role("button", name="Bekijk het resultaat").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Resultaat van de snelle scan")).to_be_visible()
    expect(page.get_by_text("Het initiatief rust op weinig schouders")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Download als PDF").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = "\n".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Het initiatief rust op weinig schouders" in text
    assert Scan.objects.count() == 0


def test_error_summary_on_the_new_scan_form_focuses_the_field(live_server, page, professional):
    page.goto(live_server.url + "/actie/scans/nieuw/")
    sign_in(page, live_server.url, "fleur@linie.test")
    page.get_by_role("button", name="Scan starten").click()
    summary = page.locator("#foutmeldingen")
    expect(summary).to_contain_text("Vul de naam van het initiatief in.")
    summary.get_by_role("link", name=re.compile("Naam van het initiatief")).click()
    expect(page.get_by_label("Naam van het initiatief")).to_be_focused()
    assert_accessible(page)


def test_dead_ends_are_accessible_too(live_server, page, professional):
    from wijkactie.actie import services

    page.goto(live_server.url + "/account/inloggen/MQ/verlopen-token/")
    expect(page.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    assert_accessible(page)

    session = services.create_group_session(
        facilitator=professional,
        data={"title": "Casus", "case_summary": "Een casus.", "hours_open": 3},
    )
    GroupSession.objects.filter(pk=session.pk).update(open_until=session.created_at)
    page.goto(f"{live_server.url}/g/{session.code}/")
    expect(page.get_by_role("heading", name="Deelnemen is gesloten")).to_be_visible()
    assert_accessible(page)
