"""An organiser reads a Teams attendance report in a real browser, sees what it says, links a
row by hand and confirms (issue 13)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.steps import staff_login
from tests.factories import STAFF_PASSWORD
from tests.followup.reports import presence_of, report_for
from wijkactie.core.models import ActivityLog
from wijkactie.events.checkin import checkin_code
from wijkactie.events.models import Programme
from wijkactie.followup.models import Attendance

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organiser_imports_a_teams_report_and_confirms_it(
    live_server,
    page,
    session,
    django_user_model,
    tmp_path,
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


def test_two_people_are_checked_in_on_a_phone_and_the_qr_finds_the_third(
    live_server,
    page,
    on_location,
    django_user_model,  # noqa: F811
):
    event, people = on_location
    django_user_model.objects.create_user(
        "redactie", "redactie@wijkactie.test", STAFF_PASSWORD, is_staff=True, is_superuser=True
    )
    page.set_viewport_size({"width": 320, "height": 740})
    morning = event.parts.get(label="ochtenddeel")
    base = live_server.url
    staff_login(
        page, base, f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/inchecken/{morning.pk}/"
    )
    assert_accessible(page)
    for person in people[:2]:
        page.get_by_label("Zoek op naam of organisatie").fill(person.first_name)
        page.get_by_role("button", name="Zoeken").click()
        page.get_by_role("button", name=f"Inchecken voor {person.full_name}").click()
        expect(page.get_by_text(f"{person.full_name} is binnen.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    assert {a.registration_id for a in Attendance.objects.filter(part=morning)} == {
        p.pk for p in people[:2]
    }

    page.goto(f"{base}/aanmelding/{people[2].manage_token}/")
    expect(page.get_by_text("Laat deze code zien bij de ingang")).to_be_visible()
    page.goto(f"{base}/beheer/inchecken/{checkin_code(people[2])}/")
    expect(page.get_by_role("heading", name=people[2].full_name)).to_be_visible()
    page.get_by_role("button", name="Inchecken voor het middagdeel").click()
    expect(
        page.get_by_text(f"{people[2].full_name} is binnen voor het middagdeel.")
    ).to_be_visible()
    assert ActivityLog.objects.filter(verb="attendance_checked_in").count() == 3
