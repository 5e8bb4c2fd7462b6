"""Issue 22: the attendance tab at programme scale. One "Opslaan" per person and no "all
present" made a door list of 40 a chore; 2,000 registrations rendered on one page (651 ms,
2.4 MB). Now it is searched and paged like the registrations tab, the whole page is saved at
once (only what changed is written), and a part can be marked present for everyone unknown."""

import pytest

from tests.followup.reports import more_confirmed, presence_of
from wijkactie.core.models import ActivityLog
from wijkactie.followup import attendance
from wijkactie.followup.models import Attendance


def _url(event):
    return f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/"


def test_the_attendance_tab_is_paged_and_searched(admin_client, session):
    event, people = session
    more_confirmed(event, people["anouk"], 56, prefix="lijst")  # 60 in all
    first = admin_client.get(_url(event)).content.decode()
    assert first.count('<tr class="attendance-row">') == 50 and "Pagina 1 van 2" in first
    second = admin_client.get(_url(event) + "?pagina=2").content.decode()
    assert second.count('<tr class="attendance-row">') == 10
    found = admin_client.get(_url(event) + "?q=amrani").content.decode()
    assert found.count('<tr class="attendance-row">') == 1 and "Karim Amrani" in found


def test_saving_the_page_writes_only_what_changed_with_who_and_what_before(admin_client, session):
    event, people = session
    morning, afternoon = attendance.sessions(event)
    attendance.set_attendance(
        registration_id=people["karim"].pk, part_id=morning.pk, state="absent"
    )
    posted = {f"deel-{r.pk}-{p.pk}": "" for r in people.values() for p in (morning, afternoon)}
    posted[f"deel-{people['karim'].pk}-{morning.pk}"] = "absent"  # unchanged
    posted[f"deel-{people['anouk'].pk}-{morning.pk}"] = "present"
    posted[f"deel-{people['anouk'].pk}-{afternoon.pk}"] = "present"
    response = admin_client.post(_url(event), posted)
    assert response.status_code == 302
    assert presence_of(event, people["anouk"]) == [
        ("ochtenddeel", "present"),
        ("middagdeel", "present"),
    ]
    assert presence_of(event, people["karim"]) == [("ochtenddeel", "absent")]
    (entry,) = ActivityLog.objects.filter(
        verb="attendance_corrected", object_ref=f"events.event:{event.pk}"
    )
    assert entry.data == {
        "changes": [
            {
                "registration": people["anouk"].pk,
                "part": morning.pk,
                "before": "",
                "after": "present",
            },
            {
                "registration": people["anouk"].pk,
                "part": afternoon.pk,
                "before": "",
                "after": "present",
            },
        ]
    }


def test_everyone_present_for_a_part_fills_only_who_is_unknown(admin_client, session):
    event, people = session
    morning, _afternoon = attendance.sessions(event)
    attendance.set_attendance(registration_id=people["esra"].pk, part_id=morning.pk, state="absent")
    admin_client.post(_url(event) + f"iedereen/{morning.pk}/")
    states = dict(Attendance.objects.filter(part=morning).values_list("registration_id", "state"))
    assert states == {
        people["anouk"].pk: "present",
        people["karim"].pk: "present",
        people["sanne"].pk: "present",
        people["esra"].pk: "absent",  # what staff recorded stays
    }


@pytest.mark.parametrize("n", [1, 3])
def test_the_attendance_tab_query_count_does_not_grow(
    admin_client, session, django_assert_max_num_queries, n
):
    event, people = session
    more_confirmed(event, people["anouk"], n * 10, prefix="extra")
    for registration in event.registrations.all():
        for part in attendance.sessions(event):
            attendance.set_attendance(
                registration_id=registration.pk, part_id=part.pk, state="present"
            )
    admin_client.get(_url(event))  # warm the session and the caches
    with django_assert_max_num_queries(14):
        admin_client.get(_url(event))
