"""Attendance per part from a Teams attendance report (issue 13): the report's two shapes and
its XLSX save, matching by e-mail and by name, presence per part from join–leave intervals."""

import io
from datetime import date, timedelta

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from tests.followup.reports import presence_of, report_for, stamp
from wijkactie.accounts.models import Organisation, OrganisationDomain, PartnerPeriod
from wijkactie.core.models import ActivityLog
from wijkactie.events.checkin import checkin_code
from wijkactie.followup import attendance, imports, teams
from wijkactie.followup.models import Attendance, AttendanceImport
from wijkactie.followup.queries import no_shows_per_organisation
from wijkactie.site import personal_data


def test_a_teams_report_gives_presence_per_part_after_confirmation(session):
    event, people = session
    record = imports.read_teams_report(
        event_id=event.pk, filename="aanwezigheid.csv", data=report_for(people)
    )
    assert not Attendance.objects.exists()  # shown first, saved only on confirmation
    names = {row["name"] for row in record.report["unmatched"]}
    assert names == {"Gast 1 (Gast)", "Piet Onbekend"}
    imports.save_teams_import(import_id=record.pk, links={})
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
    assert presence_of(event, people["esra"]) == []  # not in the report: still unknown
    assert (
        Attendance.objects.get(registration=people["karim"], part__label="ochtenddeel").minutes
        == 50
    )
    with pytest.raises(imports.AlreadySaved):
        imports.save_teams_import(import_id=record.pk, links={})


def test_an_unmatched_row_linked_by_hand_counts_for_that_person(session):
    event, people = session
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    index = [row["name"] for row in record.report["unmatched"]].index("Piet Onbekend")
    imports.save_teams_import(import_id=record.pk, links={index: people["esra"].pk})
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


def test_a_report_with_only_its_participants_section_reads_first_join_to_last_leave(session):
    """Without the activities section only the first join and last leave are known."""
    event, people = session
    full = report_for(people).decode("utf-16")
    participants_only = full.split("3. In-Meeting Activities")[0].encode("utf-16")
    karim = {a.name: a for a in teams.parse_report(participants_only)}["Karim Amrani"]
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in karim.intervals] == [
        ("10:29", "14:30")
    ]


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
    ticked = [  # as the form comes: the defaults ticked
        f"{row.registration}-{cell.part.pk}"
        for row in imports.proposals(record)
        for cell in row.cells
        if cell.taken
    ]
    admin_client.post(uploaded["Location"], {f"koppel-{index}": people["esra"].pk, "neem": ticked})
    assert presence_of(event, people["esra"]) == [
        ("ochtenddeel", "absent"),
        ("middagdeel", "present"),
    ]
    admin_client.post(uploaded["Location"], {})  # a second confirmation saves nothing
    assert AttendanceImport.objects.get().saved_at and Attendance.objects.count() == 8

    morning = event.parts.get(label="ochtenddeel")
    admin_client.post(base, {f"deel-{people['karim'].pk}-{morning.pk}": "present"})
    assert presence_of(event, people["karim"])[0] == ("ochtenddeel", "present")
    entry = ActivityLog.objects.get(verb="attendance_corrected")
    assert entry.data == {
        "changes": [
            {
                "registration": people["karim"].pk,
                "part": morning.pk,
                "before": "absent",
                "after": "present",
            }
        ]
    }
    overview = admin_client.get(base).content.decode()
    assert "Aanwezigheid per onderdeel" in overview and people["karim"].full_name in overview


def test_staff_check_people_in_at_the_door_with_one_tap(admin_client, on_location):
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    url = f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/inchecken/{morning.pk}/"
    page = admin_client.get(url + "?q=karim").content.decode()
    assert "Karim Jansen" in page and "Fleur Jansen" not in page
    # The action says what it does, the state what is so (issue 22: both read "Binnen").
    assert 'Inchecken<span class="visually-hidden"> voor Karim Jansen</span>' in page
    assert "Binnen ✓" not in page
    admin_client.post(url, {"aanmelding": people[1].pk, "q": "karim"})
    page = admin_client.get(url + "?q=karim").content.decode()
    assert "Binnen ✓" in page and "Inchecken<span" not in page
    (seen,) = Attendance.objects.all()
    assert (seen.registration, seen.part, seen.state, seen.source) == (
        people[1],
        morning,
        "present",
        "checkin",
    )
    assert ActivityLog.objects.filter(verb="attendance_checked_in").count() == 1
    assert admin_client.post(url, {"aanmelding": "99999"}).status_code == 404


def test_the_qr_on_the_personal_page_leads_staff_to_that_persons_check_in(
    client, admin_client, on_location, settings
):
    event, people = on_location
    code_url = settings.SITE_URL + reverse("staff_followup:scanned", args=[checkin_code(people[2])])
    expected = segno.make(code_url, error="m").svg_inline(scale=4, dark="#1b1f24", light="#ffffff")
    personal = client.get(f"/aanmelding/{people[2].manage_token}/").content.decode()
    assert expected in personal  # the QR holds exactly this address
    path = code_url.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 302  # nobody but staff
    scanned = admin_client.get(path).content.decode()
    assert "Esra Jansen" in scanned and "Inchecken voor het ochtenddeel" in scanned
    afternoon = event.parts.get(label="middagdeel")
    admin_client.post(path, {"deel": afternoon.pk})
    assert Attendance.objects.get().part == afternoon
    assert admin_client.get("/beheer/inchecken/vals-gemaakt/").status_code == 404


def test_a_persons_data_export_holds_their_attendance(admin_client, on_location):
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    attendance.set_attendance(registration_id=people[0].pk, part_id=morning.pk, state="present")
    (registration,) = personal_data.export(people[0].email)["registrations"]
    assert registration["attendance"] == [
        {"part": "ochtenddeel", "state": "present", "source": "manual"}
    ]


def test_the_dashboard_counts_no_shows_once_attendance_is_known(admin_client, session):
    event, people = session
    for part in attendance.sessions(event):  # Esra is not in the report: staff say so
        attendance.set_attendance(
            registration_id=people["esra"].pk, part_id=part.pk, state="absent"
        )
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    imports.save_teams_import(import_id=record.pk, links={})
    page = admin_client.get("/beheer/").content.decode()
    row = page.split(f'<th scope="row"><a href="/beheer/bijeenkomsten/{event.slug}/">', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert "<td>1</td>" in row.rsplit("%</td>", 1)[-1]  # Esra: present at no part


def test_a_refused_report_is_told_in_the_visitors_language():
    """Found in review: the reader's messages were plain Dutch strings, never translated."""
    with translation.override("en"), pytest.raises(teams.ReportError, match="Teams attendance"):
        teams.parse_report(b"naam;email\nAnouk;a@b.nl\n")


def test_repeat_no_shows_of_free_seats_are_shown_per_organisation(admin_client, session):
    """Two partner seats left empty mark the organisation; a paid no-show elsewhere does not.
    Nothing is done to anyone."""
    from tests.factories import register  # noqa: PLC0415

    event, people = session
    partner = Organisation.objects.create(name="Wijkteam Oost", kind="wijkteam")
    PartnerPeriod.objects.create(
        organisation=partner, starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31)
    )
    OrganisationDomain.objects.create(organisation=partner, domain="oost.test")
    events = type(event).objects.filter(pk=event.pk)
    starts, ends = event.starts_at, event.ends_at
    events.update(starts_at=starts + timedelta(days=60), ends_at=ends + timedelta(days=60))
    free = [
        register(event, n, organisation=partner.name, domain="oost.test", auto_confirm=True)
        for n in (21, 22)
    ]
    events.update(starts_at=starts, ends_at=ends)
    assert {r.price_excl_vat for r in free} == {0}
    for registration in [*free, people["karim"]]:
        for part in attendance.sessions(event):
            attendance.set_attendance(
                registration_id=registration.pk, part_id=part.pk, state="absent"
            )
    rows = {row.name: row for row in no_shows_per_organisation(events)}
    assert (rows[partner.name].total, rows[partner.name].free, rows[partner.name].repeat) == (
        2,
        2,
        True,
    )
    paid = people["karim"].organisation.name
    assert (rows[paid].free, rows[paid].repeat) == (0, False)
    page = admin_client.get("/beheer/").content.decode()
    section = page.split("Niet gekomen, per organisatie", 1)[1]
    assert partner.name in section and "vaker niet gekomen</strong>" in section


@pytest.mark.parametrize("made_up", ["99999999999999999999", "²", "١٢"])
def test_a_made_up_number_posted_to_a_staff_page_is_a_404_not_an_error(
    admin_client, on_location, made_up
):
    """Found in review: `str.isdigit()` is true for '²' and for numbers SQLite cannot hold, so
    check-in, the QR page and the Teams report answered with a server error."""
    event, people = on_location
    morning = event.parts.get(label="ochtenddeel")
    checkin = f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/inchecken/{morning.pk}/"
    assert admin_client.post(checkin, {"aanmelding": made_up}).status_code == 404
    scanned = reverse("staff_followup:scanned", args=[checkin_code(people[0])])
    assert admin_client.post(scanned, {"deel": made_up}).status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8"])
def test_a_report_reads_the_same_in_every_encoding_teams_or_a_copy_writes(session, encoding):
    """Issue 22: Teams writes UTF-16 LE with or without a byte-order mark; a report saved again
    may be UTF-8. Without the mark it was read as UTF-8 and refused as no report."""
    _event, people = session
    text = report_for(people).decode("utf-16")
    attendees = teams.parse_report(text.encode(encoding))
    assert {a.name for a in attendees} == {
        "Anouk de Vries",
        "Karim Amrani",
        "van den Berg, Sanne",
        "Gast 1 (Gast)",
        "Piet Onbekend",
    }
    karim = next(a for a in attendees if a.name == "Karim Amrani")
    assert len(karim.intervals) == 2
