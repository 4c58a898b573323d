"""Reading uploaded spreadsheets (CSV or XLSX) safely, before any row is interpreted.

Shared by the employee import and the bulk entry of assessment results. Every refusal is a
`BerkasDitolak` with an Indonesian message; nothing here touches the database.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from defusedxml import DefusedXmlException

UKURAN_MAKS = 10 * 1024 * 1024
# An .xlsx is a zip; these bounds are checked on the declared sizes before anything is unpacked.
ZIP_ANGGOTA_MAKS = 200
ZIP_UKURAN_TERBUKA_MAKS = 300 * 1024 * 1024
ZIP_RASIO_MAKS = 200


class BerkasDitolak(Exception):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


@dataclass
class Tabel:
    headers: list[str]  # as written in the file, trimmed
    rows: list[tuple[int, list]]  # (spreadsheet row number, header = row 1; cell values)
    xlsx: bool


def normalize_header(text) -> str:
    return " ".join(str(text or "").replace("_", " ").split()).upper()


def _check_xlsx(raw: bytes) -> None:
    if not raw.startswith(b"PK\x03\x04"):
        raise BerkasDitolak("Berkas bukan file Excel (.xlsx) yang valid.")
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except zipfile.BadZipFile:
        raise BerkasDitolak("Berkas bukan file Excel (.xlsx) yang valid (arsip rusak).") from None
    names = {m.filename for m in members}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise BerkasDitolak("Berkas Excel berisi makro (VBA); simpan ulang sebagai .xlsx tanpa makro.")
    if "xl/workbook.xml" not in names:
        raise BerkasDitolak("Berkas bukan file Excel (.xlsx) yang valid (tidak ada workbook).")
    if len(members) > ZIP_ANGGOTA_MAKS:
        raise BerkasDitolak("Berkas Excel berisi terlalu banyak bagian; tidak diproses.")
    if sum(m.file_size for m in members) > ZIP_UKURAN_TERBUKA_MAKS:
        raise BerkasDitolak("Isi berkas Excel terlalu besar setelah dibuka (kemungkinan zip bomb); tidak diproses.")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > ZIP_RASIO_MAKS * max(m.compress_size, 1):
            raise BerkasDitolak("Berkas Excel dimampatkan secara tidak wajar (kemungkinan zip bomb); tidak diproses.")


def _cell(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


def _read_xlsx(raw: bytes) -> tuple[list, Iterator[tuple[int, list]]]:
    if not openpyxl.DEFUSEDXML:
        # Without defusedxml openpyxl parses entity declarations (XML bombs, XXE).
        raise BerkasDitolak("Server belum siap membaca Excel dengan aman (defusedxml tidak terpasang).")
    _check_xlsx(raw)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        rows = [
            (number, [_cell(v) for v in values])
            for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        ]
        workbook.close()
    except (DefusedXmlException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, IndexError) as error:
        # openpyxl wraps parser errors in a ValueError; the defusedxml refusal is its cause.
        if isinstance(error, DefusedXmlException) or isinstance(error.__cause__, DefusedXmlException):
            raise BerkasDitolak("Berkas Excel berisi deklarasi XML (DOCTYPE/ENTITY) yang tidak diizinkan.") from None
        raise BerkasDitolak("Berkas Excel tidak dapat dibaca; simpan ulang sebagai .xlsx.") from None
    if not rows:
        raise BerkasDitolak("Berkas kosong.")
    return rows[0][1], iter(rows[1:])


def _read_csv(raw: bytes) -> tuple[list, Iterator[tuple[int, list]]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        baris = raw[: error.start].count(b"\n") + 1
        raise BerkasDitolak(
            f"Baris {baris}: berkas CSV bukan UTF-8. Simpan ulang dari Excel sebagai “CSV UTF-8”, atau unggah .xlsx."
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise BerkasDitolak(f"Berkas CSV rusak: {error}.") from None
    if not records:
        raise BerkasDitolak("Berkas kosong.")
    return records[0], ((n, [c.strip() for c in r]) for n, r in enumerate(records[1:], start=2))


def read_table(raw: bytes, filename: str) -> Tabel:
    """Read the first sheet (or the CSV) into headers and non-empty rows, after the safety checks."""
    if len(raw) > UKURAN_MAKS:
        raise BerkasDitolak(f"Ukuran berkas melebihi {UKURAN_MAKS // (1024 * 1024)} MB.")
    if not raw:
        raise BerkasDitolak("Berkas kosong.")
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if extension == "xlsx":
        headers, rows = _read_xlsx(raw)
    elif extension in ("csv", "txt"):
        if raw.startswith(b"PK\x03\x04"):
            raise BerkasDitolak("Berkas bernama .csv tetapi isinya bukan teks CSV.")
        headers, rows = _read_csv(raw)
    elif extension == "xlsm":
        raise BerkasDitolak("Berkas Excel bermakro (.xlsm) tidak diterima; simpan ulang sebagai .xlsx.")
    else:
        raise BerkasDitolak("Jenis berkas tidak didukung; unggah .csv atau .xlsx.")
    headers = [" ".join(str(h or "").split()) for h in headers]
    data = [(n, r) for n, r in rows if any(v not in (None, "") for v in r)]
    if not any(headers):
        raise BerkasDitolak("Baris 1 harus berisi judul kolom.")
    if not data:
        raise BerkasDitolak("Berkas tidak berisi baris data (hanya judul kolom).")
    return Tabel(headers=headers, rows=data, xlsx=extension == "xlsx")


class Kolom:
    """Finds the columns of a table by any of their accepted names (case and spacing ignored)."""

    def __init__(self, tabel: Tabel, aliases: dict[str, tuple[str, ...]]):
        index = {}
        for i, header in enumerate(tabel.headers):
            index.setdefault(normalize_header(header), i)
        self.posisi = {}
        self.nama = {}
        for field, names in aliases.items():
            for name in names:
                if name in index:
                    self.posisi[field] = index[name]
                    self.nama[field] = tabel.headers[index[name]]
                    break

    def __contains__(self, field) -> bool:
        return field in self.posisi

    def get(self, row: list, field: str):
        i = self.posisi.get(field)
        if i is None or i >= len(row):
            return None
        value = row[i]
        return None if value == "" else value

    def text(self, row: list, field: str) -> str:
        value = self.get(row, field)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())


_TANGGAL = (
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"), (1, 2, 3)),
)


def parse_tanggal(value) -> date:
    """A date from a spreadsheet cell: a real date cell, dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern, (y, m, d) in _TANGGAL:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                break
    raise ValueError(f"“{text}” bukan tanggal yang valid (tulis dd-mm-yyyy).")
