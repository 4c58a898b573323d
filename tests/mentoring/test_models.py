from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from mentoring.models import PasanganMentoring, SesiMentoring, is_senior, jp_untuk_menit
from pegawai.models import Golongan, Pegawai
from tests.factories import PasanganMentoringFactory, SesiMentoringFactory

pytestmark = pytest.mark.django_db


def _pegawai(golongan, tmt=date(2015, 1, 1)):
    return Pegawai(golongan=golongan, tmt_pengangkatan=tmt)


@pytest.mark.parametrize(
    ("menit", "jp"), [(45, "1.0"), (90, "2.0"), (60, "1.3"), (15, "0.3"), (100, "2.2"), (480, "10.7")]
)
def test_it_converts_minutes_to_jp_rounded_to_a_tenth(menit, jp):
    assert jp_untuk_menit(menit) == Decimal(jp)


def test_it_reads_minutes_per_jp_from_settings(settings):
    settings.MENTORING_MENIT_PER_JP = 60
    assert jp_untuk_menit(90) == Decimal("1.5")


def test_it_ranks_seniority_by_golongan_then_service():
    assert is_senior(_pegawai(Golongan.III_B), _pegawai(Golongan.III_A))
    assert not is_senior(_pegawai(Golongan.III_A), _pegawai(Golongan.III_B))
    # Same golongan: the longer service is senior.
    assert is_senior(_pegawai(Golongan.III_A, date(2010, 1, 1)), _pegawai(Golongan.III_A, date(2020, 1, 1)))
    assert not is_senior(_pegawai(Golongan.III_A, date(2020, 1, 1)), _pegawai(Golongan.III_A, date(2010, 1, 1)))
    # PNS and PPPK share the rank: III/b (100) and X PPPK (101) are the same rank.
    assert not is_senior(_pegawai(Golongan.PPPK_X, date(2024, 1, 1)), _pegawai(Golongan.III_B, date(2015, 1, 1)))
    assert is_senior(_pegawai(Golongan.PPPK_XI), _pegawai(Golongan.III_B))
    assert not is_senior(_pegawai(None), _pegawai(Golongan.I_A))


def test_it_can_require_a_strictly_higher_golongan(settings):
    settings.MENTORING_ATURAN_SENIORITAS = "golongan"
    assert not is_senior(_pegawai(Golongan.III_A, date(2000, 1, 1)), _pegawai(Golongan.III_A, date(2020, 1, 1)))
    assert is_senior(_pegawai(Golongan.III_B), _pegawai(Golongan.III_A))


def test_it_finds_active_pairs_without_a_session_for_30_days():
    today = timezone.localdate()
    lama = PasanganMentoringFactory()
    SesiMentoringFactory(pasangan=lama, tanggal=today - timedelta(days=31))
    baru = PasanganMentoringFactory()
    SesiMentoringFactory(pasangan=baru, tanggal=today - timedelta(days=5))
    belum_mulai_lama = PasanganMentoringFactory(tanggal_mulai=today - timedelta(days=10))
    tanpa_sesi = PasanganMentoringFactory(tanggal_mulai=today - timedelta(days=45))
    PasanganMentoringFactory(status=PasanganMentoring.Status.SELESAI, tanggal_mulai=today - timedelta(days=300))

    found = set(PasanganMentoring.objects.tanpa_sesi(today=today))

    assert found == {lama, tanpa_sesi}
    assert belum_mulai_lama not in found
    rows = {p.pk: p.tanpa_sesi_lama for p in PasanganMentoring.objects.with_ringkasan()}
    assert rows[lama.pk] and rows[tanpa_sesi.pk] and not rows[baru.pk]


def test_it_lists_sessions_waiting_for_the_other_side():
    pasangan = PasanganMentoringFactory()
    dari_mentor = SesiMentoringFactory(pasangan=pasangan)
    dari_mentee = SesiMentoringFactory(pasangan=pasangan, dicatat_oleh=pasangan.mentee.user)

    assert list(SesiMentoring.objects.menunggu_konfirmasi(pasangan.mentee)) == [dari_mentor]
    assert list(SesiMentoring.objects.menunggu_konfirmasi(pasangan.mentor)) == [dari_mentee]
    assert dari_mentor.pengonfirmasi() == pasangan.mentee
    assert dari_mentee.pengonfirmasi() == pasangan.mentor
