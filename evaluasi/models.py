from calendar import monthrange
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from pegawai.models import Pegawai, scope_q
from pelatihan.models import Peserta

SKOR_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SKOR_CHOICES = [(1, "1 — Sangat kurang"), (2, "2 — Kurang"), (3, "3 — Cukup"), (4, "4 — Baik"), (5, "5 — Sangat baik")]


class SiklusEvaluasi(models.Model):
    """A period (semester, year) in which every verified plan of a year is evaluated for progress."""

    class Jenis(models.TextChoices):
        SEMESTER_1 = "semester_1", "Semester I"
        SEMESTER_2 = "semester_2", "Semester II"
        TAHUNAN = "tahunan", "Tahunan"

    tahun = models.ForeignKey("rencana.TahunRencana", verbose_name="tahun rencana", on_delete=models.PROTECT)
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    tanggal_mulai = models.DateField("dibuka mulai")
    batas_penilaian_diri = models.DateField("batas penilaian diri")
    batas_penilaian_atasan = models.DateField("batas penilaian atasan")
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "siklus evaluasi"
        verbose_name_plural = "siklus evaluasi"
        ordering = ["-tanggal_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "jenis"], name="siklus_satu_per_jenis_per_tahun"),
            models.CheckConstraint(
                condition=Q(batas_penilaian_diri__gte=F("tanggal_mulai"))
                & Q(batas_penilaian_atasan__gte=F("batas_penilaian_diri")),
                name="siklus_batas_urut",
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.tahun}"

    def get_absolute_url(self):
        return reverse("evaluasi:siklus_detail", args=[self.pk])


class EvaluasiProgresQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pegawai__"))

    def terlambat(self, today):
        """Evaluations whose current step is past its deadline."""
        return self.filter(
            Q(status=EvaluasiProgres.Status.BELUM, siklus__batas_penilaian_diri__lt=today)
            | Q(status=EvaluasiProgres.Status.DINILAI_DIRI, siklus__batas_penilaian_atasan__lt=today)
        )


class EvaluasiProgres(models.Model):
    """Progress of one verified plan in one cycle: the employee's self-assessment, then the Atasan's."""

    class Status(models.TextChoices):
        BELUM = "belum", "Menunggu penilaian diri"
        DINILAI_DIRI = "dinilai_diri", "Menunggu penilaian atasan"
        SELESAI = "selesai", "Selesai"

    class Predikat(models.TextChoices):
        # The three ratings of Permenpan RB 6/2022, applied to plan progress.
        DI_ATAS = "di_atas", "Di atas ekspektasi"
        SESUAI = "sesuai", "Sesuai ekspektasi"
        DI_BAWAH = "di_bawah", "Di bawah ekspektasi"

    siklus = models.ForeignKey(SiklusEvaluasi, on_delete=models.CASCADE, related_name="evaluasi")
    rencana = models.ForeignKey("rencana.RencanaPengembangan", on_delete=models.CASCADE, related_name="evaluasi")
    # Copied from the plan so scoping and per-OPD counts need no extra join.
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.PROTECT, related_name="evaluasi_progres")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.BELUM)
    item_selesai = models.PositiveSmallIntegerField("jumlah item rencana yang terlaksana", null=True, blank=True)
    hambatan = models.TextField("hambatan", blank=True)
    jp_realisasi = models.DecimalField("JP terealisasi", max_digits=6, decimal_places=1, null=True, blank=True)
    jp_target = models.DecimalField("target JP", max_digits=6, decimal_places=1, null=True, blank=True)
    dinilai_diri_pada = models.DateTimeField("penilaian diri", null=True, blank=True)
    penilai = models.ForeignKey(
        "pegawai.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluasi_progres_dinilai"
    )
    predikat = models.CharField("predikat", max_length=20, choices=Predikat.choices, blank=True)
    catatan_atasan = models.TextField("catatan atasan", blank=True)
    dinilai_atasan_pada = models.DateTimeField("penilaian atasan", null=True, blank=True)

    objects = EvaluasiProgresQuerySet.as_manager()

    class Meta:
        verbose_name = "evaluasi progres"
        verbose_name_plural = "evaluasi progres"
        ordering = ["pegawai__nama"]
        constraints = [models.UniqueConstraint(fields=["siklus", "rencana"], name="evaluasi_satu_per_rencana")]
        indexes = [models.Index(fields=["siklus", "status"], name="evaluasi_siklus_status")]

    def __str__(self):
        return f"{self.siklus} — {self.pegawai}"

    def get_absolute_url(self):
        return reverse("evaluasi:progres_detail", args=[self.pk])

    def can_assess_self(self, user) -> bool:
        return self.status == self.Status.BELUM and self.pegawai.user_id == user.pk

    def can_assess_as_atasan(self, user) -> bool:
        atasan = self.pegawai.atasan
        return self.status == self.Status.DINILAI_DIRI and atasan is not None and atasan.user_id == user.pk

    def batas(self):
        """Deadline of the step the evaluation waits for, or None when done."""
        if self.status == self.Status.BELUM:
            return self.siklus.batas_penilaian_diri
        if self.status == self.Status.DINILAI_DIRI:
            return self.siklus.batas_penilaian_atasan
        return None


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's end (31 May − 3 months = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def pascapelatihan_jatuh_tempo(today: date):
    """Completed trainings of active employees whose level-3 evaluation is due and not yet given.

    Due N months after completion (EVALUASI_BULAN_PASCAPELATIHAN); after
    EVALUASI_BULAN_PASCAPELATIHAN_KEDALUWARSA months the behaviour change can no longer be traced
    to the training, so older ones are not asked for any more.
    """
    return Peserta.objects.filter(
        status=Peserta.Status.LULUS,
        tanggal_selesai__lte=months_before(today, settings.EVALUASI_BULAN_PASCAPELATIHAN),
        tanggal_selesai__gt=months_before(today, settings.EVALUASI_BULAN_PASCAPELATIHAN_KEDALUWARSA),
        evaluasi_l3__isnull=True,
        pegawai__status=Pegawai.Status.AKTIF,
    )


class EvaluasiPascaPelatihanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "peserta__pegawai__"))


class EvaluasiPascaPelatihan(models.Model):
    """Kirkpatrick level 3: the Atasan's view, months after a training, of what changed at work."""

    peserta = models.OneToOneField("pelatihan.Peserta", on_delete=models.CASCADE, related_name="evaluasi_l3")
    penilai = models.ForeignKey("pegawai.Pegawai", null=True, on_delete=models.SET_NULL, related_name="+")
    perubahan_perilaku = models.PositiveSmallIntegerField(
        "perubahan perilaku kerja", choices=SKOR_CHOICES, validators=SKOR_VALIDATORS
    )
    penerapan = models.PositiveSmallIntegerField(
        "penerapan hasil pelatihan di tempat kerja", choices=SKOR_CHOICES, validators=SKOR_VALIDATORS
    )
    catatan = models.TextField("catatan", blank=True)
    dinilai_pada = models.DateTimeField(auto_now_add=True)

    objects = EvaluasiPascaPelatihanQuerySet.as_manager()

    class Meta:
        verbose_name = "evaluasi pascapelatihan"
        verbose_name_plural = "evaluasi pascapelatihan"
        ordering = ["-dinilai_pada"]
        constraints = [
            models.CheckConstraint(
                condition=Q(perubahan_perilaku__gte=1, perubahan_perilaku__lte=5, penerapan__gte=1, penerapan__lte=5),
                name="evaluasil3_skor_1_5",
            )
        ]

    def __str__(self):
        return f"Evaluasi pascapelatihan {self.peserta}"


class KeputusanProgram(models.Model):
    """What BKPSDM decided about a training programme after reading its evaluations."""

    class Keputusan(models.TextChoices):
        GANTI_MATERI = "ganti_materi", "Ganti materi"
        GANTI_METODE = "ganti_metode", "Ganti metode"
        GANTI_PENYELENGGARA = "ganti_penyelenggara", "Ganti penyelenggara"
        LANJUTKAN = "lanjutkan", "Lanjutkan"

    pelatihan = models.ForeignKey("pelatihan.Pelatihan", on_delete=models.CASCADE, related_name="keputusan_program")
    keputusan = models.CharField("keputusan", max_length=30, choices=Keputusan.choices)
    catatan = models.TextField("catatan", blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "keputusan program"
        verbose_name_plural = "keputusan program"
        ordering = ["-waktu", "-pk"]

    def __str__(self):
        return f"{self.pelatihan}: {self.get_keputusan_display()}"


class PengingatQuerySet(models.QuerySet):
    def untuk(self, user):
        """The in-app notifications of one account."""
        return self.filter(penerima=user)

    def belum_dibaca(self):
        return self.filter(dibaca_pada__isnull=True)


class Pengingat(models.Model):
    """One reminder to one account: the in-app notification and the record that its email went out once.

    Unique on (jenis, objek_id, penerima, periode), so planning the same reminder again adds nothing;
    sending claims the row with a conditional UPDATE first (security-checklist.md §5).
    """

    class Jenis(models.TextChoices):
        RENCANA_MENUNGGU_PERSETUJUAN = "rencana_persetujuan", "Rencana menunggu persetujuan"
        RENCANA_DIKEMBALIKAN = "rencana_dikembalikan", "Rencana dikembalikan"
        RENCANA_MENUNGGU_VERIFIKASI = "rencana_verifikasi", "Rencana menunggu verifikasi"
        EVALUASI_JATUH_TEMPO = "evaluasi_jatuh_tempo", "Evaluasi progres jatuh tempo"
        EVALUASI_TERLAMBAT = "evaluasi_terlambat", "Evaluasi progres terlambat"
        EVALUASI_PERLU_DINILAI = "evaluasi_dinilai", "Evaluasi progres menunggu penilaian atasan"
        UMPAN_BALIK = "umpan_balik", "Umpan balik pelatihan belum diisi"
        EVALUASI_L3 = "evaluasi_l3", "Evaluasi pascapelatihan jatuh tempo"
        MENTORING_TANPA_SESI = "mentoring_sesi", "Mentoring tanpa sesi 30 hari"

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu dikirim"
        SENDING = "sending", "Sedang dikirim"
        SENT = "sent", "Terkirim"
        FAILED = "failed", "Gagal"
        UNKNOWN = "unknown", "Tidak pasti (pengirim terhenti)"
        NO_EMAIL = "no_email", "Tanpa email (hanya di aplikasi)"

    jenis = models.CharField("jenis", max_length=30, choices=Jenis.choices)
    objek_id = models.PositiveBigIntegerField("objek")
    penerima = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pengingat")
    periode = models.CharField("periode", max_length=40)
    judul = models.CharField("judul", max_length=200)
    pesan = models.TextField("pesan")
    tautan = models.CharField("tautan", max_length=200, blank=True)
    status = models.CharField("status email", max_length=10, choices=Status.choices, default=Status.PENDING)
    percobaan = models.PositiveSmallIntegerField("percobaan", default=0)
    coba_lagi_pada = models.DateTimeField("coba lagi setelah", null=True, blank=True)
    klaim = models.UUIDField(null=True, blank=True, editable=False)
    diklaim_pada = models.DateTimeField(null=True, blank=True)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    galat_terakhir = models.TextField("galat terakhir", blank=True)
    dibaca_pada = models.DateTimeField("dibaca", null=True, blank=True)
    dibuat = models.DateTimeField("dibuat", auto_now_add=True)

    objects = PengingatQuerySet.as_manager()

    class Meta:
        verbose_name = "pengingat"
        verbose_name_plural = "pengingat"
        ordering = ["-dibuat", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["jenis", "objek_id", "penerima", "periode"], name="pengingat_sekali"),
        ]
        indexes = [
            models.Index(fields=["status", "coba_lagi_pada"], name="pengingat_antrian"),
            models.Index(fields=["penerima", "dibaca_pada"], name="pengingat_lonceng"),
            models.Index(fields=["klaim"], name="pengingat_klaim"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} → {self.penerima}"
