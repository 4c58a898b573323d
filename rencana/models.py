import statistics

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from pegawai.models import scope_q
from pelatihan.models import JALUR_BENTUK, Bentuk
from sorong_asn.formatting import angka


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


# The JP a year's plan should reach (PNS, PP 11/2017 Pasal 203) and may not exceed (PPPK, Perlan 15/2020).
JP_MINIMAL_PNS = 20
JP_MAKSIMAL_PPPK = 24


class RencanaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))

    def antrean_atasan(self, atasan):
        """Plans waiting for `atasan`: derived from today's supervisor, so a reassignment moves them."""
        return self.filter(status=RencanaPengembangan.Status.DIAJUKAN, pegawai__atasan=atasan)

    def antrean_verifikasi(self):
        return self.filter(status=RencanaPengembangan.Status.DISETUJUI)


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

    DAPAT_DIUBAH = (Status.DRAF, Status.DIKEMBALIKAN)

    def is_owner(self, user) -> bool:
        return user.is_authenticated and self.pegawai.user_id == user.pk

    def can_edit(self, user) -> bool:
        """Only the owner edits, only in draft or returned, only while the year is open."""
        terbuka = self.tahun.status == TahunRencana.Status.DIBUKA
        return self.is_owner(user) and self.status in self.DAPAT_DIUBAH and terbuka

    def can_submit(self, user) -> bool:
        return self.can_edit(user)

    def can_approve(self, user) -> bool:
        """The employee's direct supervisor today; never the owner."""
        atasan = user.profil_pegawai if user.is_authenticated else None
        return (
            self.status == self.Status.DIAJUKAN
            and atasan is not None
            and self.pegawai.atasan_id == atasan.pk
            and not self.is_owner(user)
        )

    def can_verify(self, user) -> bool:
        return self.status == self.Status.DISETUJUI and user.is_admin_bkpsdm and not self.is_owner(user)

    def can_return(self, user) -> bool:
        return self.can_approve(user) or self.can_verify(user)

    def peringatan_jp(self, total_jp) -> str:
        """A warning when the planned JP misses the PNS minimum or exceeds the PPPK maximum."""
        teks = angka(total_jp, 0 if total_jp == int(total_jp) else 1)
        if self.pegawai.jenis_asn == "PNS" and total_jp < JP_MINIMAL_PNS:
            return f"Rencana {teks} JP, di bawah hak minimal PNS {JP_MINIMAL_PNS} JP per tahun."
        if self.pegawai.jenis_asn == "PPPK" and total_jp > JP_MAKSIMAL_PPPK:
            return f"Rencana {teks} JP, melebihi batas PPPK {JP_MAKSIMAL_PPPK} JP per tahun."
        return ""


class ItemQuerySet(models.QuerySet):
    def terverifikasi(self, tahun):
        """Items of the verified plans of `tahun`: what the annual plan consolidates."""
        return self.filter(rencana__tahun=tahun, rencana__status=RencanaPengembangan.Status.DIVERIFIKASI)


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

    objects = ItemQuerySet.as_manager()

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


def _lambang_path(instance, filename):
    return f"rencana/lambang/{instance.tahun.tahun}-{filename}"


class RencanaTahunan(models.Model):
    """The annual instansi plan of one year: the document's particulars, edited by BKPSDM (not code)."""

    tahun = models.OneToOneField(TahunRencana, on_delete=models.CASCADE, related_name="rencana_tahunan")
    nomor_dokumen = models.CharField(
        "nomor dokumen", max_length=100, blank=True, help_text="Contoh: 800.1.2/1059/BKPSDM/2026."
    )
    tanggal_dokumen = models.DateField("tanggal dokumen", null=True, blank=True)
    tempat = models.CharField("tempat penetapan", max_length=60, default="Sorong")
    kop_baris_1 = models.CharField("kop baris 1", max_length=120, default="PEMERINTAH KOTA SORONG")
    kop_baris_2 = models.CharField(
        "kop baris 2 (nama perangkat daerah)",
        max_length=200,
        default="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
    )
    kop_alamat = models.CharField(
        "kop alamat",
        max_length=255,
        default="Jl. Burung Kurana No. 4, Sorong, Papua Barat Daya 98414 · Telepon (0951) 326300",
    )
    kop_kontak = models.CharField("kop surel/laman", max_length=255, blank=True, default="bkpsdm.sorongkota.go.id")
    lambang = models.ImageField(
        "lambang daerah", upload_to=_lambang_path, blank=True, help_text="PNG atau JPEG, paling besar 300 KB."
    )
    kepala_jabatan = models.CharField(
        "jabatan penyusun",
        max_length=200,
        default="KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA KOTA SORONG",
    )
    kepala_nama = models.CharField("nama Kepala BKPSDM (dengan gelar)", max_length=150, blank=True)
    kepala_pangkat = models.CharField("pangkat/golongan Kepala BKPSDM", max_length=100, blank=True)
    kepala_nip = models.CharField("NIP Kepala BKPSDM", max_length=18, blank=True)
    awalan_nip = models.CharField(
        "awalan NIP", max_length=5, default="NIP", help_text='Tulisan sebelum NIP, mis. "NIP" atau "NIP.".'
    )
    wali_kota_nama = models.CharField("nama Wali Kota (tanpa gelar)", max_length=150, blank=True)

    class Meta:
        verbose_name = "rencana tahunan"
        verbose_name_plural = "rencana tahunan"

    def __str__(self):
        return f"Rencana tahunan {self.tahun}"


class DokumenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City documents for whole-instansi readers; an Operator sees their own OPD's documents."""
        if user.sees_whole_instansi:
            return self
        if user.is_operator_opd:
            return self.filter(unit_kerja__path__startswith=user.unit_kerja.path)
        return self.none()

    def lama_biasa(self, *, unit) -> float | None:
        """Median seconds of the last ten finished renders of one scope (the city when `unit` is None)."""
        durasi = list(
            self.filter(unit_kerja=unit, status=DokumenRencana.Status.SELESAI, durasi_detik__isnull=False)
            .order_by("-selesai")
            .values_list("durasi_detik", flat=True)[:10]
        )
        return statistics.median(durasi) if durasi else None


class DokumenRencana(models.Model):
    """One generated PDF of the annual plan (city or one OPD), kept with its history."""

    class Status(models.TextChoices):
        ANTRE = "antre", "Dalam antrean"
        PROSES = "proses", "Sedang dibuat"
        SELESAI = "selesai", "Selesai"
        GAGAL = "gagal", "Gagal"

    tahun = models.ForeignKey(TahunRencana, on_delete=models.PROTECT, related_name="dokumen")
    unit_kerja = models.ForeignKey(
        "pegawai.UnitKerja",
        verbose_name="perangkat daerah",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Kosong = seluruh Pemerintah Kota Sorong.",
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.ANTRE)
    progres = models.PositiveSmallIntegerField("progres (%)", default=0)
    tahap = models.CharField("tahap", max_length=100, blank=True)
    berkas = models.FileField("berkas", upload_to="rencana/pdf/", blank=True)
    jumlah_halaman = models.PositiveIntegerField("jumlah halaman", null=True, blank=True)
    durasi_detik = models.FloatField("lama pembuatan (detik)", null=True, blank=True)
    pesan_galat = models.CharField("pesan galat", max_length=255, blank=True)
    diminta_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diminta = models.DateTimeField("diminta", auto_now_add=True)
    selesai = models.DateTimeField("selesai", null=True, blank=True)

    objects = DokumenQuerySet.as_manager()

    class Meta:
        verbose_name = "dokumen rencana tahunan"
        verbose_name_plural = "dokumen rencana tahunan"
        ordering = ["-diminta", "-pk"]

    def __str__(self):
        return f"PDF rencana {self.tahun} — {self.unit_kerja or 'Kota Sorong'}"

    @property
    def berjalan(self) -> bool:
        return self.status in (self.Status.ANTRE, self.Status.PROSES)
