"""Reading the attendance report that Microsoft Teams lets a meeting organiser download.

Two shapes exist. The current report is UTF-16 tab-separated text in sections: "1. Summary",
"2. Participants" (Name, First Join, Last Leave, In-Meeting Duration, Email, Participant ID (UPN),
Role) and "3. In-Meeting Activities" (one row per join–leave interval: Name, Join Time, Leave Time,
Duration, Email, Role). The older report is one list of events: Full Name, User Action (Joined,
Joined before, Left), Timestamp. Either may also arrive saved as XLSX. Times carry no zone: they
are the organiser's local time (Dutch time here). Dates come in the organiser's locale, so
several formats are tried.

Pure functions: bytes in, `Attendee` rows out (each with its intervals); nothing is saved here.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import load_workbook

from wijkactie.core.forms import text_problem

MAX_ROWS = 5000


# Where the organiser finds the report: said once, in the upload's help and in the refusal.
WHERE_TO_FIND = _lazy(
    "In Teams: open de vergadering in uw agenda, kies het tabblad Aanwezigheid en klik op "
    "Downloaden (.csv of .xlsx)."
)


class ReportError(ValueError):
    """The file is not an attendance report we can read; the message says why, in Dutch."""


@dataclass
class Attendee:
    name: str
    email: str = ""
    role: str = ""
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)
    minutes: float | None = None  # in the meeting in all, as the report says (if it does)


MOMENT = re.compile(
    r"(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{1,4})(?:,?\s+|T)"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?$",
    re.IGNORECASE,
)


def _candidates(text: str) -> list[datetime]:
    """Every moment the text can mean: `7/8/26, 7:00:11 PM` is 8 July or 7 August."""
    found = MOMENT.match(text)
    if not found:
        return []
    a, b, c = (int(found[k]) for k in "abc")
    hour, minute, second = int(found["h"]), int(found["m"]), int(found["s"] or 0)
    if found["ampm"]:
        if hour > 12:
            return []
        hour = hour % 12 + (12 if found["ampm"][0].lower() == "p" else 0)
    if len(found["a"]) == 4:
        orders = [(a, b, c)]
    else:
        year = c + 2000 if c < 100 else c
        orders = [(year, b, a), (year, a, b)]  # day first, month first
    result = []
    for year, month, day in orders:
        try:
            moment = datetime(year, month, day, hour, minute, second)
        except ValueError:
            continue
        if moment not in result:
            result.append(moment)
    return result


def parse_moment(text, day: date | None = None) -> datetime:
    """A moment as Teams writes it in its client's locale (`15/11/22, 09:30:17`,
    `7/22/26, 7:00:11 PM`, `15-11-2022 09:30:17`, ISO), as naive local time. When the text fits
    both day-first and month-first, the one nearest the session's `day` wins (without a day:
    month-first with AM/PM, as the US writes it, else day-first)."""
    if isinstance(text, datetime):
        return text.replace(tzinfo=None)
    cleaned = " ".join(str(text).replace("\u202f", " ").split())
    candidates = _candidates(cleaned)
    if not candidates:
        raise ReportError(
            _("Deze tijd in het bestand kunnen we niet lezen: %(text)s") % {"text": cleaned[:40]}
        )
    if day is not None:
        return min(candidates, key=lambda moment: abs((moment.date() - day).days))
    return candidates[-1] if "m" in cleaned[-2:].lower() else candidates[0]


def is_moment(text) -> bool:
    return isinstance(text, datetime) or bool(_candidates(" ".join(str(text).split())))


DURATION = re.compile(
    r"^(?:(?P<h>\d+)\s*(?:h|u|uur|hr|hrs|hours?)\.?\s*)?"
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minuten|minutes?)\.?\s*)?"
    r"(?:(?P<s>\d+)\s*(?:s|sec|secs|seconden|seconds?)\.?)?$",
    re.IGNORECASE,
)
CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})$")


def parse_duration(text) -> float | None:
    """Minutes in `1h 30m 51s`, `47m 3s`, `51s`, `1 u 30 min` or `01:30:51`; None if it is no
    duration."""
    cleaned = " ".join(str(text).split())
    found = (DURATION.match(cleaned) if cleaned else None) or CLOCK.match(cleaned)
    if not found or not any(found.groupdict().values()):
        return None
    hours, minutes, seconds = (int(found[k] or 0) for k in ("h", "m", "s"))
    return hours * 60 + minutes + seconds / 60


MAX_COLUMNS = 40  # a Teams report has 7; a sheet may claim 16,384


def read_rows(data: bytes) -> list[list[str]]:
    """The file's rows as lists of cell texts, whatever its encoding or format. Read only as far
    as the data goes (an XLSX's claimed size is not believed); refuses (ReportError) a file that
    is no readable text, or whose cells hold characters no report has."""
    if data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data)):
        rows = _sheet_rows(data)
    else:
        text = _decoded(data)
        delimiter = "\t" if "\t" in text[:4000] else ","
        try:
            rows = []
            for row in csv.reader(io.StringIO(text), delimiter=delimiter):
                rows.append(row[:MAX_COLUMNS])
                if len(rows) > MAX_ROWS:
                    break
        except csv.Error as exc:
            raise ReportError(_("Dit bestand heeft een veld dat te lang of kapot is.")) from exc
    if len(rows) > MAX_ROWS:
        raise ReportError(_("Het bestand heeft meer dan %(n)d regels.") % {"n": MAX_ROWS})
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and text_problem(cell, multiline=False):
                raise ReportError(
                    _("Dit bestand bevat tekens die niet in een aanwezigheidsrapport horen.")
                )
    return rows


def _sheet_rows(data: bytes) -> list[list]:
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        sheet.reset_dimensions()  # the <dimension> it claims may be A1:XFD1048576
        rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS)
        return [_trimmed(["" if cell is None else cell for cell in row]) for row in rows]
    except Exception as exc:  # a damaged or foreign zip: the person gets a clear message
        raise ReportError(_("Dit Excel-bestand kunnen we niet lezen.")) from exc


BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))


def _encoding(data: bytes) -> str | None:
    """Teams writes UTF-16 LE, with or without a byte-order mark; a saved copy may be UTF-8.
    None: no sign of either (then UTF-8, else Windows' cp1252)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    if len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return "utf-16-le"
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return "utf-16-be"
    return None


def _trimmed(row: list) -> list:
    while row and row[-1] == "":
        row.pop()
    return row


def _decoded(data: bytes) -> str:
    encoding = _encoding(data)
    if encoding is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReportError(
            _("Dit bestand is geen leesbare tekst. Download het rapport opnieuw uit Teams.")
        ) from exc


def _cells(row) -> list[str]:
    return [str(cell).strip() if not isinstance(cell, datetime) else cell for cell in row]


SECTION = re.compile(r"^\d+\.\s")
# Teams' roles and the older report's actions, in the languages its clients write them.
# Who runs the meeting (organiser or presenter) by their role in the report, and everyone else.
HOST_ROLES = {
    "organizer": "organiser",
    "organiser": "organiser",
    "co-organizer": "organiser",
    "co-organiser": "organiser",
    "organisator": "organiser",
    "co-organisator": "organiser",
    "medeorganisator": "organiser",
    "presenter": "presenter",
    "presentator": "presenter",
}
ROLES = {"attendee", "deelnemer", *HOST_ROLES}
JOINED = ("joined", "deelgenomen", "neemt deel", "toegetreden")
LEFT = ("left", "verlaten", "vertrokken", "heeft verlaten")


@dataclass
class Table:
    """A header row and the rows under it, with what each column holds, found by what the
    cells look like (Teams translates its headings per client language)."""

    body: list[list]
    moments: list[int]
    name: int | None = None
    email: int | None = None
    role: int | None = None
    duration: int | None = None
    action: int | None = None


def _column(body, i) -> list[str]:
    return [row[i] for row in body if i < len(row) and str(row[i]).strip()]


def _table_at(rows, i: int) -> Table | None:
    header = [str(cell).strip() for cell in rows[i]]
    if sum(1 for cell in header if cell) < 3 or any(is_moment(c) for c in header if c):
        return None
    body = []
    for later in rows[i + 1 :]:
        first = str(later[0]).strip() if later else ""
        if not any(str(c).strip() for c in later) or SECTION.match(first):
            break
        body.append(later)
    if not body:
        return None
    columns = {j: values for j in range(len(header)) if (values := _column(body, j))}
    table = Table(body=body, moments=[j for j, v in columns.items() if all(map(is_moment, v))])
    for j, values in columns.items():
        texts = [str(v).strip().casefold() for v in values]
        if j in table.moments:
            continue
        if table.email is None and all("@" in t and " " not in t for t in texts):
            table.email = j
        elif table.role is None and all(t in ROLES for t in texts):
            table.role = j
        elif table.action is None and all(t.startswith(JOINED + LEFT) for t in texts):
            table.action = j
        elif table.duration is None and all(parse_duration(t) is not None for t in texts):
            table.duration = j
        elif table.name is None:
            table.name = j
    return table


def _tables(rows) -> list[Table]:
    """Every table in the file; a table's rows are not read again as headers (linear time)."""
    tables, i = [], 0
    while i < len(rows):
        table = _table_at(rows, i)
        if table:
            tables.append(table)
            i += len(table.body)
        i += 1
    return tables


def parse_report(data: bytes, day: date | None = None) -> list[Attendee]:
    """Everyone in the report with their join–leave intervals (guests and organisers too).
    `day`: the session's date, to read dates that fit both day-first and month-first."""
    rows = [_cells(row) for row in read_rows(data)]
    attendees: dict[tuple[str, str], Attendee] = {}

    def attendee(name: str, email: str, role: str = "") -> Attendee:
        key = (email.lower(), name) if email else ("", name)
        if key not in attendees:
            attendees[key] = Attendee(name=name, email=email, role=role)
        return attendees[key]

    tables = _tables(rows)
    # The current report: the table with a join and a leave per row. Its "In-Meeting
    # Activities" (every join and leave) has the most rows; without it, its "Participants"
    # (first join and last leave, and the time in the meeting).
    intervals = [t for t in tables if len(t.moments) >= 2 and t.name is not None]
    if intervals:
        table = max(
            intervals, key=lambda t: (t.email is not None or t.role is not None, len(t.body))
        )
        join, leave = table.moments[:2]
        for row in table.body:
            person = attendee(_get(row, table.name), _get(row, table.email), _get(row, table.role))
            person.intervals.append(
                (parse_moment(_get(row, join), day), parse_moment(_get(row, leave), day))
            )
            if table.duration is not None:
                spent = parse_duration(_get(row, table.duration)) or 0
                person.minutes = (person.minutes or 0) + spent
        return list(attendees.values())
    # The older report: Joined / Left events in time order, per person.
    events = [t for t in tables if len(t.moments) == 1 and t.action is not None]
    if not events or events[0].name is None:
        raise ReportError(
            _("Dit lijkt geen aanwezigheidsrapport van Teams.") + " " + str(WHERE_TO_FIND)
        )
    table = events[0]
    open_since: dict[str, datetime] = {}
    last_seen: datetime | None = None
    for row in table.body:
        name, action = _get(row, table.name), _get(row, table.action).casefold()
        moment = parse_moment(_get(row, table.moments[0]), day)
        last_seen = moment if last_seen is None else max(last_seen, moment)
        person = attendee(name, "")
        if action.startswith(JOINED):
            open_since.setdefault(name, moment)
        elif action.startswith(LEFT) and name in open_since:
            person.intervals.append((open_since.pop(name), moment))
    for name, since in open_since.items():  # still there when the report was taken
        attendee(name, "").intervals.append((since, last_seen or since))
    return list(attendees.values())


def _get(row, i: int | None):
    if i is None or i >= len(row):
        return ""
    value = row[i]
    return value if isinstance(value, datetime) else str(value).strip()


def minutes_within(intervals, start: datetime, end: datetime) -> float:
    """How many minutes of [start, end) the intervals cover (overlaps counted once)."""
    clipped = sorted((max(a, start), min(b, end)) for a, b in intervals if b > start and a < end)
    covered, current_start, current_end = 0.0, None, None
    for a, b in clipped:
        if current_end is None or a > current_end:
            if current_end is not None:
                covered += (current_end - current_start).total_seconds()
            current_start, current_end = a, b
        else:
            current_end = max(current_end, b)
    if current_end is not None:
        covered += (current_end - current_start).total_seconds()
    return covered / 60
