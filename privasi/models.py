"""Personal-data accountability (UU 27/2022 PDP): the access log and requests to correct data."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class AppendOnlyError(Exception):
    """The access log is never changed, and deleted only by the retention task."""


class AksesQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Catatan akses tidak dapat diubah.")

    def tentang(self, pegawai):
        """Accesses that touched this employee's data."""
        return self.filter(subjek__pegawai=pegawai)


class Akses(models.Model):
    """One look at, or download of, other people's personal data: who, what, when, from where.

    Whose data it was is in AksesSubjek (one row per employee, so an export of 600 people is one
    Akses with 600 subjects). Rows are only ever inserted; privasi.services.prune_akses deletes those
    past PRIVASI_RETENSI_AKSES_HARI. On PostgreSQL a trigger refuses any UPDATE, and any DELETE outside
    that task (migration 0002).
    """

    class Jenis(models.TextChoices):
        PROFIL = "profil", "Halaman pegawai dan hasil kompetensi"
        KOMPETENSI = "kompetensi", "Hasil penilaian kompetensi"
        JP = "jp", "Riwayat pelatihan dan JP"
        RENCANA = "rencana", "Rencana pengembangan"
        EVALUASI = "evaluasi", "Hasil evaluasi"
        DISIPLIN = "disiplin", "Data disiplin"
        TALENTA = "talenta", "Data manajemen talenta"
        BERKAS = "berkas", "Berkas (sertifikat)"
        EKSPOR = "ekspor", "Ekspor spreadsheet"
        PDF = "pdf", "Dokumen PDF"
        DATA_PRIBADI = "data_pribadi", "Unduhan seluruh data pribadi"

    waktu = models.DateTimeField("waktu", default=timezone.now, db_index=True)
    pengakses = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="diakses oleh", on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    keterangan = models.CharField("keterangan", max_length=200, blank=True)
    jumlah_subjek = models.PositiveIntegerField("jumlah pegawai", default=1)
    alamat_ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    alamat = models.CharField("halaman", max_length=300, blank=True)

    objects = AksesQuerySet.as_manager()

    class Meta:
        verbose_name = "akses data pribadi"
        verbose_name_plural = "akses data pribadi"
        ordering = ["-waktu", "-pk"]
        indexes = [models.Index(fields=["pengakses", "-waktu"], name="akses_pengakses_waktu")]

    def __str__(self):
        return f"{self.get_jenis_display()} oleh {self.pengakses} ({self.waktu:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Catatan akses tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Catatan akses dihapus hanya oleh tugas retensi.")


class AksesSubjek(models.Model):
    akses = models.ForeignKey(Akses, on_delete=models.CASCADE, related_name="subjek")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "pegawai yang datanya diakses"
        verbose_name_plural = "pegawai yang datanya diakses"
        indexes = [models.Index(fields=["pegawai", "akses"], name="akses_subjek_pegawai")]

    def __str__(self):
        return f"{self.pegawai_id} ← {self.akses_id}"


class PermohonanKoreksiQuerySet(models.QuerySet):
    def visible_to(self, user):
        """BKPSDM handles every request; an employee sees their own."""
        if user.is_admin_bkpsdm:
            return self
        return self.filter(pegawai__user=user)

    def terbuka(self):
        return self.filter(status=PermohonanKoreksi.Status.DIAJUKAN)


class PermohonanKoreksi(models.Model):
    """An employee's request to correct data the system holds about them (UU PDP Pasal 6)."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", "Diajukan"
        DIKOREKSI = "dikoreksi", "Sudah dikoreksi"
        DITOLAK = "ditolak", "Ditolak"

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="permohonan_koreksi")
    isi = models.TextField("data yang keliru dan seharusnya", max_length=2000)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    catatan = models.TextField("catatan BKPSDM", max_length=1000, blank=True)
    ditangani_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diajukan = models.DateTimeField("diajukan", auto_now_add=True)
    ditangani = models.DateTimeField("ditangani", null=True, blank=True)

    objects = PermohonanKoreksiQuerySet.as_manager()

    class Meta:
        verbose_name = "permohonan koreksi data"
        verbose_name_plural = "permohonan koreksi data"
        ordering = ["-diajukan", "-pk"]

    def __str__(self):
        return f"Koreksi data {self.pegawai} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("privasi:koreksi_detail", args=[self.pk])
