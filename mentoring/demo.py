"""Demo mentoring: about 60 pairs in every state with sessions, JP credit, feedback and closing scores.

The demo `pegawai` is the mentee of an active pair with one session waiting for their confirmation,
and one active pair has had no session for more than 30 days (overdue).
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from akun.models import User
from pegawai.models import Pegawai, StandarKompetensi
from pelatihan.models import CatatanJP

from .models import (
    PERNYATAAN_UMPAN_BALIK,
    PasanganMentoring,
    PenilaianMentee,
    SesiMentoring,
    TargetMentoring,
    UmpanBalikMentoring,
    is_senior,
)
from .services import TARGET_ORIENTASI

Status = PasanganMentoring.Status
Jenis = PasanganMentoring.Jenis
JUMLAH = 60
KAPASITAS = 3
TOPIK = [
    "Pengenalan struktur organisasi dan tugas unit",
    "Penyusunan SKP dan rencana hasil kerja",
    "Tata naskah dinas dan korespondensi",
    "Pelayanan publik dan standar pelayanan",
    "Penggunaan aplikasi SIASN dan e-Kinerja",
    "Pengelolaan keuangan kegiatan",
    "Penyusunan laporan bulanan",
    "Nilai BerAKHLAK dalam pekerjaan sehari-hari",
    "Rencana proyek perubahan",
    "Evaluasi capaian dan rencana tindak lanjut",
]
# Status of the generated pairs in turn (the first two are fixed: the demo pegawai's and the overdue one).
POLA = [Status.AKTIF] * 5 + [Status.USULAN, Status.SELESAI, Status.SELESAI, Status.DIBATALKAN, Status.AKTIF]


def _opd(pegawai) -> str:
    return pegawai.unit_kerja.path.split("/")[0]


def _pairs(rng, pegawai, demo_mentee):
    """(mentor, mentee) pairs within each OPD, the demo pegawai's first; seniority and capacity hold."""
    beban: dict[int, int] = {}
    used: set[int] = set()
    result = []

    def mentor_for(mentee, candidates):
        pilihan = [p for p in candidates if p.pk not in used and beban.get(p.pk, 0) < KAPASITAS]
        pilihan = [p for p in pilihan if is_senior(p, mentee)]
        if not pilihan:
            return None
        # The least senior of the seniors: a mentor a few ranks up, not the head of the OPD.
        mentor = rng.choice(pilihan[-6:])
        beban[mentor.pk] = beban.get(mentor.pk, 0) + 1
        return mentor

    per_opd: dict[str, list] = {}
    for p in sorted(pegawai, key=lambda p: (-p.golongan, p.tmt_pengangkatan)):
        per_opd.setdefault(_opd(p), []).append(p)
    if demo_mentee is not None:
        calon = [p for p in per_opd[_opd(demo_mentee)] if p.user.username not in ("atasan", "operator")]
        mentor = mentor_for(demo_mentee, calon)
        if mentor is not None:
            used.add(demo_mentee.pk)
            result.append((mentor, demo_mentee))
    for orang in per_opd.values():
        juniors = orang[len(orang) // 2 :]
        rng.shuffle(juniors)
        for mentee in juniors:
            if len(result) >= JUMLAH:
                return result
            if mentee.pk in used:
                continue
            mentor = mentor_for(mentee, orang)
            if mentor is not None:
                used.add(mentee.pk)
                result.append((mentor, mentee))
    return result


def _aware(tanggal: date) -> datetime:
    return timezone.make_aware(datetime.combine(tanggal, time(10, 0)))


def _tercapai(pasangan, n: int) -> date | None:
    """Closed pairs reached every target; running ones the first."""
    if pasangan.status == Status.SELESAI or (pasangan.status == Status.AKTIF and n == 0):
        return pasangan.tanggal_mulai + timedelta(days=30 * (n + 1))
    return None


def _sesi_dates(rng, mulai: date, akhir: date, jumlah: int) -> list[date]:
    span = max(1, (akhir - mulai).days)
    return sorted(mulai + timedelta(days=rng.randint(0, span)) for _ in range(jumlah))


@transaction.atomic
def seed(*, rng: random.Random, today: date) -> str:
    """Create demo data idempotently; return a one-line summary for seed_demo's output."""
    if PasanganMentoring.objects.exists():
        return f"Mentoring: {PasanganMentoring.objects.count()} pasangan sudah ada."
    admin = User.objects.filter(username="bkpsdm").first()
    if admin is None:
        return ""
    pegawai = list(
        Pegawai.objects.aktif()
        .filter(golongan__isnull=False, user__isnull=False)
        .select_related("unit_kerja", "user")
        .order_by("pk")
    )
    demo_mentee = next((p for p in pegawai if p.user.username == "pegawai"), None)
    pairs = _pairs(rng, pegawai, demo_mentee)
    standar: dict[int, list[int]] = {}
    for jabatan_id, kompetensi_id in StandarKompetensi.objects.values_list("jabatan_id", "kompetensi_id"):
        standar.setdefault(jabatan_id, []).append(kompetensi_id)

    pasangan, sesi_rows = [], []
    for i, (mentor, mentee) in enumerate(pairs):
        status = Status.AKTIF if i < 2 else POLA[i % len(POLA)]
        if i == 0:
            jenis = Jenis.KARIER
        elif (today - mentee.tmt_pengangkatan).days < 730:
            jenis = Jenis.ORIENTASI
        else:
            jenis = rng.choice(list(Jenis))
        if status == Status.USULAN:
            mulai = today + timedelta(days=rng.randint(3, 14))
        elif status == Status.SELESAI:
            mulai = today - timedelta(days=rng.randint(220, 420))
        else:
            mulai = today - timedelta(days=rng.randint(60, 150))
        selesai = mulai + timedelta(days=182)
        p = PasanganMentoring(
            mentor=mentor,
            mentee=mentee,
            jenis=jenis,
            tujuan=f"{jenis.label} bagi {mentee.nama_lengkap} di {mentee.unit_kerja}.",
            tanggal_mulai=mulai,
            tanggal_selesai=selesai,
            status=status,
            dibuat_oleh=admin,
            diterima=_aware(mulai) if status in (Status.AKTIF, Status.SELESAI) else None,
            ditutup=_aware(selesai) if status == Status.SELESAI else None,
            ditutup_oleh=mentor.user if status == Status.SELESAI else None,
        )
        if status == Status.DIBATALKAN:
            p.ditutup, p.ditutup_oleh = _aware(mulai + timedelta(days=20)), admin
            p.catatan_penutup = "Mentor dimutasi ke unit kerja lain."
        pasangan.append(p)
        if status in (Status.AKTIF, Status.SELESAI):
            # The overdue pair (i == 1) stopped meeting 40+ days ago.
            akhir = min(today, selesai) if i != 1 else today - timedelta(days=rng.randint(40, 60))
            tanggal = _sesi_dates(rng, mulai, akhir, rng.randint(2, 5) if status == Status.AKTIF else 6)
            for n, t in enumerate(tanggal):
                oleh, konfirmasi = (mentor, mentee) if n % 2 == 0 else (mentee, mentor)
                pending = status == Status.AKTIF and n == len(tanggal) - 1 and i % 3 != 1
                sesi_rows.append(
                    SesiMentoring(
                        pasangan=p,
                        tanggal=t,
                        durasi_menit=rng.choice([45, 60, 90, 90, 120]),
                        topik=TOPIK[(n + i) % len(TOPIK)],
                        catatan="Diskusi berjalan baik; mentee aktif bertanya.",
                        tindak_lanjut="Mentee menyiapkan ringkasan untuk pertemuan berikutnya.",
                        dicatat_oleh=mentor.user if i == 0 and pending else oleh.user,
                        dikonfirmasi_oleh=None if pending else konfirmasi.user,
                        dikonfirmasi_pada=None if pending else _aware(min(today, t + timedelta(days=1))),
                    )
                )
    PasanganMentoring.objects.bulk_create(pasangan)
    TargetMentoring.objects.bulk_create(
        [
            TargetMentoring(
                pasangan=p,
                uraian=uraian,
                tercapai=_tercapai(p, n),
            )
            for p in pasangan
            for n, uraian in enumerate(TARGET_ORIENTASI)
        ]
    )
    confirmed = [s for s in sesi_rows if s.dikonfirmasi_oleh is not None]
    catatan = [s.build_catatan_jp(by=s.dikonfirmasi_oleh) for s in confirmed]
    CatatanJP.objects.bulk_create(catatan)
    for s, c in zip(confirmed, catatan, strict=True):
        s.catatan_jp = c
    SesiMentoring.objects.bulk_create(sesi_rows)
    closed = [p for p in pasangan if p.status == Status.SELESAI]
    PenilaianMentee.objects.bulk_create(
        [
            PenilaianMentee(
                pasangan=p,
                kompetensi_id=k,
                nilai=rng.randint(3, 5),
                alasan="Menunjukkan kemajuan yang konsisten selama mentoring.",
            )
            for p in closed
            for k in standar.get(p.mentee.jabatan_id, [])
        ]
    )
    UmpanBalikMentoring.objects.bulk_create(
        [
            UmpanBalikMentoring(
                pasangan=p,
                saran="Mentoring sangat membantu; mohon jadwal pertemuan lebih rutin.",
                **{field: rng.randint(3, 5) for field, _ in PERNYATAAN_UMPAN_BALIK},
            )
            for p in closed
        ]
    )
    return (
        f"Mentoring: {len(pasangan)} pasangan, {len(sesi_rows)} sesi ({len(confirmed)} dikonfirmasi, "
        f"{sum(c.jp for c in catatan)} JP)."
    )
