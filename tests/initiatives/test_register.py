"""The register of initiatives: geocoding through the stand-in PDOK, visibility, filters, map data,
import and export."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from wijkactie.accounts.models import Organisation
from wijkactie.initiatives import services
from wijkactie.initiatives.models import Initiative, InitiativeImport, PhaseChange, Theme
from wijkactie.site.management.commands.worker import Command as Worker

pytestmark = pytest.mark.usefixtures("themes")

FORM = {
    "name": "Buurtkamer aan de Stadhuisbrug",
    "description": "Een ontmoetingsplek voor de binnenstad.",
    "address": "Stadhuisbrug 1 Utrecht",
    "phase": "2",
    "origin": "bewoners",
    "circumstances": "moeilijker",
    "visibility": "openbaar",
    "status": "actief",
}


def test_add_by_address_finds_position_and_neighbourhood_code(fleur_client, pdok):
    response = fleur_client.post("/initiatieven/nieuw/", FORM)
    initiative = Initiative.objects.get()
    assert response["Location"] == f"/initiatieven/{initiative.pk}/"
    assert (initiative.latitude, initiative.longitude) == (52.09148, 5.12005)
    assert (initiative.neighbourhood_code, initiative.neighbourhood_code_year) == (
        "BU03440104",
        2026,
    )
    assert (initiative.neighbourhood, initiative.municipality) == ("Domplein-Neudeflat", "Utrecht")
    assert initiative.geocode_status == "gevonden"
    assert list(PhaseChange.objects.values_list("phase", flat=True)) == [2]
    page = fleur_client.get(response["Location"]).content.decode()
    assert "CBS-buurt BU03440104, indeling 2026" in page
    assert "<dt>Adres of plek</dt><dd>Stadhuisbrug 1 Utrecht</dd>" in page
    # a second save of the same address asks nothing: cached
    asked = len(pdok.requests)
    fleur_client.post(f"/initiatieven/{initiative.pk}/bewerken/", {**FORM, "phase": "3"})
    assert len(pdok.requests) == asked
    assert list(PhaseChange.objects.values_list("phase", flat=True)) == [2, 3]


def test_pdok_down_saves_anyway_and_the_worker_geocodes_later(fleur_client, pdok):
    pdok.down = True
    response = fleur_client.post("/initiatieven/nieuw/", FORM, follow=True)
    assert "PDOK is nu niet bereikbaar" in response.content.decode()
    initiative = Initiative.objects.get()
    assert initiative.geocode_status == "wachten" and initiative.latitude is None
    assert services.geocode_pending() == 0
    pdok.down = False
    assert services.geocode_pending() == 1
    initiative.refresh_from_db()
    assert initiative.geocode_status == "gevonden" and initiative.neighbourhood_code == "BU03440104"


def test_unknown_address_and_manual_position(fleur_client, pdok):
    fleur_client.post("/initiatieven/nieuw/", {**FORM, "address": "Nergensstraat 99 Niemandsland"})
    initiative = Initiative.objects.get()
    assert initiative.geocode_status == "niet_gevonden"
    fleur_client.post(
        f"/initiatieven/{initiative.pk}/bewerken/",
        {
            **FORM,
            "address": "Nergensstraat 99 Niemandsland",
            "manual_latitude": "52.1",
            "manual_longitude": "5.2",
        },
    )
    initiative.refresh_from_db()
    assert (initiative.latitude, initiative.longitude, initiative.geocode_status) == (
        52.1,
        5.2,
        "handmatig",
    )


def test_bad_input_is_marked_and_kept(fleur_client, pdok):
    response = fleur_client.post(
        "/initiatieven/nieuw/",
        {**FORM, "name": "", "phase": "9", "manual_latitude": "40", "contact_email": "geen-adres"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dit ligt niet in Nederland (50,5 tot 53,8)." in body
    assert "Vul een geldig e-mailadres in" in body
    assert 'value="Stadhuisbrug 1 Utrecht"' in body
    assert Initiative.objects.count() == 0


def make(org, n, **fields):
    defaults = {
        "phase": 3,
        "origin": "bewoners",
        "visibility": "openbaar",
        "municipality": "Utrecht",
        "latitude": 52.09,
        "longitude": 5.12,
        "organisation": org,
    }
    items = Initiative.objects.bulk_create(
        [Initiative(**{"name": f"Initiatief {i:05d}", **defaults, **fields}) for i in range(n)]
    )
    groen = Theme.objects.get(slug="groen")
    Initiative.themes.through.objects.bulk_create(
        [Initiative.themes.through(initiative_id=i.pk, theme_id=groen.pk) for i in items]
    )
    return items


def test_visibility(fleur, make_professional):
    own = fleur.professional.organisation
    other = Organisation.objects.create(name="Gemeente Elders")
    make(own, 1, name="Eigen", visibility="organisatie")
    make(other, 1, name="Van anderen, alleen organisatie", visibility="organisatie")
    make(other, 1, name="Voor professionals", visibility="professionals")
    make(other, 1, name="Openbaar", visibility="openbaar")

    def names(client):
        data = json.loads(client.get("/api/v1/initiatives.geojson").content)
        return sorted(f["properties"]["name"] for f in data["features"])

    anonymous = Client()
    professional = Client()
    professional.force_login(fleur)
    assert names(anonymous) == ["Openbaar"]
    assert names(professional) == ["Eigen", "Openbaar", "Voor professionals"]
    hidden = Initiative.objects.get(name="Van anderen, alleen organisatie")
    assert professional.get(f"/initiatieven/{hidden.pk}/").status_code == 404
    assert (
        anonymous.get(f"/initiatieven/{Initiative.objects.get(name='Eigen').pk}/").status_code
        == 404
    )


def test_filters_apply_to_list_and_map_alike(client, fleur):
    org = fleur.professional.organisation
    make(org, 2, municipality="Utrecht", phase=1, needs_support=True)
    make(org, 3, municipality="Arnhem", phase=3)
    query = "?municipality=utrecht&phase=1&needs_support=on"
    listing = client.get("/initiatieven/" + query).content.decode()
    assert "2 initiatieven" in listing
    data = json.loads(client.get("/api/v1/initiatives.geojson" + query).content)
    assert len(data["features"]) == 2
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [5.12, 52.09]}
    assert feature["properties"]["themes"] == ["Groen en buitenruimte"]
    assert feature["properties"]["url"].startswith("/initiatieven/")
    # An unknown value is told, not silently dropped (issue 20; was 200 with every initiative).
    assert client.get("/initiatieven/?theme=999999").status_code == 400


@pytest.mark.parametrize("count", [10, 10_000])
def test_list_and_map_data_queries_do_not_grow(client, fleur, count):
    make(fleur.professional.organisation, count)
    with CaptureQueriesContext(connection) as listing:
        assert client.get("/initiatieven/").status_code == 200
    with CaptureQueriesContext(connection) as geojson:
        response = client.get("/api/v1/initiatives.geojson")
    assert len(json.loads(response.content)["features"]) == count
    # list: count, the theme filter's options, the page, the page's themes; map: rows, themes
    assert (len(listing), len(geojson)) == (4, 2), (
        [q["sql"][:60] for q in listing],
        [q["sql"][:60] for q in geojson],
    )


def csv_file(rows, header=("naam", "gemeente", "fase", "initiatiefnemer", "thema's", "adres")):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    data = io.BytesIO(buffer.getvalue().encode())
    data.name = "inventarisatie.csv"
    return data


def test_import_reports_bad_rows_and_imports_nothing_until_clean(fleur_client):
    rows = [
        [f"Initiatief {i}", "Arnhem", "2", "bewoners", "Groen en buitenruimte", ""]
        for i in range(20)
    ]
    rows[4][2] = "7"
    rows[9][3] = "buren"
    rows[15][4] = "Onbekend thema"
    response = fleur_client.post("/initiatieven/importeren/", {"file": csv_file(rows)})
    pending = InitiativeImport.objects.get()
    page = fleur_client.get(response["Location"]).content.decode()
    assert [e["line"] for e in pending.errors] == [6, 11, 17]
    assert "Fase moet 1 tot en met 5 zijn, niet &#x27;7&#x27;." in page
    assert fleur_client.post(response["Location"]).status_code == 302
    assert Initiative.objects.count() == 0

    rows[4][2], rows[9][3], rows[15][4] = "2", "samen", "groen"
    response = fleur_client.post("/initiatieven/importeren/", {"file": csv_file(rows)})
    fleur_client.post(response["Location"])
    assert Initiative.objects.count() == 20
    assert Initiative.objects.get(name="Initiatief 15").themes.get().slug == "groen"
    assert fleur_client.post(response["Location"]).status_code == 404  # not twice


def test_import_xlsx_and_a_file_without_the_columns(fleur_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Naam", "Fase", "Adres"])
    sheet.append(["Speeltuin", 3, "Stadhuisbrug 1 Utrecht"])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = "lijst.xlsx"
    response = fleur_client.post("/initiatieven/importeren/", {"file": data})
    fleur_client.post(response["Location"])
    item = Initiative.objects.get()
    assert (item.name, item.phase, item.geocode_status) == ("Speeltuin", 3, "wachten")

    wrong = csv_file([["x"]], header=("titel",))
    response = fleur_client.get(
        fleur_client.post("/initiatieven/importeren/", {"file": wrong})["Location"]
    )
    assert response.status_code == 400
    assert "De kolommen &#x27;naam&#x27; en &#x27;fase&#x27; ontbreken" in response.content.decode()


def test_export_csv_and_xlsx(fleur_client, fleur):
    make(fleur.professional.organisation, 2, name="=HYPERLINK(1)")
    text = fleur_client.get("/initiatieven/export.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("naam;beschrijving;adres")
    assert "'=HYPERLINK(1)" in text
    workbook = load_workbook(io.BytesIO(fleur_client.get("/initiatieven/export.xlsx").content))
    assert workbook.active.max_row == 3


def test_a_5000_row_inventory_with_3_bad_rows_reports_exactly_those(fleur_client):
    rows = [
        [
            f"Initiatief {i}",
            "Utrecht",
            str(1 + i % 5),
            "bewoners",
            "groen;ontmoeting",
            f"Straat {i}",
        ]
        for i in range(5000)
    ]
    rows[99][2] = "zes"  # line 101
    rows[2499][0] = ""  # line 2501
    rows[4999][3] = "gemeente"  # line 5001
    response = fleur_client.post("/initiatieven/importeren/", {"file": csv_file(rows)})
    pending = InitiativeImport.objects.get()
    assert [e["line"] for e in pending.errors] == [101, 2501, 5001]
    assert len(pending.rows) == 4997
    assert fleur_client.post(response["Location"]).status_code == 302  # refused: fix first
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kapot.csv", b"naam;fase\n\x81\x8d;1\n", "niet in UTF-8 of Windows-tekens opgeslagen"),
        ("kapot.xlsx", b"PK\x03\x04 geen werkmap", "kan niet gelezen worden"),
    ],
)
def test_a_broken_file_gets_a_message_not_an_error(fleur_client, name, content, message):
    upload = io.BytesIO(content)
    upload.name = name
    response = fleur_client.get(
        fleur_client.post("/initiatieven/importeren/", {"file": upload})["Location"]
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fleur_client.post(response.request["PATH_INFO"]).status_code == 302  # never saved


def test_only_the_own_organisation_edits_and_only_staff_review(fleur, make_professional, pdok):
    item = make(fleur.professional.organisation, 1, visibility="openbaar")[0]
    other = Client()
    other.force_login(make_professional("kees@elders.test", "Kees", organisation="Gemeente Elders"))
    assert other.get(f"/initiatieven/{item.pk}/").status_code == 200  # public: may read
    assert other.get(f"/initiatieven/{item.pk}/bewerken/").status_code == 404
    assert other.post(f"/initiatieven/{item.pk}/bewerken/", {**FORM}).status_code == 404
    for path in ("/beheer/casussen/", "/beheer/bijeenkomsten/x/middag/"):
        assert other.get(path).status_code == 403  # signed in, but not staff


def test_the_report_names_the_column_as_the_file_does(fleur_client):
    fleur_client.post(
        "/initiatieven/importeren/", {"file": csv_file([["x" * 151, "Arnhem", "2", "", "", ""]])}
    )
    (error,) = InitiativeImport.objects.get().errors
    assert error["problems"] == ["De kolom 'naam' is langer dan 150 tekens."]


@pytest.mark.django_db(transaction=True)  # the worker closes connections as a process does
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_check_runs_in_the_worker_and_the_page_shows_progress(fleur_client):
    """Finding: the check ran inside the request; a hostile file held a server process."""
    rows = [[f"Initiatief {i}", "Arnhem", "2", "bewoners", "", ""] for i in range(1200)]
    response = fleur_client.post("/initiatieven/importeren/", {"file": csv_file(rows)})
    pending = InitiativeImport.objects.get()
    assert pending.status == "waiting" and pending.rows == []  # nothing checked in the request
    page = fleur_client.get(response["Location"])
    assert "staat klaar om gecontroleerd te worden" in page.content.decode()
    fragment = fleur_client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in fragment.content.decode()

    Worker().run_queue()
    pending.refresh_from_db()
    assert (pending.status, pending.checked_rows, len(pending.rows)) == ("checked", 1200, 1200)
    assert bytes(pending.content) == b""  # the upload itself is not kept
    done = fleur_client.get(response["Location"], headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == response["Location"]
    assert "1200 goede rijen" in fleur_client.get(response["Location"]).content.decode()

    # Saving 1,200 initiatives happens in the worker too.
    assert fleur_client.post(response["Location"])["Location"] == response["Location"]
    assert Initiative.objects.count() == 0
    assert "worden opgeslagen" in fleur_client.get(response["Location"]).content.decode()
    Worker().run_queue()
    assert Initiative.objects.count() == 1200
    finished = fleur_client.get(response["Location"], follow=True)
    assert "1200 initiatieven ingelezen" in finished.content.decode()
    assert fleur_client.post(response["Location"]).status_code == 404  # never twice


def test_an_unconfirmed_member_cannot_import_for_the_organisation(make_professional):
    user = make_professional(email="nieuw@gmail.com", member=False)
    client = Client()
    client.force_login(user)
    response = client.post("/initiatieven/importeren/", {"file": csv_file([["A", "", "2"]])})
    assert response.status_code == 403
    assert InitiativeImport.objects.count() == 0
