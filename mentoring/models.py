from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from pegawai.models import manage_q, scope_q

DURASI_MIN = 15
DURASI_MAX = 8 * 60


def jp_untuk_menit(menit: int) -> Decimal:
    """Session minutes → JP (1 JP = MENTORING_MENIT_PER_JP minutes), rounded to 0.1."""
    return (Decimal(menit) / Decimal(settings.MENTORING_MENIT_PER_JP)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def is_senior(mentor, mentee) -> bool:
    """Mentor senior to mentee under MENTORING_ATURAN_SENIORITAS; golongan // 10 is the rank (PNS and PPPK alike)."""
    if mentor.golongan is None or mentee.golongan is None:
        return False
    if mentor.golongan // 10 != mentee.golongan // 10:
        return mentor.golongan // 10 > mentee.golongan // 10
    return settings.MENTORING_ATURAN_SENIORITAS != "golongan" and mentor.tmt_pengangkatan < mentee.tmt_pengangkatan


def batas_tanpa_sesi(today: date) -> date:
    """A pair whose last session (or start) is before this date is overdue."""
    return today - timedelta(days=settings.MENTORING_HARI_TANPA_SESI)


class PasanganQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "mentee__") | scope_q(user, "mentor__"))

    def manageable_by(self, user):
        """Pairs an Admin BKPSDM or the mentee's Operator may propose, cancel and oversee."""
        return self.filter(manage_q(user, "mentee__"))

    def milik(self, pegawai):
        """Pairs in which `pegawai` is mentor or mentee."""
        return self.filter(Q(mentor=pegawai) | Q(mentee=pegawai))

    def berjalan(self):
        """Proposed and active pairs: they hold a mentor's slot and the mentee's jenis."""
        return self.filter(status__in=[PasanganMentoring.Status.USULAN, PasanganMentoring.Status.AKTIF])

    def tanpa_sesi(self, *, today: date):
        """Active pairs without a session (or a start) in the last MENTORING_HARI_TANPA_SESI days."""
        return (
            self.filter(status=PasanganMentoring.Status.AKTIF)
            .alias(terakhir=Coalesce(Max("sesi__tanggal"), F("tanggal_mulai")))
            .filter(terakhir__lt=batas_tanpa_sesi(today))
        )

    def with_ringkasan(self):
        """Session count, confirmed count, last session date and credited JP, in the same query."""
        return self.annotate(
            jumlah_sesi=Count("sesi"),
            sesi_dikonfirmasi=Count("sesi", filter=Q(sesi__dikonfirmasi_pada__isnull=False)),
            sesi_terakhir=Max("sesi__tanggal"),
            jp_kredit=Sum("sesi__catatan_jp__jp"),
        )


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
    ditutup = models.DateTimeField("ditutup", null=True, blank=True)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    catatan_penutup = models.TextField("catatan penutup", blank=True)

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

    def pihak(self, user) -> str | None:
        """ "mentor" or "mentee" when `user` is that side of the pair, else None."""
        pegawai = user.profil_pegawai
        if pegawai is None:
            return None
        if pegawai.pk == self.mentor_id:
            return "mentor"
        if pegawai.pk == self.mentee_id:
            return "mentee"
        return None

    @property
    def status_badge(self) -> str:
        return {
            self.Status.USULAN: "text-bg-warning",
            self.Status.AKTIF: "text-bg-success",
            self.Status.SELESAI: "text-bg-secondary",
        }.get(self.status, "text-bg-light border")

    @property
    def is_aktif(self) -> bool:
        return self.status == self.Status.AKTIF

    @property
    def is_berjalan(self) -> bool:
        return self.status in (self.Status.USULAN, self.Status.AKTIF)

    @property
    def tanpa_sesi_lama(self) -> bool:
        """Python twin of PasanganQuerySet.tanpa_sesi for one row; needs with_ringkasan()."""
        terakhir = self.sesi_terakhir or self.tanggal_mulai
        return self.is_aktif and terakhir < batas_tanpa_sesi(timezone.localdate())

    def can_log_sesi(self, user) -> bool:
        return self.is_aktif and self.pihak(user) is not None

    def can_respond(self, user) -> bool:
        """The mentor accepts or declines a proposal."""
        return self.status == self.Status.USULAN and self.pihak(user) == "mentor"

    def can_close(self, user) -> bool:
        return self.is_aktif and self.pihak(user) == "mentor"

    def can_give_umpan_balik(self, user) -> bool:
        return self.status in (self.Status.AKTIF, self.Status.SELESAI) and self.pihak(user) == "mentee"

    def can_check_target(self, user) -> bool:
        return self.is_aktif and self.pihak(user) is not None

    def kompetensi_dinilai(self) -> list:
        """Competences the closing assessment scores: the mentee's position standard, else the general ones."""
        from pegawai.models import Kompetensi

        standar = Kompetensi.objects.filter(standar__jabatan_id=self.mentee.jabatan_id).order_by("kode")
        umum = Kompetensi.objects.filter(
            jenis__in=[Kompetensi.Jenis.MANAJERIAL, Kompetensi.Jenis.SOSIAL_KULTURAL]
        ).order_by("kode")
        return list(standar) or list(umum)

    def judul_jp(self) -> str:
        """The ledger title of this pair's sessions: it names the pair."""
        judul = f"Mentoring {self.get_jenis_display().lower()} oleh {self.mentor.nama_lengkap}"
        return judul[:255]


class TargetMentoring(models.Model):
    """One item of a pair's goals checklist."""

    pasangan = models.ForeignKey(PasanganMentoring, on_delete=models.CASCADE, related_name="target")
    uraian = models.CharField("target", max_length=255)
    tercapai = models.DateField("tercapai pada", null=True, blank=True)

    class Meta:
        verbose_name = "target mentoring"
        verbose_name_plural = "target mentoring"
        ordering = ["pk"]

    def __str__(self):
        return self.uraian


class SesiQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, "pasangan__mentee__") | scope_q(user, "pasangan__mentor__"))

    def menunggu_konfirmasi(self, pegawai):
        """Unconfirmed sessions of active pairs that `pegawai` (the side that did not log them) must confirm."""
        return self.filter(pasangan__status=PasanganMentoring.Status.AKTIF, dikonfirmasi_pada__isnull=True).filter(
            Q(pasangan__mentor=pegawai, dicatat_oleh=F("pasangan__mentee__user"))
            | Q(pasangan__mentee=pegawai, dicatat_oleh=F("pasangan__mentor__user"))
        )


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

    objects = SesiQuerySet.as_manager()

    class Meta:
        verbose_name = "sesi mentoring"
        verbose_name_plural = "sesi mentoring"
        ordering = ["-tanggal", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(durasi_menit__gt=0), name="sesi_durasi_positif")]

    def __str__(self):
        return f"{self.pasangan}: {self.topik} ({self.tanggal})"

    @property
    def is_dikonfirmasi(self) -> bool:
        return self.dikonfirmasi_pada is not None

    @property
    def jp(self) -> Decimal:
        return jp_untuk_menit(self.durasi_menit)

    def pengonfirmasi(self):
        """The employee who must confirm: the side of the pair that did not log the session."""
        pasangan = self.pasangan
        return pasangan.mentee if self.dicatat_oleh_id == pasangan.mentor.user_id else pasangan.mentor

    def can_confirm(self, user) -> bool:
        return (
            not self.is_dikonfirmasi
            and self.pasangan.is_aktif
            and user.pk != self.dicatat_oleh_id
            and self.pengonfirmasi().user_id == user.pk
        )

    def can_edit(self, user) -> bool:
        """The logger may change or delete a session until it is confirmed; then it is locked."""
        return not self.is_dikonfirmasi and self.pasangan.is_aktif and user.pk == self.dicatat_oleh_id

    def build_catatan_jp(self, *, by):
        """The mentee's (unsaved) ledger row for this session: verified, nonklasikal mentoring."""
        from pelatihan.models import Bentuk, CatatanJP

        pasangan = self.pasangan
        return CatatanJP(
            pegawai_id=pasangan.mentee_id,
            tahun=self.tanggal.year,
            tanggal=self.tanggal,
            judul=pasangan.judul_jp(),
            bentuk=Bentuk.MENTORING,
            jp=self.jp,
            sumber=CatatanJP.Sumber.MENTORING,
            penyelenggara=str(pasangan.mentee.unit_kerja)[:200],
            terverifikasi=True,
            diverifikasi_oleh=by,
        )


def _skala(label):
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(5)])


# Format B.1.8 (Permenpan RB 6/2022): the mentee's feedback on the guidance, one statement per field.
PERNYATAAN_UMPAN_BALIK = [
    ("didengarkan", "Saya merasa didengarkan dan dipahami oleh mentor."),
    ("dihargai", "Mentor menghargai tindakan dan upaya yang telah saya lakukan."),
    ("bebas_berpendapat", "Saya merasa bebas menyampaikan pendapat."),
    ("berbasis_data", "Umpan balik mentor didasarkan pada data dan fakta yang akurat."),
    ("positif", "Umpan balik mentor bersifat positif dan membangun."),
    ("banyak_bertanya", "Mentor lebih banyak bertanya daripada menggurui."),
    ("membantu_solusi", "Mentor membantu saya menemukan solusi dan tindak lanjut."),
    ("tahu_langkah", "Saya mengetahui apa yang harus saya lakukan selanjutnya."),
    ("paham_tujuan", "Saya memahami tujuan mentoring ini."),
]
SKALA_SETUJU = [
    (1, "Sangat tidak setuju"),
    (2, "Tidak setuju"),
    (3, "Ragu-ragu"),
    (4, "Setuju"),
    (5, "Sangat setuju"),
]


class UmpanBalikMentoring(models.Model):
    """The mentee's feedback on the mentoring (format B.1.8 style), given once per pair."""

    pasangan = models.OneToOneField(PasanganMentoring, on_delete=models.CASCADE, related_name="umpan_balik")
    didengarkan = _skala(PERNYATAAN_UMPAN_BALIK[0][1])
    dihargai = _skala(PERNYATAAN_UMPAN_BALIK[1][1])
    bebas_berpendapat = _skala(PERNYATAAN_UMPAN_BALIK[2][1])
    berbasis_data = _skala(PERNYATAAN_UMPAN_BALIK[3][1])
    positif = _skala(PERNYATAAN_UMPAN_BALIK[4][1])
    banyak_bertanya = _skala(PERNYATAAN_UMPAN_BALIK[5][1])
    membantu_solusi = _skala(PERNYATAAN_UMPAN_BALIK[6][1])
    tahu_langkah = _skala(PERNYATAAN_UMPAN_BALIK[7][1])
    paham_tujuan = _skala(PERNYATAAN_UMPAN_BALIK[8][1])
    saran = models.TextField("saran untuk mentor", blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "umpan balik mentoring"
        verbose_name_plural = "umpan balik mentoring"
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=f"umpanbalik_{field}_1_5"
            )
            for field, _ in PERNYATAAN_UMPAN_BALIK
        ]

    def __str__(self):
        return f"Umpan balik {self.pasangan}"

    def jawaban(self) -> list[tuple[str, int, str]]:
        """(statement, score, score label) in form order, for display."""
        labels = dict(SKALA_SETUJU)
        return [(teks, getattr(self, f), labels[getattr(self, f)]) for f, teks in PERNYATAAN_UMPAN_BALIK]

    @property
    def rata_rata(self) -> Decimal:
        total = sum(getattr(self, f) for f, _ in PERNYATAAN_UMPAN_BALIK)
        return (Decimal(total) / len(PERNYATAAN_UMPAN_BALIK)).quantize(Decimal("0.1"))


class PenilaianMentee(models.Model):
    """The mentor's closing score of one of the mentee's competences (format B.1.9 style)."""

    pasangan = models.ForeignKey(PasanganMentoring, on_delete=models.CASCADE, related_name="penilaian")
    kompetensi = models.ForeignKey("pegawai.Kompetensi", on_delete=models.PROTECT, related_name="+")
    nilai = _skala("nilai (1–5)")
    alasan = models.TextField("alasan")

    class Meta:
        verbose_name = "penilaian kompetensi mentee"
        verbose_name_plural = "penilaian kompetensi mentee"
        ordering = ["kompetensi__kode"]
        constraints = [
            models.UniqueConstraint(fields=["pasangan", "kompetensi"], name="penilaian_mentee_unik"),
            models.CheckConstraint(condition=Q(nilai__gte=1, nilai__lte=5), name="penilaian_mentee_nilai_1_5"),
        ]

    def __str__(self):
        return f"{self.pasangan.mentee} — {self.kompetensi}: {self.nilai}"
