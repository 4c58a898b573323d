"""Monitoring figures per OPD, each table from a handful of aggregate queries (never one per employee).

Every function takes the viewer and returns (headers, rows); the dashboard shows them and the export
writes the very same rows, so a table and its spreadsheet cannot disagree.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr

from pegawai.models import Pegawai, UnitKerja, scope_q
from pelatihan.models import KODE_RELEVANSI, JawabanUmpanBalik, Peserta, with_jp
from rencana.models import RencanaPengembangan
from rencana.tahunan import OPD_PATH_LENGTH

from .models import EvaluasiPascaPelatihan, EvaluasiProgres

# Units are stored as a materialised path of 6-digit ids; the first segment is the OPD (as in rencana).
OPD_PATH = OPD_PATH_LENGTH
STATUS_RENCANA = RencanaPengembangan.Status


def _jp(value) -> Decimal:
    """JP with one decimal, the same on SQLite and PostgreSQL (their SUMs differ in scale)."""
    return Decimal(value or 0).quantize(Decimal("0.1"))


def opd_path(prefix: str):
    return Substr(f"{prefix}unit_kerja__path", 1, OPD_PATH)


def opd_names(user) -> dict[str, str]:
    """OPD path → name, for the OPDs the viewer may see."""
    units = UnitKerja.objects.filter(parent__isnull=True)
    if not user.sees_whole_instansi:
        units = units.filter(path=user.unit_kerja.path[:OPD_PATH]) if user.is_operator_opd else units.none()
    return dict(units.values_list("path", "nama"))


def _table(names: dict[str, str], per_opd: dict[str, list], width: int) -> list[list]:
    rows = [[nama, *per_opd.get(path, [0] * width)] for path, nama in sorted(names.items(), key=lambda x: x[1])]
    total = [sum(Decimal(str(r[i + 1] or 0)) for r in rows) for i in range(width)]
    return [*rows, ["Jumlah", *total]] if rows else rows


def _with_percent(rows: list[list], *, part: int, whole: int) -> list[list]:
    """Fill the last column with part/whole in percent, the total row included."""
    for row in rows:
        row[-1] = round(100 * Decimal(row[part]) / Decimal(row[whole]), 1) if row[whole] else 0
    return rows


def _rencana_disetujui_per_opd(user, tahun: int):
    """Approved and verified plans of `tahun` grouped per OPD: the planned side of JP and budget."""
    return (
        RencanaPengembangan.objects.filter(
            scope_q(user, "pegawai__"),
            tahun__tahun=tahun,
            status__in=[STATUS_RENCANA.DISETUJUI, STATUS_RENCANA.DIVERIFIKASI],
        )
        .annotate(opd=opd_path("pegawai__"))
        .values("opd")
        .order_by()
    )


def rencana_per_status(user, tahun: int, today: date):
    headers = ["OPD", *[label for _, label in STATUS_RENCANA.choices], "Jumlah"]
    counts = (
        RencanaPengembangan.objects.filter(scope_q(user, "pegawai__"), tahun__tahun=tahun)
        .annotate(opd=opd_path("pegawai__"))
        .values("opd", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_opd = defaultdict(lambda: [0] * (len(STATUS_RENCANA.choices) + 1))
    index = {value: i for i, (value, _) in enumerate(STATUS_RENCANA.choices)}
    for row in counts:
        per_opd[row["opd"]][index[row["status"]]] += row["n"]
        per_opd[row["opd"]][-1] += row["n"]
    return headers, _table(opd_names(user), per_opd, len(STATUS_RENCANA.choices) + 1)


def jp_per_opd(user, tahun: int, today: date):
    target = settings.PELATIHAN_JP_TARGET_PNS
    headers = [
        "OPD",
        "Pegawai aktif",
        "Target JP rencana",
        "JP terealisasi",
        f"Pegawai ≥ {target} JP",
        f"% pegawai ≥ {target} JP",
    ]
    # The ledger's own rule (PPPK capped) per employee, summed per OPD in the same query.
    pegawai = (
        with_jp(Pegawai.objects.filter(scope_q(user)).aktif(), tahun)
        .annotate(opd=opd_path(""))
        .values("opd")
        .annotate(n=Count("pk"), jp=Sum("jp_dihitung"), tercapai=Count("pk", filter=Q(jp_dihitung__gte=target)))
        .order_by()
    )
    rencana = _rencana_disetujui_per_opd(user, tahun).annotate(jp=Sum("item__jp"))
    per_opd = defaultdict(lambda: [0, _jp(0), _jp(0), 0, 0])
    for row in pegawai:
        per_opd[row["opd"]][0] = row["n"]
        per_opd[row["opd"]][2] = _jp(row["jp"])
        per_opd[row["opd"]][3] = row["tercapai"]
    for row in rencana:
        per_opd[row["opd"]][1] = _jp(row["jp"])
    return headers, _with_percent(_table(opd_names(user), per_opd, 5), part=4, whole=1)


def anggaran_per_opd(user, tahun: int, today: date):
    headers = ["OPD", "Anggaran rencana (Rp)", "Realisasi (Rp)", "% realisasi"]
    rencana = _rencana_disetujui_per_opd(user, tahun).annotate(biaya=Sum("item__biaya"))
    realisasi = (
        Peserta.objects.filter(
            scope_q(user, "pegawai__"), status=Peserta.Status.LULUS, pelatihan__tanggal_selesai__year=tahun
        )
        .annotate(opd=opd_path("pegawai__"))
        .values("opd")
        .annotate(biaya=Sum(F("pelatihan__biaya_per_peserta")))
        .order_by()
    )
    per_opd = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    for row in rencana:
        per_opd[row["opd"]][0] = row["biaya"] or Decimal(0)
    for row in realisasi:
        per_opd[row["opd"]][1] = row["biaya"] or Decimal(0)
    return headers, _with_percent(_table(opd_names(user), per_opd, 3), part=2, whole=1)


def _mean(total, n, minimum: int = 1):
    return round(Decimal(total) / n, 2) if n and n >= minimum else None


def evaluasi_per_opd(user, tahun: int, today: date):
    headers = [
        "OPD",
        "Evaluasi progres",
        "Selesai",
        "Terlambat",
        "Umpan balik (L1)",
        "Rata-rata relevansi (L1)",
        "Evaluasi L3",
        "Perubahan perilaku (L3)",
        "Penerapan (L3)",
    ]
    progres = (
        EvaluasiProgres.objects.filter(scope_q(user, "pegawai__"), siklus__tahun__tahun=tahun)
        .annotate(opd=opd_path("pegawai__"))
        .values("opd")
        .annotate(
            n=Count("pk"),
            selesai=Count("pk", filter=Q(status=EvaluasiProgres.Status.SELESAI)),
            terlambat=Count("pk", filter=Q(pk__in=EvaluasiProgres.objects.terlambat(today).values("pk"))),
        )
        .order_by()
    )
    l1 = (
        JawabanUmpanBalik.objects.filter(
            scope_q(user, "umpan_balik__peserta__pegawai__"),
            pertanyaan__kode=KODE_RELEVANSI,
            umpan_balik__peserta__pelatihan__tanggal_selesai__year=tahun,
        )
        .annotate(opd=opd_path("umpan_balik__peserta__pegawai__"))
        .values("opd")
        .annotate(n=Count("pk"), relevansi=Sum("nilai"))
        .order_by()
    )
    l3 = (
        EvaluasiPascaPelatihan.objects.filter(
            scope_q(user, "peserta__pegawai__"), peserta__pelatihan__tanggal_selesai__year=tahun
        )
        .annotate(opd=opd_path("peserta__pegawai__"))
        .values("opd")
        .annotate(n=Count("pk"), perilaku=Sum("perubahan_perilaku"), penerapan=Sum("penerapan"))
        .order_by()
    )
    # Sums first, averages last, so the total row is the instansi-wide mean, not a mean of means.
    per_opd = defaultdict(lambda: [0] * 8)
    for row in progres:
        per_opd[row["opd"]][:3] = [row["n"], row["selesai"], row["terlambat"]]
    for row in l1:
        per_opd[row["opd"]][3:5] = [row["n"], row["relevansi"]]
    for row in l3:
        per_opd[row["opd"]][5:] = [row["n"], row["perilaku"], row["penerapan"]]
    minimum = settings.PELATIHAN_MIN_RESPONDEN
    rows = [
        [nama, n, selesai, terlambat, n1, _mean(s1, n1, minimum), n3, _mean(sp, n3, minimum), _mean(sa, n3, minimum)]
        for nama, n, selesai, terlambat, n1, s1, n3, sp, sa in _table(opd_names(user), per_opd, 8)
    ]
    return headers, rows


TABLES = {
    "rencana": ("Rencana per status", rencana_per_status),
    "jp": ("Realisasi JP", jp_per_opd),
    "anggaran": ("Anggaran rencana dan realisasi", anggaran_per_opd),
    "evaluasi": ("Evaluasi progres dan pascapelatihan", evaluasi_per_opd),
}


def ringkasan(tables: dict) -> dict | None:
    """The figures of the cards on top of the dashboard: the "Jumlah" row of each table."""
    rows = {key: table[2] for key, table in tables.items()}
    if not all(rows.values()):
        return None
    rencana, jp, anggaran, evaluasi = (rows[key][-1] for key in ("rencana", "jp", "anggaran", "evaluasi"))
    return {
        "rencana": rencana[-1],
        "rencana_diverifikasi": rencana[-2],
        "pegawai": jp[1],
        "tercapai": jp[4],
        "persen_tercapai": jp[5],
        "anggaran": anggaran[1],
        "realisasi": anggaran[2],
        "persen_anggaran": anggaran[3],
        "evaluasi_terlambat": evaluasi[3],
    }
