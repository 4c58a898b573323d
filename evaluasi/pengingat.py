"""The rules that decide who must be reminded of what, as of one day.

Each finder runs one aggregate query and yields `Calon` tuples; `services.plan_reminders` stores them.
The period in a reminder's key says when the same reminder may come again: a plan is reminded once
per version, an evaluation once per step, a mentoring pair once per silent stretch.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q
from django.urls import reverse

from mentoring.models import PasanganMentoring
from pegawai.models import Pegawai
from pelatihan.models import Peserta
from rencana.models import RencanaPengembangan

from .models import EvaluasiProgres, Pengingat, SiklusEvaluasi, pascapelatihan_jatuh_tempo

AKTIF = Pegawai.Status.AKTIF
J = Pengingat.Jenis


_PK = 987654321


@cache
def _detail_url(name: str) -> str:
    """The URL of `name` with a placeholder pk: reversing 50,000 links one by one takes seconds."""
    return reverse(name, args=[_PK]).replace(str(_PK), "{pk}")


def link(name: str, pk: int) -> str:
    return _detail_url(name).format(pk=pk)


class Calon(NamedTuple):
    jenis: str
    objek_id: int
    penerima_id: int
    periode: str
    judul: str
    pesan: str
    tautan: str

    def as_model(self) -> Pengingat:
        return Pengingat(**self._asdict())


def _rencana(today: date) -> Iterator[Calon]:
    S = RencanaPengembangan.Status
    rows = (
        RencanaPengembangan.objects.filter(pegawai__status=AKTIF, status__in=[S.DIAJUKAN, S.DIKEMBALIKAN])
        .values(
            "pk", "status", "versi", "tahun__tahun", "pegawai__nama", "pegawai__user_id", "pegawai__atasan__user_id"
        )
        .order_by()
    )
    for r in rows:
        if r["status"] == S.DIAJUKAN and r["pegawai__atasan__user_id"]:
            yield Calon(
                J.RENCANA_MENUNGGU_PERSETUJUAN,
                r["pk"],
                r["pegawai__atasan__user_id"],
                f"v{r['versi']}",
                f"Rencana {r['tahun__tahun']} {r['pegawai__nama']} menunggu persetujuan Anda",
                f"{r['pegawai__nama']} telah mengajukan rencana pengembangan kompetensi {r['tahun__tahun']}. "
                "Mohon setujui atau kembalikan dengan catatan.",
                link("rencana:detail", r["pk"]),
            )
        elif r["status"] == S.DIKEMBALIKAN and r["pegawai__user_id"]:
            yield Calon(
                J.RENCANA_DIKEMBALIKAN,
                r["pk"],
                r["pegawai__user_id"],
                f"v{r['versi']}",
                f"Rencana {r['tahun__tahun']} Anda dikembalikan atasan",
                "Atasan mengembalikan rencana pengembangan kompetensi Anda. "
                "Baca catatannya, perbaiki, lalu ajukan lagi.",
                link("rencana:detail", r["pk"]),
            )


def _verifikasi(today: date) -> Iterator[Calon]:
    # One weekly summary per admin instead of one message per plan: thousands of plans wait at once.
    per_tahun = (
        RencanaPengembangan.objects.filter(status=RencanaPengembangan.Status.DISETUJUI, pegawai__status=AKTIF)
        .values("tahun_id", "tahun__tahun")
        .annotate(jumlah=Count("pk"))
        .order_by()
    )
    per_tahun = list(per_tahun)
    if not per_tahun:
        return
    iso = today.isocalendar()
    periode = f"{iso.year}-W{iso.week:02d}"
    admins = get_user_model().objects.with_perm(
        "akun.kelola_semua_unit", include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    tautan = reverse("rencana:verifikasi")
    for admin_id in admins.values_list("pk", flat=True):
        for t in per_tahun:
            yield Calon(
                J.RENCANA_MENUNGGU_VERIFIKASI,
                t["tahun_id"],
                admin_id,
                periode,
                f"{t['jumlah']} rencana {t['tahun__tahun']} menunggu verifikasi BKPSDM",
                f"Ada {t['jumlah']} rencana pengembangan tahun {t['tahun__tahun']} yang telah disetujui atasan "
                "dan menunggu verifikasi BKPSDM.",
                tautan,
            )


def _evaluasi(today: date) -> Iterator[Calon]:
    S = EvaluasiProgres.Status
    sebelum = timedelta(days=settings.EVALUASI_HARI_SEBELUM_BATAS)
    rows = (
        EvaluasiProgres.objects.filter(
            pegawai__status=AKTIF, status__in=[S.BELUM, S.DINILAI_DIRI], siklus__tanggal_mulai__lte=today
        )
        .values(
            "pk",
            "status",
            "pegawai__nama",
            "pegawai__user_id",
            "pegawai__atasan__user_id",
            "siklus__jenis",
            "siklus__tahun__tahun",
            "siklus__batas_penilaian_diri",
            "siklus__batas_penilaian_atasan",
        )
        .order_by()
    )
    for r in rows:
        tautan = link("evaluasi:progres_detail", r["pk"])
        siklus = f"{SiklusEvaluasi.Jenis(r['siklus__jenis']).label} {r['siklus__tahun__tahun']}"
        if r["status"] == S.BELUM and r["pegawai__user_id"]:
            batas = r["siklus__batas_penilaian_diri"]
            if today > batas:
                yield Calon(
                    J.EVALUASI_TERLAMBAT,
                    r["pk"],
                    r["pegawai__user_id"],
                    "diri",
                    f"Penilaian diri evaluasi {siklus} terlambat",
                    f"Batas penilaian diri evaluasi progres {siklus} ({batas:%d-%m-%Y}) sudah lewat. Mohon segera isi.",
                    tautan,
                )
            elif today >= batas - sebelum:
                yield Calon(
                    J.EVALUASI_JATUH_TEMPO,
                    r["pk"],
                    r["pegawai__user_id"],
                    "diri",
                    f"Penilaian diri evaluasi {siklus} jatuh tempo {batas:%d-%m-%Y}",
                    f"Isi penilaian diri evaluasi progres rencana Anda untuk {siklus} paling lambat {batas:%d-%m-%Y}.",
                    tautan,
                )
        elif r["status"] == S.DINILAI_DIRI and r["pegawai__atasan__user_id"]:
            batas = r["siklus__batas_penilaian_atasan"]
            yield perlu_dinilai(r["pk"], r["pegawai__atasan__user_id"], r["pegawai__nama"], siklus, batas)
            if today > batas:
                yield Calon(
                    J.EVALUASI_TERLAMBAT,
                    r["pk"],
                    r["pegawai__atasan__user_id"],
                    "atasan",
                    f"Penilaian atasan untuk {r['pegawai__nama']} terlambat",
                    f"Batas penilaian atasan evaluasi {siklus} ({batas:%d-%m-%Y}) sudah lewat.",
                    tautan,
                )


def perlu_dinilai(evaluasi_id: int, atasan_user_id: int, nama: str, siklus: str, batas: date) -> Calon:
    """The reminder to the Atasan once a self-assessment is in (also sent at once by the submit flow)."""
    return Calon(
        J.EVALUASI_PERLU_DINILAI,
        evaluasi_id,
        atasan_user_id,
        "atasan",
        f"{nama} menunggu penilaian Anda ({siklus})",
        f"{nama} telah mengisi penilaian diri evaluasi progres {siklus}. "
        f"Beri penilaian paling lambat {batas:%d-%m-%Y}.",
        link("evaluasi:progres_detail", evaluasi_id),
    )


def _pascapelatihan(today: date) -> Iterator[Calon]:
    bulan = settings.EVALUASI_BULAN_PASCAPELATIHAN
    rows = (
        pascapelatihan_jatuh_tempo(today)
        .filter(pegawai__atasan__user__isnull=False)
        .values("pk", "pegawai__nama", "pelatihan__judul", "pegawai__atasan__user_id")
        .order_by()
    )
    for r in rows:
        yield Calon(
            J.EVALUASI_L3,
            r["pk"],
            r["pegawai__atasan__user_id"],
            "l3",
            f"Evaluasi pascapelatihan {r['pegawai__nama']}",
            f'{bulan} bulan lalu {r["pegawai__nama"]} menyelesaikan "{r["pelatihan__judul"]}". '
            "Nilai perubahan perilaku dan penerapannya di tempat kerja (skala 1–5).",
            link("evaluasi:l3_form", r["pk"]),
        )


def _mentoring(today: date) -> Iterator[Calon]:
    hari = settings.MENTORING_HARI_TANPA_SESI
    rows = (
        PasanganMentoring.objects.tanpa_sesi(today=today)
        .filter(mentor__status=AKTIF, mentee__status=AKTIF)
        .annotate(sesi_terakhir=Max("sesi__tanggal"))
        .values(
            "pk",
            "tanggal_mulai",
            "sesi_terakhir",
            "mentor__nama",
            "mentee__nama",
            "mentor__user_id",
            "mentee__user_id",
        )
        .order_by()
    )
    for r in rows:
        terakhir = r["sesi_terakhir"] or r["tanggal_mulai"]
        for penerima in (r["mentor__user_id"], r["mentee__user_id"]):
            if penerima:
                yield Calon(
                    J.MENTORING_TANPA_SESI,
                    r["pk"],
                    penerima,
                    f"sejak-{terakhir:%Y-%m-%d}",
                    f"Mentoring {r['mentor__nama']} – {r['mentee__nama']}: lebih dari {hari} hari tanpa sesi",
                    f"Belum ada sesi mentoring tercatat sejak {terakhir:%d-%m-%Y}. "
                    "Jadwalkan dan catat sesi berikutnya.",
                    link("mentoring:detail", r["pk"]),
                )


def _umpan_balik(today: date) -> Iterator[Calon]:
    rows = (
        Peserta.objects.menunggu_umpan_balik(today)
        .filter(pegawai__status=AKTIF, pegawai__user__isnull=False)
        .values("pk", "pegawai__user_id", "pelatihan__judul", "pelatihan__tanggal_selesai")
        .order_by()
    )
    for r in rows:
        batas = r["pelatihan__tanggal_selesai"] + timedelta(days=settings.PELATIHAN_BATAS_UMPAN_BALIK_HARI)
        yield Calon(
            J.UMPAN_BALIK,
            r["pk"],
            r["pegawai__user_id"],
            "l1",
            f"Beri umpan balik: {r['pelatihan__judul']}",
            f'Anda telah menyelesaikan "{r["pelatihan__judul"]}". Isi umpan balik (anonim) paling lambat '
            f"{batas:%d-%m-%Y} agar BKPSDM dapat memperbaiki programnya.",
            link("pelatihan:umpan_balik", r["pk"]),
        )


FINDERS = (_rencana, _verifikasi, _evaluasi, _umpan_balik, _pascapelatihan, _mentoring)


def find_due(today: date) -> list[Calon]:
    """Everything due on `today`, minus recipients who are inactive or no longer active employees."""
    User = get_user_model()
    excluded = set(
        User.objects.filter(Q(is_active=False) | (Q(pegawai__isnull=False) & ~Q(pegawai__status=AKTIF))).values_list(
            "pk", flat=True
        )
    )
    return [c for finder in FINDERS for c in finder(today) if c.penerima_id not in excluded]
