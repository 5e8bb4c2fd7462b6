import io
from pathlib import Path

import pytest
from django.utils.html import escape
from openpyxl import load_workbook

from tests.factories import add_parts
from wijkactie.core.exports import inert
from wijkactie.events.models import Event, Programme, ProgrammePart, Registration, Speaker

SEED_URL = "/bijeenkomsten/corporaties-en-bewonersinitiatieven/"


@pytest.fixture
def seeded(demo):
    pass


def test_seed_event_page_shows_every_section_of_the_seed(client, seeded):
    seed = (Path(__file__).parent.parent / "data" / "seed-000.txt").read_text(encoding="utf-8")
    page = client.get(SEED_URL).content.decode()
    for heading in [
        "Inhoud van de bijeenkomst",
        "Programma",
        "Locatie",
        "Voor wie?",
        "Doe mee en draag bij!",
        "Werken aan leefbare wijken",
    ]:
        assert heading in page
    paragraphs = [p.strip() for p in seed.split("\n\n") if len(p.strip()) > 60]
    skip = ("Bewoners nemen steeds vaker zelf het initiatief om", "10.30")
    for paragraph in paragraphs:
        if paragraph.startswith(skip):
            continue
        assert escape(paragraph) in page, paragraph[:60]
    for fragment in [
        "10.30 – 12.00",
        "12.00 – 13.00",
        "13.00 – 14.30",
        "Femke Bax",
        "Ruben Bouwman",
        "Platform31",
        "lunchpauze op eigen gelegenheid",
        "Zelf aan de slag met het ACTIE-model",
        "€ 125,00",
        "€ 151,25",
        "Deze bijeenkomst is vol. U meldt zich aan voor de wachtlijst",
    ]:
        assert fragment in page, fragment
    assert "teams.microsoft.com" not in page


def test_agenda_card_shows_teaser_and_full_state(client, seeded):
    page = client.get("/").content.decode()
    assert "Praat mee op 26 november!" in page
    assert "Lees meer" in page
    assert "Vol — wachtlijst" in page


def test_bad_input_gets_400_with_messages_and_keeps_what_was_typed(client, make_event):
    event = make_event()
    add_parts(event, "ochtenddeel", "middagdeel")
    response = client.post(
        f"/bijeenkomsten/{event.slug}/",
        {
            "first_name": "<script>alert(1)</script>",
            "last_name": "x" * 10_000,
            "email": "geen-adres",
            "organisation": "Woon'); DROP TABLE events_event;--",
            "role": "gebiedsconsulent",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="foutmeldingen"' in page
    assert "Vul een geldig e-mailadres in" in page
    assert "Gebruik maximaal 100 tekens." in page
    assert "Bevestig dat u deelneemt aan het ochtenddeel en het middagdeel." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "DROP TABLE" in page
    assert Event.objects.count() == 1 and Registration.objects.count() == 0


def test_control_characters_are_refused(client, make_event):
    event = make_event(price_excl_vat=0)
    response = client.post(
        f"/bijeenkomsten/{event.slug}/",
        {
            "first_name": "An\x1bna",
            "last_name": "Berg",
            "email": "a@b.nl",
            "organisation": "X",
            "role": "anders",
            "attends_all_parts": "on",
            "accept_terms": "on",
        },
    )
    assert response.status_code == 400
    assert "Typ dit op één regel, zonder speciale tekens." in response.content.decode()


def register_via_form(client, event, **extra):
    return client.post(f"/bijeenkomsten/{event.slug}/", form_data(**extra))


def form_data(**extra) -> dict:
    data = {
        "first_name": "Sanne",
        "last_name": "van der Berg",
        "email": "sanne@linie.test",
        "organisation": "Woonstichting De Linie",
        "role": "huismeester",
        "attends_all_parts": "on",
        "accept_terms": "on",
        "billing_address": "Postbus 1, Ergens",
        "collega-TOTAL_FORMS": "3",
        "collega-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_form_registers_person_and_colleague_and_splits_surname_prefix(client, make_event):
    event = make_event(capacity=1)
    response = register_via_form(
        client,
        event,
        **{
            "collega-0-first_name": "Piet",
            "collega-0-last_name": "Jansen",
            "collega-0-email": "piet@linie.test",
            "collega-0-role": "gebiedsconsulent",
        },
    )
    assert response.status_code == 302
    sanne, piet = Registration.objects.order_by("arrival")
    assert (sanne.name_prefix, sanne.last_name, sanne.status) == ("van der", "Berg", "confirmed")
    assert (piet.status, piet.organisation_id) == ("waitlisted", sanne.organisation_id)
    page = client.get(response["Location"]).content.decode()
    assert "Sanne van der Berg" in page
    assert "Piet Jansen" in page


def test_duplicate_registration_is_marked_on_the_field(client, make_event):
    event = make_event()
    register_via_form(client, event)
    response = register_via_form(client, event)
    assert response.status_code == 400
    assert "Voor dit e-mailadres bestaat al een aanmelding" in response.content.decode()


def test_manage_page_cancels_and_shows_position(client, make_event):
    event = make_event(capacity=1)
    register_via_form(client, event)
    register_via_form(client, event, email="tweede@linie.test")
    first, second = Registration.objects.order_by("arrival")
    page = client.get(f"/aanmelding/{second.manage_token}/").content.decode()
    assert "Uw plaats op de wachtlijst: 1" in page
    client.post(f"/aanmelding/{first.manage_token}/", {"actie": "afmelden", "bevestigd": "ja"})
    second.refresh_from_db()
    assert second.status == "offered"
    # Opening the offer link does not accept anything (mail scanners follow links).
    client.get(f"/aanmelding/{second.manage_token}/?actie=accepteren")
    second.refresh_from_db()
    assert second.status == "offered"
    client.post(f"/aanmelding/{second.manage_token}/", {"actie": "accepteren"})
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_unknown_manage_token_is_404(client, db):
    assert client.get("/aanmelding/niet-bestaand/").status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_agenda_query_count_does_not_grow(client, make_event, django_assert_num_queries, n):
    for i in range(n):
        programme = Programme.objects.create(name=f"Programma {i}", slug=f"programma-{i}")
        make_event(programme=programme)
    with django_assert_num_queries(2):  # the events with their programmes; the programme choice
        assert client.get("/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/?programma=programma-0").status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_event_page_query_count_does_not_grow(client, make_event, django_assert_num_queries, n):
    event = make_event()
    for i in range(n):
        part = ProgrammePart.objects.create(
            event=event, position=i, starts_at="10:00", ends_at="11:00", label=f"deel {i}"
        )
        for j in range(n):
            Speaker.objects.create(part=part, name=f"Spreker {j}")
    with django_assert_num_queries(4):
        assert client.get(f"/bijeenkomsten/{event.slug}/").status_code == 200


def test_staff_pages_and_exports(admin_client, seeded):
    assert admin_client.get("/beheer/").status_code == 200
    page = admin_client.get(f"/beheer{SEED_URL}wachtlijst/").content.decode()
    assert "Wachtlijst (in volgorde van binnenkomst)" in page
    csv = admin_client.get(f"/beheer{SEED_URL}deelnemers.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Volgnummer;Status;Positie wachtlijst")
    assert len(csv.splitlines()) == 41  # the 40 with a seat
    csv = admin_client.get(f"/beheer{SEED_URL}deelnemers.csv?wachtlijst=1")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 44  # and the 3 waiting
    prices = {line.split(";")[10] for line in lines[1:]}
    assert prices <= {"0.00", "125.00"}  # a dot, two decimals
    xlsx = admin_client.get(f"/beheer{SEED_URL}deelnemers.xlsx?wachtlijst=1&beeindigd=1")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [cell.value for cell in sheet[1]]
    price = sheet.cell(row=2, column=header.index("Prijs excl. btw") + 1)
    assert isinstance(price.value, int | float) and "€" in price.number_format
    assert isinstance(sheet.cell(row=2, column=1).value, int)  # the arrival number
    assert sheet.cell(row=2, column=len(header)).is_date


def test_staff_pages_show_labels_not_codes(admin_client, seeded):
    dashboard = admin_client.get("/beheer/").content.decode()
    assert "Vol, nieuwe aanmeldingen op de wachtlijst" in dashboard
    assert "<td>full</td>" not in dashboard
    mails = admin_client.get("/beheer/mail/").content.decode()
    assert ">Bevestiging</a></td>" in mails and ">confirmation<" not in mails


def test_unknown_export_format_is_404(admin_client, make_event):
    event = make_event()
    assert admin_client.get(f"/beheer/bijeenkomsten/{event.slug}/deelnemers.pdf").status_code == 404


def test_export_neutralises_formulas():
    assert inert("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert inert("Jan") == "Jan"


def test_staff_pages_need_login(client, db):
    assert client.get("/beheer/").status_code == 302


def test_an_address_at_a_verified_domain_proposes_its_organisation(client, make_event, partner):
    """Finding: jan.pol@linie.test, an address at a partner's verified domain, typed another
    organisation name, paid € 125 and created a new unverified organisation."""
    from wijkactie.accounts.models import Organisation

    event = make_event(capacity=10)
    asked = register_via_form(
        client, event, email="jan.pol@linie.test", organisation="De Linie Wonen"
    )
    assert asked.status_code == 400
    page = asked.content.decode()
    assert "Woonstichting De Linie" in page and 'name="organisation_choice"' in page
    assert 'value="De Linie Wonen"' in page  # what was typed is kept
    assert not event.registrations.exists()
    chosen = register_via_form(
        client,
        event,
        email="jan.pol@linie.test",
        organisation="De Linie Wonen",
        organisation_choice="domain",
    )
    assert chosen.status_code == 302
    registration = event.registrations.get()
    assert registration.organisation == partner and registration.price_excl_vat == 0
    assert not Organisation.objects.filter(name="De Linie Wonen").exists()
    other = register_via_form(
        client,
        event,
        email="piet@linie.test",
        organisation="Stichting Buurtwerk",
        organisation_choice="typed",
        billing_address="Postbus 2",
    )
    assert other.status_code == 302
    assert event.registrations.get(email="piet@linie.test").organisation.name == (
        "Stichting Buurtwerk"
    )


def test_colleagues_are_added_one_at_a_time_without_javascript(client, make_event):
    """Finding: the form showed exactly three fixed colleague blocks (the service allows 20), so
    a team of five needed two submissions and two invoices."""
    event = make_event(capacity=10)
    empty = client.get(f"/bijeenkomsten/{event.slug}/").content.decode()
    assert 'name="collega-0-first_name"' not in empty
    assert "Nog een collega toevoegen" in empty
    data = form_data(first_name="Sanne", last_name="Visser", **{"collega-TOTAL_FORMS": "0"})
    for n in range(4):  # four colleagues, added one by one; what was typed stays
        data["meer"] = "1"
        page = client.post(f"/bijeenkomsten/{event.slug}/", data)
        assert page.status_code == 200
        html = page.content.decode()
        assert f'name="collega-{n}-first_name"' in html
        assert f'name="collega-{n + 1}-first_name"' not in html
        assert 'value="Sanne"' in html and "foutmeldingen" not in html
        assert not event.registrations.exists()
        data.update(
            {
                "collega-TOTAL_FORMS": str(n + 1),
                f"collega-{n}-first_name": f"Collega{n}",
                f"collega-{n}-last_name": "Jansen",
                f"collega-{n}-email": f"collega{n}@linie.test",
                f"collega-{n}-role": "wijkteam",
            }
        )
        if n:
            assert f'value="Collega{n - 1}"' in html
    del data["meer"]
    done = client.post(f"/bijeenkomsten/{event.slug}/", data)
    assert done.status_code == 302
    assert event.registrations.count() == 5
