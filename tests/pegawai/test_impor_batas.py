"""What one uploaded file may cost: rows, cells and errors are capped, and every parse error ends the job clearly."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pegawai import tabel
from pegawai.impor import SIASN_HEADERS, TEMPLATE_HEADERS, import_pegawai
from pegawai.models import ImporPegawai, Pegawai, UnitKerja
from tests.factories import make_nip, operator_opd, siasn_row
from tests.pegawai.test_impor import xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinkes():
    return UnitKerja.objects.get(kode="DINKES")


def template_xlsx(rows, *, patch=None) -> bytes:
    """A template .xlsx; `patch(xml) -> xml` rewrites its worksheet to make a crafted file."""
    raw = xlsx_bytes(TEMPLATE_HEADERS, rows)
    if patch is None:
        return raw
    source = zipfile.ZipFile(io.BytesIO(raw))
    crafted = io.BytesIO()
    with zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = patch(data.decode()).encode()
            target.writestr(info.filename, data)
    return crafted.getvalue()


def template_row(nip=None, nama="Selfina Mobalen"):
    nip = nip or make_nip()
    return [nip, nama, "", "", "", "", "", "", "", "", "", "", "Dinas Kesehatan", "", "", "", "", "", ""]


def measured(raw, filename="pegawai.xlsx", **kwargs):
    tracemalloc.start()
    started = time.perf_counter()
    hasil = import_pegawai(raw=raw, filename=filename, dry_run=True, **kwargs)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return hasil, seconds, peak / 1024 / 1024


def test_a_sheet_claiming_a_million_rows_and_columns_reads_only_what_is_there(dinkes):
    # <dimension> is the file's own claim; openpyxl used to pad every row and column up to it.
    raw = template_xlsx(
        [template_row()], patch=lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    )
    hasil, seconds, peak_mb = measured(raw)
    assert hasil.ok, hasil.galat
    assert len(hasil.baris) == 1
    assert seconds < 5 and peak_mb < 50


def test_a_cell_far_below_the_data_is_refused_quickly(dinkes):
    far = '<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    raw = template_xlsx([template_row()], patch=lambda xml: xml.replace("</sheetData>", far))
    assert len(raw) < 10_000
    hasil, seconds, peak_mb = measured(raw)
    assert hasil.galat == ["Berkas berisi lebih dari 100.000 baris (termasuk yang kosong)."]
    assert seconds < 10 and peak_mb < 100


def test_a_row_with_too_many_cells_is_refused_before_it_is_built(dinkes):
    cells = "".join(f'<c r="A{i}" t="inlineStr"><is><t>x</t></is></c>' for i in range(5_000))
    row = f'<row r="3">{cells}</row></sheetData>'
    hasil, seconds, peak_mb = measured(
        template_xlsx([template_row()], patch=lambda xml: xml.replace("</sheetData>", row))
    )
    assert hasil.galat == ["Satu baris berkas Excel berisi lebih dari 1.000 sel; tidak diproses."]
    assert seconds < 5


def test_rows_beyond_the_limit_are_refused(dinkes, monkeypatch):
    monkeypatch.setattr(tabel, "BARIS_MAKS", 5)
    rows = [siasn_row(nama=f"Pegawai {i}") for i in range(6)]
    raw = "\n".join([",".join(SIASN_HEADERS)] + [",".join(r) for r in rows]).encode()
    assert import_pegawai(raw=raw, filename="siasn.csv", dry_run=True).galat == [
        "Berkas berisi lebih dari 5 baris data; bagi menjadi beberapa berkas."
    ]


def test_errors_are_capped_and_counted(client, dinkes):
    rows = [siasn_row(nama="") for _ in range(350)]
    raw = "\n".join([",".join(SIASN_HEADERS)] + [",".join(r) for r in rows]).encode()
    client.force_login(operator_opd(dinkes))
    client.post(reverse("pegawai:impor"), {"berkas": SimpleUploadedFile("siasn.csv", raw)})
    impor = ImporPegawai.objects.get()
    assert impor.status == ImporPegawai.Status.GAGAL
    assert len(impor.hasil["galat"]) == 200 and impor.hasil["jumlah_galat"] == 350
    assert impor.ringkasan == "350 galat; tidak ada yang disimpan."
    html = client.get(reverse("pegawai:impor_preview", args=[impor.pk])).content.decode()
    assert "Berkas ditolak: 350 galat." in html and "dan 150 galat lain yang tidak ditampilkan" in html


BROKEN = {
    "lembar rusak": lambda raw: template_xlsx([template_row()], patch=lambda xml: xml[: len(xml) // 2]),
    "header zip berbohong": lambda raw: _lying_zip(raw),
    "bukan xml": lambda raw: template_xlsx([template_row()], patch=lambda xml: "\x00\x01 bukan xml"),
}


def _lying_zip(raw: bytes) -> bytes:
    """The worksheet's declared uncompressed size is smaller than what it really holds."""
    data = bytearray(raw)
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                data[start + size_offset : start + size_offset + 4] = (50).to_bytes(4, "little")
            start += 4
    return bytes(data)


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_xlsx_ends_the_job_as_gagal_with_a_message(client, dinkes, kind):
    raw = BROKEN[kind](template_xlsx([template_row()]))
    client.force_login(operator_opd(dinkes))
    response = client.post(reverse("pegawai:impor"), {"berkas": SimpleUploadedFile("pegawai.xlsx", raw)})
    assert response.status_code == 302
    impor = ImporPegawai.objects.get()
    assert impor.status == ImporPegawai.Status.GAGAL
    assert impor.hasil["galat"] == ["Berkas Excel rusak atau tidak dapat dibaca; simpan ulang sebagai .xlsx."]
    page = client.get(reverse("pegawai:impor_preview", args=[impor.pk]))
    assert page.status_code == 200 and "Berkas Excel rusak" in page.content.decode()


@pytest.mark.parametrize("kind", BROKEN)
def test_the_command_prints_a_message_not_a_traceback(tmp_path, dinkes, kind, capsys):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(BROKEN[kind](template_xlsx([template_row()])))
    with pytest.raises(CommandError, match="Impor dibatalkan: 1 galat"):
        call_command("import_pegawai", str(path), "--dry-run")
    assert "Berkas Excel rusak atau tidak dapat dibaca" in capsys.readouterr().err


def test_what_a_dry_run_accepts_is_written(dinkes):
    # The longest name with the longest titles is longer than an account's name field.
    nip = make_nip()
    row = siasn_row(nip=nip, nama="N" * 150)
    row[SIASN_HEADERS.index("GELAR DEPAN")] = "D" * 40
    row[SIASN_HEADERS.index("GELAR BELAKANG")] = "B" * 80
    raw = "\n".join([",".join(SIASN_HEADERS), ",".join(row)]).encode()
    assert import_pegawai(raw=raw, filename="siasn.csv", dry_run=True).ok
    hasil = import_pegawai(raw=raw, filename="siasn.csv")
    assert hasil.ok and hasil.ditulis
    assert Pegawai.objects.get(nip=nip).user.nama.startswith("D" * 40)


def test_reading_stops_with_a_message_when_it_takes_too_long(dinkes, monkeypatch):
    monkeypatch.setattr(tabel, "BACA_DETIK_MAKS", 0)
    rows = [template_row(nama=f"Pegawai {i}") for i in range(1000)]
    hasil = import_pegawai(raw=template_xlsx(rows), filename="pegawai.xlsx", dry_run=True)
    assert hasil.galat == ["Berkas terlalu besar untuk dibaca dalam 0 detik; bagi menjadi beberapa berkas."]
