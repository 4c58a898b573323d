from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from evaluasi.models import KeputusanProgram
from pelatihan.models import CatatanJP, Mitra, Pelatihan, Peserta, UmpanBalik
from tests.factories import (
    CatatanJPFactory,
    KompetensiFactory,
    MitraFactory,
    PegawaiFactory,
    PelatihanFactory,
    PesertaFactory,
    admin_bkpsdm,
    umpan_balik,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"pelatihan:{name}", args=args)


# --- catalog -----------------------------------------------------------------------------------


def test_it_lists_the_catalog_with_filters(client, kota):
    k = KompetensiFactory()
    cocok = PelatihanFactory(judul="Pengadaan Barang/Jasa", tanggal_mulai=date(2027, 3, 1))
    cocok.kompetensi.add(k)
    PelatihanFactory(judul="Seminar Digital", bentuk="seminar", tanggal_mulai=date(2027, 3, 1))
    client.force_login(kota["owner"].user)
    body = client.get(url("list"), {"kompetensi": k.pk, "bulan": "2027-03"}).content.decode()
    assert "Pengadaan Barang/Jasa" in body and "Seminar Digital" not in body
    body = client.get(url("list"), {"bentuk": "seminar"}).content.decode()
    assert "Seminar Digital" in body and "Pengadaan" not in body


def test_a_malformed_filter_is_not_a_500(client, kota):
    client.force_login(kota["owner"].user)
    assert client.get(url("list"), {"bulan": "2027-13", "mitra": "x", "status": "nope"}).status_code == 200


def test_the_catalog_query_count_does_not_grow_with_rows(client, kota, django_assert_max_num_queries):
    client.force_login(kota["owner"].user)
    PelatihanFactory.create_batch(3)
    with django_assert_max_num_queries(12) as small:
        client.get(url("list"))
    PelatihanFactory.create_batch(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url("list")).status_code == 200


def test_the_catalog_shows_the_review_flag(client, kota, pelatihan):
    for _ in range(3):
        umpan_balik(PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS), relevansi=2)
    client.force_login(kota["owner"].user)
    assert 'data-testid="perlu-ditinjau"' in client.get(url("list")).content.decode()
    body = client.get(url("detail", pelatihan.pk)).content.decode()
    assert "pertimbangkan mengganti materi atau metode" in body


def test_the_calendar_shows_the_month(client, kota, pelatihan):
    client.force_login(kota["owner"].user)
    body = client.get(url("kalender"), {"bulan": "2027-03"}).content.decode()
    assert "Maret 2027" in body and pelatihan.judul in body
    assert client.get(url("kalender"), {"bulan": "junk"}).status_code == 200


def test_admin_creates_a_training_with_lan_default_jp(client, kota):
    mitra = MitraFactory()
    client.force_login(kota["admin"])
    data = {
        "judul": "Seminar Transformasi Digital",
        "bentuk": "seminar",
        "mitra": mitra.pk,
        "mode": "tatap_muka",
        "skala": "nasional",
        "tanggal_mulai": "2027-05-10",
        "tanggal_selesai": "2027-05-11",
        "jp": "",
        "kuota": 30,
        "biaya_per_peserta": 0,
        "sumber_anggaran": "apbd",
        "status": "rencana",
    }
    response = client.post(url("create"), data)
    pelatihan = Pelatihan.objects.get()
    assert response.status_code == 302
    assert pelatihan.jp == Decimal(8)


def test_training_form_rejects_end_before_start(client, kota):
    client.force_login(kota["admin"])
    response = client.post(
        url("create"),
        {"judul": "X", "bentuk": "seminar", "tanggal_mulai": "2027-05-10", "tanggal_selesai": "2027-05-01", "kuota": 0},
    )
    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Pelatihan.objects.exists()


def test_only_bkpsdm_creates_trainings(client, kota):
    client.force_login(kota["operator"])
    assert client.get(url("create")).status_code == 403


# --- registration and nomination ----------------------------------------------------------------


def test_an_employee_registers_themself(client, kota, pelatihan):
    client.force_login(kota["owner"].user)
    client.post(url("daftar", pelatihan.pk))
    assert Peserta.objects.get().pegawai == kota["owner"]


def test_self_registration_on_a_closed_training_gives_a_message(client, kota):
    pelatihan = PelatihanFactory(status=Pelatihan.Status.RENCANA)
    client.force_login(kota["owner"].user)
    response = client.post(url("daftar", pelatihan.pk), follow=True)
    assert "tidak sedang dibuka" in response.content.decode()
    assert not Peserta.objects.exists()


def test_operator_nominates_in_their_opd_only(client, kota, pelatihan):
    client.force_login(kota["operator"])
    client.post(url("nominasi", pelatihan.pk), {"nip": kota["colleague"].nip})
    response = client.post(url("nominasi", pelatihan.pk), {"nip": kota["outsider"].nip}, follow=True)
    assert "NIP tidak ditemukan" in response.content.decode()
    assert list(Peserta.objects.values_list("pegawai", flat=True)) == [kota["colleague"].pk]


def test_an_employee_cannot_nominate(client, kota, pelatihan):
    client.force_login(kota["owner"].user)
    assert client.post(url("nominasi", pelatihan.pk), {"nip": kota["colleague"].nip}).status_code == 403


def test_the_third_registration_goes_to_the_waiting_list(client, kota, pelatihan):
    client.force_login(kota["admin"])
    for who in ("owner", "colleague", "outsider"):
        response = client.post(url("nominasi", pelatihan.pk), {"nip": kota[who].nip}, follow=True)
    assert "masuk daftar tunggu" in response.content.decode()
    assert Peserta.objects.get(pegawai=kota["outsider"]).status == Peserta.Status.DAFTAR_TUNGGU


def test_outsider_cannot_cancel_someone_elses_seat(client, kota, pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"])
    client.force_login(kota["outsider"].user)
    assert client.post(url("peserta_batal", peserta.pk)).status_code == 404
    client.force_login(kota["operator"])
    client.post(url("peserta_batal", peserta.pk))
    assert Peserta.objects.get().status == Peserta.Status.BATAL


def test_the_participant_list_is_scoped(client, kota, pelatihan):
    PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"])
    PesertaFactory(pelatihan=pelatihan, pegawai=kota["outsider"])
    client.force_login(kota["operator"])
    body = client.get(url("detail", pelatihan.pk)).content.decode()
    assert kota["owner"].nama in body and kota["outsider"].nama not in body


def test_detail_query_count_does_not_grow_with_participants(client, kota, django_assert_max_num_queries):
    pelatihan = PelatihanFactory(kuota=100)
    PesertaFactory.create_batch(3, pelatihan=pelatihan)
    client.force_login(kota["admin"])
    with django_assert_max_num_queries(30) as small:
        client.get(url("detail", pelatihan.pk))
    PesertaFactory.create_batch(9, pelatihan=pelatihan)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("detail", pelatihan.pk))


def test_admin_records_attendance_and_completion(client, kota, pelatihan):
    a = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"])
    b = PesertaFactory(pelatihan=pelatihan, pegawai=kota["colleague"])
    client.force_login(kota["admin"])
    client.post(url("kehadiran", pelatihan.pk), {"hadir": [str(a.pk), "junk"]})
    assert dict(Peserta.objects.values_list("pk", "hadir")) == {a.pk: True, b.pk: False}
    client.post(url("peserta_selesai", a.pk), {"hasil": "1", "nomor_sertifikat": "800/1/BKPSDM/2027"})
    assert CatatanJP.objects.get().pegawai == kota["owner"]
    response = client.post(url("peserta_selesai", b.pk), {"hasil": "1"}, follow=True)
    assert "tidak hadir" in response.content.decode()
    client.post(url("peserta_buka", a.pk))
    assert not CatatanJP.objects.exists()


def test_operator_cannot_record_completion(client, kota, pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"])
    client.force_login(kota["operator"])
    assert client.post(url("peserta_selesai", peserta.pk), {"hasil": "1"}).status_code == 403


# --- feedback --------------------------------------------------------------------------------------


def feedback_data(skor="4"):
    from pelatihan.models import PertanyaanUmpanBalik

    data = {f"q{q.pk}": skor for q in PertanyaanUmpanBalik.objects.aktif()}
    return data | {"saran": "Tambah praktik", "rencana_penerapan": "Terapkan di puskesmas"}


@time_machine.travel("2027-03-07 10:00 +0900")
def test_a_participant_submits_feedback_once(client, kota, pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"], status=Peserta.Status.LULUS)
    client.force_login(kota["owner"].user)
    assert client.get(url("umpan_balik", peserta.pk)).status_code == 200
    assert client.post(url("umpan_balik", peserta.pk), feedback_data()).status_code == 302
    assert client.post(url("umpan_balik", peserta.pk), feedback_data("1")).status_code == 400
    assert set(UmpanBalik.objects.get().jawaban.values_list("nilai", flat=True)) == {4}
    client.post(url("umpan_balik_ubah", peserta.pk), feedback_data("5"))
    assert set(UmpanBalik.objects.get().jawaban.values_list("nilai", flat=True)) == {5}


@time_machine.travel("2027-03-03 10:00 +0900")
def test_feedback_before_the_end_is_a_400(client, kota, pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"], status=Peserta.Status.LULUS)
    client.force_login(kota["owner"].user)
    response = client.post(url("umpan_balik", peserta.pk), feedback_data())
    assert response.status_code == 400
    assert "dibuka setelah pelatihan berakhir" in response.content.decode()
    assert not UmpanBalik.objects.exists()


@time_machine.travel("2027-03-07 10:00 +0900")
def test_non_participants_get_404_on_feedback(client, kota, pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"], status=Peserta.Status.LULUS)
    for user in (kota["colleague"].user, kota["admin"], kota["operator"]):
        client.force_login(user)
        assert client.post(url("umpan_balik", peserta.pk), feedback_data()).status_code == 404
    assert not UmpanBalik.objects.exists()


@time_machine.travel("2027-03-07 10:00 +0900")
def test_missing_scores_give_a_clear_error(client, kota, pelatihan):
    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"], status=Peserta.Status.LULUS)
    client.force_login(kota["owner"].user)
    data = feedback_data()
    data.pop(next(k for k in data if k.startswith("q")))
    response = client.post(url("umpan_balik", peserta.pk), data | {"saran": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 400
    assert "Beri nilai 1–5" in response.content.decode()


def test_feedback_summary_hides_names_and_small_groups(client, kota, pelatihan):
    peserta = [PesertaFactory(pelatihan=pelatihan, status=Peserta.Status.LULUS) for _ in range(3)]
    umpan_balik(peserta[0], saran="<script>alert(1)</script>")
    umpan_balik(peserta[1])
    client.force_login(kota["admin"])
    body = client.get(url("detail", pelatihan.pk)).content.decode()
    assert "Hasil ditampilkan setelah minimal 3" in body
    umpan_balik(peserta[2])
    body = client.get(url("detail", pelatihan.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body


# --- partners ---------------------------------------------------------------------------------------


def test_partner_pages(client, kota, pelatihan):
    client.force_login(kota["owner"].user)
    assert pelatihan.mitra.nama in client.get(url("mitra_list")).content.decode()
    assert pelatihan.judul in client.get(url("mitra_detail", pelatihan.mitra.pk)).content.decode()
    assert client.get(url("mitra_create")).status_code == 403


def test_admin_creates_a_partner_and_mou_dates_are_checked(client, kota):
    client.force_login(kota["admin"])
    bad = {
        "nama": "Universitas Uji",
        "jenis": "perguruan_tinggi",
        "mou_mulai": "2027-01-01",
        "mou_selesai": "2026-01-01",
    }
    assert "Akhir masa MoU" in client.post(url("mitra_create"), bad).content.decode()
    client.post(url("mitra_create"), bad | {"mou_selesai": "2029-01-01"})
    assert Mitra.objects.get().nama == "Universitas Uji"


# --- JP ledger --------------------------------------------------------------------------------------


def test_jp_pages_are_scoped(client, kota):
    CatatanJPFactory(pegawai=kota["owner"], jp=12, tahun=2027)
    client.force_login(kota["owner"].user)
    assert client.get(url("jp_saya")).status_code == 302
    body = client.get(url("jp_pegawai", kota["owner"].pk), {"tahun": 2027}).content.decode()
    assert "kurang 8,0 JP" in body
    assert client.get(url("jp_pegawai", kota["outsider"].pk)).status_code == 404
    assert client.get(url("jp_unit")).status_code == 403


def test_opd_view_lists_who_is_behind_in_scope(client, kota):
    CatatanJPFactory(pegawai=kota["owner"], jp=24, tahun=2027)
    client.force_login(kota["operator"])
    body = client.get(url("jp_unit"), {"tahun": 2027, "kurang": "1"}).content.decode()
    assert kota["colleague"].nama in body
    # Years and keys are never written with a thousands separator ("2.027").
    assert "Capaian JP 2027" in body and '<option value="2027" selected>' in body
    assert kota["owner"].nama not in body and kota["outsider"].nama not in body


def test_opd_view_query_count_is_flat(client, kota, django_assert_max_num_queries):
    client.force_login(kota["operator"])
    with django_assert_max_num_queries(20) as small:
        client.get(url("jp_unit"))
    for p in PegawaiFactory.create_batch(10, unit_kerja=kota["dinkes"]):
        CatatanJPFactory(pegawai=p)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("jp_unit"))


def test_opd_export_is_scoped_and_keeps_nip_as_text(client, kota):
    client.force_login(kota["operator"])
    response = client.get(url("jp_unit"), {"format": "csv", "tahun": 2027})
    body = response.content.decode("utf-8-sig")
    assert kota["owner"].nip in body and kota["outsider"].nip not in body


def test_siasn_export_has_riwayat_kursus_columns(client, kota):
    CatatanJPFactory(pegawai=kota["owner"], judul="=HYPERLINK(1)", tahun=2027)
    CatatanJPFactory(pegawai=kota["owner"], terverifikasi=False, judul="Belum diverifikasi", tahun=2027)
    CatatanJPFactory(pegawai=kota["outsider"], tahun=2027)
    client.force_login(kota["operator"])
    body = client.get(url("jp_siasn"), {"tahun": 2027, "format": "csv"}).content.decode("utf-8-sig")
    header = body.splitlines()[0]
    assert header.startswith("nipBaru,nama,jenisRiwayat,jenisKursusNama,namaKursus,noSertipikat")
    assert "'=HYPERLINK(1)" in body and "Belum diverifikasi" not in body
    assert kota["outsider"].nip not in body


def test_employee_records_external_training_that_counts_after_verification(client, kota, tmp_path):
    client.force_login(kota["owner"].user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    data = {
        "judul": "E-learning Literasi Data untuk ASN",
        "bentuk": "e_learning",
        "penyelenggara": "LAN RI",
        "tanggal": "2027-02-10",
        "jp": "10",
        "nomor_sertifikat": "LAN-123",
        "sertifikat": pdf,
    }
    response = client.post(url("catatan_baru"), data)
    assert response.status_code == 302
    catatan = CatatanJP.objects.get()
    assert catatan.pegawai == kota["owner"] and not catatan.terverifikasi and catatan.tahun == 2027
    assert catatan.sertifikat.name.startswith("sertifikat/") and "passwd" not in catatan.sertifikat.name
    assert catatan.sertifikat.name.endswith(".pdf")
    from pelatihan.models import jp_status

    assert jp_status(kota["owner"], 2027).realisasi == 0
    client.force_login(kota["admin"])
    client.post(url("catatan_verifikasi", catatan.pk))
    assert jp_status(kota["owner"], 2027).realisasi == 10
    # The certificate is downloadable in scope only.
    assert client.get(url("catatan_sertifikat", catatan.pk)).status_code == 200
    client.force_login(kota["outsider"].user)
    assert client.get(url("catatan_sertifikat", catatan.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sertifikat.pdf", b"MZ\x90\x00 not a pdf", "harus berupa PDF, JPG atau PNG"),
        ("besar.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "terlalu besar"),
    ],
)
def test_certificate_upload_is_checked_by_content_and_size(client, kota, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(kota["owner"].user)
    data = {
        "judul": "Kursus",
        "bentuk": "kursus",
        "penyelenggara": "LAN",
        "tanggal": "2027-02-10",
        "jp": "10",
        "sertifikat": SimpleUploadedFile(name, content),
    }
    response = client.post(url("catatan_baru"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CatatanJP.objects.exists()


def test_operator_records_for_own_opd_only(client, kota):
    client.force_login(kota["operator"])
    data = {"judul": "Kursus", "bentuk": "kursus", "penyelenggara": "LAN", "tanggal": "2027-02-10", "jp": "10"}
    assert client.post(url("catatan_baru"), data | {"nip": kota["outsider"].nip}).status_code == 400
    assert client.post(url("catatan_baru"), data | {"nip": kota["owner"].nip}).status_code == 302
    assert CatatanJP.objects.get().pegawai == kota["owner"]


def test_only_bkpsdm_verifies(client, kota):
    catatan = CatatanJPFactory(pegawai=kota["owner"], terverifikasi=False)
    client.force_login(kota["operator"])
    assert client.post(url("catatan_verifikasi", catatan.pk)).status_code == 403
    assert client.get(url("catatan_verifikasi_list")).status_code == 403
    catatan.refresh_from_db()
    assert not catatan.terverifikasi


def test_home_and_employee_page_show_jp(client, kota):
    CatatanJPFactory(pegawai=kota["owner"], jp=5, tahun=date.today().year)
    client.force_login(kota["owner"].user)
    assert 'data-testid="kartu-jp"' in client.get("/").content.decode()
    body = client.get(reverse("pegawai:detail", args=[kota["owner"].pk])).content.decode()
    assert 'data-testid="bagian-jp"' in body
    client.force_login(kota["admin"])
    assert client.get("/").status_code == 200


def test_an_atasan_sees_the_jp_of_their_team_only(client, kota):
    bawahan = PegawaiFactory(unit_kerja=kota["dinkes"], atasan=kota["owner"])
    client.force_login(kota["owner"].user)
    body = client.get(url("jp_unit")).content.decode()
    assert bawahan.nama in body and kota["colleague"].nama not in body
    assert client.get(url("jp_siasn")).status_code == 403


def test_kuota_cannot_drop_below_seated_participants(client, kota, pelatihan):
    PesertaFactory.create_batch(2, pelatihan=pelatihan)
    client.force_login(kota["admin"])
    data = {
        "judul": pelatihan.judul,
        "bentuk": pelatihan.bentuk,
        "mitra": pelatihan.mitra.pk,
        "mode": "tatap_muka",
        "skala": "nasional",
        "tanggal_mulai": "2027-03-01",
        "tanggal_selesai": "2027-03-05",
        "jp": "40",
        "kuota": 1,
        "biaya_per_peserta": 0,
        "sumber_anggaran": "apbd",
        "status": "pendaftaran",
    }
    response = client.post(url("update", pelatihan.pk), data)
    assert "Kuota tidak boleh kurang dari jumlah peserta yang sudah terdaftar (2)." in response.content.decode()
    assert client.post(url("update", pelatihan.pk), data | {"kuota": 3}).status_code == 302


@pytest.mark.parametrize("nip", ["abc", "1.98609E+17", ""])
def test_nominating_a_bad_nip_gives_a_message(client, kota, pelatihan, nip):
    client.force_login(kota["admin"])
    response = client.post(url("nominasi", pelatihan.pk), {"nip": nip}, follow=True)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert not Peserta.objects.exists()


def test_completion_certificate_is_stored_under_a_generated_name_and_scoped(client, kota, pelatihan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    peserta = PesertaFactory(pelatihan=pelatihan, pegawai=kota["owner"])
    png = SimpleUploadedFile("<script>.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="application/pdf")
    client.force_login(kota["admin"])
    client.post(url("peserta_selesai", peserta.pk), {"hasil": "1", "sertifikat": png})
    peserta.refresh_from_db()
    assert peserta.status == Peserta.Status.LULUS
    assert peserta.sertifikat.name.endswith(".png") and "script" not in peserta.sertifikat.name
    client.force_login(kota["owner"].user)
    response = client.get(url("peserta_sertifikat", peserta.pk))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    client.force_login(kota["outsider"].user)
    assert client.get(url("peserta_sertifikat", peserta.pk)).status_code == 404


def test_others_cannot_withdraw_an_external_record(client, kota):
    catatan = CatatanJPFactory(pegawai=kota["owner"], terverifikasi=False)
    client.force_login(kota["colleague"].user)
    assert client.post(url("catatan_hapus", catatan.pk)).status_code == 404
    client.force_login(kota["owner"].user)
    client.post(url("catatan_hapus", catatan.pk))
    assert not CatatanJP.objects.exists()


def test_state_changes_refuse_get(client, kota, pelatihan):
    client.force_login(kota["admin"])
    assert client.get(url("daftar", pelatihan.pk)).status_code == 405
    assert client.get(url("kehadiran", pelatihan.pk)).status_code == 405


def test_the_programme_page_shows_bkpsdm_review_decisions(client):
    pelatihan = PelatihanFactory()
    admin = admin_bkpsdm()
    KeputusanProgram.objects.create(
        pelatihan=pelatihan, keputusan=KeputusanProgram.Keputusan.GANTI_METODE, catatan="Kurangi ceramah", oleh=admin
    )
    client.force_login(PegawaiFactory().user)
    html = client.get(pelatihan.get_absolute_url()).content.decode()
    assert "Keputusan tinjauan program" in html and "Kurangi ceramah" in html


def test_external_training_form_makes_the_employee_choose_the_form_of_development(client, kota):
    client.force_login(kota["owner"].user)
    assert "— pilih bentuk —" in client.get(url("catatan_baru")).content.decode()
    data = {"judul": "Kursus", "bentuk": "", "penyelenggara": "LAN", "tanggal": "2027-02-10", "jp": "10"}
    response = client.post(url("catatan_baru"), data)
    assert response.status_code == 400
    assert "bentuk" in response.context["form"].errors
    assert not CatatanJP.objects.exists()


def test_an_open_registration_shows_no_empty_feedback_summary(client, kota):
    client.force_login(kota["admin"])
    terbuka = PelatihanFactory(status=Pelatihan.Status.PENDAFTARAN)
    selesai = PelatihanFactory(status=Pelatihan.Status.SELESAI)
    assert "Umpan balik peserta" not in client.get(terbuka.get_absolute_url()).content.decode()
    assert "Umpan balik peserta" in client.get(selesai.get_absolute_url()).content.decode()
