from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from pegawai.models import scope_q
from pelatihan.models import JALUR_BENTUK, Bentuk


class TahunRencana(models.Model):
    """A planning year opened by BKPSDM, with its deadlines."""

    class Status(models.TextChoices):
        DIBUKA = "dibuka", "Dibuka"
        DITUTUP = "ditutup", "Ditutup"

    tahun = models.PositiveSmallIntegerField("tahun", unique=True)
    batas_pengajuan = models.DateField("batas pengajuan rencana")
    batas_persetujuan = models.DateField("batas persetujuan atasan")
    batas_verifikasi = models.DateField("batas verifikasi BKPSDM")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DIBUKA)

    class Meta:
        verbose_name = "tahun rencana"
        verbose_name_plural = "tahun rencana"
        ordering = ["-tahun"]
        constraints = [
            models.CheckConstraint(
                condition=Q(batas_persetujuan__gte=F("batas_pengajuan"))
                & Q(batas_verifikasi__gte=F("batas_persetujuan")),
                name="tahunrencana_batas_urut",
            )
        ]

    def __str__(self):
        return str(self.tahun)


class RencanaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))


class RencanaPengembangan(models.Model):
    """One employee's individual development plan (IDP) for one year."""

    class Status(models.TextChoices):
        DRAF = "draf", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DISETUJUI = "disetujui", "Disetujui atasan"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
        DIVERIFIKASI = "diverifikasi", "Diverifikasi BKPSDM"

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="rencana")
    tahun = models.ForeignKey(TahunRencana, on_delete=models.PROTECT, related_name="rencana")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAF)
    penyetuju = models.ForeignKey(
        "pegawai.Pegawai",
        verbose_name="atasan penyetuju",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rencana_untuk_disetujui",
    )
    # Optimistic locking: every edit bumps it, a stale form is refused.
    versi = models.PositiveIntegerField(default=1)
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    objects = RencanaQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana pengembangan"
        verbose_name_plural = "rencana pengembangan"
        ordering = ["-tahun__tahun", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun"], name="rencana_satu_per_pegawai_per_tahun"),
        ]

    def __str__(self):
        return f"Rencana {self.tahun} — {self.pegawai}"

    def get_absolute_url(self):
        return reverse("rencana:detail", args=[self.pk])


class ItemRencana(models.Model):
    class Triwulan(models.IntegerChoices):
        TW1 = 1, "Triwulan I"
        TW2 = 2, "Triwulan II"
        TW3 = 3, "Triwulan III"
        TW4 = 4, "Triwulan IV"

    class Prioritas(models.IntegerChoices):
        TINGGI = 1, "Tinggi"
        SEDANG = 2, "Sedang"
        RENDAH = 3, "Rendah"

    rencana = models.ForeignKey(RencanaPengembangan, on_delete=models.CASCADE, related_name="item")
    kompetensi = models.ForeignKey("pegawai.Kompetensi", on_delete=models.PROTECT, related_name="item_rencana")
    bentuk = models.CharField("bentuk", max_length=40, choices=Bentuk.choices)
    pelatihan = models.ForeignKey(
        "pelatihan.Pelatihan",
        verbose_name="pelatihan katalog",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="item_rencana",
    )
    jp = models.DecimalField("target JP", max_digits=5, decimal_places=1)
    biaya = models.DecimalField("perkiraan biaya (Rp)", max_digits=14, decimal_places=0, default=0)
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    prioritas = models.PositiveSmallIntegerField("prioritas", choices=Prioritas.choices, default=Prioritas.SEDANG)
    catatan = models.CharField("catatan", max_length=255, blank=True)

    class Meta:
        verbose_name = "item rencana"
        verbose_name_plural = "item rencana"
        ordering = ["triwulan", "prioritas", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gt=0), name="itemrencana_jp_positif"),
            models.CheckConstraint(condition=Q(biaya__gte=0), name="itemrencana_biaya_tidak_negatif"),
        ]

    def __str__(self):
        return f"{self.kompetensi} — {self.get_bentuk_display()}"

    @property
    def jalur(self) -> str:
        return JALUR_BENTUK[self.bentuk]


class RiwayatStatus(models.Model):
    """One transition of a plan: who, when, from, to, note."""

    rencana = models.ForeignKey(RencanaPengembangan, on_delete=models.CASCADE, related_name="riwayat_status")
    dari = models.CharField("dari", max_length=20, choices=RencanaPengembangan.Status.choices, blank=True)
    ke = models.CharField("ke", max_length=20, choices=RencanaPengembangan.Status.choices)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField("waktu", auto_now_add=True)
    catatan = models.TextField("catatan", blank=True)

    class Meta:
        verbose_name = "riwayat status rencana"
        verbose_name_plural = "riwayat status rencana"
        ordering = ["waktu", "pk"]

    def __str__(self):
        return f"{self.rencana}: {self.dari} → {self.ke}"
