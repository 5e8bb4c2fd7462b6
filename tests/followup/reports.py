"""Teams attendance reports written in the shape Teams writes them, and the sessions they are
about, for the attendance tests (tests/followup, tests/e2e)."""

import io
import secrets
from datetime import datetime, time, timedelta

from django.utils import timezone
from openpyxl import Workbook

from tests.factories import register
from wijkactie.events.models import ProgrammePart, Registration
from wijkactie.followup.models import Attendance

YESTERDAY = timezone.localdate() - timedelta(days=1)
DAY = YESTERDAY.strftime("%-m/%-d/%y")

# What Teams writes, per client language: section titles, column headers, date order, role.
ENGLISH = {
    "summary": ["1. Summary", "Meeting title", "Start time"],
    "participants": [
        "2. Participants",
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole",
    ],
    "activities": [
        "3. In-Meeting Activities",
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole",
    ],
    "role": "Attendee",
}
LANGUAGES = {
    "en-US": {**ENGLISH, "moment": lambda m: f"{m:%-m/%-d/%y, %-I:%M:%S %p}"},
    "en-GB": {**ENGLISH, "moment": lambda m: f"{m:%d/%m/%Y, %H:%M:%S}"},
    "nl": {
        "moment": lambda m: f"{m:%d/%m/%y, %H:%M:%S}",
        "summary": ["1. Samenvatting", "Titel van vergadering", "Begintijd"],
        "participants": [
            "2. Deelnemers",
            "Naam\tEerste deelname\tLaatste vertrek\tDuur in vergadering\tE-mailadres\t"
            "Deelnemers-id (UPN)\tRol",
        ],
        "activities": [
            "3. Activiteiten tijdens vergadering",
            "Naam\tDeelnametijd\tVertrektijd\tDuur\tE-mailadres\tRol",
        ],
        "role": "Deelnemer",
    },
}


def stamp(hhmm: str, language: str = "en-US") -> str:
    moment = datetime.combine(YESTERDAY, datetime.strptime(hhmm, "%H:%M").time())
    return LANGUAGES[language]["moment"](moment)


def duration(seconds: float) -> str:
    """As Teams writes a duration: `1h 30m 51s`, `47m 3s`."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    return " ".join([*parts, f"{minutes}m", f"{seconds}s"])


def _seconds(start: str, end: str) -> float:
    a, b = (datetime.strptime(t, "%H:%M") for t in (start, end))
    return (b - a).total_seconds()


def teams_report(rows, language: str = "en-US", participants_only: bool = False) -> bytes:
    """A report as Teams writes it: UTF-16, tab-separated, in three sections. rows: (name,
    e-mail, [(join, leave), …]) or (name, e-mail, intervals, role)."""
    words = LANGUAGES[language]
    title, meeting, start = words["summary"]
    lines = [title, f"{meeting}\tACTIE-instrument", f"{start}\t{stamp('10:25', language)}", ""]
    lines += words["participants"]
    for name, email, intervals, *role in rows:
        role = role[0] if role else words["role"]
        spent = duration(sum(_seconds(a, b) for a, b in intervals))
        first, last = stamp(intervals[0][0], language), stamp(intervals[-1][1], language)
        lines.append(f"{name}\t{first}\t{last}\t{spent}\t{email}\t{email}\t{role}")
    if not participants_only:
        lines += ["", *words["activities"]]
        for name, email, intervals, *role in rows:
            role = role[0] if role else words["role"]
            for a, b in intervals:
                lines.append(
                    f"{name}\t{stamp(a, language)}\t{stamp(b, language)}\t"
                    f"{duration(_seconds(a, b))}\t{email}\t{role}"
                )
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def as_xlsx(report: bytes) -> bytes:
    """The same report saved as an Excel workbook (as "Download as .xlsx" or a copy in Excel)."""
    workbook = Workbook()
    sheet = workbook.active
    for line in report.decode("utf-16").splitlines():
        sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def yesterday_session(make_event, more: int = 0):
    """Yesterday's session: morning 10.30–12.00, afternoon 13.00–14.30, four confirmed (and
    `more` others: people["extra"])."""
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=1), time(10, 30))
    )
    event = make_event(capacity=10 + more)  # in the future while people register
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
    if more:
        people["extra"] = [
            register(event, 10 + n, first_name=f"Deelnemer{n}", last_name="Jansen")
            for n in range(more)
        ]
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


def more_confirmed(event, template: Registration, n: int, prefix: str) -> list[Registration]:
    """n more confirmed registrations like `template`, written at once (the capacity service
    would take minutes for a thousand)."""
    top = event.registrations.order_by("-arrival").first().arrival
    clones = []
    for i in range(n):
        clone = Registration.objects.get(pk=template.pk)
        clone.pk = None
        clone.email = f"{prefix}{i}@linie.test"
        clone.first_name = f"Deelnemer{i}"
        clone.manage_token = secrets.token_urlsafe(32)
        clone.arrival = top + 1 + i
        clones.append(clone)
    return Registration.objects.bulk_create(clones)
