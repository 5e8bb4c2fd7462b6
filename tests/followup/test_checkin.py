"""Issue 22: check-in for a door with 40 people, on a phone. Every tap reloaded the page to the
top, searching needed the button, and a wrong tap could not be undone."""

from wijkactie.core.models import ActivityLog
from wijkactie.followup import attendance
from wijkactie.followup.models import Attendance


def _url(event, part):
    return f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/inchecken/{part.pk}/"


def test_a_tap_with_htmx_answers_with_that_persons_row_only(admin_client, on_location):
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    response = admin_client.post(
        _url(event, morning), {"aanmelding": people[1].pk}, headers={"HX-Request": "true"}
    )
    row = response.content.decode()
    assert response.status_code == 200
    assert row.lstrip().startswith(f'<li id="aanmelding-{people[1].pk}"')
    assert "Binnen ✓" in row and "Ongedaan maken" in row and "<html" not in row
    assert f"{people[1].full_name} is binnen." in row  # told to a screen reader (role=status)


def test_without_javascript_the_tap_returns_to_the_same_place_in_the_list(
    admin_client, on_location
):
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    response = admin_client.post(_url(event, morning), {"aanmelding": people[1].pk, "q": "jan"})
    assert response["Location"] == f"{_url(event, morning)}?q=jan#aanmelding-{people[1].pk}"


def test_the_search_filters_as_you_type(admin_client, on_location):
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    page = admin_client.get(_url(event, morning)).content.decode()
    assert 'data-hx-trigger="input changed delay:300ms, search"' in page
    fragment = admin_client.get(
        _url(event, morning) + "?q=fleur", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Fleur Jansen" in fragment and "Karim Jansen" not in fragment
    assert "<html" not in fragment


def test_undo_puts_back_what_was_recorded_before_the_check_in(admin_client, on_location):
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    attendance.set_attendance(registration_id=people[2].pk, part_id=morning.pk, state="absent")
    admin_client.post(_url(event, morning), {"aanmelding": people[2].pk})
    admin_client.post(_url(event, morning), {"aanmelding": people[0].pk})
    assert Attendance.objects.filter(part=morning, state="present").count() == 2
    admin_client.post(_url(event, morning), {"aanmelding": people[2].pk, "ongedaan": "1"})
    admin_client.post(_url(event, morning), {"aanmelding": people[0].pk, "ongedaan": "1"})
    states = dict(Attendance.objects.filter(part=morning).values_list("registration", "state"))
    assert states == {people[2].pk: "absent"}  # as staff had it; Fleur unknown again
    assert ActivityLog.objects.filter(verb="attendance_checkin_undone").count() == 2
