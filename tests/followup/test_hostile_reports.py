"""Hostile files on the Teams report upload (issue 22): each is a Dutch message and a 400, on
SQLite and PostgreSQL, and none is read further than the data it holds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.followup.reports import report_for, teams_report
from tests.xlsx import xlsx_claiming
from wijkactie.followup import imports, teams
from wijkactie.followup.models import AttendanceImport

UTF16_START = b"\xff\xfe" + "1. Summary\r\nMeeting title\tACTIE\r\n".encode("utf-16-le")
HOSTILE = {
    "odd-length UTF-16": UTF16_START + b"\x00",
    "a lone surrogate in UTF-16": UTF16_START + b"\x00\xd8" + "x\r\n".encode("utf-16-le"),
    "a 200 kB quoted field": b'Name,Email\r\n"' + b"a" * 200_000 + b'",x@y.test\r\n',
    "a NUL in a name": teams_report([("Anouk\x00 de Vries", "a@linie.test", [("10:28", "14:31")])]),
}


def upload(client, event, data: bytes, name="rapport.csv"):
    return client.post(
        f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/teams/",
        {"report": SimpleUploadedFile(name, data)},
    )


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_report_is_a_dutch_message_and_a_400(admin_client, session, kind):
    event, _people = session
    response = upload(admin_client, event, HOSTILE[kind])
    assert response.status_code == 400, kind
    form = response.context["form"]
    assert form.errors["report"], kind
    assert "Traceback" not in response.content.decode()
    assert not AttendanceImport.objects.exists()


@pytest.mark.parametrize("claim", ["A1:Z300", "A1:XFD1048576"])
def test_an_xlsx_that_claims_a_huge_sheet_is_read_as_far_as_its_data(claim):
    """Finding: a 1,473-byte XLSX claiming A1:XFD1048576 held a web worker 17.7 s at 1,557 MB:
    the rows were read as wide and as many as the sheet's <dimension> claimed."""
    rows = teams.read_rows(xlsx_claiming(claim))
    assert rows == [["naam", "fase"], ["Speeltuin", 2]]


def test_a_confirmation_submitted_twice_is_a_message_not_a_500(admin_client, session):
    """Finding: two confirmations racing both passed the page's own check; the second's
    AlreadySaved was not caught. The page now leaves the check to the service (under its lock),
    so a second submission, raced or not, takes the same path: a message."""
    event, people = session
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    path = f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/teams/{record.pk}/"
    assert admin_client.post(path).status_code == 302
    response = admin_client.post(path, follow=True)
    assert response.status_code == 200
    assert "Dit rapport is al opgeslagen." in response.content.decode()


def test_the_refusals_are_english_for_an_english_reader():
    with translation.override("en"):
        for data, words in (
            (HOSTILE["odd-length UTF-16"], "not readable text"),
            (HOSTILE["a 200 kB quoted field"], "too long or broken"),
            (HOSTILE["a NUL in a name"], "does not have"),
        ):
            with pytest.raises(teams.ReportError, match=words):
                teams.read_rows(data)
