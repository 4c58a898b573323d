import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from pegawai.models import Golongan, Jabatan, Kompetensi, Pegawai, PenilaianKompetensi, StandarKompetensi
from tests.factories import (
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
    admin_bkpsdm,
    make_nip,
    operator_opd,
)

pytestmark = pytest.mark.django_db
LIST = reverse("pegawai:list")


@pytest.fixture
def kota():
    dinkes = UnitKerjaFactory(nama="Dinas Uji Kesehatan")
    puskesmas = UnitKerjaFactory(nama="Puskesmas Uji", parent=dinkes)
    disdik = UnitKerjaFactory(nama="Dinas Uji Pendidikan")
    kepala = PegawaiFactory(unit_kerja=dinkes, nama="Marthinus Osok", golongan=Golongan.IV_B)
    perawat = PegawaiFactory(unit_kerja=puskesmas, atasan=kepala, nama="Yohana Kambu", golongan=Golongan.III_A)
    guru = PegawaiFactory(unit_kerja=disdik, nama="Ester Rumbiak", golongan=Golongan.III_C)
    return {
        "dinkes": dinkes,
        "puskesmas": puskesmas,
        "disdik": disdik,
        "kepala": kepala,
        "perawat": perawat,
        "guru": guru,
        "operator": operator_opd(dinkes),
    }


def names(response):
    return {p.nama for p in response.context["page"]}


def test_it_lists_only_what_the_operator_may_see(client, kota):
    client.force_login(kota["operator"])
    assert names(client.get(LIST)) == {"Marthinus Osok", "Yohana Kambu"}


def test_it_searches_by_name_and_by_nip_with_spaces(client, kota):
    client.force_login(admin_bkpsdm())
    assert names(client.get(LIST, {"q": "kambu"})) == {"Yohana Kambu"}
    nip = kota["guru"].nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert names(client.get(LIST, {"q": spaced})) == {"Ester Rumbiak"}
    assert names(client.get(LIST, {"q": nip[:14]})) >= {"Ester Rumbiak"}


def test_search_never_reaches_outside_the_scope(client, kota):
    client.force_login(kota["operator"])
    assert names(client.get(LIST, {"q": kota["guru"].nip})) == set()
    assert names(client.get(LIST, {"q": "Rumbiak"})) == set()


def test_it_filters_by_unit_with_sub_units_and_by_golongan_jabatan_asn_status(client, kota):
    client.force_login(admin_bkpsdm())
    assert names(client.get(LIST, {"unit_kerja": kota["dinkes"].pk})) == {"Marthinus Osok", "Yohana Kambu"}
    assert names(client.get(LIST, {"golongan": Golongan.III_C})) == {"Ester Rumbiak"}
    kota["kepala"].jabatan.jenis = Jabatan.Jenis.JPT_PRATAMA
    kota["kepala"].jabatan.save()
    assert names(client.get(LIST, {"jenis_jabatan": Jabatan.Jenis.JPT_PRATAMA})) == {"Marthinus Osok"}
    assert names(client.get(LIST, {"jenis_asn": "PPPK"})) == set()
    Pegawai.objects.filter(pk=kota["guru"].pk).update(status=Pegawai.Status.PENSIUN)
    assert names(client.get(LIST, {"status": "pensiun"})) == {"Ester Rumbiak"}


def test_an_operator_cannot_filter_their_way_into_another_opd(client, kota):
    client.force_login(kota["operator"])
    response = client.get(LIST, {"unit_kerja": kota["disdik"].pk})
    assert names(response) == {"Marthinus Osok", "Yohana Kambu"}
    assert "unit_kerja" in response.context["filter"].errors


def test_it_sorts_in_duk_order_by_default_and_by_ordering(client, kota):
    client.force_login(admin_bkpsdm())
    default = [p.nama for p in client.get(LIST).context["page"]]
    assert default == ["Marthinus Osok", "Ester Rumbiak", "Yohana Kambu"]
    by_name = [p.nama for p in client.get(LIST, {"ordering": "nama"}).context["page"]]
    assert by_name == sorted(by_name)
    assert [p.nama for p in client.get(LIST, {"ordering": "-nama"}).context["page"]] == sorted(by_name, reverse=True)


def test_the_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    unit = UnitKerjaFactory()
    jabatan = JabatanFactory()
    admin = admin_bkpsdm()
    client.force_login(admin)
    PegawaiFactory.create_batch(10, unit_kerja=unit, jabatan=jabatan)
    with django_assert_max_num_queries(15):
        small = client.get(LIST, {"q": "a"})
    PegawaiFactory.create_batch(30, jabatan=JabatanFactory(), unit_kerja=UnitKerjaFactory())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    PegawaiFactory.create_batch(60, jabatan=JabatanFactory(), unit_kerja=UnitKerjaFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(LIST, {"page": 2})
    assert len(many) == len(few) <= 15
    assert small.status_code == 200


def test_detail_shows_gaps_chain_and_history_and_hides_out_of_scope(client, kota):
    kompetensi = Kompetensi.objects.get(kode="M.01")
    StandarKompetensi.objects.create(jabatan=kota["perawat"].jabatan, kompetensi=kompetensi, level=3)
    PenilaianKompetensi.objects.create(pegawai=kota["perawat"], kompetensi=kompetensi, level=2, tanggal="2026-01-05")
    client.force_login(kota["operator"])
    response = client.get(kota["perawat"].get_absolute_url())
    assert response.status_code == 200
    assert response.context["kesenjangan"][0].gap == 1
    assert response.context["jpm"] == pytest.approx(66.7)
    assert response.context["rantai_atasan"] == [kota["kepala"]]
    assert b'data-chart="grafik-kesenjangan"' in response.content
    assert b"Riwayat perubahan data" in response.content
    assert client.get(kota["guru"].get_absolute_url()).status_code == 404


def test_an_employee_sees_only_their_own_record(client, kota):
    client.force_login(kota["perawat"].user)
    assert client.get(kota["perawat"].get_absolute_url()).status_code == 200
    assert client.get(kota["kepala"].get_absolute_url()).status_code == 404
    assert client.get(kota["guru"].get_absolute_url()).status_code == 404


def test_the_operator_creates_an_employee_with_a_spaced_nip(client, kota):
    client.force_login(kota["operator"])
    nip = make_nip()
    account = UserFactory(username=nip)
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    response = client.post(
        reverse("pegawai:create"),
        {
            "nip": spaced,
            "nama": "Sefnat Mobalen",
            "unit_kerja": kota["puskesmas"].pk,
            "golongan": Golongan.II_C,
            "nip_atasan": kota["kepala"].nip,
        },
    )
    pegawai = Pegawai.objects.get(nip=nip)
    assert response.status_code == 302
    assert pegawai.atasan == kota["kepala"]
    assert pegawai.user == account
    assert pegawai.riwayat.get().history_user == kota["operator"]


@pytest.mark.parametrize(
    "nip,message",
    [
        ("1.98609E+17", "angka ilmiah"),
        ("19860926201505100", "18 digit angka, bukan 17 digit"),
        ("19860926201505300A", "hanya boleh berisi angka"),
        ("198609262015053001", "jenis kelamin"),
        ("198602302015051001", "bukan tanggal yang valid"),
    ],
)
def test_a_bad_nip_gets_a_clear_message_and_nothing_is_saved(client, kota, nip, message):
    client.force_login(kota["operator"])
    response = client.post(reverse("pegawai:create"), {"nip": nip, "nama": "X", "unit_kerja": kota["dinkes"].pk})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["nip"])
    assert not Pegawai.objects.filter(nama="X").exists()


def test_the_operator_cannot_move_an_employee_out_of_their_opd(client, kota):
    client.force_login(kota["operator"])
    url = reverse("pegawai:edit", args=[kota["perawat"].pk])
    response = client.post(url, {"nama": "Yohana Kambu", "unit_kerja": kota["disdik"].pk})
    assert "unit_kerja" in response.context["form"].errors
    kota["perawat"].refresh_from_db()
    assert kota["perawat"].unit_kerja == kota["puskesmas"]


def test_out_of_scope_edits_are_404_and_change_nothing(client, kota):
    client.force_login(kota["operator"])
    url = reverse("pegawai:edit", args=[kota["guru"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"nama": "Diubah", "unit_kerja": kota["dinkes"].pk}).status_code == 404
    assert client.post(reverse("pegawai:status", args=[kota["guru"].pk]), {"status": "pensiun"}).status_code == 404
    kota["guru"].refresh_from_db()
    assert (kota["guru"].nama, kota["guru"].status) == ("Ester Rumbiak", "aktif")


def test_an_employee_edits_only_their_contact_details(client, kota):
    perawat = kota["perawat"]
    client.force_login(perawat.user)
    response = client.post(
        reverse("pegawai:edit", args=[perawat.pk]),
        {
            "email": "yohana@sorongkota.go.id",
            "telepon": "0812-4411-2233",
            "unit_kerja": kota["disdik"].pk,
            "nip_atasan": "",
            "jabatan": "",
            "nama": "Lain",
        },
    )
    assert response.status_code == 302
    perawat.refresh_from_db()
    assert perawat.email == "yohana@sorongkota.go.id"
    assert (perawat.unit_kerja, perawat.atasan, perawat.nama) == (kota["puskesmas"], kota["kepala"], "Yohana Kambu")
    assert client.get(reverse("pegawai:edit", args=[kota["kepala"].pk])).status_code == 404


def test_a_supervisor_loop_is_refused(client, kota):
    client.force_login(kota["operator"])
    response = client.post(
        reverse("pegawai:edit", args=[kota["kepala"].pk]),
        {"nama": "Marthinus Osok", "unit_kerja": kota["dinkes"].pk, "nip_atasan": kota["perawat"].nip},
    )
    assert "bawahan" in " ".join(response.context["form"].errors["nip_atasan"])


def test_deactivating_closes_the_login_and_keeps_the_record(client, kota):
    client.force_login(kota["operator"])
    response = client.post(reverse("pegawai:status", args=[kota["perawat"].pk]), {"status": "pensiun"})
    assert response.status_code == 302
    kota["perawat"].refresh_from_db()
    assert kota["perawat"].status == "pensiun"
    assert not kota["perawat"].user.is_active


def test_the_export_is_scoped_and_keeps_nip_as_text(client, kota):
    client.force_login(kota["operator"])
    response = client.get(reverse("pegawai:export"), {"format": "csv", "unit_kerja": kota["disdik"].pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {kota["kepala"].nip, kota["perawat"].nip}
    response = client.get(reverse("pegawai:export"), {"format": "xlsx", "q": "Kambu"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == kota["perawat"].nip
    assert sheet["A2"].data_type == "s"
    assert sheet.max_row == 2


def test_the_export_neutralises_formulas(client, kota):
    Pegawai.objects.filter(pk=kota["perawat"].pk).update(nama='=HYPERLINK("http://x","y")')
    client.force_login(kota["operator"])
    response = client.get(reverse("pegawai:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert '\'=HYPERLINK("http://x","y")' in [c.value for c in cells]


def test_standards_are_edited_by_bkpsdm_only(client, kota):
    jabatan = kota["perawat"].jabatan
    url = reverse("pegawai:jabatan_standar", args=[jabatan.pk])
    client.force_login(kota["operator"])
    assert client.get(url).status_code == 403
    client.force_login(admin_bkpsdm())
    m01 = Kompetensi.objects.get(kode="M.01")
    assert client.post(url, {f"k{m01.pk}": "3"}).status_code == 302
    assert StandarKompetensi.objects.get(jabatan=jabatan).level == 3
    client.post(url, {"bawaan": "1"})
    assert StandarKompetensi.objects.filter(jabatan=jabatan).count() == 9
    assert set(StandarKompetensi.objects.filter(jabatan=jabatan).values_list("level", flat=True)) == {1}
    assert client.post(url, {f"k{m01.pk}": "9"}).status_code == 200


def test_assessment_results_are_entered_one_by_one_and_replace_older_ones(client, kota):
    url = reverse("pegawai:penilaian_create", args=[kota["perawat"].pk])
    client.force_login(kota["operator"])
    assert client.get(url).status_code == 403
    client.force_login(admin_bkpsdm())
    m01 = Kompetensi.objects.get(kode="M.01")
    data = {"kompetensi": m01.pk, "level": 2, "tanggal": "2026-05-01", "sumber": "assessment_center"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "level": 3}).status_code == 302
    assert PenilaianKompetensi.objects.get(pegawai=kota["perawat"]).level == 3
    response = client.post(url, {**data, "tanggal": "kemarin"})
    assert "tanggal" in response.context["form"].errors


def test_assessment_results_are_imported_in_bulk_all_or_nothing(client, kota):
    client.force_login(admin_bkpsdm())
    url = reverse("pegawai:penilaian_import")
    good = f"NIP,KODE KOMPETENSI,LEVEL,TANGGAL,SUMBER\n{kota['perawat'].nip},M.01,2,05-01-2026,Assessment center\n"
    bad = good + f"{kota['guru'].nip},M.99,7,31-02-2026,Dukun\n"
    response = client.post(url, {"berkas": _upload("p.csv", bad.encode())})
    assert response.context["galat"] == [
        "Baris 3, kolom KODE KOMPETENSI: kode kompetensi “M.99” tidak dikenal.",
        "Baris 3, kolom LEVEL: level harus 1–5, bukan “7”.",
        "Baris 3, kolom TANGGAL: “31-02-2026” bukan tanggal yang valid (tulis dd-mm-yyyy).",
        "Baris 3, kolom SUMBER: sumber “Dukun” tidak dikenal.",
    ]
    assert not PenilaianKompetensi.objects.exists()
    assert client.post(url, {"berkas": _upload("p.csv", good.encode())}).status_code == 302
    assert PenilaianKompetensi.objects.get().sumber == "assessment_center"


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_operator_list_with_filters_stays_under_the_query_ceiling(client, kota, django_assert_max_num_queries):
    PegawaiFactory.create_batch(30, unit_kerja=kota["puskesmas"])
    client.force_login(kota["operator"])
    params = {"q": "a", "unit_kerja": kota["dinkes"].pk, "golongan": Golongan.III_A, "ordering": "-nama", "page": 2}
    with django_assert_max_num_queries(15):
        assert client.get(LIST, params).status_code == 200


def test_the_competence_dictionary_is_edited_by_bkpsdm_only(client, kota):
    url = reverse("pegawai:kompetensi_create")
    client.force_login(kota["operator"])
    assert client.get(reverse("pegawai:kompetensi_list")).status_code == 200
    assert client.post(url, {"kode": "T.X.01", "nama": "X", "jenis": "teknis"}).status_code == 403
    client.force_login(admin_bkpsdm())
    response = client.post(url, {"kode": "M.01", "nama": "Duplikat", "jenis": "teknis"})
    assert "kode" in response.context["form"].errors
    data = {"kode": "T.X.01", "nama": "Penyuluhan Perikanan", "jenis": "teknis", "level_1": "Memahami dasar"}
    assert client.post(url, data).status_code == 302
    assert Kompetensi.objects.get(kode="T.X.01").level_1 == "Memahami dasar"


def test_the_home_card_counts_the_scope(client, kota):
    client.force_login(kota["operator"])
    assert client.get(reverse("home")).context["jumlah_pegawai_lingkup"] == 2


def test_it_links_only_the_superiors_an_employee_may_open(client, kota):
    client.force_login(kota["perawat"].user)
    response = client.get(kota["perawat"].get_absolute_url())
    assert response.status_code == 200
    assert "Marthinus Osok" in response.content.decode()
    assert kota["kepala"].get_absolute_url().encode() not in response.content
    client.force_login(kota["operator"])
    response = client.get(kota["perawat"].get_absolute_url())
    assert kota["kepala"].get_absolute_url().encode() in response.content


@pytest.mark.parametrize(
    ("nip", "message"),
    [("", "NIP wajib diisi."), ("existing", "Pegawai dengan NIP ini sudah terdaftar.")],
)
def test_a_missing_or_taken_nip_gets_exactly_one_message(client, kota, nip, message):
    client.force_login(kota["operator"])
    nip = kota["kepala"].nip if nip == "existing" else nip
    response = client.post(reverse("pegawai:create"), {"nip": nip, "nama": "X", "unit_kerja": kota["dinkes"].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == [message]


def test_a_phone_number_with_letters_is_refused_with_a_clear_message(client, kota):
    perawat = kota["perawat"]
    client.force_login(perawat.user)
    response = client.post(reverse("pegawai:edit", args=[perawat.pk]), {"email": "", "telepon": "abc"})
    assert response.status_code == 200
    assert "bukan nomor telepon yang valid" in response.content.decode()
    perawat.refresh_from_db()
    assert perawat.telepon != "abc"
