"""The annual plan: consolidating the verified plans of a year (whole city or one OPD), and its PDF."""

import base64
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from evaluasi.models import SiklusEvaluasi
from mentoring.models import PasanganMentoring
from pegawai.models import UnitKerja
from pegawai.nip import format_nip
from pelatihan.models import JALUR_BENTUK, Bentuk, Jalur
from sorong_asn.pdf import PdfResult, render_pdf

from .models import DokumenRencana, ItemRencana, RencanaTahunan, TahunRencana

OPD_PATH_LENGTH = 7  # a root unit's materialised path: "000042/"
LAMBANG_MAKS = 300 * 1024


@dataclass(frozen=True)
class JadwalEvaluasi:
    nama: str
    mulai: date
    selesai: date
    keterangan: str


# What each kind of cycle checks, printed beside its dates.
KETERANGAN_SIKLUS = {
    SiklusEvaluasi.Jenis.SEMESTER_1: "Pemantauan realisasi rencana triwulan I–II dan capaian JP.",
    SiklusEvaluasi.Jenis.SEMESTER_2: "Evaluasi capaian rencana setahun dan bahan penyusunan rencana tahun berikutnya.",
    SiklusEvaluasi.Jenis.TAHUNAN: "Evaluasi tahunan capaian rencana pengembangan kompetensi.",
}


def jadwal_evaluasi(tahun: int) -> list[JadwalEvaluasi]:
    """The evaluation schedule printed in the annual plan: BKPSDM's cycles of that year (evaluasi).

    The plan is usually printed before BKPSDM opens the year's cycles; then the standard schedule
    (a check after each semester) is printed instead.
    """
    siklus = SiklusEvaluasi.objects.filter(tahun__tahun=tahun).order_by("tanggal_mulai")
    jadwal = [
        JadwalEvaluasi(
            f"Evaluasi {s.get_jenis_display()}",
            s.tanggal_mulai,
            s.batas_penilaian_atasan,
            KETERANGAN_SIKLUS[s.jenis],
        )
        for s in siklus
    ] or [
        JadwalEvaluasi(
            "Evaluasi Semester I",
            date(tahun, 7, 1),
            date(tahun, 7, 31),
            KETERANGAN_SIKLUS[SiklusEvaluasi.Jenis.SEMESTER_1],
        ),
        JadwalEvaluasi(
            "Evaluasi Semester II",
            date(tahun + 1, 1, 2),
            date(tahun + 1, 1, 31),
            KETERANGAN_SIKLUS[SiklusEvaluasi.Jenis.SEMESTER_2],
        ),
    ]
    bulan = settings.EVALUASI_BULAN_PASCAPELATIHAN
    jadwal.append(
        JadwalEvaluasi(
            "Evaluasi pascapelatihan (level 3)",
            date(tahun, 1, 1),
            date(tahun + 1, 12, 31),
            f"Atasan langsung menilai perubahan perilaku dan penerapan di tempat kerja {bulan} bulan "
            "setelah setiap pelatihan selesai.",
        )
    )
    return jadwal


@dataclass
class Kelompok:
    """One row of a summary table: a label and its totals."""

    label: str
    pegawai: int = 0
    item: int = 0
    jp: Decimal = Decimal(0)
    biaya: Decimal = Decimal(0)
    keterangan: str = ""


@dataclass
class BagianOpd:
    unit: UnitKerja
    items: list = field(default_factory=list)
    pegawai: set = field(default_factory=set)

    @property
    def baris(self):
        """(number, item, rows) per table row; number and rows only on a person's first row (rowspan).

        Spanning the person's cells instead of repeating or blanking them cuts layout time by a third.
        """
        for nomor, (_, group) in enumerate(groupby(self.items, key=lambda i: i.rencana.pegawai_id), start=1):
            group = list(group)
            yield nomor, group[0], len(group)
            for item in group[1:]:
                yield None, item, 0

    @property
    def jp(self) -> Decimal:
        return sum((i.jp for i in self.items), Decimal(0))

    @property
    def biaya(self) -> Decimal:
        return sum((i.biaya for i in self.items), Decimal(0))


@dataclass
class Rekap:
    tahun: TahunRencana
    dokumen: RencanaTahunan
    unit: UnitKerja | None
    per_opd: list[BagianOpd]
    per_kompetensi: list[Kelompok]
    per_bentuk: list[Kelompok]
    per_jalur: list[Kelompok]
    per_triwulan: list[Kelompok]
    kalender: list
    mentoring: list
    jadwal: list[JadwalEvaluasi]
    total: Kelompok

    @property
    def judul_lingkup(self) -> str:
        return self.unit.nama.upper() if self.unit else "PEMERINTAH KOTA SORONG"


def items_tahunan(tahun: TahunRencana, unit: UnitKerja | None = None):
    qs = ItemRencana.objects.terverifikasi(tahun)
    if unit is not None:
        qs = qs.filter(rencana__pegawai__unit_kerja__path__startswith=unit.path)
    return qs


def _kelompok(rows, label_of) -> list[Kelompok]:
    return [
        Kelompok(label_of(r), r["pegawai"], r["item"], r["jp"] or Decimal(0), r["biaya"] or Decimal(0)) for r in rows
    ]


def _totals(qs):
    return qs.annotate(
        pegawai=Count("rencana__pegawai", distinct=True), item=Count("pk"), jp=Sum("jp"), biaya=Sum("biaya")
    )


def rekap_tahunan(*, tahun: TahunRencana, unit: UnitKerja | None = None) -> Rekap:
    """Consolidate the verified plans of `tahun` (of one OPD when `unit` is given)."""
    dokumen, _ = RencanaTahunan.objects.get_or_create(tahun=tahun)
    qs = items_tahunan(tahun, unit)
    rows = list(
        qs.select_related(
            "rencana__pegawai__unit_kerja", "rencana__pegawai__jabatan", "kompetensi", "pelatihan__mitra"
        ).order_by("rencana__pegawai__unit_kerja__path", "rencana__pegawai__nama", "rencana__pegawai_id", "triwulan")
    )
    opd_paths = {r.rencana.pegawai.unit_kerja.path[:OPD_PATH_LENGTH] for r in rows}
    opd = {u.path: u for u in UnitKerja.objects.filter(path__in=opd_paths)}
    bagian: dict[str, BagianOpd] = {}
    for item in rows:
        path = item.rencana.pegawai.unit_kerja.path[:OPD_PATH_LENGTH]
        section = bagian.setdefault(path, BagianOpd(opd[path]))
        section.items.append(item)
        section.pegawai.add(item.rencana.pegawai_id)
    per_opd = sorted(bagian.values(), key=lambda b: b.unit.nama)

    per_kompetensi = _kelompok(
        _totals(qs.values("kompetensi__kode", "kompetensi__nama")).order_by("kompetensi__kode"),
        lambda r: f"{r['kompetensi__kode']} {r['kompetensi__nama']}",
    )
    label_bentuk = dict(Bentuk.choices)
    bentuk_rows = list(_totals(qs.values("bentuk")).order_by("-jp", "bentuk"))
    per_bentuk = _kelompok(bentuk_rows, lambda r: label_bentuk[r["bentuk"]])
    for kelompok, row in zip(per_bentuk, bentuk_rows, strict=True):
        kelompok.keterangan = Jalur(JALUR_BENTUK[row["bentuk"]]).label
    per_jalur: dict[str, Kelompok] = {}
    for kelompok in per_bentuk:
        total = per_jalur.setdefault(kelompok.keterangan, Kelompok(kelompok.keterangan))
        total.item += kelompok.item
        total.jp += kelompok.jp
        total.biaya += kelompok.biaya
    label_tw = dict(ItemRencana.Triwulan.choices)
    per_triwulan = _kelompok(_totals(qs.values("triwulan")).order_by("triwulan"), lambda r: label_tw[r["triwulan"]])
    grand = qs.aggregate(
        pegawai=Count("rencana__pegawai", distinct=True), item=Count("pk"), jp=Sum("jp"), biaya=Sum("biaya")
    )
    total = Kelompok("Jumlah", grand["pegawai"], grand["item"], grand["jp"] or Decimal(0), grand["biaya"] or 0)

    kalender = defaultdict(lambda: {"peserta": 0, "biaya": Decimal(0)})
    pelatihan = {}
    for item in rows:
        if item.pelatihan_id:
            pelatihan[item.pelatihan_id] = item.pelatihan
            kalender[item.pelatihan_id]["peserta"] += 1
            kalender[item.pelatihan_id]["biaya"] += item.biaya
    kalender_rows = sorted(
        ({"pelatihan": pelatihan[pk], **data} for pk, data in kalender.items()),
        key=lambda r: (r["pelatihan"].tanggal_mulai, r["pelatihan"].judul),
    )
    mentoring = (
        PasanganMentoring.objects.filter(
            tanggal_mulai__lte=date(tahun.tahun, 12, 31), tanggal_selesai__gte=date(tahun.tahun, 1, 1)
        )
        .exclude(status=PasanganMentoring.Status.DIBATALKAN)
        .select_related("mentor", "mentee__unit_kerja")
        .order_by("tanggal_mulai", "mentee__nama")
    )
    if unit is not None:
        mentoring = mentoring.filter(mentee__unit_kerja__path__startswith=unit.path)
    return Rekap(
        tahun=tahun,
        dokumen=dokumen,
        unit=unit,
        per_opd=per_opd,
        per_kompetensi=per_kompetensi,
        per_bentuk=per_bentuk,
        per_jalur=list(per_jalur.values()),
        per_triwulan=per_triwulan,
        kalender=kalender_rows,
        mentoring=list(mentoring),
        jadwal=jadwal_evaluasi(tahun.tahun),
        total=total,
    )


def lambang_data_url(dokumen: RencanaTahunan) -> str:
    """The uploaded emblem as a data: URL, the only way an uploaded file may enter the PDF."""
    if not dokumen.lambang:
        return ""
    with dokumen.lambang.open("rb") as berkas:
        content = berkas.read(LAMBANG_MAKS + 1)
    if len(content) > LAMBANG_MAKS:
        return ""
    jenis = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{jenis};base64,{base64.b64encode(content).decode()}"


def html_rencana_tahunan(*, tahun: TahunRencana, unit: UnitKerja | None = None) -> str:
    """The annual plan as HTML for WeasyPrint."""
    rekap = rekap_tahunan(tahun=tahun, unit=unit)
    context = {
        "rekap": rekap,
        "dokumen": rekap.dokumen,
        "lambang": lambang_data_url(rekap.dokumen),
        "nip_kepala": format_nip(rekap.dokumen.kepala_nip),
    }
    return render_to_string("rencana/pdf/rencana_tahunan.html", context)


def render_rencana_tahunan(*, tahun: TahunRencana, unit: UnitKerja | None = None, progress=None) -> PdfResult:
    """The official PDF of the annual plan (whole city, or one OPD)."""
    report = progress or (lambda percent, tahap: None)
    report(10, "Mengumpulkan data rencana")
    # Built in its own function, so the ORM rows are freed before layout needs the memory.
    html = html_rencana_tahunan(tahun=tahun, unit=unit)
    report(25, "Menyusun naskah")
    return render_pdf(html, progress=report)


def _set_progress(dokumen_pk: int, percent: int, tahap: str) -> None:
    DokumenRencana.objects.filter(pk=dokumen_pk).update(progres=percent, tahap=tahap)


def generate_dokumen(dokumen: DokumenRencana) -> None:
    """Render and store one requested PDF, reporting progress on its row; runs once per request."""
    # Claim the row: a redelivered task finds it no longer waiting and does nothing.
    if not DokumenRencana.objects.filter(pk=dokumen.pk, status=DokumenRencana.Status.ANTRE).update(
        status=DokumenRencana.Status.PROSES, progres=5, tahap="Memulai"
    ):
        return
    started = time.monotonic()
    try:
        result = render_rencana_tahunan(
            tahun=dokumen.tahun,
            unit=dokumen.unit_kerja,
            progress=lambda percent, tahap: _set_progress(dokumen.pk, percent, tahap),
        )
    except (OSError, ValueError, DatabaseError, SoftTimeLimitExceeded) as error:
        # Marked failed so the page stops polling and says why; the task still fails loudly.
        DokumenRencana.objects.filter(pk=dokumen.pk).update(
            status=DokumenRencana.Status.GAGAL, tahap="Gagal", pesan_galat=str(error)[:255], selesai=timezone.now()
        )
        raise
    kode = dokumen.unit_kerja.kode if dokumen.unit_kerja else "KOTA"
    with transaction.atomic():
        nama = f"rencana-{dokumen.tahun.tahun}-{kode}-{dokumen.pk}.pdf"
        dokumen.berkas.save(nama, ContentFile(result.content), save=False)
        DokumenRencana.objects.filter(pk=dokumen.pk).update(
            berkas=dokumen.berkas.name,
            status=DokumenRencana.Status.SELESAI,
            progres=100,
            tahap="Selesai",
            jumlah_halaman=result.halaman,
            durasi_detik=round(time.monotonic() - started, 1),
            selesai=timezone.now(),
        )
