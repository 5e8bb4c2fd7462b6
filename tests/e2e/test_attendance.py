"""An organiser reads a Teams attendance report in a real browser, sees what it says, links a
row by hand and confirms (issue 13)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.steps import staff_login
from tests.factories import STAFF_PASSWORD
from tests.followup.reports import presence_of, report_for, teams_report, yesterday_session
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
    expect(
        page.get_by_text("Het rapport is opgeslagen: de aanwezigheid van 4 deelnemers")
    ).to_be_visible()
    assert_accessible(page)
    assert presence_of(event, people["karim"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]
    assert presence_of(event, people["esra"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]


def test_a_report_with_6_of_14_people_leaves_the_other_8_as_staff_recorded_them(
    live_server, page, make_event, django_user_model, tmp_path
):
    """Issue 22: 13 were recorded in the morning and 12 in the afternoon; a report holding 6
    of the 14 turned everyone else into "Afwezig" (13/12 → 4/3). Now the preview shows was →
    becomes per person and part, and only what the organiser ticks replaces a record."""
    event, people = yesterday_session(make_event, more=10)
    everyone = [people["anouk"], people["karim"], people["sanne"], people["esra"], *people["extra"]]
    morning, afternoon = (event.parts.get(label=label) for label in ("ochtenddeel", "middagdeel"))
    Attendance.objects.bulk_create(
        [
            Attendance(registration=r, part=part, state=state, source="manual")
            for i, r in enumerate(everyone)
            for part, state in (
                (morning, "absent" if i == 13 else "present"),
                (afternoon, "absent" if i >= 12 else "present"),
            )
        ]
    )
    # In Teams: six people, and Karim only in the afternoon (he came in late, by phone).
    there = [r for r in everyone[:6] if r != people["karim"]]
    rows = [(r.full_name, r.email, [("10:28", "14:31")]) for r in there]
    rows.append((people["karim"].full_name, people["karim"].email, [("13:00", "14:30")]))
    report = tmp_path / "aanwezigheid.csv"
    report.write_bytes(teams_report(rows))
    django_user_model.objects.create_user(
        "redactie", "redactie@wijkactie.test", STAFF_PASSWORD, is_staff=True, is_superuser=True
    )
    base = live_server.url
    staff_login(page, base, f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/teams/")
    page.get_by_label("Aanwezigheidsrapport uit Teams").set_input_files(str(report))
    page.get_by_role("button", name="Inlezen").click()
    expect(
        page.get_by_text("6 van de 14 bevestigde deelnemers staan in het rapport.")
    ).to_be_visible()
    karim = page.get_by_role("row", name=people["karim"].full_name)
    expect(karim.get_by_role("cell").nth(1)).to_contain_text("aanwezig (met de hand)")
    expect(karim.get_by_role("cell").nth(1)).to_contain_text("afwezig (0 min.)")
    own = page.get_by_label(f"overnemen voor {people['karim'].full_name}, ochtenddeel")
    expect(own).not_to_be_checked()  # what staff recorded stays unless the organiser says so
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 740})
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("Het rapport is opgeslagen")).to_be_visible()
    present = {
        part.label: Attendance.objects.filter(part=part, state="present").count()
        for part in (morning, afternoon)
    }
    assert present == {"ochtenddeel": 13, "middagdeel": 12}
    assert presence_of(event, people["karim"]) == [
        ("ochtenddeel", "present"),
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
    page.evaluate("window.sameDocument = true")  # gone if a tap or a search reloads the page
    for person in people[:2]:
        # Filtered as one types: no button, the list narrows to the one person.
        page.get_by_label("Zoek op naam of organisatie").fill(person.first_name)
        expect(page.locator("#checkin-list > li")).to_have_count(1)
        page.get_by_role("button", name=f"Inchecken voor {person.full_name}").click()
        expect(page.get_by_text(f"{person.full_name} is binnen.")).to_be_visible()
        expect(page.get_by_text("Binnen ✓")).to_be_visible()
    assert page.evaluate("window.sameDocument === true")
    # A wrong tap is undone from the same row.
    page.get_by_role("button", name=f"Ongedaan maken voor {people[1].full_name}").click()
    expect(page.get_by_role("button", name=f"Inchecken voor {people[1].full_name}")).to_be_visible()
    page.get_by_role("button", name=f"Inchecken voor {people[1].full_name}").click()
    expect(page.get_by_text(f"{people[1].full_name} is binnen.")).to_be_visible()
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
    assert ActivityLog.objects.filter(verb="attendance_checked_in").count() == 4  # one again
    assert ActivityLog.objects.filter(verb="attendance_checkin_undone").count() == 1
