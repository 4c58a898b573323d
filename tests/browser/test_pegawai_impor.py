import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from akun.models import User
from pegawai import services
from pegawai.impor import SIASN_HEADERS
from pegawai.models import ImporPegawai, Pegawai
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


def test_the_job_page_follows_a_running_job_until_it_can_be_confirmed(login_browser, live_server):
    call_command("seed_demo", pegawai=80, password=PASSWORD)
    operator = User.objects.get(username="operator")
    berkas = SimpleUploadedFile("siasn.csv", "\n".join([",".join(SIASN_HEADERS), ",".join(siasn_row())]).encode())
    impor = services.store_upload(berkas=berkas, user=operator, buat_unit=False)
    ImporPegawai.objects.filter(pk=impor.pk).update(status=ImporPegawai.Status.MEMERIKSA, progres=40)
    page = login_browser("operator", PASSWORD)
    page.goto(f"{live_server.url}/pegawai/impor/{impor.pk}/")
    expect(page.get_by_test_id("status-impor")).to_contain_text("Sedang diperiksa… 40%")
    expect(page.get_by_label("Progres impor")).to_have_attribute("value", "40")
    # A worker finishes the check: the page picks it up by itself, without a reload.
    ImporPegawai.objects.filter(pk=impor.pk).update(status=ImporPegawai.Status.MENUNGGU)
    services.preview_upload(impor_id=impor.pk)
    expect(page.get_by_role("button", name="Konfirmasi impor")).to_be_visible(timeout=5000)
    expect(page.get_by_test_id("ringkasan")).to_contain_text("1 akan dibuat")
