"""Issue 22: a Teams report merges into what is recorded, it never overwrites it silently. An
import fills what is unknown, proposes a change to what staff or check-in recorded (kept unless
the organiser takes the report's value), leaves people who are not in it as they were, is not
about the organiser and presenters, and adds a restarted meeting's intervals to the first."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.followup.reports import more_confirmed, presence_of, report_for, stamp, teams_report
from wijkactie.followup import attendance, imports
from wijkactie.followup.models import Attendance

MORNING, AFTERNOON = "ochtenddeel", "middagdeel"


def _part(event, label):
    return event.parts.get(label=label)


def _recorded(event, people):
    """Esra was there all day (staff), Sanne checked in for the afternoon at the door."""
    for label in (MORNING, AFTERNOON):
        attendance.set_attendance(
            registration_id=people["esra"].pk, part_id=_part(event, label).pk, state="present"
        )
    attendance.set_attendance(
        registration_id=people["sanne"].pk,
        part_id=_part(event, AFTERNOON).pk,
        state="present",
        source=Attendance.Source.CHECKIN,
    )


def test_an_import_fills_what_is_unknown_and_keeps_what_staff_or_checkin_recorded(session):
    event, people = session
    _recorded(event, people)
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    imports.save_teams_import(import_id=record.pk, links={})
    # Esra is not in the report: she stays as staff recorded her (main made her absent).
    assert presence_of(event, people["esra"]) == [(MORNING, "present"), (AFTERNOON, "present")]
    # The report says Sanne left at 12.00; she checked in for the afternoon: that is kept.
    assert presence_of(event, people["sanne"]) == [(MORNING, "present"), (AFTERNOON, "present")]
    assert presence_of(event, people["karim"]) == [(MORNING, "absent"), (AFTERNOON, "present")]
    sanne = Attendance.objects.get(registration=people["sanne"], part__label=AFTERNOON)
    assert sanne.source == "checkin"


def test_the_preview_shows_was_and_becomes_and_the_organiser_chooses(session):
    event, people = session
    _recorded(event, people)
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    rows = {row.name: row for row in imports.proposals(record)}
    sanne = {cell.part.label: cell for cell in rows[people["sanne"].full_name].cells}
    assert (sanne[AFTERNOON].was, sanne[AFTERNOON].becomes, sanne[AFTERNOON].taken) == (
        "present",
        "absent",
        False,
    )
    assert sanne[AFTERNOON].was_source == "checkin"
    anouk = {cell.part.label: cell for cell in rows[people["anouk"].full_name].cells}
    assert (anouk[MORNING].was, anouk[MORNING].becomes, anouk[MORNING].taken) == (
        "",
        "present",
        True,
    )
    esra = {cell.part.label: cell for cell in rows[people["esra"].full_name].cells}
    assert esra[MORNING].becomes == "absent" and not esra[MORNING].taken
    # The organiser takes the report's word for Sanne's afternoon, and for nothing else.
    imports.save_teams_import(
        import_id=record.pk,
        links={},
        taken={(people["sanne"].pk, _part(event, AFTERNOON).pk)},
    )
    assert presence_of(event, people["sanne"]) == [(AFTERNOON, "absent")]
    assert presence_of(event, people["esra"]) == [(MORNING, "present"), (AFTERNOON, "present")]
    assert presence_of(event, people["anouk"]) == []


def test_people_who_are_not_in_the_report_stay_unknown_unless_the_organiser_chooses(session):
    event, people = session
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    imports.save_teams_import(import_id=record.pk, links={})
    assert presence_of(event, people["esra"]) == []
    again = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    morning = _part(event, MORNING).pk
    imports.save_teams_import(import_id=again.pk, links={}, taken={(people["esra"].pk, morning)})
    assert presence_of(event, people["esra"]) == [(MORNING, "absent")]


def test_the_organiser_and_presenters_are_not_participants(session, admin_client):
    event, people = session
    report = report_for(people).decode("utf-16")
    lines = report.splitlines()  # the activities section is the last: the hosts join it
    extra = [
        f"Jet Organisator\t{stamp('10:00')}\t{stamp('14:45')}\t4h 45m 0s\tjet@platform31.test\tOrganizer",
        f"Bas Spreker\t{stamp('10:30')}\t{stamp('11:30')}\t1h 0m 0s\tbas@elders.test\tPresenter",
    ]
    data = ("\r\n".join([*lines, *extra]) + "\r\n").encode("utf-16")
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=data)
    assert "Jet Organisator" not in {row["name"] for row in record.report["unmatched"]}
    assert "Bas Spreker" not in {row["name"] for row in record.report["unmatched"]}
    assert record.report["hosts"] == [
        {"name": "Jet Organisator", "role": "organiser"},
        {"name": "Bas Spreker", "role": "presenter"},
    ]
    page = admin_client.get(
        f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/teams/{record.pk}/"
    ).content.decode()
    assert "Jet Organisator (organisator), Bas Spreker (presentator)" in page  # no "Organizer"


def test_a_restarted_meeting_adds_its_intervals_to_the_first_report(session):
    """Karim was in the first meeting 10.29–11.10; Teams broke down, the restart has him
    11.12–12.00: together 88 of the morning's 90 minutes."""
    event, people = session
    karim = ("Karim Amrani", people["karim"].email)
    first = imports.read_teams_report(
        event_id=event.pk, filename="1.csv", data=teams_report([(*karim, [("10:29", "11:10")])])
    )
    imports.save_teams_import(import_id=first.pk, links={})
    assert presence_of(event, people["karim"]) == [(MORNING, "absent"), (AFTERNOON, "absent")]
    restart = imports.read_teams_report(
        event_id=event.pk, filename="2.csv", data=teams_report([(*karim, [("11:12", "12:00")])])
    )
    imports.save_teams_import(import_id=restart.pk, links={})
    assert presence_of(event, people["karim"]) == [(MORNING, "present"), (AFTERNOON, "absent")]
    morning = Attendance.objects.get(registration=people["karim"], part__label=MORNING)
    assert morning.minutes == 88


def _statements_to_save(event, people, n: int) -> int:
    clones = more_confirmed(event, people["anouk"], n, prefix=f"deelnemer-{n}-")
    rows = [(c.full_name, c.email, [("10:30", "14:30")]) for c in clones]
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=teams_report(rows))
    with CaptureQueriesContext(connection) as queries:
        imports.save_teams_import(import_id=record.pk, links={})
    assert Attendance.objects.filter(registration__in=clones, state="present").count() == 2 * n
    return len(queries)


def test_saving_an_import_writes_in_bulk_whatever_its_size(session):
    event, people = session
    small = _statements_to_save(event, people, 10)
    large = _statements_to_save(event, people, 1000)
    assert small == large
