"""An organiser reads a Teams attendance report in a real browser, sees what it says, links a
row by hand and confirms (issue 13)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import STAFF_PASSWORD, staff_login
from tests.followup.test_attendance import presence_of, report_for, session  # noqa: F401
from wijkactie.events.models import Programme

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_imports_a_teams_report_and_confirms_it(
    live_server,
    page,
    session,
    django_user_model,
    tmp_path,  # noqa: F811
):
    event, people = session
    programme = Programme.objects.create(name="Werken aan leefbare wijken", slug="wijken")
    event.programme = programme
    event.save()
    organiser = django_user_model.objects.create_user(
        "noor@wijkactie.test", "noor@wijkactie.test", STAFF_PASSWORD, is_staff=True
    )
    programme.organisers.add(organiser)
    report = tmp_path / "aanwezigheid.csv"
    report.write_bytes(report_for(people))
    base = live_server.url
    staff_login(
        page, base, f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/", username=organiser.username
    )
    page.get_by_role("link", name="Teams-rapport inlezen").click()
    assert_accessible(page)
    page.get_by_label("Aanwezigheidsrapport uit Teams").set_input_files(str(report))
    page.get_by_role("button", name="Inlezen").click()
    expect(
        page.get_by_text("3 van de 4 bevestigde deelnemers staan in het rapport.")
    ).to_be_visible()
    expect(page.get_by_text("2 regels horen bij niemand.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Piet Onbekend hoort bij").select_option(label=people["esra"].full_name)
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("De aanwezigheid van 4 deelnemers is opgeslagen.")).to_be_visible()
    assert_accessible(page)
    assert presence_of(event, people["karim"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]
    assert presence_of(event, people["esra"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]
