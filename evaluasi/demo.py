"""Demo evaluations: one overdue cycle, one cycle falling due, level-3 evaluations done and due.

The cycles are dated around `today` (not inside the plan year) so that `send_reminders` on fresh
demo data has real work to do: overdue self-assessments, Atasan ratings and level-3 evaluations.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from pegawai.models import Pegawai
from pelatihan.models import Peserta
from rencana.models import RencanaPengembangan, TahunRencana

from . import services
from .models import EvaluasiPascaPelatihan, EvaluasiProgres, SiklusEvaluasi, pascapelatihan_jatuh_tempo

PREDIKAT = [EvaluasiProgres.Predikat.DI_ATAS, EvaluasiProgres.Predikat.SESUAI, EvaluasiProgres.Predikat.DI_BAWAH]
HAMBATAN = ["", "", "Anggaran pelatihan belum cair.", "Jadwal pelatihan bentrok dengan tugas lapangan.", ""]


def _cycles(tahun, today: date):
    overdue, _ = SiklusEvaluasi.objects.get_or_create(
        tahun=tahun,
        jenis=SiklusEvaluasi.Jenis.SEMESTER_1,
        defaults={
            "tanggal_mulai": today - timedelta(days=45),
            "batas_penilaian_diri": today - timedelta(days=15),
            "batas_penilaian_atasan": today - timedelta(days=3),
        },
    )
    due, _ = SiklusEvaluasi.objects.get_or_create(
        tahun=tahun,
        jenis=SiklusEvaluasi.Jenis.SEMESTER_2,
        defaults={
            "tanggal_mulai": today - timedelta(days=7),
            "batas_penilaian_diri": today + timedelta(days=5),
            "batas_penilaian_atasan": today + timedelta(days=20),
        },
    )
    return overdue, due


def _progress(rng: random.Random, siklus: SiklusEvaluasi, today: date) -> None:
    """Most employees assessed themselves, most Atasan rated; the rest is overdue."""
    now = timezone.now()
    jumlah_item = dict(
        RencanaPengembangan.objects.filter(evaluasi__siklus=siklus).annotate(n=Count("item")).values_list("pk", "n")
    )
    evaluasi = list(EvaluasiProgres.objects.filter(siklus=siklus).select_related("pegawai__user"))
    for e in evaluasi:
        if (e.pegawai.user and e.pegawai.user.username == "pegawai") or rng.random() < 0.3:
            continue  # the demo employee and 30 % of the others are overdue
        e.status = EvaluasiProgres.Status.DINILAI_DIRI
        e.item_selesai = rng.randint(0, jumlah_item.get(e.rencana_id, 0))
        e.hambatan = rng.choice(HAMBATAN)
        e.jp_realisasi = rng.choice([0, 8, 12, 20, 24, 32])
        e.dinilai_diri_pada = now - timedelta(days=rng.randint(16, 40))
        if e.pegawai.atasan_id and rng.random() < 0.7:
            e.status = EvaluasiProgres.Status.SELESAI
            e.penilai_id = e.pegawai.atasan_id
            e.predikat = rng.choices(PREDIKAT, weights=[2, 6, 2])[0]
            e.dinilai_atasan_pada = now - timedelta(days=rng.randint(4, 15))
    EvaluasiProgres.objects.bulk_update(
        evaluasi,
        ["status", "item_selesai", "hambatan", "jp_realisasi", "dinilai_diri_pada", "penilai", "predikat"]
        + ["dinilai_atasan_pada"],
        batch_size=2000,
    )


def _level3(rng: random.Random, today: date) -> int:
    """Half of the due level-3 evaluations are done (programmes get averages); the others stay due."""
    due = list(pascapelatihan_jatuh_tempo(today).filter(pegawai__atasan__isnull=False).values("pk", "pegawai__atasan"))
    done = [
        EvaluasiPascaPelatihan(
            peserta_id=row["pk"],
            penilai_id=row["pegawai__atasan"],
            perubahan_perilaku=rng.choices([2, 3, 4, 5], weights=[1, 3, 4, 2])[0],
            penerapan=rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 4, 2])[0],
            catatan=rng.choice(["", "Sudah menerapkan di unit kerja.", "Perlu pendampingan lanjutan."]),
        )
        for row in due
        if rng.random() < 0.5
    ]
    EvaluasiPascaPelatihan.objects.bulk_create(done, batch_size=2000, ignore_conflicts=True)
    return len(done)


@transaction.atomic
def seed(*, rng: random.Random, today: date) -> str:
    """Create demo data idempotently; return a one-line summary for seed_demo's output."""
    tahun = (
        RencanaPengembangan.objects.filter(status=RencanaPengembangan.Status.DIVERIFIKASI)
        .order_by("-tahun__tahun")
        .values_list("tahun", flat=True)
        .first()
    )
    if tahun is None or SiklusEvaluasi.objects.filter(tahun_id=tahun).exists():
        return ""  # no verified plans yet, or seeded before: a second run adds nothing
    overdue, due = _cycles(TahunRencana.objects.get(pk=tahun), today)
    jumlah = services.open_siklus(siklus=overdue) + services.open_siklus(siklus=due)
    _progress(rng, overdue, today)
    l3 = _level3(rng, today)
    terlambat = EvaluasiProgres.objects.terlambat(today).count()
    lulus = Peserta.objects.filter(status=Peserta.Status.LULUS, pegawai__status=Pegawai.Status.AKTIF).count()
    return f"Evaluasi: {jumlah} evaluasi progres ({terlambat} terlambat), {l3} evaluasi L3 dari {lulus} peserta lulus."
