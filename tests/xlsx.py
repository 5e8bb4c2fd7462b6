"""A small XLSX whose sheet claims a size it does not have (the audit's hostile file), shared by
tests/core/test_operations.py and bench/imports.py."""

import io
import re
import zipfile

from openpyxl import Workbook


def xlsx_claiming(dimension: str) -> bytes:
    """A header and one row, with `<dimension ref="…">` rewritten to `dimension`."""
    workbook = Workbook()
    workbook.active.append(["naam", "fase"])
    workbook.active.append(["Speeltuin", 2])
    raw = io.BytesIO()
    workbook.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                )
            target.writestr(item, data)
    return out.getvalue()
