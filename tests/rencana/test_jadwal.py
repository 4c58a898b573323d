from datetime import date

import pytest

from rencana.tahunan import jadwal_evaluasi
from tests.factories import SiklusFactory, TahunRencanaFactory

pytestmark = pytest.mark.django_db


def test_the_schedule_prints_bkpsdm_cycles_of_the_year():
    tahun = TahunRencanaFactory(tahun=2027)
    SiklusFactory(
        tahun=tahun,
        jenis="semester_2",
        tanggal_mulai=date(2027, 12, 1),
        batas_penilaian_diri=date(2027, 12, 15),
        batas_penilaian_atasan=date(2028, 1, 10),
    )
    SiklusFactory(tahun=tahun)
    jadwal = jadwal_evaluasi(2027)
    assert [(j.nama, j.mulai, j.selesai) for j in jadwal[:2]] == [
        ("Evaluasi Semester I", date(2027, 6, 1), date(2027, 7, 15)),
        ("Evaluasi Semester II", date(2027, 12, 1), date(2028, 1, 10)),
    ]
    assert jadwal[-1].nama == "Evaluasi pascapelatihan (level 3)"


def test_before_bkpsdm_opens_cycles_the_standard_semester_checks_are_printed():
    jadwal = jadwal_evaluasi(2027)
    assert [j.nama for j in jadwal] == [
        "Evaluasi Semester I",
        "Evaluasi Semester II",
        "Evaluasi pascapelatihan (level 3)",
    ]
    assert "3 bulan" in jadwal[-1].keterangan
