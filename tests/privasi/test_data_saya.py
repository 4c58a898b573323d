import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from akun.models import User
from pegawai.models import Pegawai
from privasi.ekspor import EXPORTED_MODELS, NOT_ABOUT_THE_PERSON
from privasi.models import Akses, PermohonanKoreksi
from tests.factories import (
    CatatanJPFactory,
    PegawaiFactory,
    PesertaFactory,
    UnitKerjaFactory,
    admin_bkpsdm,
    operator_opd,
    rencana,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def saya(db):
    unit = UnitKerjaFactory(nama="Dinas Kesehatan")
    pegawai = PegawaiFactory(unit_kerja=unit, nama="Elisabeth Saya", tempat_lahir="Sorong")
    rencana(pegawai)
    PesertaFactory(pegawai=pegawai, sertifikat=ContentFile(b"%PDF-1.4 sertifikat saya", name="s.pdf"))
    CatatanJPFactory(pegawai=pegawai, judul="Kursus SIASN", sertifikat=ContentFile(b"JPEGDATA", name="c.jpg"))
    return pegawai


@pytest.fixture
def orang_lain(saya):
    other = PegawaiFactory(unit_kerja=saya.unit_kerja, nama="Obed Lain")
    rencana(other)
    PesertaFactory(pegawai=other, sertifikat=ContentFile(b"%PDF-1.4 milik orang lain", name="o.pdf"))
    CatatanJPFactory(pegawai=other, judul="Kursus Rahasia Orang Lain")
    return other


def _download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("privasi:unduh"), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert f"data-saya-{user.username}-" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_my_data_my_documents_and_who_viewed_it(client, saya, orang_lain):
    operator = operator_opd(saya.unit_kerja)
    client.force_login(operator)
    client.get(saya.get_absolute_url())

    archive = _download(client, saya.user)
    names = set(archive.namelist())
    assert {"BACA-SAYA.txt", "data.json", "data.xlsx"} <= names
    documents = sorted(n for n in names if n.startswith("dokumen/"))
    assert len(documents) == 2
    assert {archive.read(n) for n in documents} == {b"%PDF-1.4 sertifikat saya", b"JPEGDATA"}

    data = json.loads(archive.read("data.json"))["bagian"]
    assert data["pegawai"]["data"][0]["nip"] == saya.nip
    assert data["pegawai"]["data"][0]["tempat_lahir"] == "Sorong"
    assert data["akun"]["data"][0]["username"] == saya.user.username
    assert "password" not in json.dumps(data)
    assert len(data["rencana_item"]["data"]) == 2
    assert [c["judul"] for c in data["catatan_jp"]["data"]] == ["Kursus SIASN"]
    assert len(data["pelatihan"]["data"]) == 1
    assert [a["oleh"] for a in data["akses_data"]["data"]] == [str(operator)]

    sheets = load_workbook(io.BytesIO(archive.read("data.xlsx")), read_only=True).sheetnames
    assert {"pegawai", "rencana", "catatan_jp", "akses_data"} <= set(sheets)


def test_the_zip_holds_only_my_own_records(client, saya, orang_lain):
    archive = _download(client, saya.user)
    everything = b"".join(archive.read(n) for n in archive.namelist() if n != "data.xlsx")
    assert orang_lain.nip.encode() not in everything
    assert b"Kursus Rahasia Orang Lain" not in everything
    assert b"milik orang lain" not in everything
    workbook = load_workbook(io.BytesIO(archive.read("data.xlsx")), read_only=True)
    cells = {str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row}
    assert orang_lain.nip not in cells and "Kursus Rahasia Orang Lain" not in cells


def test_the_download_is_recorded_in_the_processing_history(client, saya):
    _download(client, saya.user)
    akses = Akses.objects.get()
    assert (akses.jenis, akses.pengakses, akses.alamat_ip) == (Akses.Jenis.DATA_PRIBADI, saya.user, "10.0.0.7")


def test_an_account_without_an_employee_record_gets_its_account_data(client):
    admin = admin_bkpsdm(username="staf_bkpsdm")
    data = json.loads(_download(client, admin).read("data.json"))["bagian"]
    assert data["akun"]["data"][0]["peran"] == "Admin BKPSDM"
    assert "pegawai" not in data
    assert not Akses.objects.exists()


def test_every_model_about_a_person_is_exported_or_explained():
    pointing = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_one and field.related_model in (Pegawai, User):
                pointing.add(model._meta.label)
    missing = pointing - EXPORTED_MODELS - set(NOT_ABOUT_THE_PERSON) - {"pegawai.Pegawai"}
    assert not missing, f"add these to privasi.ekspor (or explain why not): {sorted(missing)}"


class TestKoreksi:
    def test_an_employee_asks_bkpsdm_corrects_with_history_and_closes(self, client, saya):
        client.force_login(saya.user)
        empty = client.post(reverse("privasi:koreksi_ajukan"), {"isi": ""})
        assert empty.status_code == 400 and "Bidang ini tidak boleh kosong" in empty.content.decode()
        client.post(reverse("privasi:koreksi_ajukan"), {"isi": "Tempat lahir seharusnya Manokwari."})
        permohonan = PermohonanKoreksi.objects.get()

        admin = admin_bkpsdm()
        client.force_login(admin)
        assert saya.nama_lengkap in client.get(reverse("privasi:koreksi_list")).content.decode()
        detail = client.get(permohonan.get_absolute_url())
        edit_url = detail.context["ubah_url"]
        form = client.get(edit_url).context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data["tempat_lahir"] = "Manokwari"
        assert client.post(edit_url, data).status_code == 302
        saya.refresh_from_db()
        assert saya.tempat_lahir == "Manokwari"
        latest = saya.riwayat.latest("history_date")
        assert latest.history_user == admin
        assert latest.history_change_reason == f"Koreksi data atas permohonan no. {permohonan.pk}"

        invalid = client.post(permohonan.get_absolute_url(), {"status": "dikoreksi"})
        assert invalid.context["form"].errors["catatan"]
        client.post(permohonan.get_absolute_url(), {"status": "dikoreksi", "catatan": "Sudah diperbaiki."})
        permohonan.refresh_from_db()
        assert (permohonan.status, permohonan.ditangani_oleh) == ("dikoreksi", admin)

        client.force_login(saya.user)
        page = client.get(reverse("privasi:data_saya")).content.decode()
        assert "Sudah dikoreksi" in page and "Sudah diperbaiki." in page

    def test_only_bkpsdm_handles_requests(self, client, saya):
        permohonan = PermohonanKoreksi.objects.create(pegawai=saya, isi="x")
        for user in (saya.user, operator_opd(saya.unit_kerja)):
            client.force_login(user)
            assert client.get(reverse("privasi:koreksi_list")).status_code == 403
            assert client.post(permohonan.get_absolute_url(), {"status": "ditolak", "catatan": "x"}).status_code == 403
        assert PermohonanKoreksi.objects.get().status == "diajukan"

    def test_a_closed_request_is_not_closed_twice(self, client, saya):
        permohonan = PermohonanKoreksi.objects.create(pegawai=saya, isi="x", status="ditolak", catatan="awal")
        client.force_login(admin_bkpsdm())
        client.post(permohonan.get_absolute_url(), {"status": "dikoreksi", "catatan": "kedua"})
        assert PermohonanKoreksi.objects.get().catatan == "awal"
