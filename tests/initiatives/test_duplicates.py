"""One initiative, one entry: a new scan offers existing initiatives, placeholders stay out of the
register, and staff merge duplicates (issue 9)."""

import pytest
from django.test import Client

from wijkactie.actie import services as actie
from wijkactie.actie.models import Scan
from wijkactie.core.models import ActivityLog
from wijkactie.initiatives.imports import check_file
from wijkactie.initiatives.models import Initiative, PhaseChange
from wijkactie.initiatives.queries import in_register, similar_initiatives
from wijkactie.initiatives.services import merge_initiatives

pytestmark = pytest.mark.usefixtures("themes")


def initiative(fleur, name, **fields):
    item = Initiative.objects.create(
        name=name,
        organisation=fleur.professional.organisation,
        created_by=fleur,
        phase=fields.pop("phase", 2),
        origin="bewoners",
        **fields,
    )
    PhaseChange.objects.create(initiative=item, phase=item.phase, changed_by=fleur)
    return item


def new_scan(client, name, **extra):
    data = {"level": "professional", "name": name, "phase": "2", "origin": "bewoners", **extra}
    return client.post("/actie/scans/nieuw/", data)


@pytest.mark.parametrize(
    "typed",
    [
        "Repair Café De Schroef",
        "repair cafe de schroef",
        "REPAIR CAFÉ DE SCHROEF!",
        "Repair Cafe De Schroef",
        "Repair Café De Schoef",
        "Repair Café",
    ],
)
def test_same_or_nearly_the_same_name_is_found(fleur, typed):
    schroef = initiative(fleur, "Repair Café De Schroef")
    initiative(fleur, "Moestuin Lunetten")
    assert similar_initiatives(Initiative.objects.all(), typed) == [schroef]


def test_a_new_scan_offers_the_existing_initiative_and_makes_none(fleur_client, fleur):
    schroef = initiative(fleur, "Repair Café De Schroef")
    response = new_scan(fleur_client, "repair cafe de schroef")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit initiatief bestaat misschien al: &#x27;Repair Café De Schroef&#x27;" in page
    assert f"/actie/scans/nieuw/?initiatief={schroef.pk}" in page
    assert Initiative.objects.count() == 1 and Scan.objects.count() == 0
    # Only on purpose: a second, different initiative of the same name.
    response = new_scan(fleur_client, "repair cafe de schroef", new_on_purpose="on")
    assert response.status_code == 302
    assert Initiative.objects.count() == 2


def test_initiatives_of_others_the_person_cannot_scan_are_not_offered(
    fleur_client, make_professional
):
    other = make_professional(email="joost@rivierstad.test", organisation="Rivierstad")
    initiative(other, "Repair Café De Schroef")
    assert new_scan(fleur_client, "Repair Café De Schroef").status_code == 302


def test_a_placeholder_name_makes_no_initiative_and_old_ones_stay_out_of_the_register(
    fleur_client, fleur
):
    response = new_scan(fleur_client, "Onbekend initiatief")
    assert response.status_code == 400
    assert "Geef het initiatief een naam die collega" in response.content.decode()
    initiative(fleur, "Onbekend initiatief", visibility="openbaar", latitude=52.1, longitude=5.1)
    initiative(fleur, "Moestuin Lunetten", visibility="openbaar", latitude=52.1, longitude=5.1)
    listing = Client().get("/initiatieven/").content.decode()
    assert "Moestuin Lunetten" in listing and "Onbekend initiatief" not in listing
    names = [
        f["properties"]["name"]
        for f in Client().get("/api/v1/initiatives.geojson").json()["features"]
    ]
    assert names == ["Moestuin Lunetten"]


def test_merging_moves_scans_and_phase_history_and_fills_gaps(fleur, admin_user):
    scan = actie.start_scan(
        author=fleur,
        level="professional",
        new_initiative=actie.NewInitiative(
            name="Repair Café De Schroef", neighbourhood="", phase=2, origin="bewoners"
        ),
    )
    duplicate = scan.initiative
    duplicate.address = "Schroefstraat 1 Utrecht"
    duplicate.save()
    keep = initiative(fleur, "Repair Cafe de Schroef", phase=1)
    merged = merge_initiatives(keep_id=keep.pk, remove_id=duplicate.pk, actor=admin_user)
    assert merged.pk == keep.pk
    assert not Initiative.objects.filter(pk=duplicate.pk).exists()
    scan.refresh_from_db()
    assert scan.initiative_id == keep.pk
    assert PhaseChange.objects.filter(initiative=keep).count() == 2
    assert merged.address == "Schroefstraat 1 Utrecht"
    entry = ActivityLog.objects.get(verb="initiatives_merged")
    assert entry.data["removed"] == duplicate.pk and entry.data["scans"] == 1


def test_staff_see_duplicates_and_merge_them_others_cannot(admin_client, fleur_client, fleur):
    first = initiative(fleur, "Repair Café De Schroef")
    second = initiative(fleur, "repair cafe de schroef")
    initiative(fleur, "Moestuin Lunetten")
    page = admin_client.get("/beheer/initiatieven/dubbel/").content.decode()
    assert f"Voeg #{second.pk} samen met #{first.pk}" in page
    assert "Moestuin Lunetten" not in page
    refused = fleur_client.post(
        "/beheer/initiatieven/dubbel/", {"keep": first.pk, "remove": second.pk}
    )
    assert refused.status_code == 403  # signed in, but not staff
    assert Initiative.objects.count() == 3
    response = admin_client.post(
        "/beheer/initiatieven/dubbel/", {"keep": first.pk, "remove": second.pk}
    )
    assert response.status_code == 302
    assert list(Initiative.objects.order_by("pk").values_list("pk", flat=True))[:1] == [first.pk]
    assert Initiative.objects.count() == 2
    same = admin_client.post("/beheer/initiatieven/dubbel/", {"keep": first.pk, "remove": first.pk})
    assert same.status_code == 400
    assert "Kies twee verschillende initiatieven." in same.content.decode()


def test_every_way_in_refuses_a_placeholder_name(fleur_client, fleur, pdok):
    """The register form and imports refuse what the new-scan form refuses: one rule."""
    response = fleur_client.post(
        "/initiatieven/nieuw/",
        {
            "name": "Onbekend",
            "phase": "2",
            "origin": "bewoners",
            "circumstances": "moeilijker",
            "visibility": "openbaar",
            "status": "actief",
        },
    )
    assert response.status_code == 400
    assert "Geef het initiatief een naam die collega" in response.content.decode()
    checked = check_file("lijst.csv", b"naam,fase\nn.v.t.,2\nMoestuin Lunetten,2\n")
    assert [e["line"] for e in checked.errors] == [2]
    assert "Geef het initiatief een naam" in checked.errors[0]["problems"][0]
    assert not Initiative.objects.exists()


def test_placeholder_rows_stay_out_of_the_register_whatever_their_punctuation(fleur):
    for name in ("N.v.t.", "onbekend - initiatief", "Moestuin Lunetten"):
        initiative(fleur, name, visibility="openbaar")
    names = in_register(Initiative.objects.all()).values_list("name", flat=True)
    assert list(names) == ["Moestuin Lunetten"]
