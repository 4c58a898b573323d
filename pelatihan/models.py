import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from pegawai.models import Pegawai, manage_q, scope_q
from sorong_asn.validators import validate_single_line


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


# LAN "Konversi Pengembangan Kompetensi Non Klasikal" (domain-reference.md §4.3): JP per day,
# national and international. Other classical forms: 8 JP a day (1 JP = 45 minutes), +20 % abroad.
JP_PER_HARI = {Bentuk.SEMINAR: (Decimal(4), Decimal(6)), Bentuk.WORKSHOP: (Decimal(5), Decimal(7))}
JP_PER_HARI_LAIN = Decimal(8)
FAKTOR_INTERNASIONAL = Decimal("1.2")


def jp_bawaan(*, bentuk: str, internasional: bool, hari: int) -> Decimal:
    """Default JP of an activity from LAN's conversion table; the form lets BKPSDM override it."""
    if bentuk in JP_PER_HARI:
        nasional, luar_negeri = JP_PER_HARI[bentuk]
        return (luar_negeri if internasional else nasional) * hari
    jp = JP_PER_HARI_LAIN * hari * (FAKTOR_INTERNASIONAL if internasional else 1)
    return jp.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Mitra(models.Model):
    """A partner that runs training: the pemda itself, LAN/BPSDM, a university, a company."""

    class Jenis(models.TextChoices):
        PEMERINTAH_DAERAH = "pemda", "Pemerintah daerah"
        INSTANSI_PUSAT = "pusat", "LAN / BPSDM / instansi pusat"
        PERGURUAN_TINGGI = "perguruan_tinggi", "Perguruan tinggi"
        SWASTA = "swasta", "Swasta"
        LAINNYA = "lainnya", "Lainnya"

    nama = models.CharField("nama", max_length=200, unique=True, validators=[validate_single_line])
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    kontak_nama = models.CharField("narahubung", max_length=150, blank=True, validators=[validate_single_line])
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

    def get_absolute_url(self):
        return reverse("pelatihan:mitra_detail", args=[self.pk])

    def mou_berlaku(self, today: date) -> bool:
        return bool(self.mou_mulai and self.mou_selesai and self.mou_mulai <= today <= self.mou_selesai)


def _rata_relevansi():
    jawaban = JawabanUmpanBalik.objects.filter(
        umpan_balik__peserta__pelatihan=OuterRef("pk"), pertanyaan__kode=KODE_RELEVANSI
    )
    return jawaban.values("umpan_balik__peserta__pelatihan").annotate(r=models.Avg("nilai")).values("r")[:1]


class PelatihanQuerySet(models.QuerySet):
    def dengan_ringkasan(self):
        """Seats taken, feedback count and relevance average, for a whole list in one query."""
        kursi = Peserta.objects.filter(pelatihan=OuterRef("pk"), status__in=Peserta.STATUS_KURSI)
        umpan_balik = UmpanBalik.objects.filter(peserta__pelatihan=OuterRef("pk"))
        return self.annotate(
            terisi=Coalesce(Subquery(kursi.values("pelatihan").annotate(n=Count("pk")).values("n")[:1]), 0),
            jumlah_umpan_balik=Coalesce(
                Subquery(umpan_balik.values("peserta__pelatihan").annotate(n=Count("pk")).values("n")[:1]), 0
            ),
            rata_relevansi=Subquery(_rata_relevansi()),
        )

    def perlu_ditinjau(self):
        """Trainings the participants judged not relevant to their work (enough responses to tell)."""
        return self.dengan_ringkasan().filter(
            jumlah_umpan_balik__gte=settings.PELATIHAN_MIN_RESPONDEN,
            rata_relevansi__lt=settings.PELATIHAN_AMBANG_RELEVANSI,
        )


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

    judul = models.CharField("judul", max_length=255, validators=[validate_single_line])
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

    objects = PelatihanQuerySet.as_manager()

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

    @property
    def durasi_hari(self) -> int:
        return (self.tanggal_selesai - self.tanggal_mulai).days + 1

    @property
    def pendaftaran_dibuka(self) -> bool:
        return self.status == self.Status.PENDAFTARAN

    @property
    def bisa_dinominasikan(self) -> bool:
        return self.status in (self.Status.RENCANA, self.Status.PENDAFTARAN)

    @property
    def batas_umpan_balik(self) -> date:
        return self.tanggal_selesai + timedelta(days=settings.PELATIHAN_BATAS_UMPAN_BALIK_HARI)

    @property
    def perlu_ditinjau(self) -> bool:
        """Needs `dengan_ringkasan()`; true when enough participants rated relevance below the threshold."""
        return (
            self.jumlah_umpan_balik >= settings.PELATIHAN_MIN_RESPONDEN
            and self.rata_relevansi is not None
            and self.rata_relevansi < settings.PELATIHAN_AMBANG_RELEVANSI
        )

    @property
    def sisa_kuota(self) -> int:
        """Needs `dengan_ringkasan()`."""
        return max(self.kuota - self.terisi, 0)


SERTIFIKAT_EKSTENSI = ("pdf", "jpg", "png")


def sertifikat_path(instance, filename: str) -> str:
    """Never the uploader's filename: a random name; the form already set the extension from the content."""
    ekstensi = filename.rsplit(".", 1)[-1].lower()
    return f"sertifikat/{uuid.uuid4().hex}.{ekstensi if ekstensi in SERTIFIKAT_EKSTENSI else 'bin'}"


class PesertaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))

    def editable_by(self, user):
        return self.filter(manage_q(user, "pegawai__"))

    def cancellable_by(self, user):
        """Own registration, or employees the user manages (Admin BKPSDM, Operator of the OPD)."""
        return self.filter(Q(pegawai__user=user) | manage_q(user, "pegawai__"))

    def menempati_kursi(self):
        return self.filter(status__in=Peserta.STATUS_KURSI)

    def menunggu_umpan_balik(self, today: date):
        """Completed participants whose training has ended, who gave no feedback yet, still in time."""
        batas = today - timedelta(days=settings.PELATIHAN_BATAS_UMPAN_BALIK_HARI)
        return self.filter(
            status=Peserta.Status.LULUS,
            pelatihan__tanggal_selesai__lt=today,
            pelatihan__tanggal_selesai__gte=batas,
            umpan_balik__isnull=True,
        )


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
    sertifikat = models.FileField("file sertifikat", upload_to=sertifikat_path, blank=True)

    objects = PesertaQuerySet.as_manager()

    # Statuses that hold one of the training's kuota seats.
    STATUS_KURSI = (Status.TERDAFTAR, Status.LULUS, Status.TIDAK_LULUS)

    class Meta:
        verbose_name = "peserta"
        verbose_name_plural = "peserta"
        ordering = ["didaftarkan"]
        constraints = [
            models.UniqueConstraint(fields=["pelatihan", "pegawai"], name="peserta_satu_kursi_per_pegawai"),
        ]

    def __str__(self):
        return f"{self.pegawai} — {self.pelatihan}"

    def alasan_tidak_bisa_umpan_balik(self, today: date) -> str:
        """Why this participant may not give (or change) feedback today; empty when they may."""
        if self.status != self.Status.LULUS:
            return "Umpan balik hanya dapat diisi oleh peserta yang menyelesaikan pelatihan."
        if today <= self.pelatihan.tanggal_selesai:
            return f"Umpan balik dibuka setelah pelatihan berakhir ({self.pelatihan.tanggal_selesai:%d-%m-%Y})."
        if today > self.pelatihan.batas_umpan_balik:
            return "Batas waktu pengisian umpan balik sudah lewat."
        return ""


class CatatanJPQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))

    def dihitung(self):
        """Records that count towards the 20 JP: verified ones only."""
        return self.filter(terverifikasi=True)

    def menunggu_verifikasi(self):
        return self.filter(sumber=CatatanJP.Sumber.EKSTERNAL, terverifikasi=False)

    def total_per_pegawai(self, tahun: int):
        """{pegawai_id, total} of verified JP in `tahun`, one row per employee, in one query."""
        return self.dihitung().filter(tahun=tahun).values("pegawai").annotate(total=Sum("jp")).order_by("pegawai")


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
    judul = models.CharField("kegiatan", max_length=255, validators=[validate_single_line])
    bentuk = models.CharField("bentuk", max_length=40, choices=Bentuk.choices)
    jp = models.DecimalField("JP", max_digits=5, decimal_places=1)
    sumber = models.CharField("sumber", max_length=20, choices=Sumber.choices)
    penyelenggara = models.CharField("penyelenggara", max_length=200, blank=True, validators=[validate_single_line])
    nomor_sertifikat = models.CharField("nomor sertifikat", max_length=100, blank=True)
    peserta = models.OneToOneField(Peserta, null=True, blank=True, on_delete=models.CASCADE, related_name="catatan_jp")
    terverifikasi = models.BooleanField("terverifikasi", default=False)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    tanggal_mulai = models.DateField("tanggal mulai", null=True, blank=True)
    sertifikat = models.FileField("file sertifikat", upload_to=sertifikat_path, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField("diverifikasi pada", null=True, blank=True)

    objects = CatatanJPQuerySet.as_manager()

    class Meta:
        verbose_name = "catatan JP"
        verbose_name_plural = "catatan JP"
        ordering = ["-tanggal"]
        indexes = [models.Index(fields=["pegawai", "tahun"], name="catatanjp_pegawai_tahun")]
        constraints = [models.CheckConstraint(condition=Q(jp__gt=0), name="catatanjp_jp_positif")]

    def __str__(self):
        return f"{self.pegawai}: {self.judul} ({self.jp} JP)"

    @property
    def jenis_riwayat_siasn(self) -> str:
        """SIASN keeps structural leadership training as riwayat diklat, everything else as riwayat kursus."""
        return "Diklat Struktural" if self.bentuk == Bentuk.PELATIHAN_STRUKTURAL else "Kursus"


# --- JP ledger rules (used by pegawai, rencana, mentoring and evaluasi too) ---------------------


def jp_dihitung_expr(total_field: str = "jp_realisasi"):
    """The JP that count: all of it for a PNS, at most the PPPK cap for a PPPK."""
    batas = Value(Decimal(settings.PELATIHAN_JP_BATAS_PPPK))
    return Case(
        When(Q(jenis_asn=Pegawai.JenisAsn.PPPK) & Q(**{f"{total_field}__gt": batas}), then=batas),
        default=F(total_field),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def with_jp(pegawai_qs, tahun: int):
    """Annotate employees with `jp_realisasi` (verified JP of `tahun`) and `jp_dihitung` (after the PPPK cap).

    One subquery, so a whole list costs one query.
    """
    total = CatatanJP.objects.total_per_pegawai(tahun).filter(pegawai=OuterRef("pk")).values("total")[:1]
    dec = DecimalField(max_digits=7, decimal_places=1)
    return pegawai_qs.annotate(
        jp_realisasi=Coalesce(Subquery(total, output_field=dec), Value(Decimal(0)), output_field=dec)
    ).annotate(jp_dihitung=jp_dihitung_expr())


def with_jp_kurang(pegawai_qs, tahun: int):
    """`with_jp` plus `jp_kurang`; only PNS can fall short (PPPK have a cap, not a minimum)."""
    target = Value(Decimal(settings.PELATIHAN_JP_TARGET_PNS))
    return with_jp(pegawai_qs, tahun).annotate(
        jp_kurang=Case(
            When(Q(jenis_asn=Pegawai.JenisAsn.PNS) & Q(jp_dihitung__lt=target), then=target - F("jp_dihitung")),
            default=Value(Decimal(0)),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    )


@dataclass(frozen=True)
class StatusJP:
    tahun: int
    realisasi: Decimal  # verified JP recorded
    dihitung: Decimal  # what counts after the PPPK cap
    target: int | None  # minimum (PNS), None for PPPK
    batas: int | None  # cap (PPPK), None for PNS
    kurang: Decimal  # JP still needed to reach the target

    @property
    def persen(self) -> int:
        """Progress bar width against the target (PNS) or the cap (PPPK)."""
        acuan = self.target or self.batas or 1
        return min(100, int(self.dihitung * 100 / acuan))

    @property
    def tercapai(self) -> bool:
        return self.kurang == 0


def jp_status(pegawai, tahun: int) -> StatusJP:
    """Realised, counted, target, cap and shortfall of one employee's JP in one year."""
    realisasi = getattr(pegawai, "jp_realisasi", None)
    if realisasi is None:
        realisasi = CatatanJP.objects.dihitung().filter(pegawai=pegawai, tahun=tahun).aggregate(t=Sum("jp"))["t"]
    realisasi = Decimal(realisasi or 0)
    if pegawai.jenis_asn == Pegawai.JenisAsn.PPPK:
        batas = settings.PELATIHAN_JP_BATAS_PPPK
        return StatusJP(tahun, realisasi, min(realisasi, Decimal(batas)), None, batas, Decimal(0))
    target = settings.PELATIHAN_JP_TARGET_PNS
    return StatusJP(tahun, realisasi, realisasi, target, None, max(Decimal(target) - realisasi, Decimal(0)))


# --- Participant feedback (Kirkpatrick level 1) ------------------------------------------------

KODE_RELEVANSI = "relevansi"
PERTANYAAN_BAWAAN = (
    (KODE_RELEVANSI, "Relevansi materi dengan tugas saya"),
    ("materi", "Kualitas dan kedalaman materi"),
    ("narasumber", "Penguasaan dan cara penyampaian narasumber"),
    ("metode", "Metode pembelajaran"),
    ("sarana", "Sarana dan penyelenggaraan"),
)
SKALA_NILAI = ((1, "Sangat kurang"), (2, "Kurang"), (3, "Cukup"), (4, "Baik"), (5, "Sangat baik"))


def ensure_pertanyaan(model) -> None:
    """Create the default question set if missing (called by the data migration and seed_demo)."""
    for urutan, (kode, teks) in enumerate(PERTANYAAN_BAWAAN, start=1):
        model.objects.get_or_create(kode=kode, defaults={"teks": teks, "urutan": urutan})


class PertanyaanUmpanBalikQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(aktif=True)


class PertanyaanUmpanBalik(models.Model):
    """One 1–5 question of the feedback form; BKPSDM edits the set in the admin."""

    kode = models.SlugField("kode", max_length=30, unique=True)
    teks = models.CharField("pertanyaan", max_length=200)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    aktif = models.BooleanField("aktif", default=True)

    objects = PertanyaanUmpanBalikQuerySet.as_manager()

    class Meta:
        verbose_name = "pertanyaan umpan balik"
        verbose_name_plural = "pertanyaan umpan balik"
        ordering = ["urutan", "kode"]

    def __str__(self):
        return self.teks


class UmpanBalik(models.Model):
    """One participant's reaction to one training: given once, editable until the deadline."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="umpan_balik")
    saran = models.TextField("saran perbaikan", blank=True, max_length=2000)
    rencana_penerapan = models.TextField("rencana penerapan di tempat kerja", blank=True, max_length=2000)
    dibuat = models.DateTimeField(auto_now_add=True)
    diperbarui = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "umpan balik peserta"
        verbose_name_plural = "umpan balik peserta"

    def __str__(self):
        return f"Umpan balik {self.peserta}"


class JawabanUmpanBalik(models.Model):
    umpan_balik = models.ForeignKey(UmpanBalik, on_delete=models.CASCADE, related_name="jawaban")
    pertanyaan = models.ForeignKey(PertanyaanUmpanBalik, on_delete=models.PROTECT, related_name="jawaban")
    nilai = models.PositiveSmallIntegerField("nilai", validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = "jawaban umpan balik"
        verbose_name_plural = "jawaban umpan balik"
        constraints = [
            models.UniqueConstraint(fields=["umpan_balik", "pertanyaan"], name="jawaban_unik_per_pertanyaan"),
            models.CheckConstraint(condition=Q(nilai__gte=1, nilai__lte=5), name="jawaban_nilai_1_5"),
        ]

    def __str__(self):
        return f"{self.pertanyaan.kode}: {self.nilai}"
