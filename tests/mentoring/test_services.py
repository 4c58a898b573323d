import contextlib
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from mentoring import services
from mentoring.models import PasanganMentoring, SesiMentoring
from pegawai.models import Golongan, Pegawai
from pelatihan.models import Bentuk, CatatanJP
from tests.factories import (
    KompetensiFactory,
    PasanganMentoringFactory,
    PegawaiFactory,
    SesiMentoringFactory,
    UnitKerjaFactory,
    admin_bkpsdm,
)

pytestmark = pytest.mark.django_db
Status = PasanganMentoring.Status


def _usulkan(mentor, mentee, by, jenis=PasanganMentoring.Jenis.ORIENTASI, **kwargs):
    today = timezone.localdate()
    return services.usulkan_pasangan(
        mentor=mentor,
        mentee=mentee,
        jenis=jenis,
        tanggal_mulai=kwargs.pop("tanggal_mulai", today),
        tanggal_selesai=kwargs.pop("tanggal_selesai", today + timedelta(days=180)),
        by=by,
        **kwargs,
    )


def _error(excinfo, field):
    return " ".join(excinfo.value.message_dict[field])


def test_it_proposes_a_pair_with_its_goal_checklist(mentor, mentee, admin):
    pasangan = _usulkan(mentor, mentee, admin, target=["Memahami SKP", "Menguasai SIASN"])

    assert pasangan.status == Status.USULAN
    assert pasangan.dibuat_oleh == admin
    assert [t.uraian for t in pasangan.target.all()] == ["Memahami SKP", "Menguasai SIASN"]


def test_it_refuses_self_pairing(mentor, admin):
    with pytest.raises(ValidationError) as excinfo:
        _usulkan(mentor, mentor, admin)
    assert "tidak boleh orang yang sama" in _error(excinfo, "mentor")
    assert not PasanganMentoring.objects.exists()


def test_it_refuses_a_mentor_who_is_not_senior(mentor, mentee, admin):
    with pytest.raises(ValidationError) as excinfo:
        _usulkan(mentee, mentor, admin)
    assert "lebih senior" in _error(excinfo, "mentor")


def test_it_accepts_the_same_golongan_with_longer_service(unit, admin):
    lama = PegawaiFactory(
        unit_kerja=unit, golongan=Golongan.III_A, tmt_pengangkatan=timezone.localdate().replace(year=2010)
    )
    baru = PegawaiFactory(
        unit_kerja=unit, golongan=Golongan.III_A, tmt_pengangkatan=timezone.localdate().replace(year=2024)
    )
    assert _usulkan(lama, baru, admin).mentor == lama


def test_it_refuses_inactive_employees(mentor, mentee, admin):
    Pegawai.objects.filter(pk=mentor.pk).update(status=Pegawai.Status.PENSIUN)
    Pegawai.objects.filter(pk=mentee.pk).update(status=Pegawai.Status.MUTASI_KELUAR)
    with pytest.raises(ValidationError) as excinfo:
        _usulkan(mentor, mentee, admin)
    assert "tidak berstatus aktif (Pensiun)" in _error(excinfo, "mentor")
    assert "tidak berstatus aktif (Mutasi keluar)" in _error(excinfo, "mentee")


def test_it_refuses_an_end_before_the_start(mentor, mentee, admin):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        _usulkan(mentor, mentee, admin, tanggal_mulai=today, tanggal_selesai=today - timedelta(days=1))
    assert "sebelum tanggal mulai" in _error(excinfo, "tanggal_selesai")


def test_it_keeps_the_mentor_capacity(mentor, unit, admin, settings):
    settings.MENTORING_KAPASITAS_MENTOR = 2
    PasanganMentoringFactory(mentor=mentor)
    PasanganMentoringFactory(mentor=mentor, status=Status.USULAN)
    PasanganMentoringFactory(mentor=mentor, status=Status.SELESAI)  # closed pairs free their slot
    baru = PegawaiFactory(unit_kerja=unit, golongan=Golongan.II_A)

    with pytest.raises(ValidationError) as excinfo:
        _usulkan(mentor, baru, admin)

    assert "sudah membimbing 2 mentee (kapasitas 2)" in _error(excinfo, "mentor")


def test_it_allows_one_running_pair_per_mentee_and_jenis(mentor, mentee, unit, admin):
    _usulkan(mentor, mentee, admin)
    other = PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_B)

    with pytest.raises(ValidationError) as excinfo:
        _usulkan(other, mentee, admin)
    assert "sudah punya pasangan mentoring orientasi pegawai baru" in _error(excinfo, "mentee")
    # Another jenis is fine.
    assert _usulkan(other, mentee, admin, jenis=PasanganMentoring.Jenis.KARIER).status == Status.USULAN


def test_the_mentor_accepts_once(mentor, mentee, admin):
    pasangan = _usulkan(mentor, mentee, admin)
    services.terima_pasangan(pasangan=pasangan, by=mentor.user)
    pasangan.refresh_from_db()
    assert pasangan.status == Status.AKTIF and pasangan.diterima is not None

    with pytest.raises(ValidationError, match="sudah ditanggapi"):
        services.terima_pasangan(pasangan=pasangan, by=mentor.user)


def test_cancelling_needs_a_reason_and_frees_the_slot(mentor, mentee, admin):
    pasangan = _usulkan(mentor, mentee, admin)
    with pytest.raises(ValidationError) as excinfo:
        services.batalkan_pasangan(pasangan=pasangan, by=admin, alasan="  ")
    assert "Alasan" in _error(excinfo, "alasan")

    services.batalkan_pasangan(pasangan=pasangan, by=admin, alasan="Mentor cuti besar")

    pasangan.refresh_from_db()
    assert pasangan.status == Status.DIBATALKAN and pasangan.catatan_penutup == "Mentor cuti besar"
    assert _usulkan(mentor, mentee, admin).status == Status.USULAN


def test_confirming_a_session_credits_jp_to_the_mentee_ledger():
    sesi = SesiMentoringFactory(durasi_menit=100)
    pasangan = sesi.pasangan

    services.konfirmasi_sesi(sesi=sesi, by=pasangan.mentee.user)

    sesi.refresh_from_db()
    catatan = sesi.catatan_jp
    assert sesi.dikonfirmasi_oleh == pasangan.mentee.user and sesi.is_dikonfirmasi
    assert catatan.pegawai == pasangan.mentee
    assert catatan.jp == Decimal("2.2")
    assert catatan.sumber == CatatanJP.Sumber.MENTORING and catatan.bentuk == Bentuk.MENTORING
    assert catatan.terverifikasi and catatan.tahun == sesi.tanggal.year and catatan.tanggal == sesi.tanggal
    assert pasangan.mentor.nama_lengkap in catatan.judul
    assert CatatanJP.objects.filter(pegawai=pasangan.mentee).dihitung().count() == 1


def test_the_logger_cannot_confirm_their_own_session():
    sesi = SesiMentoringFactory()
    with pytest.raises(ValidationError, match="bukan pencatatnya"):
        services.konfirmasi_sesi(sesi=sesi, by=sesi.pasangan.mentor.user)
    assert not CatatanJP.objects.exists()


def test_a_session_logged_by_the_mentee_is_confirmed_by_the_mentor():
    pasangan = PasanganMentoringFactory()
    sesi = SesiMentoringFactory(pasangan=pasangan, dicatat_oleh=pasangan.mentee.user)
    services.konfirmasi_sesi(sesi=sesi, by=pasangan.mentor.user)
    assert CatatanJP.objects.get().pegawai == pasangan.mentee


def test_a_session_is_confirmed_and_credited_only_once():
    sesi = SesiMentoringFactory()
    services.konfirmasi_sesi(sesi=sesi, by=sesi.pasangan.mentee.user)
    with pytest.raises(ValidationError, match="sudah dikonfirmasi"):
        services.konfirmasi_sesi(sesi=sesi, by=sesi.pasangan.mentee.user)
    assert CatatanJP.objects.count() == 1


def test_closing_scores_each_competence_and_needs_confirmed_sessions():
    pasangan = PasanganMentoringFactory()
    kompetensi = KompetensiFactory()
    penilaian = [(kompetensi, 4, "Sudah mandiri menyusun laporan")]
    with pytest.raises(ValidationError, match="Belum ada sesi"):
        services.tutup_pasangan(pasangan=pasangan, by=pasangan.mentor.user, penilaian=penilaian)
    sesi = SesiMentoringFactory(pasangan=pasangan)
    with pytest.raises(ValidationError, match="belum dikonfirmasi"):
        services.tutup_pasangan(pasangan=pasangan, by=pasangan.mentor.user, penilaian=penilaian)
    services.konfirmasi_sesi(sesi=sesi, by=pasangan.mentee.user)

    services.tutup_pasangan(pasangan=pasangan, by=pasangan.mentor.user, penilaian=penilaian, catatan="Tuntas")

    pasangan.refresh_from_db()
    assert pasangan.status == Status.SELESAI and pasangan.catatan_penutup == "Tuntas"
    assert [(p.kompetensi, p.nilai) for p in pasangan.penilaian.all()] == [(kompetensi, 4)]


def test_it_suggests_senior_mentors_same_opd_first_then_lightest_load(admin, django_assert_num_queries):
    today = timezone.localdate()
    opd = UnitKerjaFactory()
    opd_lain = UnitKerjaFactory()
    baru = PegawaiFactory(unit_kerja=opd, golongan=Golongan.III_B, tmt_pengangkatan=today - timedelta(days=30))
    sibuk = PegawaiFactory(unit_kerja=opd, golongan=Golongan.IV_A)
    PasanganMentoringFactory(mentor=sibuk)
    luang = PegawaiFactory(unit_kerja=opd, golongan=Golongan.III_C)
    luar = PegawaiFactory(unit_kerja=opd_lain, golongan=Golongan.IV_C)
    PegawaiFactory(unit_kerja=opd, golongan=Golongan.II_C)  # junior: never a candidate
    penuh = PegawaiFactory(unit_kerja=opd, golongan=Golongan.IV_B)
    for _ in range(3):
        PasanganMentoringFactory(mentor=penuh)

    baru_qs = services.pegawai_baru(user=admin, today=today).filter(unit_kerja__in=[opd, opd_lain])
    mentees = list(baru_qs.select_related("unit_kerja"))
    with django_assert_num_queries(2):
        saran = services.saran_mentor(mentees=mentees, user=admin, today=today)

    assert mentees == [baru]
    assert [c.pegawai for c in saran[baru.pk]] == [luang, sibuk, luar]
    assert [c.beban for c in saran[baru.pk]] == [0, 1, 0]
    assert not saran[baru.pk][2].satu_opd


def test_new_employees_with_a_running_pair_get_no_suggestion(mentee, admin):
    today = timezone.localdate()
    assert mentee in services.pegawai_baru(user=admin, today=today)
    PasanganMentoringFactory(mentee=mentee, status=Status.USULAN)
    assert mentee not in services.pegawai_baru(user=admin, today=today)


def _race(calls):
    """Run the calls at once on separate connections; return their results or rule messages."""
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            call()
            results.append("ok")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Row locks need PostgreSQL; SQLite serialises whole transactions."
)


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_proposals_for_the_last_slot_exactly_one_wins(monkeypatch):
    # Hold each proposal between its capacity check and its insert, so that without the row lock
    # both would pass the check; with it, the second waits for the first to commit.
    checked = threading.Barrier(2, timeout=1)
    check = services._check_aturan

    def check_then_wait(**kwargs):
        check(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait()

    monkeypatch.setattr(services, "_check_aturan", check_then_wait)
    admin = admin_bkpsdm()
    unit = UnitKerjaFactory()
    mentor = PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_A)
    PasanganMentoringFactory(mentor=mentor)
    PasanganMentoringFactory(mentor=mentor)
    calon = [PegawaiFactory(unit_kerja=unit, golongan=Golongan.II_A) for _ in range(2)]

    results = _race([lambda m=m: _usulkan(mentor, m, admin) for m in calon])

    assert sorted(results)[-1] == "ok" and results.count("ok") == 1
    assert any("kapasitas 3" in r for r in results)
    assert PasanganMentoring.objects.filter(mentor=mentor, status__in=services.BERJALAN).count() == 3


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_proposals_for_one_mentee_and_jenis_exactly_one_wins():
    admin = admin_bkpsdm()
    unit = UnitKerjaFactory()
    mentee = PegawaiFactory(unit_kerja=unit, golongan=Golongan.II_A)
    mentors = [PegawaiFactory(unit_kerja=unit, golongan=Golongan.IV_A) for _ in range(2)]

    results = _race([lambda m=m: _usulkan(m, mentee, admin) for m in mentors])

    assert results.count("ok") == 1
    assert any("sudah punya pasangan" in r for r in results)
    assert PasanganMentoring.objects.filter(mentee=mentee).count() == 1


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirmations_credit_jp_once():
    sesi = SesiMentoringFactory()
    user = sesi.pasangan.mentee.user

    results = _race([lambda: services.konfirmasi_sesi(sesi=sesi, by=user)] * 2)

    assert results.count("ok") == 1
    assert CatatanJP.objects.count() == 1
    assert SesiMentoring.objects.get().catatan_jp is not None
