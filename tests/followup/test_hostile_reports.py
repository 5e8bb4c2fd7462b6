"""Hostile files on the Teams report upload (issue 22): each is a Dutch message and a 400, on
SQLite and PostgreSQL, and none is read further than the data it holds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.followup.reports import teams_report
from tests.xlsx import xlsx_claiming
from wijkactie.followup import teams
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
