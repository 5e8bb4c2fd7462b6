"""Issue 22: any Teams export reads. Teams translates its section titles and column headers per
client language and writes dates in the locale's order; the reader finds the sections by the
shape of their rows. A Dutch-language report was refused as "geen aanwezigheidsrapport"."""

from datetime import date, datetime

import pytest

from tests.followup.reports import YESTERDAY, as_xlsx, presence_of, report_for, stamp, teams_report
from wijkactie.followup import imports, teams

EXPECTED = {
    "anouk": [("ochtenddeel", "present"), ("middagdeel", "present")],
    "karim": [("ochtenddeel", "absent"), ("middagdeel", "present")],  # joined twice
    "sanne": [("ochtenddeel", "present"), ("middagdeel", "absent")],
}


def _dutch_report(people) -> bytes:
    return teams_report(_rows(people), language="nl")


def _rows(people):
    return [
        ("Anouk de Vries", people["anouk"].email, [("10:28", "14:31")]),
        ("Karim Amrani", people["karim"].email, [("10:29", "11:10"), ("11:50", "14:30")]),
        ("van den Berg, Sanne", "sanne.prive@gmail.com", [("10:30", "12:00")]),
        ("Gast 1 (Gast)", "", [("10:40", "12:00")]),  # a guest without e-mail
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en-US", "en-GB", "nl"])
def test_a_report_in_any_client_language_imports_to_the_right_presence(session, language, kind):
    event, people = session
    data = teams_report(_rows(people), language=language)
    data = as_xlsx(data) if kind == "xlsx" else data
    record = imports.read_teams_report(event_id=event.pk, filename=f"r.{kind}", data=data)
    assert [row["name"] for row in record.report["unmatched"]] == ["Gast 1 (Gast)"]
    imports.save_teams_import(import_id=record.pk, links={})
    for key, expected in EXPECTED.items():
        assert presence_of(event, people[key]) == expected, key
    assert presence_of(event, people["esra"]) == []


def test_the_dutch_report_fails_on_the_english_words_reader_no_more(session):
    """The words Teams writes in Dutch, as the organiser's file has them."""
    _event, people = session
    text = _dutch_report(people).decode("utf-16")
    assert "3. Activiteiten tijdens vergadering" in text and "Deelnametijd" in text
    karim = {a.name: a for a in teams.parse_report(_dutch_report(people), day=YESTERDAY)}
    assert len(karim["Karim Amrani"].intervals) == 2


@pytest.mark.parametrize("language", ["en-US", "nl"])
def test_the_older_joined_left_list_reads_in_its_language(session, language):
    event, people = session
    joined, left = ("Joined", "Left") if language == "en-US" else ("Deelgenomen", "Verlaten")
    header = (
        "Full Name\tUser Action\tTimestamp"
        if language == "en-US"
        else "Volledige naam\tGebruikersactie\tTijdstempel"
    )
    older = "\n".join(
        [
            header,
            f"Anouk de Vries\t{joined}\t{stamp('10:28', language)}",
            f"Anouk de Vries\t{left}\t{stamp('11:00', language)}",
            f"Anouk de Vries\t{joined}\t{stamp('12:55', language)}",
            f"Anouk de Vries\t{left}\t{stamp('14:30', language)}",
        ]
    ).encode("utf-16")
    (anouk,) = teams.parse_report(older, day=YESTERDAY)
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in anouk.intervals] == [
        ("10:28", "11:00"),
        ("12:55", "14:30"),
    ]
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=older)
    imports.save_teams_import(import_id=record.pk, links={})
    assert presence_of(event, people["anouk"]) == [
        ("ochtenddeel", "absent"),  # 32 of 90 minutes
        ("middagdeel", "present"),
    ]


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("7/8/26, 7:00:11 PM", date(2026, 7, 8), datetime(2026, 7, 8, 19, 0, 11)),
        ("7/8/26, 7:00:11 PM", date(2026, 8, 7), datetime(2026, 8, 7, 19, 0, 11)),
        ("08/07/2026, 19:00:11", date(2026, 7, 8), datetime(2026, 7, 8, 19, 0, 11)),
        ("15/11/22, 09:30:17", date(2022, 11, 15), datetime(2022, 11, 15, 9, 30, 17)),
        ("15/11/22, 09:30:17", None, datetime(2022, 11, 15, 9, 30, 17)),
        ("7/22/26, 7:00:11 PM", None, datetime(2026, 7, 22, 19, 0, 11)),
        ("15-11-2022 09:30:17", None, datetime(2022, 11, 15, 9, 30, 17)),
        ("2022-11-15T09:30:17", None, datetime(2022, 11, 15, 9, 30, 17)),
        ("12/1/26, 12:05:00 AM", date(2026, 12, 1), datetime(2026, 12, 1, 0, 5)),
    ],
)
def test_a_date_is_read_in_the_order_that_fits_the_session_day(text, day, expected):
    assert teams.parse_moment(text, day) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1h 30m 51s", 90 + 51 / 60), ("47m 3s", 47 + 3 / 60), ("51s", 51 / 60), ("01:30:00", 90)],
)
def test_a_duration_is_read_as_teams_writes_it(text, minutes):
    assert teams.parse_duration(text) == pytest.approx(minutes)


def test_with_only_its_participants_section_the_time_in_the_meeting_caps_each_part(session):
    """First join 10.29, last leave 14.30, but 'In-Meeting Duration' says 47 minutes: Karim
    cannot have been at the morning's 90 minutes."""
    event, people = session
    rows = [("Karim Amrani", people["karim"].email, [("10:29", "10:56"), ("14:10", "14:30")])]
    record = imports.read_teams_report(
        event_id=event.pk, filename="r.csv", data=teams_report(rows, participants_only=True)
    )
    (karim,) = [row for row in record.report["rows"] if row["report_name"]]
    assert {p["minutes"] for p in karim["parts"].values()} == {47}
    assert not any(p["present"] for p in karim["parts"].values())


def test_the_english_report_still_reads_as_before(session):
    event, people = session
    record = imports.read_teams_report(event_id=event.pk, filename="r.csv", data=report_for(people))
    assert {row["name"] for row in record.report["unmatched"]} == {"Gast 1 (Gast)", "Piet Onbekend"}


def test_the_help_and_the_refusal_name_the_same_place_in_teams(admin_client, session):
    """Issue 22: the help text and the error named two different menu paths."""
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    event, _people = session
    url = f"/beheer/bijeenkomsten/{event.slug}/aanwezigheid/teams/"
    where = str(teams.WHERE_TO_FIND)
    assert where in admin_client.get(url).content.decode()
    refused = admin_client.post(url, {"report": SimpleUploadedFile("x.csv", b"a;b\n1;2\n")})
    page = refused.content.decode()
    assert f"Dit lijkt geen aanwezigheidsrapport van Teams. {where}" in page
    assert f"{where} Hoogstens 5 MB." in page
