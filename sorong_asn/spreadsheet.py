"""CSV and XLSX downloads that are safe to open in Excel (security-checklist.md §4.1).

Every export of the product goes through `spreadsheet_response`, so formula injection and
NIP corruption are handled in one place.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

# A cell starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralize(value):
    """Prefix a quote to text that a spreadsheet would read as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_filename(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "unduhan"


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralize(value if isinstance(value, (int, float)) else str(value))


def _xlsx_cell(sheet, value, *, as_text: bool):
    if as_text and value is not None:
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.number_format = "@"
        return cell
    # neutralize() leaves no string starting with "=", so openpyxl stores none as a formula.
    return neutralize(value)


def spreadsheet_response(
    *,
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    fmt: str,
    text_columns: Sequence[str] = ("NIP",),
    sheet_title: str = "Data",
) -> HttpResponse:
    """An attachment response with `rows` as CSV (UTF-8 with BOM, for Excel) or XLSX.

    Columns named in `text_columns` (NIP, NIK, phone numbers) are written as text, because
    Excel keeps only 15 significant digits of a number.
    """
    filename = safe_filename(filename)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        # Write-only mode streams rows to the file, so memory stays flat on a whole-city export.
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title[:31])
        sheet.freeze_panes = "A2"
        text_indexes = {i for i, h in enumerate(headers) if h in text_columns}
        for i, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(10, min(50, len(str(header)) + 4))
        sheet.append(list(headers))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v, as_text=i in text_indexes) for i, v in enumerate(row)])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
        extension = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response
