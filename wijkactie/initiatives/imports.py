"""Reading an inventory of initiatives (CSV or XLSX) and checking every row before anything is saved.

The columns are matched by their Dutch (or English) header names, in any order. Each row is
checked on its own and a report lists, per bad row, its line number and what is wrong; the valid
rows wait in an `InitiativeImport` until the person confirms. An import with bad rows cannot be
confirmed: fix the file and upload it again, so a register never holds half an inventory.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from wijkactie.core.forms import CONTROL_CHARS
from wijkactie.initiatives.models import Initiative, Origin, Theme
from wijkactie.initiatives.queries import name_problem

HEADERS = {
    "naam": "name",
    "name": "name",
    "beschrijving": "description",
    "description": "description",
    "adres": "address",
    "address": "address",
    "buurt": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "gemeente": "municipality",
    "municipality": "municipality",
    "fase": "phase",
    "phase": "phase",
    "initiatiefnemer": "origin",
    "origin": "origin",
    "thema's": "themes",
    "themas": "themes",
    "themes": "themes",
    "ondersteuning": "support_needed",
    "support": "support_needed",
    "status": "status",
    "zichtbaarheid": "visibility",
    "visibility": "visibility",
}
# The Dutch column name of each field, for the report (the first header listed for it).
COLUMNS = {field: header for header, field in reversed(HEADERS.items())}
LIMITS = {
    "name": 150,
    "description": 3000,
    "address": 200,
    "neighbourhood": 150,
    "municipality": 100,
    "support_needed": 2000,
}


# Column, its allowed values, the value of an empty cell, and the message for anything else.
CHOICES = [
    (
        "origin",
        Origin,
        Origin.BEWONERS,
        gettext_lazy("Initiatiefnemer moet bewoners, organisatie of samen zijn, niet '%(value)s'."),
    ),
    (
        "status",
        Initiative.Status,
        Initiative.Status.ACTIVE,
        gettext_lazy("Status moet actief, gepauzeerd of gestopt zijn, niet '%(value)s'."),
    ),
    (
        "visibility",
        Initiative.Visibility,
        Initiative.Visibility.ORGANISATION,
        gettext_lazy(
            "Zichtbaarheid moet organisatie, professionals of openbaar zijn, niet '%(value)s'."
        ),
    ),
]


@dataclass
class Checked:
    rows: list[dict]  # {"line": n, "data": {...}, "themes": [ids]}
    errors: list[dict]  # {"line": n, "problems": [...]}
    total: int


# An XLSX file is a zip: what it unpacks to is limited too, so a small file cannot claim gigabytes.
MAX_UNPACKED_XLSX = 100 * 1024 * 1024


def _xlsx_rows(content: bytes):
    """Rows as lists of strings, as wide as the header row. The sheet's own `<dimension>` is
    ignored: a file may claim a million rows by sixteen thousand columns and hold one cell."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(item.file_size for item in archive.infolist()) > MAX_UNPACKED_XLSX:
            return None, _(
                "Dit XLSX-bestand is te groot om te lezen. Sla het op als CSV en probeer het opnieuw."
            )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.active
        sheet.reset_dimensions()
    except Exception:  # openpyxl raises many kinds for a broken file
        return None, _("Dit XLSX-bestand kan niet gelezen worden.")

    def rows():
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        header = ["" if v is None else str(v).strip() for v in first]
        while header and not header[-1]:
            header.pop()
        yield header
        for row in sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True):
            yield ["" if v is None else str(v).strip() for v in row]

    return rows(), ""


def _cells(filename: str, content: bytes):
    """Header row and data rows as lists of strings; (None, message) when unreadable."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            return None, _("Dit CSV-bestand is niet in UTF-8 of Windows-tekens opgeslagen.")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)  # Dutch Excel writes ';', others ','
    return (
        [c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ), ""


UNREADABLE = gettext_lazy(
    "Dit bestand kan niet gelezen worden. Sla het op als CSV of XLSX en probeer het opnieuw."
)


PROGRESS_EVERY = 500


def check_file(filename: str, content: bytes, *, progress=None) -> Checked | str:
    """All rows checked; a Dutch message instead when the file itself is unusable.
    `progress(n)` is told the number of rows checked so far, every few hundred rows."""
    try:
        return _check(filename, content, progress)
    except (csv.Error, ValueError, KeyError, OSError, zipfile.BadZipFile):
        # A broken file fails while its rows are read (CSV with NUL bytes, a damaged workbook).
        return str(UNREADABLE)


def _check(filename: str, content: bytes, progress) -> Checked | str:
    rows, problem = _cells(filename, content)
    if rows is None:
        return problem
    header = next(rows, None)
    if not header:
        return _("Het bestand is leeg.")
    columns = [HEADERS.get(h.strip().lower()) for h in header]
    if "name" not in columns or "phase" not in columns:
        return _("De kolommen 'naam' en 'fase' ontbreken. Gevonden: %(found)s.") % {
            "found": ", ".join(h for h in header if h) or "-"
        }
    themes = {t.name.casefold(): t.pk for t in Theme.objects.all()} | {
        t.slug: t.pk for t in Theme.objects.all()
    }
    checked = Checked(rows=[], errors=[], total=0)
    limit = settings.WIJKACTIE_IMPORT_MAX_ROWS
    for line, cells in enumerate(rows, start=2):
        if line - 1 > limit:
            return _(
                "Het bestand heeft meer dan %(limit)d rijen. Splits het in delen van hoogstens "
                "%(limit)d rijen."
            ) % {"limit": limit}
        if progress and line % PROGRESS_EVERY == 0:
            progress(line - 1)
        if not any(cells):
            continue
        checked.total += 1
        values = {col: cells[i] if i < len(cells) else "" for i, col in enumerate(columns) if col}
        data, theme_ids, problems = _check_row(values, themes)
        if problems:
            checked.errors.append({"line": line, "problems": problems})
        else:
            checked.rows.append({"line": line, "data": data, "themes": theme_ids})
    return checked


def _check_row(values: dict, themes: dict) -> tuple[dict, list[int], list[str]]:
    problems: list[str] = []
    data: dict = {}
    for name, limit in LIMITS.items():
        value = values.get(name, "")
        if CONTROL_CHARS.search(value.replace("\n", " ")):
            problems.append(
                _("De kolom '%(column)s' bevat speciale tekens.") % {"column": COLUMNS[name]}
            )
        if len(value) > limit:
            problems.append(
                _("De kolom '%(column)s' is langer dan %(limit)d tekens.")
                % {"column": COLUMNS[name], "limit": limit}
            )
        data[name] = value
    if not data["name"]:
        problems.append(_("De naam ontbreekt."))
    elif name_problem(data["name"]):
        problems.append(name_problem(data["name"]))
    phase = values.get("phase", "")
    if phase not in {"1", "2", "3", "4", "5"}:
        problems.append(_("Fase moet 1 tot en met 5 zijn, niet '%(value)s'.") % {"value": phase})
    else:
        data["phase"] = int(phase)
    for name, choices, default, message in CHOICES:
        value = values.get(name, "").lower() or default
        if value not in choices.values:
            problems.append(message % {"value": value})
        data[name] = value
    data["needs_support"] = bool(data["support_needed"])
    theme_ids = []
    for raw in filter(None, (t.strip() for t in values.get("themes", "").split(";"))):
        if raw.casefold() not in themes:
            problems.append(_("Onbekend thema '%(value)s'.") % {"value": raw})
        else:
            theme_ids.append(themes[raw.casefold()])
    return data, sorted(set(theme_ids)), problems
