import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pegawai.impor import SIASN_HEADERS, TEMPLATE_HEADERS
from pegawai.models import ImporPegawai, Pegawai, UnitKerja
from tests.factories import PegawaiFactory, admin_bkpsdm, make_nip, operator_opd, siasn_row

pytestmark = pytest.mark.django_db
UPLOAD = reverse("pegawai:impor")


def siasn_file(rows, name="siasn.csv"):
    lines = [",".join(SIASN_HEADERS)] + [",".join(str(v) for v in r) for r in rows]
    return SimpleUploadedFile(name, "\n".join(lines).encode())


@pytest.fixture
def operator():
    return operator_opd(UnitKerja.objects.get(kode="DINKES"))


def test_the_operator_uploads_previews_and_confirms(client, operator, django_capture_on_commit_callbacks):
    client.force_login(operator)
    nip = make_nip()
    response = client.post(UPLOAD, {"berkas": siasn_file([siasn_row(nip=nip), siasn_row()])})
    impor = ImporPegawai.objects.get()
    assert response.url == reverse("pegawai:impor_preview", args=[impor.pk])
    assert impor.berkas == f"impor/{impor.pk}" and default_storage.exists(impor.berkas)
    preview = client.get(response.url)
    assert preview.context["hasil"].ringkasan.startswith("2 akan dibuat, 0 akan diperbarui, 0 tetap")
    assert not Pegawai.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("pegawai:impor_confirm", args=[impor.pk]))
    assert done.status_code == 302
    assert Pegawai.objects.count() == 2
    impor.refresh_from_db()
    assert impor.status == ImporPegawai.Status.SELESAI
    assert not default_storage.exists(impor.berkas)
    assert client.post(reverse("pegawai:impor_confirm", args=[impor.pk])).status_code == 404


def test_a_bad_file_shows_every_error_and_no_confirm_button(client, operator):
    client.force_login(operator)
    response = client.post(UPLOAD, {"berkas": siasn_file([siasn_row(), siasn_row(unor="Dinas Pendidikan")])})
    preview = client.get(response.url)
    assert preview.context["hasil"].galat == ["Baris 3, kolom UNOR NAMA: unit kerja ini di luar OPD Anda."]
    assert b"Konfirmasi impor" not in preview.content
    impor = ImporPegawai.objects.get()
    assert client.post(reverse("pegawai:impor_confirm", args=[impor.pk])).status_code == 200
    assert not Pegawai.objects.exists()


def test_someone_elses_upload_is_404(client, operator):
    client.force_login(operator)
    response = client.post(UPLOAD, {"berkas": siasn_file([siasn_row()])})
    client.force_login(admin_bkpsdm())
    assert client.get(response.url).status_code == 404
    impor = ImporPegawai.objects.get()
    assert client.post(reverse("pegawai:impor_confirm", args=[impor.pk])).status_code == 404


def test_employees_without_a_role_cannot_import(client):
    pegawai = PegawaiFactory()
    client.force_login(pegawai.user)
    assert client.get(UPLOAD).status_code == 403
    assert client.get(reverse("pegawai:impor_template")).status_code == 403


def test_the_file_name_never_reaches_the_file_system(client, operator):
    client.force_login(operator)
    client.post(UPLOAD, {"berkas": siasn_file([siasn_row()], name="../../x.csv")})
    impor = ImporPegawai.objects.get()
    assert impor.berkas == f"impor/{impor.pk}"


def test_oversized_and_wrong_type_uploads_are_refused_before_parsing(client, operator):
    client.force_login(operator)
    big = SimpleUploadedFile("x.csv", b"x" * (10 * 1024 * 1024 + 1))
    response = client.post(UPLOAD, {"berkas": big})
    assert response.context["form"].errors["berkas"] == ["Ukuran berkas melebihi 10 MB."]
    response = client.post(UPLOAD, {"berkas": SimpleUploadedFile("x.xlsm", b"PK")})
    assert "tidak didukung" in response.context["form"].errors["berkas"][0]
    assert not ImporPegawai.objects.exists()


def test_only_bkpsdm_gets_the_create_units_option(client, operator):
    client.force_login(operator)
    assert "buat_unit" not in client.get(UPLOAD).context["form"].fields
    client.post(UPLOAD, {"berkas": siasn_file([siasn_row(unor="Bidang Baru")]), "buat_unit": "on"})
    assert ImporPegawai.objects.get().buat_unit is False
    client.force_login(admin_bkpsdm())
    response = client.post(UPLOAD, {"berkas": siasn_file([siasn_row(unor="Bidang Baru")]), "buat_unit": "on"})
    client.post(reverse("pegawai:impor_confirm", args=[response.url.split("/")[-2]]))
    assert UnitKerja.objects.filter(nama="Bidang Baru").exists()


def test_the_template_is_xlsx_with_text_nip_columns(client, operator):
    client.force_login(operator)
    response = client.get(reverse("pegawai:impor_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == TEMPLATE_HEADERS
    assert sheet["A2"].data_type == "s" and sheet["A2"].number_format == "@"
    assert "NIP ATASAN" in TEMPLATE_HEADERS
