"""Personal-data flows: recording access, retention, correction requests (docs/privasi.md)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from akun.models import SesiLogin
from akun.services import alamat_klien
from evaluasi.models import Pengingat
from pegawai.models import ImporPegawai, Pegawai
from rencana.models import DokumenRencana

from .models import Akses, AksesSubjek, PermohonanKoreksi

log = logging.getLogger("privasi")

BATCH = 5000


def catat_akses(request, jenis: str, subjek: Pegawai | QuerySet, *, keterangan: str = "") -> Akses | None:
    """Record that `request.user` saw or downloaded personal data of `subjek` (UU PDP Pasal 31).

    `subjek` is one employee or a queryset of employees (an export: pass the exported rows'
    employees, e.g. ``Pegawai.objects.filter(pk__in=rows.values("pegawai"))``). One's own data is not
    recorded, except a download of all of it (`Akses.Jenis.DATA_PRIBADI`). Returns the record, or None
    when nothing was recorded.
    """
    user = request.user
    if isinstance(subjek, Pegawai):
        if subjek.user_id == user.pk and jenis != Akses.Jenis.DATA_PRIBADI:
            return None
        pks, jumlah = None, 1
    else:
        pks = subjek.exclude(user=user).order_by().values("pk").distinct()
        jumlah = pks.count()
        if not jumlah:
            return None
    with transaction.atomic():
        akses = Akses.objects.create(
            pengakses=user,
            jenis=jenis,
            keterangan=keterangan[:200],
            jumlah_subjek=jumlah,
            alamat_ip=alamat_klien(request),
            alamat=request.get_full_path()[:300],
        )
        if pks is None:
            AksesSubjek.objects.create(akses=akses, pegawai=subjek)
        else:
            # INSERT … SELECT: a whole-city export records its subjects without loading them into Python.
            sql, params = pks.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {AksesSubjek._meta.db_table} (akses_id, pegawai_id) SELECT %s, s.* FROM ({sql}) s",
                    [akses.pk, *params],
                )
    return akses


def _allow_prune(cursor) -> None:
    # The PostgreSQL trigger lets rows of the access log go only inside a transaction that says so.
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL privasi.pangkas = 'ya'")


def prune_akses(*, now) -> int:
    """Delete access records older than PRIVASI_RETENSI_AKSES_HARI, in batches."""
    cutoff = now - timedelta(days=settings.PRIVASI_RETENSI_AKSES_HARI)
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            _allow_prune(cursor)
            ids = list(Akses.objects.filter(waktu__lt=cutoff).values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            AksesSubjek.objects.filter(akses_id__in=ids).delete()
            Akses.objects.filter(pk__in=ids).delete()
            total += len(ids)


@transaction.atomic
def ajukan_koreksi(*, pegawai: Pegawai, isi: str) -> PermohonanKoreksi:
    """An employee asks BKPSDM to correct data about them."""
    return PermohonanKoreksi.objects.create(pegawai=pegawai, isi=isi)


@transaction.atomic
def tangani_koreksi(permohonan: PermohonanKoreksi, *, status: str, catatan: str, by) -> bool:
    """BKPSDM closes a request (corrected or refused); False when someone else already did."""
    updated = PermohonanKoreksi.objects.filter(pk=permohonan.pk, status=PermohonanKoreksi.Status.DIAJUKAN).update(
        status=status, catatan=catatan, ditangani_oleh=by, ditangani=timezone.now()
    )
    return bool(updated)


# --- retention ---------------------------------------------------------------------------------


def prune_pengingat(*, now) -> int:
    """Reminders whose email is settled (sent, failed, unknown, none) and older than the period."""
    cutoff = now - timedelta(days=settings.RETENSI_PENGINGAT_HARI)
    final = [Pengingat.Status.SENT, Pengingat.Status.FAILED, Pengingat.Status.UNKNOWN, Pengingat.Status.NO_EMAIL]
    deleted, _ = Pengingat.objects.filter(dibuat__lt=cutoff, status__in=final).delete()
    return deleted


def prune_impor(*, now) -> int:
    """Ended import jobs (written, failed, or checked and never confirmed) with any file they still hold."""
    cutoff = now - timedelta(days=settings.RETENSI_IMPOR_HARI)
    ended = [ImporPegawai.Status.SELESAI, ImporPegawai.Status.GAGAL, ImporPegawai.Status.SIAP]
    jobs = list(ImporPegawai.objects.filter(dibuat__lt=cutoff, status__in=ended).only("pk"))
    for impor in jobs:
        impor.path.unlink(missing_ok=True)
    ImporPegawai.objects.filter(pk__in=[impor.pk for impor in jobs]).delete()
    return len(jobs)


def prune_pdf(*, now) -> int:
    """Generated annual-plan PDFs older than the period, except the newest finished one per year and unit."""
    cutoff = now - timedelta(days=settings.RETENSI_PDF_HARI)
    newest = {}
    finished = DokumenRencana.objects.filter(status=DokumenRencana.Status.SELESAI).order_by("-diminta", "-pk")
    for pk, tahun, unit in finished.values_list("pk", "tahun_id", "unit_kerja_id"):
        newest.setdefault((tahun, unit), pk)
    old = DokumenRencana.objects.filter(
        diminta__lt=cutoff, status__in=[DokumenRencana.Status.SELESAI, DokumenRencana.Status.GAGAL]
    ).exclude(pk__in=newest.values())
    count = 0
    for dokumen in old:
        if dokumen.berkas:
            dokumen.berkas.delete(save=False)  # through the storage API (local disk or S3)
        dokumen.delete()
        count += 1
    return count


def prune_sesi(*, now) -> int:
    """Expired sessions, and the account-session list rows that outlived them."""
    import_string(f"{settings.SESSION_ENGINE}.SessionStore").clear_expired()
    deleted, _ = SesiLogin.objects.filter(dibuat__lt=now - timedelta(seconds=settings.SESSION_COOKIE_AGE)).delete()
    return deleted


def prune_retensi(*, now) -> dict[str, int]:
    """Everything past its retention period (what beat runs daily); returns how many of each went."""
    hasil = {
        "akses": prune_akses(now=now),
        "pengingat": prune_pengingat(now=now),
        "impor": prune_impor(now=now),
        "pdf": prune_pdf(now=now),
        "sesi": prune_sesi(now=now),
    }
    log.info("retensi", extra=hasil)
    return hasil
