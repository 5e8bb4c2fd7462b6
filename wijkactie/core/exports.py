"""CSV and XLSX files, formula-injection safe, with numbers as numbers.

CSV: semicolon-separated, UTF-8 with a byte-order mark (so Dutch Excel opens it right), amounts
with a dot as decimal separator and two decimals (what other software reads without guessing),
moments as `YYYY-MM-DD HH:MM` in Dutch time. XLSX: amounts (`Decimal`) are number cells with a
euro format, whole numbers stay numbers, moments are date cells.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

EURO = '"€" #,##0.00'
MOMENT = "dd-mm-yyyy hh:mm"


def inert(value):
    """A cell that starts like a formula is written as text, so a spreadsheet never runs it;
    characters a spreadsheet cannot hold (control characters in old data) are left out, so an
    export never fails on what is stored."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def _csv_cell(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    return inert(value)


def csv_bytes(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx_cell(sheet, value):
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = EURO
        return cell
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = MOMENT
        return cell
    return inert(value)


def xlsx_bytes(sheet_name: str, header: list[str], rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
