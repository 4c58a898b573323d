"""Flows of the rencana app: creating, editing and moving plans through the workflow."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pelatihan.models import Bentuk, Pelatihan

from .models import DokumenRencana, ItemRencana, RencanaPengembangan, RiwayatStatus, TahunRencana
from .tasks import render_rencana_task

S = RencanaPengembangan.Status

# The form a gap is closed with when the catalog has no matching training.
BENTUK_BAWAAN = {
    "teknis": Bentuk.PELATIHAN_TEKNIS,
    "manajerial": Bentuk.PELATIHAN_MANAJERIAL,
    "sosial_kultural": Bentuk.PELATIHAN_SOSIAL_KULTURAL,
    "pemerintahan": Bentuk.BIMTEK,
}
JP_BAWAAN = Decimal(8)
ITEM_PREFILL_MAKS = 4


class TransisiGagal(Exception):
    """A transition or edit that lost a race or no longer fits the plan's state; the message says why."""


def saran_pelatihan(*, kompetensi_ids, tahun: int):
    """Catalog trainings of `tahun` that target one of the competences, soonest first."""
    return (
        Pelatihan.objects.filter(kompetensi__in=kompetensi_ids, tanggal_mulai__year=tahun)
        .exclude(status=Pelatihan.Status.BATAL)
        .select_related("mitra")
        .prefetch_related("kompetensi")
        .distinct()
        .order_by("tanggal_mulai", "judul")
    )


def _prefill_items(rencana: RencanaPengembangan) -> list[ItemRencana]:
    gaps = sorted(
        (k for k in rencana.pegawai.kesenjangan() if k.gap and k.gap > 0), key=lambda k: (-k.gap, k.kompetensi.kode)
    )[:ITEM_PREFILL_MAKS]
    katalog = {}
    for pelatihan in saran_pelatihan(kompetensi_ids=[k.kompetensi.pk for k in gaps], tahun=rencana.tahun.tahun):
        for kompetensi in pelatihan.kompetensi.all():
            katalog.setdefault(kompetensi.pk, pelatihan)
    items = []
    for urutan, kesenjangan in enumerate(gaps):
        pelatihan = katalog.get(kesenjangan.kompetensi.pk)
        items.append(
            ItemRencana(
                rencana=rencana,
                kompetensi=kesenjangan.kompetensi,
                bentuk=pelatihan.bentuk if pelatihan else BENTUK_BAWAAN[kesenjangan.kompetensi.jenis],
                pelatihan=pelatihan,
                jp=pelatihan.jp if pelatihan else JP_BAWAAN,
                biaya=pelatihan.biaya_per_peserta if pelatihan else 0,
                triwulan=(pelatihan.tanggal_mulai.month - 1) // 3 + 1 if pelatihan else urutan % 4 + 1,
                prioritas=ItemRencana.Prioritas.TINGGI if kesenjangan.gap >= 2 else ItemRencana.Prioritas.SEDANG,
                catatan=f"Kesenjangan {kesenjangan.gap} level (standar {kesenjangan.standar}, aktual "
                f"{kesenjangan.aktual}).",
            )
        )
    return items


@transaction.atomic
def create_rencana(*, pegawai, tahun: TahunRencana, by) -> RencanaPengembangan:
    """Open the employee's plan for the year, prefilled from their competence gaps."""
    if pegawai.user_id != by.pk:
        raise PermissionDenied("Hanya pegawai yang bersangkutan yang menyusun rencananya.")
    if tahun.status != TahunRencana.Status.DIBUKA:
        raise TransisiGagal(f"Tahun rencana {tahun} sudah ditutup.")
    rencana, created = RencanaPengembangan.objects.get_or_create(pegawai=pegawai, tahun=tahun)
    if created:
        ItemRencana.objects.bulk_create(_prefill_items(rencana))
        RiwayatStatus.objects.create(rencana=rencana, dari="", ke=S.DRAF, oleh=by, catatan="Rencana dibuat.")
    return rencana


@transaction.atomic
def save_items(*, rencana: RencanaPengembangan, formset, versi: int, by) -> None:
    """Save the edited items if nobody changed the plan since the form was opened (optimistic lock)."""
    if not rencana.can_edit(by):
        raise PermissionDenied("Rencana ini tidak dapat diubah oleh Anda.")
    updated = RencanaPengembangan.objects.filter(pk=rencana.pk, versi=versi, status__in=rencana.DAPAT_DIUBAH).update(
        versi=F("versi") + 1, diperbarui=timezone.now()
    )
    if not updated:
        raise TransisiGagal(
            "Rencana ini telah diubah di tempat lain sejak formulir dibuka. Tidak ada yang disimpan; "
            "muat ulang halaman untuk melihat isi terbaru."
        )
    formset.save()
    rencana.refresh_from_db(fields=["versi", "diperbarui"])


def pesan_status(rencana: RencanaPengembangan) -> str:
    """What a user who acted on an outdated page is told: the plan's current state and who set it."""
    terakhir = rencana.riwayat_status.select_related("oleh").last()
    oleh = f" oleh {terakhir.oleh}" if terakhir else ""
    return f"Rencana ini sudah berstatus \u201c{rencana.get_status_display()}\u201d{oleh}. Tidak ada yang diubah."


def _move(*, rencana, dari, ke, by, catatan="", versi=None, **changes) -> None:
    """Move one plan with a conditional UPDATE, so two concurrent moves give exactly one transition."""
    rows = RencanaPengembangan.objects.filter(pk=rencana.pk, status__in=dari)
    if versi is not None:
        rows = rows.filter(versi=versi)
    updated = rows.update(status=ke, versi=F("versi") + 1, diperbarui=timezone.now(), **changes)
    if not updated:
        raise TransisiGagal(pesan_status(RencanaPengembangan.objects.get(pk=rencana.pk)))
    RiwayatStatus.objects.create(rencana=rencana, dari=rencana.status, ke=ke, oleh=by, catatan=catatan)
    rencana.refresh_from_db()


@transaction.atomic
def submit_rencana(*, rencana, by, versi=None) -> None:
    """Submit to the direct supervisor; without one the plan goes straight to BKPSDM verification."""
    if not rencana.can_submit(by):
        raise PermissionDenied("Hanya pemilik yang mengajukan rencana berstatus draf atau dikembalikan.")
    if not rencana.item.exists():
        raise TransisiGagal("Rencana belum berisi kegiatan. Tambahkan paling sedikit satu kegiatan.")
    if rencana.pegawai.atasan_id:
        _move(rencana=rencana, dari=rencana.DAPAT_DIUBAH, ke=S.DIAJUKAN, by=by, versi=versi, penyetuju=None)
    else:
        _move(
            rencana=rencana,
            dari=rencana.DAPAT_DIUBAH,
            ke=S.DISETUJUI,
            by=by,
            versi=versi,
            penyetuju=None,
            catatan="Tanpa atasan langsung: langsung ke verifikasi BKPSDM.",
        )


@transaction.atomic
def approve_rencana(*, rencana, by, versi=None, catatan="") -> None:
    """The direct supervisor (as of now) approves."""
    if not rencana.can_approve(by):
        raise PermissionDenied("Hanya atasan langsung pegawai ini yang menyetujui rencananya.")
    _move(
        rencana=rencana,
        dari=(S.DIAJUKAN,),
        ke=S.DISETUJUI,
        by=by,
        versi=versi,
        catatan=catatan,
        penyetuju=by.profil_pegawai,
    )


@transaction.atomic
def verify_rencana(*, rencana, by, versi=None, catatan="") -> None:
    """BKPSDM verifies an approved plan; it then counts in the annual plan."""
    if not rencana.can_verify(by):
        raise PermissionDenied("Hanya Admin BKPSDM yang memverifikasi rencana yang sudah disetujui.")
    _move(rencana=rencana, dari=(S.DISETUJUI,), ke=S.DIVERIFIKASI, by=by, versi=versi, catatan=catatan)


@transaction.atomic
def return_rencana(*, rencana, by, catatan: str, versi=None) -> None:
    """The supervisor or BKPSDM sends the plan back to its owner, always with a note."""
    if not rencana.can_return(by):
        raise PermissionDenied("Anda tidak berhak mengembalikan rencana ini.")
    if not catatan.strip():
        raise TransisiGagal("Catatan wajib diisi saat mengembalikan rencana.")
    _move(rencana=rencana, dari=(rencana.status,), ke=S.DIKEMBALIKAN, by=by, versi=versi, catatan=catatan.strip())


def _move_many(rows, *, ke, by, catatan="", **changes) -> int:
    # Lock the rows that still qualify, so a concurrent single approval cannot be counted twice.
    locked = list(rows.select_for_update(of=("self",)).values_list("pk", "status"))
    RencanaPengembangan.objects.filter(pk__in=[pk for pk, _ in locked]).update(
        status=ke, versi=F("versi") + 1, diperbarui=timezone.now(), **changes
    )
    RiwayatStatus.objects.bulk_create(
        [RiwayatStatus(rencana_id=pk, dari=dari, ke=ke, oleh=by, catatan=catatan) for pk, dari in locked]
    )
    return len(locked)


@transaction.atomic
def approve_many(*, ids, by) -> int:
    """Bulk approval from the supervisor's queue; returns how many plans were approved."""
    atasan = by.profil_pegawai
    if atasan is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    bawahan = list(atasan.bawahan.exclude(user=by).values_list("pk", flat=True))
    rows = RencanaPengembangan.objects.filter(pk__in=ids, status=S.DIAJUKAN, pegawai_id__in=bawahan)
    return _move_many(rows, ke=S.DISETUJUI, by=by, penyetuju=atasan)


@transaction.atomic
def verify_many(*, ids, by) -> int:
    """Bulk verification from the BKPSDM queue; returns how many plans were verified."""
    if not by.is_admin_bkpsdm:
        raise PermissionDenied("Hanya Admin BKPSDM yang memverifikasi rencana.")
    rows = RencanaPengembangan.objects.filter(pk__in=ids, status=S.DISETUJUI).exclude(pegawai__user=by)
    return _move_many(rows, ke=S.DIVERIFIKASI, by=by)


@transaction.atomic
def request_dokumen(*, tahun: TahunRencana, unit, by) -> DokumenRencana:
    """Queue a PDF of the annual plan on the pdf worker; the page polls its row for progress."""
    dokumen = DokumenRencana.objects.create(tahun=tahun, unit_kerja=unit, diminta_oleh=by)
    transaction.on_commit(lambda: render_rencana_task.delay(dokumen.pk))
    return dokumen
