"""Flows of the pelatihan app: seats under a kuota, completion into the JP ledger, feedback, suggestions."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from pegawai.models import Pegawai, PenilaianKompetensi, StandarKompetensi

from .models import (
    SKALA_NILAI,
    CatatanJP,
    JawabanUmpanBalik,
    Pelatihan,
    PertanyaanUmpanBalik,
    Peserta,
    UmpanBalik,
)


class PelatihanError(Exception):
    """A rule of the training flow refused the action; the message is shown to the user as is."""


@dataclass(frozen=True)
class HasilPendaftaran:
    peserta: Peserta
    pesan: str

    @property
    def dapat_kursi(self) -> bool:
        return self.peserta.status == Peserta.Status.TERDAFTAR


@transaction.atomic
def register_peserta(*, pelatihan: Pelatihan, pegawai: Pegawai, by) -> HasilPendaftaran:
    """Give `pegawai` a seat, or a place on the waiting list when the kuota is full."""
    # The row lock serialises registrations of one training, so two requests never both see
    # the last free seat (PostgreSQL; SQLite serialises writers anyway).
    pelatihan = Pelatihan.objects.select_for_update().get(pk=pelatihan.pk)
    mandiri = pegawai.user_id is not None and pegawai.user_id == by.pk
    if mandiri and not pelatihan.pendaftaran_dibuka:
        raise PelatihanError("Pendaftaran pelatihan ini tidak sedang dibuka.")
    if not pelatihan.bisa_dinominasikan:
        raise PelatihanError(f"Pelatihan berstatus “{pelatihan.get_status_display()}”; peserta tidak dapat ditambah.")
    if pegawai.status != Pegawai.Status.AKTIF:
        raise PelatihanError(f"{pegawai.nama_lengkap} bukan pegawai aktif.")
    peserta = Peserta.objects.filter(pelatihan=pelatihan, pegawai=pegawai).first()
    if peserta and peserta.status != Peserta.Status.BATAL:
        raise PelatihanError(
            f"{pegawai.nama_lengkap} sudah terdaftar pada pelatihan ini ({peserta.get_status_display()})."
        )
    terisi = Peserta.objects.filter(pelatihan=pelatihan).menempati_kursi().count()
    status = Peserta.Status.TERDAFTAR if terisi < pelatihan.kuota else Peserta.Status.DAFTAR_TUNGGU
    if peserta is None:
        peserta = Peserta(pelatihan=pelatihan, pegawai=pegawai)
    peserta.status = status
    peserta.didaftarkan_oleh = by
    peserta.didaftarkan = timezone.now()
    peserta.hadir = None
    peserta.save()
    if status == Peserta.Status.TERDAFTAR:
        return HasilPendaftaran(peserta, f"{pegawai.nama_lengkap} terdaftar sebagai peserta.")
    return HasilPendaftaran(
        peserta, f"Kuota penuh ({pelatihan.kuota} peserta); {pegawai.nama_lengkap} masuk daftar tunggu."
    )


@transaction.atomic
def cancel_peserta(*, peserta: Peserta, by) -> Peserta | None:
    """Cancel a seat or a waiting-list place; a freed seat goes to the first on the waiting list."""
    pelatihan = Pelatihan.objects.select_for_update().get(pk=peserta.pelatihan_id)
    peserta = Peserta.objects.get(pk=peserta.pk)
    if peserta.status not in (Peserta.Status.TERDAFTAR, Peserta.Status.DAFTAR_TUNGGU):
        raise PelatihanError(f"Peserta berstatus “{peserta.get_status_display()}” tidak dapat dibatalkan.")
    if pelatihan.status in (Pelatihan.Status.SELESAI, Pelatihan.Status.BATAL):
        raise PelatihanError("Pelatihan sudah selesai atau batal; keikutsertaan tidak dapat dibatalkan.")
    memegang_kursi = peserta.status == Peserta.Status.TERDAFTAR
    peserta.status = Peserta.Status.BATAL
    peserta.save(update_fields=["status"])
    if not memegang_kursi:
        return None
    berikutnya = (
        Peserta.objects.filter(pelatihan=pelatihan, status=Peserta.Status.DAFTAR_TUNGGU)
        .order_by("didaftarkan", "pk")
        .first()
    )
    if berikutnya:
        berikutnya.status = Peserta.Status.TERDAFTAR
        berikutnya.save(update_fields=["status"])
    return berikutnya


@transaction.atomic
def record_kehadiran(*, pelatihan: Pelatihan, hadir_ids: set[int]) -> int:
    """Mark who attended among the seated participants; everyone else seated is marked absent."""
    seated = Peserta.objects.filter(pelatihan=pelatihan).menempati_kursi()
    seated.filter(pk__in=hadir_ids).update(hadir=True)
    seated.exclude(pk__in=hadir_ids).update(hadir=False)
    return seated.filter(hadir=True).count()


@transaction.atomic
def complete_peserta(*, peserta: Peserta, lulus: bool, nomor_sertifikat: str = "", sertifikat=None, by) -> Peserta:
    """Close one participant: lulus credits the training's JP in the ledger, tidak lulus removes it."""
    peserta = Peserta.objects.select_for_update(of=("self",)).select_related("pelatihan__mitra").get(pk=peserta.pk)
    if peserta.status not in Peserta.STATUS_KURSI:
        raise PelatihanError(f"Peserta berstatus “{peserta.get_status_display()}” tidak dapat dinilai.")
    pelatihan = peserta.pelatihan
    if lulus and peserta.hadir is False:
        raise PelatihanError("Peserta yang tidak hadir tidak dapat dinyatakan lulus.")
    peserta.status = Peserta.Status.LULUS if lulus else Peserta.Status.TIDAK_LULUS
    peserta.tanggal_selesai = pelatihan.tanggal_selesai if lulus else None
    peserta.nomor_sertifikat = nomor_sertifikat.strip() if lulus else ""
    if lulus and sertifikat:
        peserta.sertifikat = sertifikat
    peserta.save(update_fields=["status", "tanggal_selesai", "nomor_sertifikat", "sertifikat"])
    if not lulus:
        CatatanJP.objects.filter(peserta=peserta).delete()
        return peserta
    CatatanJP.objects.update_or_create(
        peserta=peserta,
        defaults={
            "pegawai_id": peserta.pegawai_id,
            "tahun": pelatihan.tanggal_selesai.year,
            "tanggal": pelatihan.tanggal_selesai,
            "tanggal_mulai": pelatihan.tanggal_mulai,
            "judul": pelatihan.judul,
            "bentuk": pelatihan.bentuk,
            "jp": pelatihan.jp,
            "sumber": CatatanJP.Sumber.PELATIHAN,
            "penyelenggara": pelatihan.mitra.nama if pelatihan.mitra else "",
            "nomor_sertifikat": peserta.nomor_sertifikat,
            "terverifikasi": True,
            "diverifikasi_oleh": by,
            "diverifikasi_pada": timezone.now(),
        },
    )
    return peserta


@transaction.atomic
def undo_completion(*, peserta: Peserta) -> Peserta:
    """Reopen a closed participant: back to terdaftar and its JP leave the ledger."""
    peserta = Peserta.objects.select_for_update().get(pk=peserta.pk)
    if peserta.status not in (Peserta.Status.LULUS, Peserta.Status.TIDAK_LULUS):
        raise PelatihanError("Hanya peserta yang sudah dinilai yang dapat dibuka kembali.")
    if UmpanBalik.objects.filter(peserta=peserta).exists():
        raise PelatihanError("Peserta sudah mengisi umpan balik; kelulusannya tidak dapat dibatalkan.")
    CatatanJP.objects.filter(peserta=peserta).delete()
    peserta.status = Peserta.Status.TERDAFTAR
    peserta.tanggal_selesai = None
    peserta.save(update_fields=["status", "tanggal_selesai"])
    return peserta


@transaction.atomic
def verify_catatan(*, catatan: CatatanJP, by) -> bool:
    """Accept an external development record so its JP count; False when it was already verified."""
    # Conditional update: a double click or two admins verify once.
    return bool(
        CatatanJP.objects.filter(pk=catatan.pk, sumber=CatatanJP.Sumber.EKSTERNAL, terverifikasi=False).update(
            terverifikasi=True, diverifikasi_oleh=by, diverifikasi_pada=timezone.now()
        )
    )


# --- Feedback ----------------------------------------------------------------------------------


@transaction.atomic
def submit_umpan_balik(*, peserta: Peserta, nilai: dict[int, int], saran: str, rencana_penerapan: str, today):
    """Record a participant's feedback once; a second submission is refused."""
    peserta = Peserta.objects.select_for_update(of=("self",)).select_related("pelatihan").get(pk=peserta.pk)
    alasan = peserta.alasan_tidak_bisa_umpan_balik(today)
    if alasan:
        raise PelatihanError(alasan)
    if UmpanBalik.objects.filter(peserta=peserta).exists():
        raise PelatihanError("Anda sudah mengisi umpan balik untuk pelatihan ini; gunakan tombol Ubah.")
    umpan_balik = UmpanBalik.objects.create(peserta=peserta, saran=saran, rencana_penerapan=rencana_penerapan)
    JawabanUmpanBalik.objects.bulk_create(
        [JawabanUmpanBalik(umpan_balik=umpan_balik, pertanyaan_id=pk, nilai=n) for pk, n in nilai.items()]
    )
    return umpan_balik


@transaction.atomic
def update_umpan_balik(*, umpan_balik: UmpanBalik, nilai: dict[int, int], saran: str, rencana_penerapan: str, today):
    """Change a given feedback while the deadline has not passed."""
    alasan = umpan_balik.peserta.alasan_tidak_bisa_umpan_balik(today)
    if alasan:
        raise PelatihanError(alasan)
    umpan_balik.saran = saran
    umpan_balik.rencana_penerapan = rencana_penerapan
    umpan_balik.save(update_fields=["saran", "rencana_penerapan", "diperbarui"])
    umpan_balik.jawaban.all().delete()
    JawabanUmpanBalik.objects.bulk_create(
        [JawabanUmpanBalik(umpan_balik=umpan_balik, pertanyaan_id=pk, nilai=n) for pk, n in nilai.items()]
    )
    return umpan_balik


@dataclass
class RingkasanPertanyaan:
    pertanyaan: PertanyaanUmpanBalik
    distribusi: list[int]  # responses per score 1..5

    @property
    def jumlah(self) -> int:
        return sum(self.distribusi)

    @property
    def rata(self) -> float | None:
        if not self.jumlah:
            return None
        return sum(n * skor for skor, n in enumerate(self.distribusi, start=1)) / self.jumlah

    @property
    def persen(self) -> list[int]:
        return [round(n * 100 / self.jumlah) if self.jumlah else 0 for n in self.distribusi]


@dataclass
class RingkasanUmpanBalik:
    jumlah: int
    minimum: int
    pertanyaan: list[RingkasanPertanyaan] = field(default_factory=list)
    saran: list[str] = field(default_factory=list)
    rencana_penerapan: list[str] = field(default_factory=list)

    @property
    def cukup(self) -> bool:
        """Below the minimum nothing is shown, so a single answer cannot be traced to its author."""
        return self.jumlah >= self.minimum

    @property
    def rata_relevansi(self) -> float | None:
        return next((r.rata for r in self.pertanyaan if r.pertanyaan.kode == "relevansi"), None)

    @property
    def perlu_ditinjau(self) -> bool:
        rata = self.rata_relevansi
        return self.cukup and rata is not None and rata < settings.PELATIHAN_AMBANG_RELEVANSI

    @property
    def chart(self) -> dict:
        """Chart.js config: share of each score per question, stacked (rendered by static/js/charts.js)."""
        warna = ("#dc3545", "#fd7e14", "#ffc107", "#20c997", "#198754")
        return {
            "type": "bar",
            "data": {
                "labels": [r.pertanyaan.teks for r in self.pertanyaan],
                "datasets": [
                    {
                        "label": label,
                        "data": [r.persen[skor - 1] for r in self.pertanyaan],
                        "backgroundColor": warna[skor - 1],
                    }
                    for skor, label in SKALA_NILAI
                ],
            },
            "options": {
                "indexAxis": "y",
                "scales": {
                    "x": {"stacked": True, "max": 100, "title": {"display": True, "text": "% tanggapan"}},
                    "y": {"stacked": True},
                },
            },
        }


def summarize_umpan_balik(umpan_balik_qs) -> RingkasanUmpanBalik:
    """Averages, distribution and anonymous comments of a set of feedback (one training or one partner)."""
    ringkasan = RingkasanUmpanBalik(jumlah=umpan_balik_qs.count(), minimum=settings.PELATIHAN_MIN_RESPONDEN)
    if not ringkasan.cukup:
        return ringkasan
    sebaran = (
        JawabanUmpanBalik.objects.filter(umpan_balik__in=umpan_balik_qs)
        .values("pertanyaan", "nilai")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_pertanyaan: dict[int, list[int]] = {}
    for baris in sebaran:
        per_pertanyaan.setdefault(baris["pertanyaan"], [0] * 5)[baris["nilai"] - 1] = baris["n"]
    for pertanyaan in PertanyaanUmpanBalik.objects.filter(pk__in=per_pertanyaan):
        ringkasan.pertanyaan.append(RingkasanPertanyaan(pertanyaan, per_pertanyaan[pertanyaan.pk]))
    # Sorted by text, not by time, so the order does not reveal who wrote what.
    teks = umpan_balik_qs.order_by().values_list("saran", "rencana_penerapan")
    ringkasan.saran = sorted(s for s, _ in teks if s.strip())
    ringkasan.rencana_penerapan = sorted(r for _, r in teks if r.strip())
    return ringkasan


# --- Suggestions ---------------------------------------------------------------------------------


def suggest_peserta(*, pelatihan: Pelatihan, pegawai_qs, limit: int = 20) -> list[Pegawai]:
    """Employees (within `pegawai_qs`) this training fits, not yet registered: approved plans first, then gaps.

    An approved (or verified) plan item of the training's year that names this training or one of its
    competences comes first; then an assessed level below the position's standard in a target
    competence, ranked by the total gap. Three queries whatever the number of employees.
    """
    from rencana.models import ItemRencana, RencanaPengembangan

    target = pelatihan.kompetensi.values("pk")
    kandidat = pegawai_qs.aktif().exclude(keikutsertaan__pelatihan=pelatihan)
    disetujui = (RencanaPengembangan.Status.DISETUJUI, RencanaPengembangan.Status.DIVERIFIKASI)
    dari_rencana = set(
        ItemRencana.objects.filter(Q(pelatihan=pelatihan) | Q(kompetensi__in=target))
        .filter(
            rencana__status__in=disetujui,
            rencana__tahun__tahun=pelatihan.tanggal_mulai.year,
            rencana__pegawai__in=kandidat,
        )
        .values_list("rencana__pegawai", flat=True)
        .distinct()[:limit]
    )
    standar = StandarKompetensi.objects.filter(jabatan=OuterRef("pegawai__jabatan"), kompetensi=OuterRef("kompetensi"))
    gaps = (
        PenilaianKompetensi.objects.filter(kompetensi__in=target, pegawai__in=kandidat)
        .annotate(standar=Subquery(standar.values("level")[:1]))
        .filter(standar__gt=F("level"))
        .values("pegawai")
        .annotate(kesenjangan=Sum(F("standar") - F("level")))
        .order_by("-kesenjangan", "pegawai")[:limit]
    )
    kesenjangan = {row["pegawai"]: row["kesenjangan"] for row in gaps}
    pegawai = Pegawai.objects.filter(pk__in=dari_rencana | set(kesenjangan)).select_related("unit_kerja", "jabatan")
    for p in pegawai:
        p.dari_rencana = p.pk in dari_rencana
        p.kesenjangan_total = kesenjangan.get(p.pk, 0)
    return sorted(pegawai, key=lambda p: (not p.dari_rencana, -p.kesenjangan_total, p.nama))[:limit]


@transaction.atomic
def record_catatan_eksternal(*, catatan: CatatanJP, pegawai: Pegawai, by) -> CatatanJP:
    """Save an external development record for `pegawai`; it waits for BKPSDM before it counts."""
    catatan.pegawai = pegawai
    catatan.sumber = CatatanJP.Sumber.EKSTERNAL
    catatan.tahun = catatan.tanggal.year
    catatan.terverifikasi = False
    catatan.dicatat_oleh = by
    catatan.save()
    return catatan
