from datetime import date

import pytest

from pegawai.models import Pegawai, PenilaianKompetensi, StandarKompetensi
from pelatihan.models import CatatanJP, Pelatihan, Peserta
from pelatihan.services import (
    PelatihanError,
    cancel_peserta,
    complete_peserta,
    record_kehadiran,
    register_peserta,
    suggest_peserta,
    undo_completion,
    verify_catatan,
)
from tests.factories import (
    CatatanJPFactory,
    JabatanFactory,
    KompetensiFactory,
    PegawaiFactory,
    PelatihanFactory,
    PesertaFactory,
    admin_bkpsdm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return admin_bkpsdm()


@pytest.fixture
def pelatihan():
    return PelatihanFactory(kuota=2, status=Pelatihan.Status.PENDAFTARAN)


def test_it_seats_until_the_kuota_then_waitlists(pelatihan, admin):
    a, b, c = PegawaiFactory.create_batch(3)
    assert register_peserta(pelatihan=pelatihan, pegawai=a, by=admin).dapat_kursi
    assert register_peserta(pelatihan=pelatihan, pegawai=b, by=admin).dapat_kursi
    hasil = register_peserta(pelatihan=pelatihan, pegawai=c, by=admin)
    assert not hasil.dapat_kursi
    assert hasil.peserta.status == Peserta.Status.DAFTAR_TUNGGU
    assert "Kuota penuh" in hasil.pesan


def test_it_refuses_a_second_seat_for_the_same_employee(pelatihan, admin):
    a = PegawaiFactory()
    register_peserta(pelatihan=pelatihan, pegawai=a, by=admin)
    with pytest.raises(PelatihanError, match="sudah terdaftar"):
        register_peserta(pelatihan=pelatihan, pegawai=a, by=admin)
    assert Peserta.objects.filter(pegawai=a).count() == 1


def test_self_registration_needs_open_registration(admin):
    pelatihan = PelatihanFactory(status=Pelatihan.Status.RENCANA)
    a = PegawaiFactory()
    with pytest.raises(PelatihanError, match="tidak sedang dibuka"):
        register_peserta(pelatihan=pelatihan, pegawai=a, by=a.user)
    # BKPSDM may already nominate while the training is still planned.
    assert register_peserta(pelatihan=pelatihan, pegawai=a, by=admin).dapat_kursi


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(pelatihan, admin):
    a, b, c, d = PegawaiFactory.create_batch(4)
    seats = [register_peserta(pelatihan=pelatihan, pegawai=p, by=admin).peserta for p in (a, b, c, d)]
    promoted = cancel_peserta(peserta=seats[0], by=admin)
    assert promoted.pegawai == c
    statuses = dict(Peserta.objects.values_list("pegawai", "status"))
    assert statuses == {a.pk: "batal", b.pk: "terdaftar", c.pk: "terdaftar", d.pk: "daftar_tunggu"}


def test_a_cancelled_employee_can_register_again(pelatihan, admin):
    a = PegawaiFactory()
    peserta = register_peserta(pelatihan=pelatihan, pegawai=a, by=admin).peserta
    cancel_peserta(peserta=peserta, by=admin)
    assert register_peserta(pelatihan=pelatihan, pegawai=a, by=a.user).dapat_kursi
    assert Peserta.objects.get().status == Peserta.Status.TERDAFTAR


def test_completion_credits_jp_and_undo_removes_it(admin):
    pelatihan = PelatihanFactory(jp=32, tanggal_mulai=date(2027, 3, 1), tanggal_selesai=date(2027, 3, 4))
    peserta = PesertaFactory(pelatihan=pelatihan)
    complete_peserta(peserta=peserta, lulus=True, nomor_sertifikat=" 001/BKPSDM ", by=admin)
    catatan = CatatanJP.objects.get(peserta=peserta)
    assert (catatan.jp, catatan.tahun, catatan.terverifikasi, catatan.sumber) == (32, 2027, True, "pelatihan")
    assert catatan.nomor_sertifikat == "001/BKPSDM"
    assert catatan.penyelenggara == pelatihan.mitra.nama
    # Completing twice does not credit twice.
    complete_peserta(peserta=peserta, lulus=True, by=admin)
    assert CatatanJP.objects.count() == 1
    undo_completion(peserta=peserta)
    assert not CatatanJP.objects.exists()
    assert Peserta.objects.get().status == Peserta.Status.TERDAFTAR


def test_failing_removes_credited_jp(admin):
    peserta = PesertaFactory()
    complete_peserta(peserta=peserta, lulus=True, by=admin)
    complete_peserta(peserta=peserta, lulus=False, by=admin)
    assert not CatatanJP.objects.exists()


def test_an_absent_participant_cannot_pass(admin):
    peserta = PesertaFactory()
    record_kehadiran(pelatihan=peserta.pelatihan, hadir_ids=set())
    with pytest.raises(PelatihanError, match="tidak hadir"):
        complete_peserta(peserta=peserta, lulus=True, by=admin)


def test_attendance_marks_present_and_absent(admin):
    pelatihan = PelatihanFactory()
    a, b = PesertaFactory.create_batch(2, pelatihan=pelatihan)
    assert record_kehadiran(pelatihan=pelatihan, hadir_ids={a.pk}) == 1
    assert dict(Peserta.objects.values_list("pk", "hadir")) == {a.pk: True, b.pk: False}


def test_verifying_an_external_record_is_idempotent(admin):
    catatan = CatatanJPFactory(terverifikasi=False)
    assert verify_catatan(catatan=catatan, by=admin) is True
    assert verify_catatan(catatan=catatan, by=admin) is False
    catatan.refresh_from_db()
    assert catatan.terverifikasi and catatan.diverifikasi_oleh == admin


def test_it_suggests_employees_with_a_gap_in_the_target_competence(django_assert_max_num_queries):
    kompetensi, lain = KompetensiFactory.create_batch(2)
    jabatan = JabatanFactory()
    StandarKompetensi.objects.create(jabatan=jabatan, kompetensi=kompetensi, level=3)
    StandarKompetensi.objects.create(jabatan=jabatan, kompetensi=lain, level=3)
    besar, kecil, cukup, lain_saja, terdaftar = PegawaiFactory.create_batch(5, jabatan=jabatan)
    for pegawai, k, level in [
        (besar, kompetensi, 1),
        (kecil, kompetensi, 2),
        (cukup, kompetensi, 3),
        (lain_saja, lain, 1),
        (terdaftar, kompetensi, 1),
    ]:
        PenilaianKompetensi.objects.create(pegawai=pegawai, kompetensi=k, level=level, tanggal=date(2026, 1, 1))
    pelatihan = PelatihanFactory()
    pelatihan.kompetensi.add(kompetensi)
    PesertaFactory(pelatihan=pelatihan, pegawai=terdaftar)
    with django_assert_max_num_queries(3):
        saran = suggest_peserta(pelatihan=pelatihan, pegawai_qs=Pegawai.objects.all())
    assert saran == [besar, kecil]
    assert saran[0].kesenjangan_total == 2


def test_employees_with_an_approved_plan_item_come_first(kota_rencana):
    pelatihan, direncanakan, draf, senjang = kota_rencana
    saran = suggest_peserta(pelatihan=pelatihan, pegawai_qs=Pegawai.objects.all())
    assert saran == [direncanakan, senjang]
    assert saran[0].dari_rencana and not saran[1].dari_rencana


@pytest.fixture
def kota_rencana(admin):
    from rencana.models import ItemRencana, RencanaPengembangan, TahunRencana

    kompetensi = KompetensiFactory()
    jabatan = JabatanFactory()
    StandarKompetensi.objects.create(jabatan=jabatan, kompetensi=kompetensi, level=3)
    direncanakan, draf, senjang = PegawaiFactory.create_batch(3, jabatan=jabatan)
    PenilaianKompetensi.objects.create(pegawai=senjang, kompetensi=kompetensi, level=2, tanggal=date(2026, 1, 1))
    pelatihan = PelatihanFactory()
    pelatihan.kompetensi.add(kompetensi)
    tahun = TahunRencana.objects.create(
        tahun=2027,
        batas_pengajuan=date(2027, 1, 31),
        batas_persetujuan=date(2027, 2, 28),
        batas_verifikasi=date(2027, 3, 31),
    )
    for pegawai, status in ((direncanakan, "disetujui"), (draf, "draf")):
        rencana = RencanaPengembangan.objects.create(pegawai=pegawai, tahun=tahun, status=status)
        ItemRencana.objects.create(
            rencana=rencana, kompetensi=kompetensi, bentuk="pelatihan_teknis", pelatihan=pelatihan, jp=40, triwulan=1
        )
    return pelatihan, direncanakan, draf, senjang
