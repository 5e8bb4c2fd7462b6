"""Teams attendance reports written in the shape Teams writes them, and the sessions they are
about, for the attendance tests (tests/followup, tests/e2e)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from tests.factories import register
from wijkactie.events.models import ProgrammePart
from wijkactie.followup.models import Attendance

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


def yesterday_session(make_event):
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


def session_on_location(make_event):
    event = make_event(
        capacity=10,
        location_kind="physical",
        venue_name="Wijkcentrum De Kroon",
        street_address="Kroonstraat 1",
        city="Arnhem",
        online_platform="",
    )
    for position, (label, begin, end) in enumerate(
        [("ochtenddeel", time(10, 30), time(12)), ("middagdeel", time(13), time(14, 30))]
    ):
        ProgrammePart.objects.create(
            event=event, position=position, starts_at=begin, ends_at=end, label=label
        )
    people = [
        register(event, n, first_name=name, last_name="Jansen")
        for n, name in enumerate(["Fleur", "Karim", "Esra"])
    ]
    return event, people
