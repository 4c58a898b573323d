from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from pegawai.models import scope_q


class Jalur(models.TextChoices):
    KLASIKAL = "klasikal", "Klasikal"
    NONKLASIKAL = "nonklasikal", "Nonklasikal"
    PENDIDIKAN = "pendidikan", "Pendidikan"


class Bentuk(models.TextChoices):
    """Forms of competence development (Perlan LAN 10/2018), each on one jalur (JALUR_BENTUK)."""

    PELATIHAN_STRUKTURAL = "pelatihan_struktural", "Pelatihan struktural kepemimpinan"
    PELATIHAN_MANAJERIAL = "pelatihan_manajerial", "Pelatihan manajerial"
    PELATIHAN_TEKNIS = "pelatihan_teknis", "Pelatihan teknis"
    PELATIHAN_FUNGSIONAL = "pelatihan_fungsional", "Pelatihan fungsional"
    PELATIHAN_SOSIAL_KULTURAL = "pelatihan_sosial_kultural", "Pelatihan sosial kultural"
    SEMINAR = "seminar", "Seminar / konferensi / sarasehan"
    WORKSHOP = "workshop", "Workshop / lokakarya"
    KURSUS = "kursus", "Kursus"
    PENATARAN = "penataran", "Penataran"
    BIMTEK = "bimtek", "Bimbingan teknis"
    SOSIALISASI = "sosialisasi", "Sosialisasi"
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"
    E_LEARNING = "e_learning", "E-learning"
    PELATIHAN_JARAK_JAUH = "pelatihan_jarak_jauh", "Pelatihan jarak jauh"
    DETASERING = "detasering", "Detasering"
    OUTBOUND = "outbound", "Pembelajaran alam terbuka"
    PATOK_BANDING = "patok_banding", "Patok banding (benchmarking)"
    PERTUKARAN = "pertukaran", "Pertukaran PNS dengan swasta/BUMN/BUMD"
    BELAJAR_MANDIRI = "belajar_mandiri", "Belajar mandiri"
    KOMUNITAS_BELAJAR = "komunitas_belajar", "Komunitas belajar"
    BIMBINGAN_DI_TEMPAT_KERJA = "bimbingan_di_tempat_kerja", "Bimbingan di tempat kerja"
    MAGANG = "magang", "Magang / praktik kerja"
    TUGAS_BELAJAR = "tugas_belajar", "Tugas belajar"


_NONKLASIKAL = {
    Bentuk.COACHING,
    Bentuk.MENTORING,
    Bentuk.E_LEARNING,
    Bentuk.PELATIHAN_JARAK_JAUH,
    Bentuk.DETASERING,
    Bentuk.OUTBOUND,
    Bentuk.PATOK_BANDING,
    Bentuk.PERTUKARAN,
    Bentuk.BELAJAR_MANDIRI,
    Bentuk.KOMUNITAS_BELAJAR,
    Bentuk.BIMBINGAN_DI_TEMPAT_KERJA,
    Bentuk.MAGANG,
}
JALUR_BENTUK = {
    bentuk: Jalur.PENDIDIKAN
    if bentuk == Bentuk.TUGAS_BELAJAR
    else Jalur.NONKLASIKAL
    if bentuk in _NONKLASIKAL
    else Jalur.KLASIKAL
    for bentuk in Bentuk
}


class Mitra(models.Model):
    """A partner that runs training: the pemda itself, LAN/BPSDM, a university, a company."""

    class Jenis(models.TextChoices):
        PEMERINTAH_DAERAH = "pemda", "Pemerintah daerah"
        INSTANSI_PUSAT = "pusat", "LAN / BPSDM / instansi pusat"
        PERGURUAN_TINGGI = "perguruan_tinggi", "Perguruan tinggi"
        SWASTA = "swasta", "Swasta"
        LAINNYA = "lainnya", "Lainnya"

    nama = models.CharField("nama", max_length=200, unique=True)
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    kontak_nama = models.CharField("narahubung", max_length=150, blank=True)
    kontak_email = models.EmailField("email narahubung", blank=True)
    kontak_telepon = models.CharField("telepon narahubung", max_length=30, blank=True)
    alamat = models.CharField("alamat", max_length=255, blank=True)
    mou_nomor = models.CharField("nomor MoU/PKS", max_length=100, blank=True)
    mou_mulai = models.DateField("MoU berlaku mulai", null=True, blank=True)
    mou_selesai = models.DateField("MoU berlaku sampai", null=True, blank=True)

    class Meta:
        verbose_name = "mitra"
        verbose_name_plural = "mitra"
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mou_mulai__isnull=True) | Q(mou_selesai__isnull=True) | Q(mou_selesai__gte=F("mou_mulai")),
                name="mitra_mou_urut",
            )
        ]

    def __str__(self):
        return self.nama


class Pelatihan(models.Model):
    class Mode(models.TextChoices):
        TATAP_MUKA = "tatap_muka", "Tatap muka"
        DARING = "daring", "Daring"
        CAMPURAN = "campuran", "Campuran"

    class Skala(models.TextChoices):
        NASIONAL = "nasional", "Nasional"
        INTERNASIONAL = "internasional", "Internasional"

    class SumberAnggaran(models.TextChoices):
        APBD = "apbd", "APBD Kota Sorong"
        OTSUS = "otsus", "Dana Otonomi Khusus"
        APBN = "apbn", "APBN / instansi pusat"
        MITRA = "mitra", "Ditanggung mitra"
        MANDIRI = "mandiri", "Biaya sendiri"

    class Status(models.TextChoices):
        RENCANA = "rencana", "Rencana"
        PENDAFTARAN = "pendaftaran", "Pendaftaran dibuka"
        BERJALAN = "berjalan", "Berjalan"
        SELESAI = "selesai", "Selesai"
        BATAL = "batal", "Batal"

    judul = models.CharField("judul", max_length=255)
    deskripsi = models.TextField("deskripsi", blank=True)
    bentuk = models.CharField("bentuk", max_length=40, choices=Bentuk.choices)
    kompetensi = models.ManyToManyField(
        "pegawai.Kompetensi", verbose_name="kompetensi sasaran", blank=True, related_name="pelatihan"
    )
    mitra = models.ForeignKey(
        Mitra, verbose_name="penyelenggara", null=True, blank=True, on_delete=models.PROTECT, related_name="pelatihan"
    )
    tempat = models.CharField("tempat", max_length=200, blank=True)
    mode = models.CharField("mode", max_length=20, choices=Mode.choices, default=Mode.TATAP_MUKA)
    skala = models.CharField("skala", max_length=20, choices=Skala.choices, default=Skala.NASIONAL)
    tanggal_mulai = models.DateField("tanggal mulai")
    tanggal_selesai = models.DateField("tanggal selesai")
    jp = models.DecimalField("JP", max_digits=5, decimal_places=1)
    kuota = models.PositiveIntegerField("kuota peserta")
    biaya_per_peserta = models.DecimalField("biaya per peserta (Rp)", max_digits=14, decimal_places=0, default=0)
    sumber_anggaran = models.CharField(
        "sumber anggaran", max_length=20, choices=SumberAnggaran.choices, default=SumberAnggaran.APBD
    )
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.RENCANA)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pelatihan"
        verbose_name_plural = "pelatihan"
        ordering = ["-tanggal_mulai", "judul"]
        constraints = [
            models.CheckConstraint(condition=Q(tanggal_selesai__gte=F("tanggal_mulai")), name="pelatihan_tanggal_urut"),
            models.CheckConstraint(condition=Q(jp__gt=0), name="pelatihan_jp_positif"),
        ]

    def __str__(self):
        return self.judul

    def get_absolute_url(self):
        return reverse("pelatihan:detail", args=[self.pk])

    @property
    def jalur(self) -> str:
        return JALUR_BENTUK[self.bentuk]


class PesertaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))


class Peserta(models.Model):
    """One employee's seat (or place on the waiting list) in one training."""

    class Status(models.TextChoices):
        TERDAFTAR = "terdaftar", "Terdaftar"
        DAFTAR_TUNGGU = "daftar_tunggu", "Daftar tunggu"
        BATAL = "batal", "Batal"
        LULUS = "lulus", "Selesai (lulus)"
        TIDAK_LULUS = "tidak_lulus", "Tidak lulus"

    pelatihan = models.ForeignKey(Pelatihan, on_delete=models.PROTECT, related_name="peserta")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="keikutsertaan")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.TERDAFTAR)
    didaftarkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    didaftarkan = models.DateTimeField("didaftarkan", auto_now_add=True)
    hadir = models.BooleanField("hadir", null=True, blank=True)
    tanggal_selesai = models.DateField("tanggal selesai", null=True, blank=True)
    nomor_sertifikat = models.CharField("nomor sertifikat", max_length=100, blank=True)

    objects = PesertaQuerySet.as_manager()

    class Meta:
        verbose_name = "peserta"
        verbose_name_plural = "peserta"
        ordering = ["didaftarkan"]
        constraints = [
            models.UniqueConstraint(fields=["pelatihan", "pegawai"], name="peserta_satu_kursi_per_pegawai"),
        ]

    def __str__(self):
        return f"{self.pegawai} — {self.pelatihan}"


class CatatanJPQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))

    def dihitung(self):
        """Records that count towards the 20 JP: verified ones only."""
        return self.filter(terverifikasi=True)


class CatatanJP(models.Model):
    """The JP ledger: one row per completed development activity of one employee.

    Completed trainings, confirmed mentoring and verified external records all land here,
    so every JP total in the product is a sum over this table.
    """

    class Sumber(models.TextChoices):
        PELATIHAN = "pelatihan", "Pelatihan katalog"
        MENTORING = "mentoring", "Mentoring"
        EKSTERNAL = "eksternal", "Dicatat dari luar (sertifikat)"

    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="catatan_jp")
    tahun = models.PositiveSmallIntegerField("tahun")
    tanggal = models.DateField("tanggal selesai")
    judul = models.CharField("kegiatan", max_length=255)
    bentuk = models.CharField("bentuk", max_length=40, choices=Bentuk.choices)
    jp = models.DecimalField("JP", max_digits=5, decimal_places=1)
    sumber = models.CharField("sumber", max_length=20, choices=Sumber.choices)
    penyelenggara = models.CharField("penyelenggara", max_length=200, blank=True)
    nomor_sertifikat = models.CharField("nomor sertifikat", max_length=100, blank=True)
    peserta = models.OneToOneField(Peserta, null=True, blank=True, on_delete=models.CASCADE, related_name="catatan_jp")
    terverifikasi = models.BooleanField("terverifikasi", default=False)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    objects = CatatanJPQuerySet.as_manager()

    class Meta:
        verbose_name = "catatan JP"
        verbose_name_plural = "catatan JP"
        ordering = ["-tanggal"]
        indexes = [models.Index(fields=["pegawai", "tahun"], name="catatanjp_pegawai_tahun")]
        constraints = [models.CheckConstraint(condition=Q(jp__gt=0), name="catatanjp_jp_positif")]

    def __str__(self):
        return f"{self.pegawai}: {self.judul} ({self.jp} JP)"
