"""CSV (semicolon, UTF-8 with BOM, as Dutch Excel expects) and XLSX files, formula-injection safe."""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


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


def csv_bytes(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows([inert(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def xlsx_bytes(sheet_name: str, header: list[str], rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header)
    for row in rows:
        sheet.append([inert(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
