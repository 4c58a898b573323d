"""Reading uploaded spreadsheets (CSV or XLSX) safely, before any row is interpreted.

Shared by the employee import and the bulk entry of assessment results. Every refusal is a
`BerkasDitolak` with an Indonesian message; nothing here touches the database.
"""

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from defusedxml import DefusedXmlException

from sorong_asn.formatting import angka

UKURAN_MAKS = 10 * 1024 * 1024
# An .xlsx is a zip; these bounds are checked on the declared sizes before anything is unpacked.
ZIP_ANGGOTA_MAKS = 200
ZIP_UKURAN_TERBUKA_MAKS = 300 * 1024 * 1024
ZIP_RASIO_MAKS = 200
# What one file may make us read. The city has about 6,000 employees and SIASN's export 64 columns;
# a file beyond these is refused with a message, so a small crafted file cannot cost minutes and gigabytes.
BARIS_MAKS = 20_000  # rows with data
BARIS_BACA_MAKS = 5 * BARIS_MAKS  # rows read, empty ones included
KOLOM_MAKS = 100  # columns read; further columns are ignored
# Checked while streaming the XML of an .xlsx, before openpyxl builds a row (it builds each row whole).
XLSX_SEL_PER_BARIS_MAKS = 1_000
XLSX_SEL_MAKS = BARIS_MAKS * KOLOM_MAKS
XLSX_BAGIAN_MAKS = 100 * 1024 * 1024  # bytes read from one worksheet or the shared strings
# Reading one file (before any row is checked) stops after this, well inside the job's time limit.
BACA_DETIK_MAKS = 120
# Errors kept per file: a broken file of 20,000 rows must not store megabytes of messages.
GALAT_MAKS = 200


class BerkasDitolak(Exception):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


class DaftarGalat(list):
    """The errors of one file: the first GALAT_MAKS are kept, the rest only counted in `jumlah`."""

    def __init__(self, items=(), jumlah: int | None = None):
        super().__init__(items)
        self.jumlah = len(self) if jumlah is None else jumlah

    def append(self, message: str) -> None:
        self.jumlah += 1
        if len(self) < GALAT_MAKS:
            super().append(message)

    @property
    def tidak_ditampilkan(self) -> int:
        return self.jumlah - len(self)


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


class _Terbatas:
    """A file object that refuses to deliver more than `limit` bytes (a zip member may lie about its size)."""

    def __init__(self, member, limit: int):
        self.member, self.left = member, limit

    def read(self, size: int = -1) -> bytes:
        data = self.member.read(size)
        self.left -= len(data)
        if self.left < 0:
            raise BerkasDitolak("Isi berkas Excel terlalu besar setelah dibuka; tidak diproses.")
        return data


# The start of a <row>, <c> (cell) or <si> (shared string) element, with or without a namespace prefix.
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s>/]")
_XLSX_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')


def _scan_xlsx(archive: zipfile.ZipFile) -> None:
    """Count the rows and cells of every worksheet, and the shared strings, in the raw bytes.

    openpyxl builds each row whole (a crafted row may hold millions of cells), pads a gap in the row
    numbers with empty rows one by one, and loads every shared string; this pass refuses such files
    first, without parsing the XML and in constant memory.
    """
    jumlah = 0
    for info in archive.infolist():
        name = info.filename
        if name != "xl/sharedStrings.xml" and not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        with archive.open(info) as member:
            source, sisa, in_row = _Terbatas(member, XLSX_BAGIAN_MAKS), b"", 0
            while chunk := source.read(1024 * 1024):
                data = sisa + chunk
                # A tag cut by the end of the chunk is read again with the next one.
                cut = data.rfind(b"<")
                cut = cut if cut != -1 and b">" not in data[cut:] else len(data)
                data, sisa = data[:cut], data[cut:]
                for match in _XLSX_TAG.finditer(data):
                    tag = match.group(1)
                    if tag == b"row":
                        in_row = 0
                        nomor = _XLSX_ROW_NUMBER.search(data, match.start(), data.find(b">", match.start()))
                        if nomor and int(nomor.group(1)) > BARIS_BACA_MAKS:
                            raise BerkasDitolak(_terlalu_banyak_baris())
                        continue
                    jumlah += 1
                    if jumlah > 2 * XLSX_SEL_MAKS:  # cells and shared strings together
                        raise BerkasDitolak(
                            f"Berkas Excel berisi lebih dari {angka(XLSX_SEL_MAKS)} sel; bagi menjadi beberapa berkas."
                        )
                    if tag == b"c":
                        in_row += 1
                        if in_row > XLSX_SEL_PER_BARIS_MAKS:
                            raise BerkasDitolak(
                                f"Satu baris berkas Excel berisi lebih dari {angka(XLSX_SEL_PER_BARIS_MAKS)} sel; "
                                "tidak diproses."
                            )


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
        _scan_xlsx(zipfile.ZipFile(io.BytesIO(raw)))
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The file's own <dimension> may claim a million rows and columns; openpyxl would pad to it.
        sheet.reset_dimensions()
        rows = _bounded(enumerate(sheet.iter_rows(max_col=KOLOM_MAKS, values_only=True), start=1), clean=_cell)
        workbook.close()
    except BerkasDitolak:
        raise
    except Exception as error:
        # openpyxl, ElementTree and zipfile raise many kinds of errors on a malformed or lying file
        # (ParseError, BadZipFile, zlib.error, KeyError, ValueError, EOFError …); each means the same to
        # the uploader, and none may leave a job half-done. The defusedxml refusal comes wrapped.
        if isinstance(error, DefusedXmlException) or isinstance(error.__cause__, DefusedXmlException):
            raise BerkasDitolak("Berkas Excel berisi deklarasi XML (DOCTYPE/ENTITY) yang tidak diizinkan.") from None
        raise BerkasDitolak("Berkas Excel rusak atau tidak dapat dibaca; simpan ulang sebagai .xlsx.") from None
    if not rows:
        raise BerkasDitolak("Berkas kosong.")
    return rows[0][1], iter(rows[1:])


def _bounded(rows, *, clean) -> list[tuple[int, list]]:
    """Collect the header and the rows with data one by one, refusing the file as soon as it costs too much."""
    kept = []
    deadline = time.monotonic() + BACA_DETIK_MAKS
    for number, values in rows:
        if number > BARIS_BACA_MAKS:
            raise BerkasDitolak(_terlalu_banyak_baris())
        if number % 1000 == 0 and time.monotonic() > deadline:
            raise BerkasDitolak(
                f"Berkas terlalu besar untuk dibaca dalam {BACA_DETIK_MAKS} detik; bagi menjadi beberapa berkas."
            )
        if number == 1 or any(v not in (None, "") for v in values):
            kept.append((number, [clean(v) for v in values]))
            if len(kept) > BARIS_MAKS + 1:  # the header row is not data
                raise BerkasDitolak(
                    f"Berkas berisi lebih dari {angka(BARIS_MAKS)} baris data; bagi menjadi beberapa berkas."
                )
    return kept


def _terlalu_banyak_baris() -> str:
    return f"Berkas berisi lebih dari {angka(BARIS_BACA_MAKS)} baris (termasuk yang kosong)."


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = _bounded(((n, r[:KOLOM_MAKS]) for n, r in enumerate(reader, start=1)), clean=str.strip)
    except csv.Error as error:
        raise BerkasDitolak(f"Berkas CSV rusak di sekitar baris {reader.line_num}: {error}.") from None
    if not records:
        raise BerkasDitolak("Berkas kosong.")
    return records[0][1], iter(records[1:])


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
