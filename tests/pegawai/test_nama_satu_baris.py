"""Names and titles are one line of visible text at every entry point: forms, the import, the admin."""

import pytest
from django.urls import reverse

from pegawai.impor import SIASN_HEADERS, import_pegawai
from pegawai.models import Pegawai, UnitKerja
from pelatihan.models import Mitra
from tests.factories import PegawaiFactory, admin_bkpsdm, make_nip, operator_opd, siasn_row

pytestmark = pytest.mark.django_db

NAMA_JAHAT = [
    "Yohana\r\nBcc: semua@sorongkota.go.id",
    "Yohana\nKambu",
    "Yohana\tKambu",
    "Yohana\u202eubmaK",  # right-to-left override
    "Yohana\u2028Kambu",  # line separator
]
# (A NUL byte is refused by Django's form fields themselves; the import is where it got through.)


@pytest.fixture
def dinkes():
    return UnitKerja.objects.get(kode="DINKES")


@pytest.mark.parametrize("nama", NAMA_JAHAT)
def test_the_employee_form_refuses_a_name_with_control_characters(client, dinkes, nama):
    client.force_login(operator_opd(dinkes))
    nip = make_nip()
    response = client.post(reverse("pegawai:create"), {"nip": nip, "nama": nama, "unit_kerja": dinkes.pk})
    assert response.status_code == 200
    assert "baris baru, tab, atau karakter kontrol" in " ".join(response.context["form"].errors["nama"])
    assert not Pegawai.objects.filter(nip=nip).exists()


def test_the_employee_form_still_accepts_ordinary_names_with_titles(client, dinkes):
    client.force_login(operator_opd(dinkes))
    nip = make_nip()
    data = {"nip": nip, "nama": "Yohana Kambu-Rumbiak", "gelar_depan": "dr.", "gelar_belakang": "M.Kes., Sp.A."}
    response = client.post(reverse("pegawai:create"), {**data, "unit_kerja": dinkes.pk})
    assert response.status_code == 302
    assert Pegawai.objects.get(nip=nip).nama_lengkap == "dr. Yohana Kambu-Rumbiak, M.Kes., Sp.A."


def test_an_edit_cannot_slip_a_line_break_into_a_title(client, dinkes):
    pegawai = PegawaiFactory(unit_kerja=dinkes, nama="Yohana Kambu")
    client.force_login(operator_opd(dinkes))
    response = client.post(
        reverse("pegawai:edit", args=[pegawai.pk]),
        {"nama": "Yohana Kambu", "gelar_belakang": "S.Kep.\r\nSubject: x", "unit_kerja": dinkes.pk},
    )
    assert "gelar_belakang" in response.context["form"].errors
    pegawai.refresh_from_db()
    assert pegawai.gelar_belakang == ""


def test_a_nul_byte_in_an_imported_cell_is_a_row_error_in_the_dry_run(dinkes):
    row = siasn_row(nip=make_nip(), nama="Selfina\x00Mobalen")
    raw = ("\n".join([",".join(SIASN_HEADERS), ",".join(row)])).encode()
    preview = import_pegawai(raw=raw, filename="siasn.csv", dry_run=True)
    assert not preview.ok
    assert preview.galat == [
        "Baris 2, kolom NAMA: memuat karakter kontrol atau tak terlihat (mis. NUL); hapus karakter itu dari sel."
    ]
    assert not Pegawai.objects.filter(nama__startswith="Selfina").exists()


def test_line_breaks_inside_an_imported_cell_become_spaces(dinkes):
    nip = make_nip()
    row = siasn_row(nip=nip, nama='"Selfina\r\nMobalen"')
    raw = ("\n".join([",".join(SIASN_HEADERS), ",".join(row)])).encode()
    assert import_pegawai(raw=raw, filename="siasn.csv").ok
    assert Pegawai.objects.get(nip=nip).nama == "Selfina Mobalen"


def test_the_admin_refuses_control_characters_in_reference_names(client):
    client.force_login(admin_bkpsdm(is_staff=True))
    response = client.post(
        "/admin/pelatihan/mitra/add/", {"nama": "BPSDM\r\nBcc: x@y.z", "jenis": Mitra.Jenis.choices[0][0]}
    )
    assert response.status_code == 200
    assert "baris baru, tab, atau karakter kontrol" in response.content.decode()
    assert not Mitra.objects.filter(nama__startswith="BPSDM").exists()
