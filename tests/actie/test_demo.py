"""The demo data of `./run` gives a working ACTIE-scan to click through."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wijkactie.actie.demo import DEMO_EMAIL, DEMO_PASSWORD
from wijkactie.actie.models import GroupSession, Participant, Scan


def test_demo_data_is_idempotent_and_usable(client, demo):
    call_command("seed_demo", stdout=io.StringIO())  # a second time, on top of the first
    assert Scan.objects.count() == 2
    assert GroupSession.objects.get().event.slug == "corporaties-en-bewonersinitiatieven"
    assert Participant.objects.filter(done_at__isnull=False).count() == 3

    response = client.post(
        "/account/inloggen/wachtwoord/", {"username": DEMO_EMAIL.upper(), "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/actie/"
    first, second = Scan.objects.order_by("created_at")
    timeline = client.get(f"/actie/initiatieven/{first.initiative_id}/").content.decode()
    assert "Wat veranderde ten opzichte van de vorige scan" in timeline
    assert client.get(f"/actie/scans/{second.public_id}/").status_code == 200
    live = client.get(f"/actie/groepen/{GroupSession.objects.get().public_id}/live/")
    assert "3 van 3 klaar" in live.content.decode()


def test_demo_initiative_with_scans_is_on_the_map_once(client, demo):
    from wijkactie.initiatives.models import Initiative

    zon = Initiative.objects.get(name="Buurtkamer De Zon")
    assert zon.scans.count() == 2 and zon.latitude is not None
    names = [
        f["properties"]["name"]
        for f in client.get("/api/v1/initiatives.geojson").json()["features"]
    ]
    assert names.count("Buurtkamer De Zon") == 1


def test_an_initiatives_page_lists_the_scans_its_reader_may_see(client, demo):
    """actie adds the scans to the initiative's page (initiatives/signals.py)."""
    from wijkactie.initiatives.models import Initiative  # noqa: PLC0415

    zon = Initiative.objects.get(name="Buurtkamer De Zon")
    assert (
        "Geen ACTIE-scans die je mag zien."
        in client.get(f"/initiatieven/{zon.pk}/").content.decode()
    )
    client.force_login(get_user_model().objects.get(email=DEMO_EMAIL))
    page = client.get(f"/initiatieven/{zon.pk}/").content.decode()
    assert page.count("Scan van ") == 2
    for scan in zon.scans.all():
        assert f"/actie/scans/{scan.public_id}/" in page
    assert f"/actie/initiatieven/{zon.pk}/" in page
