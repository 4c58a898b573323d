from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from pegawai.models import scope_q


class PasanganQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "mentee__") | scope_q(user, "mentor__"))


class PasanganMentoring(models.Model):
    """A senior mentor guiding a junior mentee for a period."""

    class Jenis(models.TextChoices):
        ORIENTASI = "orientasi", "Orientasi pegawai baru"
        KARIER = "karier", "Pengembangan karier"
        BIMBINGAN_KINERJA = "bimbingan_kinerja", "Bimbingan kinerja"
        PROYEK_PERUBAHAN = "proyek_perubahan", "Proyek perubahan"

    class Status(models.TextChoices):
        USULAN = "usulan", "Usulan"
        AKTIF = "aktif", "Aktif"
        SELESAI = "selesai", "Selesai"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    mentor = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="sebagai_mentor")
    mentee = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="sebagai_mentee")
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    tujuan = models.TextField("tujuan", blank=True)
    tanggal_mulai = models.DateField("mulai")
    tanggal_selesai = models.DateField("selesai (rencana)")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.USULAN)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    diterima = models.DateTimeField("diterima mentor", null=True, blank=True)

    objects = PasanganQuerySet.as_manager()

    class Meta:
        verbose_name = "pasangan mentoring"
        verbose_name_plural = "pasangan mentoring"
        ordering = ["-tanggal_mulai"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentoring_bukan_diri_sendiri"),
            models.CheckConstraint(condition=Q(tanggal_selesai__gte=F("tanggal_mulai")), name="mentoring_tanggal_urut"),
            models.UniqueConstraint(
                fields=["mentee", "jenis"],
                condition=Q(status__in=["usulan", "aktif"]),
                name="mentoring_satu_aktif_per_mentee_per_jenis",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee} ({self.get_jenis_display()})"

    def get_absolute_url(self):
        return reverse("mentoring:detail", args=[self.pk])


class SesiMentoring(models.Model):
    """One meeting, logged by one side and confirmed by the other; confirmed hours credit JP."""

    pasangan = models.ForeignKey(PasanganMentoring, on_delete=models.CASCADE, related_name="sesi")
    tanggal = models.DateField("tanggal")
    durasi_menit = models.PositiveIntegerField("durasi (menit)")
    topik = models.CharField("topik", max_length=200)
    catatan = models.TextField("catatan", blank=True)
    tindak_lanjut = models.TextField("tindak lanjut", blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dikonfirmasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dikonfirmasi_pada = models.DateTimeField("dikonfirmasi", null=True, blank=True)
    catatan_jp = models.OneToOneField(
        "pelatihan.CatatanJP", null=True, blank=True, on_delete=models.SET_NULL, related_name="sesi_mentoring"
    )

    class Meta:
        verbose_name = "sesi mentoring"
        verbose_name_plural = "sesi mentoring"
        ordering = ["-tanggal", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(durasi_menit__gt=0), name="sesi_durasi_positif")]

    def __str__(self):
        return f"{self.pasangan}: {self.topik} ({self.tanggal})"
