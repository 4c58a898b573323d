import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from pegawai.impor import SIASN_HEADERS
from pegawai.models import Pegawai
from tests.factories import make_nip, siasn_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kata-sandi-demo-uji"


def write_csv(path, rows):
    path.write_text("\n".join([",".join(SIASN_HEADERS)] + [",".join(map(str, r)) for r in rows]), encoding="utf-8")
    return path


def test_the_operator_uploads_reads_the_preview_and_confirms(login_browser, live_server, tmp_path):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    existing = Pegawai.objects.filter(unit_kerja__kode="DINKES").first()
    nip = make_nip()
    rows = [
        siasn_row(nip=nip, nama="Septinus Malak", unor="Dinas Kesehatan"),
        siasn_row(
            nip=existing.nip, nama=existing.nama, unor="UPTD Puskesmas Remu", gol=existing.get_golongan_display()
        ),
    ]
    page = login_browser("operator", PASSWORD)
    page.goto(f"{live_server.url}/pegawai/")
    page.get_by_role("link", name="Impor").click()
    page.get_by_label("Berkas").set_input_files(str(write_csv(tmp_path / "siasn.csv", rows)))
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    expect(page.get_by_test_id("ringkasan")).to_contain_text("1 akan dibuat, 1 akan diperbarui")
    expect(page.get_by_role("row", name="Septinus Malak")).to_contain_text("dibuat")
    expect(page.get_by_role("row", name=existing.nama)).to_contain_text("unit kerja")
    assert not Pegawai.objects.filter(nip=nip).exists()
    page.get_by_role("button", name="Konfirmasi impor").click()
    expect(page.locator(".alert-success")).to_contain_text("Impor selesai")
    assert Pegawai.objects.get(nip=nip).unit_kerja.kode == "DINKES"
    assert Pegawai.objects.get(pk=existing.pk).unit_kerja.kode == "DINKES-REMU"


def test_a_bad_file_is_refused_whole_with_every_row_named(login_browser, live_server, tmp_path):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    rows = [siasn_row(), siasn_row(nip="1.98609E+17"), siasn_row(unor="Dinas Pendidikan")]
    page = login_browser("operator", PASSWORD)
    page.goto(f"{live_server.url}/pegawai/impor/")
    page.get_by_label("Berkas").set_input_files(str(write_csv(tmp_path / "salah.csv", rows)))
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    expect(page.get_by_test_id("ringkasan")).to_contain_text("Berkas ditolak: 2 galat")
    expect(page.get_by_test_id("galat")).to_contain_text("Baris 3, kolom NIP BARU")
    expect(page.get_by_test_id("galat")).to_contain_text("Baris 4, kolom UNOR NAMA: unit kerja ini di luar OPD Anda")
    expect(page.get_by_role("button", name="Konfirmasi impor")).to_have_count(0)
