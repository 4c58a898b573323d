"""Demo plans for next year in every state, a verified majority, so the annual plan has content."""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from akun.models import User
from pegawai.models import Pegawai, PenilaianKompetensi, StandarKompetensi
from pelatihan.models import Bentuk, Pelatihan

from .models import ItemRencana, RencanaPengembangan, RencanaTahunan, RiwayatStatus, TahunRencana
from .services import BENTUK_BAWAAN

S = RencanaPengembangan.Status
# Share of the employees per final state (the rest have no plan yet).
SEBARAN = [(S.DIVERIFIKASI, 0.58), (S.DISETUJUI, 0.1), (S.DIAJUKAN, 0.08), (S.DIKEMBALIKAN, 0.04), (S.DRAF, 0.08)]
# The path each final state went through.
JALAN = {
    S.DRAF: [S.DRAF],
    S.DIAJUKAN: [S.DRAF, S.DIAJUKAN],
    S.DIKEMBALIKAN: [S.DRAF, S.DIAJUKAN, S.DIKEMBALIKAN],
    S.DISETUJUI: [S.DRAF, S.DIAJUKAN, S.DISETUJUI],
    S.DIVERIFIKASI: [S.DRAF, S.DIAJUKAN, S.DISETUJUI, S.DIVERIFIKASI],
}
BIAYA = [0, 0, 750_000, 1_500_000, 2_500_000, 3_500_000, 5_000_000]
# Besides the classroom form of each competence type, the forms people often pick for a gap.
BENTUK_LAIN = [
    Bentuk.WORKSHOP,
    Bentuk.SEMINAR,
    Bentuk.BIMTEK,
    Bentuk.E_LEARNING,
    Bentuk.COACHING,
    Bentuk.MENTORING,
    Bentuk.BIMBINGAN_DI_TEMPAT_KERJA,
]


def _tahun(today: date) -> TahunRencana:
    tahun, _ = TahunRencana.objects.get_or_create(
        tahun=today.year + 1,
        defaults={
            "batas_pengajuan": date(today.year, 12, 15),
            "batas_persetujuan": date(today.year, 12, 22),
            "batas_verifikasi": date(today.year + 1, 1, 15),
        },
    )
    kepala = User.objects.filter(username="pimpinan").select_related("pegawai").first()
    kepala = kepala.profil_pegawai if kepala else None
    RencanaTahunan.objects.get_or_create(
        tahun=tahun,
        defaults={
            "nomor_dokumen": f"800.1.2/0417/BKPSDM/{today.year}",
            "tanggal_dokumen": date(today.year + 1, 1, 20),
            "kepala_nama": kepala.nama_lengkap if kepala else "",
            "kepala_pangkat": kepala.pangkat if kepala else "",
            "kepala_nip": kepala.nip if kepala else "",
            "wali_kota_nama": "Septinus Kalami",
        },
    )
    return tahun


def _final_state(rng, pegawai, demo) -> str | None:
    if pegawai.pk == demo.get("pegawai"):
        return S.DRAF
    if pegawai.atasan_id and pegawai.atasan_id == demo.get("atasan"):
        return S.DIAJUKAN
    roll, acc = rng.random(), 0.0
    for state, share in SEBARAN:
        acc += share
        if roll < acc:
            return state
    return None


@transaction.atomic
def seed(*, rng: random.Random, today: date) -> str:
    """Create demo data idempotently; return a one-line summary for seed_demo's output."""
    tahun = _tahun(today)
    if RencanaPengembangan.objects.filter(tahun=tahun).exists():
        return ""  # seeded before: a second run adds nothing
    pegawai = list(Pegawai.objects.aktif().select_related("atasan").order_by("pk"))
    demo = {
        u: pk
        for u, pk in Pegawai.objects.filter(user__username__in=["atasan", "pegawai"]).values_list(
            "user__username", "pk"
        )
    }
    admin = User.objects.filter(username="bkpsdm").first() or User.objects.filter(is_superuser=True).first()
    standar: dict[int, list[tuple[int, int]]] = {}
    for jabatan_id, kompetensi_id, level in StandarKompetensi.objects.values_list(
        "jabatan_id", "kompetensi_id", "level"
    ):
        standar.setdefault(jabatan_id, []).append((kompetensi_id, level))
    aktual = {
        (p, k): level for p, k, level in PenilaianKompetensi.objects.values_list("pegawai_id", "kompetensi_id", "level")
    }
    jenis = dict(StandarKompetensi.objects.values_list("kompetensi_id", "kompetensi__jenis"))
    katalog: dict[int, Pelatihan] = {}
    for pelatihan in (
        Pelatihan.objects.filter(tanggal_mulai__year=tahun.tahun)
        .exclude(status=Pelatihan.Status.BATAL)
        .prefetch_related("kompetensi")
    ):
        for kompetensi in pelatihan.kompetensi.all():
            katalog.setdefault(kompetensi.pk, pelatihan)

    rencana, rencana_items, states = [], [], []
    for p in pegawai:
        state = _final_state(rng, p, demo)
        if state is None or (state != S.DRAF and state != S.DIVERIFIKASI and not p.atasan_id):
            state = S.DIVERIFIKASI if state else None
        if state is None or p.jabatan_id not in standar:
            continue
        gaps = sorted(standar[p.jabatan_id], key=lambda s: aktual.get((p.pk, s[0]), s[1]) - s[1])
        pilihan = gaps[: rng.randint(1, 3)]
        penyetuju = p.atasan_id if state in (S.DISETUJUI, S.DIVERIFIKASI) else None
        rencana.append(
            RencanaPengembangan(pegawai=p, tahun=tahun, status=state, penyetuju_id=penyetuju, versi=len(JALAN[state]))
        )
        items = []
        for kompetensi_id, _ in pilihan:
            pelatihan = katalog.get(kompetensi_id) if rng.random() < 0.6 else None
            items.append(
                ItemRencana(
                    kompetensi_id=kompetensi_id,
                    bentuk=pelatihan.bentuk
                    if pelatihan
                    else rng.choice([BENTUK_BAWAAN[jenis[kompetensi_id]]] * 5 + BENTUK_LAIN),
                    pelatihan=pelatihan,
                    jp=pelatihan.jp if pelatihan else Decimal(rng.choice([8, 10, 12, 16, 20])),
                    biaya=pelatihan.biaya_per_peserta if pelatihan else rng.choice(BIAYA),
                    triwulan=(pelatihan.tanggal_mulai.month - 1) // 3 + 1 if pelatihan else rng.randint(1, 4),
                    prioritas=rng.choice(ItemRencana.Prioritas.values),
                )
            )
        rencana_items.append(items)
        states.append(state)
    RencanaPengembangan.objects.bulk_create(rencana, batch_size=2000)
    saved = {
        r.pegawai_id: r
        for r in RencanaPengembangan.objects.filter(
            tahun=tahun, pegawai__in=[r.pegawai for r in rencana]
        ).select_related("pegawai__atasan")
    }
    semua_item, riwayat = [], []
    for r, items, state in zip(rencana, rencana_items, states, strict=True):
        r = saved[r.pegawai_id]
        for item in items:
            item.rencana = r
        semua_item += items
        oleh = {
            S.DRAF: r.pegawai.user_id,
            S.DIAJUKAN: r.pegawai.user_id,
            S.DISETUJUI: r.pegawai.atasan.user_id if r.pegawai.atasan_id else r.pegawai.user_id,
            S.DIKEMBALIKAN: r.pegawai.atasan.user_id if r.pegawai.atasan_id else admin.pk,
            S.DIVERIFIKASI: admin.pk,
        }
        jalan = JALAN[state]
        for dari, ke in zip(["", *jalan[:-1]], jalan, strict=True):
            catatan = "Mohon lengkapi perkiraan biaya dan penyelenggara." if ke == S.DIKEMBALIKAN else ""
            riwayat.append(RiwayatStatus(rencana=r, dari=dari, ke=ke, oleh_id=oleh[ke] or admin.pk, catatan=catatan))
    ItemRencana.objects.bulk_create(semua_item, batch_size=5000)
    RiwayatStatus.objects.bulk_create(riwayat, batch_size=5000)
    return f"Rencana {tahun}: {len(rencana)} rencana baru, {states.count(S.DIVERIFIKASI)} terverifikasi."
