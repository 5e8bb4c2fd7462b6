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
from datetime import datetime

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from wijkactie.core.forms import text_problem

MAX_ROWS = 5000
FORMATS = (
    "%m/%d/%y, %I:%M:%S %p",
    "%m/%d/%Y, %I:%M:%S %p",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y, %H:%M:%S",
    "%d-%m-%y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y, %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


class ReportError(ValueError):
    """The file is not an attendance report we can read; the message says why, in Dutch."""


@dataclass
class Attendee:
    name: str
    email: str = ""
    role: str = ""
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)


def parse_moment(text) -> datetime:
    if isinstance(text, datetime):
        return text.replace(tzinfo=None)
    cleaned = " ".join(str(text).replace("\u202f", " ").split())
    for fmt in FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    raise ReportError(
        _("Deze tijd in het bestand kunnen we niet lezen: %(text)s") % {"text": cleaned[:40]}
    )


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


def _header_index(row) -> dict[str, int]:
    return {str(cell).strip().lower(): i for i, cell in enumerate(row) if str(cell).strip()}


SECTION = re.compile(r"^\d+\.\s")


def parse_report(data: bytes) -> list[Attendee]:
    """Everyone in the report with their join–leave intervals (guests and organisers too)."""
    rows = [_cells(row) for row in read_rows(data)]
    attendees: dict[tuple[str, str], Attendee] = {}

    def attendee(name: str, email: str, role: str = "") -> Attendee:
        key = (email.lower(), name) if email else ("", name)
        if key not in attendees:
            attendees[key] = Attendee(name=name, email=email, role=role)
        return attendees[key]

    # The current report: its "In-Meeting Activities" (every join and leave), else its
    # "Participants" (first join and last leave only).
    for join, leave in (("join time", "leave time"), ("first join", "last leave")):
        table = _table(rows, {join, leave})
        if not table:
            continue
        header, body = table
        for row in body:
            person = attendee(
                _get(row, header, "name"), _get(row, header, "email"), _get(row, header, "role")
            )
            person.intervals.append(
                (parse_moment(_get(row, header, join)), parse_moment(_get(row, header, leave)))
            )
        return list(attendees.values())
    # The older report: Joined / Left events in time order, per person.
    events = _table(rows, {"full name", "user action", "timestamp"})
    if not events:
        raise ReportError(
            _(
                "Dit lijkt geen aanwezigheidsrapport van Teams. Download het rapport na de "
                "bijeenkomst in Teams (Deelnemers → Aanwezigheidsrapport downloaden) en kies dat "
                "bestand."
            )
        )
    header, body = events
    open_since: dict[str, datetime] = {}
    last_seen: datetime | None = None
    for row in body:
        name, action = _get(row, header, "full name"), _get(row, header, "user action").lower()
        moment = parse_moment(_get(row, header, "timestamp"))
        last_seen = moment if last_seen is None else max(last_seen, moment)
        person = attendee(name, "")
        if action.startswith("joined"):
            open_since.setdefault(name, moment)
        elif action.startswith("left") and name in open_since:
            person.intervals.append((open_since.pop(name), moment))
    for name, since in open_since.items():  # still there when the report was taken
        attendee(name, "").intervals.append((since, last_seen or since))
    return list(attendees.values())


def _table(rows, needed: set[str]):
    """The header row that has all `needed` columns, and the rows under it up to the next
    section or empty line."""
    for i, row in enumerate(rows):
        header = _header_index(row)
        if needed <= set(header):
            body = []
            for later in rows[i + 1 :]:
                first = str(later[0]).strip() if later else ""
                if not any(str(c).strip() for c in later) or SECTION.match(first):
                    break
                body.append(later)
            return header, body
    return None


def _get(row, header: dict[str, int], name: str) -> str:
    i = header.get(name)
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
