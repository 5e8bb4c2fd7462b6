"""Attendance per part from a Teams attendance report (issue 13): the report's two shapes and
its XLSX save, matching by e-mail and by name, presence per part from join–leave intervals."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from tests.conftest import register
from wijkactie.core.models import ActivityLog
from wijkactie.events.models import ProgrammePart
from wijkactie.followup import services, teams
from wijkactie.followup.models import Attendance, AttendanceImport

DAY = (timezone.localdate() - timedelta(days=1)).strftime("%-m/%-d/%y")


def stamp(hhmm: str) -> str:
    moment = datetime.strptime(hhmm, "%H:%M")
    return f"{DAY}, {moment:%-I:%M:%S %p}"


def teams_report(rows) -> bytes:
    """A report as Teams writes it: UTF-16, tab-separated, in three sections."""
    lines = [
        "1. Summary",
        "Meeting title\tACTIE-instrument",
        f"Start time\t{stamp('10:25')}",
        "",
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ]
    for name, email, intervals in rows:
        lines.append(
            f"{name}\t{stamp(intervals[0][0])}\t{stamp(intervals[-1][1])}\t1h\t{email}\t{email}\tAttendee"
        )
    lines += ["", "3. In-Meeting Activities", "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole"]
    for name, email, intervals in rows:
        for start, end in intervals:
            lines.append(f"{name}\t{stamp(start)}\t{stamp(end)}\t1m\t{email}\tAttendee")
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


@pytest.fixture
def session(make_event):
    """Yesterday's session: morning 10.30–12.00, afternoon 13.00–14.30, five confirmed."""
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=1), time(10, 30))
    )
    event = make_event(capacity=10)  # in the future while people register
    for position, (label, begin, end) in enumerate(
        [
            ("ochtenddeel", time(10, 30), time(12)),
            ("pauze", time(12), time(13)),
            ("middagdeel", time(13), time(14, 30)),
        ]
    ):
        ProgrammePart.objects.create(
            event=event,
            position=position,
            starts_at=begin,
            ends_at=end,
            label=label,
            kind="break" if label == "pauze" else "session",
        )
    people = {
        "anouk": register(event, 1, first_name="Anouk", last_name="de Vries"),
        "karim": register(event, 2, first_name="Karim", last_name="Amrani"),
        "sanne": register(event, 3, first_name="Sanne", last_name="van den Berg"),
        "esra": register(event, 4, first_name="Esra", last_name="Yılmaz"),
    }
    type(event).objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=4)
    )
    event.refresh_from_db()
    return event, people


def report_for(people) -> bytes:
    return teams_report(
        [
            ("Anouk de Vries", people["anouk"].email, [("10:28", "14:31")]),
            # Left at 11.10, came back at 11.50: 50 of the morning's 90 minutes.
            ("Karim Amrani", people["karim"].email, [("10:29", "11:10"), ("11:50", "14:30")]),
            # Joined with a private address and her name the other way round: matched by name.
            ("van den Berg, Sanne", "sanne.prive@gmail.com", [("10:30", "12:00")]),
            ("Gast 1 (Gast)", "", [("10:40", "12:00")]),
            ("Piet Onbekend", "piet@elders.nl", [("13:00", "14:30")]),
        ]
    )


def presence_of(event, registration) -> list[tuple[str, str]]:
    return [
        (a.part.label, a.state)
        for a in Attendance.objects.filter(registration=registration)
        .select_related("part")
        .order_by("part__starts_at")
    ]


def test_a_teams_report_gives_presence_per_part_after_confirmation(session):
    event, people = session
    record = services.read_teams_report(
        event_id=event.pk, filename="aanwezigheid.csv", data=report_for(people)
    )
    assert not Attendance.objects.exists()  # shown first, saved only on confirmation
    names = {row["name"] for row in record.report["unmatched"]}
    assert names == {"Gast 1 (Gast)", "Piet Onbekend"}
    services.save_teams_import(import_id=record.pk, links={})
    assert presence_of(event, people["anouk"]) == [
        ("ochtenddeel", "present"),
        ("middagdeel", "present"),
    ]
    assert presence_of(event, people["karim"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]
    assert presence_of(event, people["sanne"]) == [
        ("ochtenddeel", "present"),
        ("middagdeel", "absent"),
    ]
    assert presence_of(event, people["esra"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "absent"),
    ]
    assert (
        Attendance.objects.get(registration=people["karim"], part__label="ochtenddeel").minutes
        == 50
    )
    with pytest.raises(services.AlreadySaved):
        services.save_teams_import(import_id=record.pk, links={})


def test_an_unmatched_row_linked_by_hand_counts_for_that_person(session):
    event, people = session
    record = services.read_teams_report(
        event_id=event.pk, filename="r.csv", data=report_for(people)
    )
    index = [row["name"] for row in record.report["unmatched"]].index("Piet Onbekend")
    services.save_teams_import(import_id=record.pk, links={index: people["esra"].pk})
    assert presence_of(event, people["esra"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]


def test_the_older_joined_left_list_and_an_xlsx_save_read_the_same(session):
    event, people = session
    older = "\n".join(
        [
            "Full Name\tUser Action\tTimestamp",
            f"Anouk de Vries\tJoined\t{stamp('10:28')}",
            f"Anouk de Vries\tLeft\t{stamp('11:00')}",
            f"Anouk de Vries\tJoined\t{stamp('12:55')}",
            f"Anouk de Vries\tLeft\t{stamp('14:30')}",
        ]
    ).encode("utf-16")
    (anouk,) = teams.parse_report(older)
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in anouk.intervals] == [
        ("10:28", "11:00"),
        ("12:55", "14:30"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    for line in report_for(people).decode("utf-16").splitlines():
        sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = {a.name: a.intervals for a in teams.parse_report(buffer.getvalue())}
    from_text = {a.name: a.intervals for a in teams.parse_report(report_for(people))}
    assert from_xlsx == from_text


def test_a_file_that_is_no_report_is_refused_in_dutch():
    with pytest.raises(teams.ReportError, match="geen aanwezigheidsrapport van Teams"):
        teams.parse_report(b"naam;email\nAnouk;a@b.nl\n")


def test_staff_upload_read_the_report_link_a_row_confirm_once_and_correct(admin_client, session):
    event, people = session
    base = f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/"
    junk = admin_client.post(
        base + "teams/", {"report": SimpleUploadedFile("x.csv", b"a;b\n1;2\n")}
    )
    assert (
        junk.status_code == 400 and "geen aanwezigheidsrapport van Teams" in junk.content.decode()
    )
    uploaded = admin_client.post(
        base + "teams/", {"report": SimpleUploadedFile("rapport.csv", report_for(people))}
    )
    record = AttendanceImport.objects.get()
    assert uploaded["Location"] == f"{base}teams/{record.pk}/"
    page = admin_client.get(uploaded["Location"]).content.decode()
    assert "3 van de 4 bevestigde deelnemers staan in het rapport." in page
    assert "Piet Onbekend" in page and "Gast 1 (Gast)" in page
    index = [row["name"] for row in record.report["unmatched"]].index("Piet Onbekend")
    admin_client.post(uploaded["Location"], {f"koppel-{index}": people["esra"].pk})
    assert presence_of(event, people["esra"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]
    admin_client.post(uploaded["Location"], {})  # a second confirmation saves nothing
    assert AttendanceImport.objects.get().saved_at and Attendance.objects.count() == 8

    morning = event.parts.get(label="ochtenddeel")
    admin_client.post(f"{base}{people['karim'].pk}/", {f"deel-{morning.pk}": "present"})
    assert presence_of(event, people["karim"])[0] == ("ochtenddeel", "present")
    entry = ActivityLog.objects.get(verb="attendance_corrected")
    assert entry.data == {"part": morning.pk, "before": "absent", "after": "present"}
    overview = admin_client.get(base).content.decode()
    assert "Aanwezigheid per onderdeel" in overview and people["karim"].full_name in overview
