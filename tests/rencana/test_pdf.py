import io
import os
import re
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from pypdf import PdfReader

from rencana.models import ItemRencana, RencanaPengembangan, RencanaTahunan
from rencana.tahunan import render_rencana_tahunan
from sorong_asn.formatting import rupiah
from sorong_asn.pdf import BASE_URL, StaticOnlyFetcher, render_pdf
from tests.factories import ItemRencanaFactory, PegawaiFactory, RencanaFactory, UnitKerjaFactory

S = RencanaPengembangan.Status
BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_data(tahun):
    """Two OPDs with verified plans, one plan still waiting (it must not be counted)."""
    dinkes = UnitKerjaFactory(nama="Dinas Kesehatan", kode="UJI-KES")
    puskesmas = UnitKerjaFactory(nama="Puskesmas Remu", kode="UJI-PKM", parent=dinkes)
    disdik = UnitKerjaFactory(nama="Dinas Pendidikan", kode="UJI-DIK")
    for unit, n in ((dinkes, 3), (puskesmas, 2), (disdik, 4)):
        for i in range(n):
            rencana = RencanaFactory(pegawai=PegawaiFactory(unit_kerja=unit), tahun=tahun, status=S.DIVERIFIKASI)
            ItemRencanaFactory(rencana=rencana, jp=Decimal("12.5"), biaya=1_250_000 + i * 100_000)
            ItemRencanaFactory(rencana=rencana, jp=8, biaya=0, triwulan=4)
    ItemRencanaFactory(rencana=RencanaFactory(pegawai=PegawaiFactory(unit_kerja=disdik), tahun=tahun), jp=99)
    RencanaTahunan.objects.create(
        tahun=tahun,
        nomor_dokumen="800.1.2/1059/BKPSDM/2026",
        kepala_nama="Dr. Siti Solossa, S.KM, M.M.",
        kepala_pangkat="Pembina Utama Muda (IV/c)",
        kepala_nip="197503122000031004",
        wali_kota_nama="Septinus Kalami",
    )
    return {"dinkes": dinkes, "disdik": disdik}


def _text(content: bytes) -> tuple[str, list[str]]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return re.sub(r"\s+", " ", " ".join(pages)), pages


def test_the_city_pdf_reads_back_with_title_letterhead_signature_and_page_numbers(plan_data, tahun):
    result = render_rencana_tahunan(tahun=tahun)
    text, pages = _text(result.content)
    assert result.halaman == len(pages) > 8
    assert "RENCANA PENGEMBANGAN KOMPETENSI PEGAWAI ASN PEMERINTAH KOTA SORONG" in text
    assert "TAHUN 2027" in text
    assert "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA" in pages[0].replace("\n", " ")
    assert "Nomor: 800.1.2/1059/BKPSDM/2026" in text
    assert "LEMBAR PENGESAHAN" in text and "DAFTAR ISI" in text and "BAB VIII PENUTUP" in text
    assert "NIP 19750312 200003 1 004" in text
    assert "Pembina Utama Muda (IV/c)" in text and "WALI KOTA SORONG, SEPTINUS KALAMI" in text
    assert "Halaman" not in pages[0]  # no number on the cover
    assert f"Halaman 2 dari {len(pages)}" in pages[1]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]


def test_the_per_opd_totals_equal_the_database_sums(plan_data, tahun):
    text, _ = _text(render_rencana_tahunan(tahun=tahun).content)
    verified = ItemRencana.objects.filter(rencana__status=S.DIVERIFIKASI)
    for unit in plan_data.values():
        sums = verified.filter(rencana__pegawai__unit_kerja__path__startswith=unit.path).aggregate(
            jp=Sum("jp"), biaya=Sum("biaya")
        )
        pegawai = verified.filter(rencana__pegawai__unit_kerja__path__startswith=unit.path).values("rencana").distinct()
        jp = f"{sums['jp']:.1f}".replace(".", ",").replace(",0", "")
        expected = f"Jumlah {unit.nama}: {pegawai.count()} pegawai {jp} {rupiah(sums['biaya'])}"
        assert expected in text
    total = verified.aggregate(jp=Sum("jp"), biaya=Sum("biaya"))
    assert f"{rupiah(total['biaya'])}" in text and "99" not in re.findall(r"\b99\b", text)


def test_one_opd_pdf_holds_only_that_opd(plan_data, tahun):
    text, _ = _text(render_rencana_tahunan(tahun=tahun, unit=plan_data["dinkes"]).content)
    assert "DINAS KESEHATAN" in text and "TAHUN 2027" in text
    assert "Jumlah Dinas Kesehatan: 5 pegawai" in text
    assert "Dinas Pendidikan" not in text


def test_the_command_writes_the_file(plan_data, tahun, tmp_path, capsys):
    out = tmp_path / "rencana.pdf"
    call_command("render_rencana", tahun=2027, unit_kerja="uji-dik", output=str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert "halaman" in capsys.readouterr().out


def test_the_command_refuses_unknown_year_and_unit(tahun, tmp_path):
    with pytest.raises(CommandError, match="belum dibuka"):
        call_command("render_rencana", tahun=2031, output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("render_rencana", tahun=2027, unit_kerja="NOPE", output=str(tmp_path / "x.pdf"))


class TestFetcher:
    """The PDF may read our static files and small data: URLs, nothing else (security-checklist §3)."""

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:6379/",
            "https://example.com/static/css/pdf.css",
            "https://pdf-assets.invalid/etc/passwd",
            "https://pdf-assets.invalid/static/../../../../etc/passwd",
            "https://pdf-assets.invalid/static/%2e%2e/%2e%2e/settings.py",
            "ftp://pdf-assets.invalid/static/css/pdf.css",
            "data:image/gif;base64," + "A" * 600_000,
        ],
    )
    def test_it_refuses(self, url):
        with pytest.raises(ValueError):
            StaticOnlyFetcher().fetch(url)

    def test_it_serves_static_files_and_small_data_urls(self):
        response = StaticOnlyFetcher().fetch(f"{BASE_URL}static/css/pdf.css")
        assert b"@page" in response.read() and response.content_type == "text/css"
        gif = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
        assert StaticOnlyFetcher().fetch(gif).read().startswith(b"GIF")

    def test_a_hostile_document_makes_no_connection_and_embeds_no_file(self, monkeypatch):
        attempts = []
        real_connect = socket.socket.connect

        def record(sock, address):
            # Recorded, not raised: WeasyPrint would swallow an exception as a mere warning.
            attempts.append(address)
            return real_connect(sock, address)

        monkeypatch.setattr(socket.socket, "connect", record)
        html = """<html><head>
          <link rel="stylesheet" href="https://169.254.169.254/x.css">
          <link rel="attachment" href="file:///etc/hostname">
          <style>@import url("http://127.0.0.1:6379/"); body { background: url("file:///etc/passwd"); }</style>
        </head><body>
          <img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">
          <img src="/static/../../../etc/passwd">
          <svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd" width="10" height="10"/></svg>
          <p>Rencana</p></body></html>"""
        content = render_pdf(html).content
        assert attempts == []
        assert b"/EmbeddedFile" not in content
        assert b"root:" not in content


def _font_names(content: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(
    "storage",
    [
        "django.contrib.staticfiles.storage.StaticFilesStorage",
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ],
)
def test_the_pdf_finds_its_stylesheet_with_any_static_storage_before_collectstatic(
    plan_data, tahun, tmp_path, settings, storage, debug
):
    settings.DEBUG = debug
    settings.STATIC_ROOT = tmp_path / "never-collected"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": storage}}
    result = render_rencana_tahunan(tahun=tahun)
    text, pages = _text(result.content)
    # The page footer and the sans-serif family exist only in css/pdf.css.
    assert f"Halaman 2 dari {len(pages)}" in pages[1]
    fonts = _font_names(result.content)
    assert fonts and all("Sans" in font and "Serif" not in font and "Mono" not in font for font in fonts), fonts


def test_render_rencana_runs_as_the_readme_prints_it_on_a_fresh_checkout(tmp_path):
    """Default environment (DEBUG off, manifest storage, collectstatic never run), a fresh database."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "REDIS_URL", "DATABASE_URL"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'baru.sqlite3'}"
    env["STATIC_ROOT"] = str(tmp_path / "staticfiles")

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )

    assert manage("migrate", "-v0").returncode == 0
    seeded = manage("seed_demo", "--pegawai", "40")
    assert seeded.returncode == 0, seeded.stderr
    rendered = manage("render_rencana", "--tahun", "2027", "--output", str(tmp_path / "rencana-2027.pdf"))
    assert rendered.returncode == 0, rendered.stderr
    assert "halaman" in rendered.stdout and "Missing staticfiles manifest" not in rendered.stderr
    _, pages = _text((tmp_path / "rencana-2027.pdf").read_bytes())
    assert f"Halaman 2 dari {len(pages)}" in pages[1]
