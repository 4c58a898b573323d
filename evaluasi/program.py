"""Programme review: level-1 (participants) and level-3 (Atasan) results side by side.

Both follow the pelatihan app's anonymity rule: below PELATIHAN_MIN_RESPONDEN responses (level 1) or
ratings (level 3: one rating is one named Atasan's score of one employee) a group shows no average.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, OuterRef, Q, Subquery

from pelatihan.models import KODE_RELEVANSI, Bentuk, JawabanUmpanBalik, Mitra, Pelatihan, UmpanBalik

from .models import EvaluasiPascaPelatihan

# A programme is flagged when its level-3 "use at work" average falls below this (scale 1–5).
BATAS_L3 = 3

GROUPS = {
    "pelatihan": ("peserta__pelatihan", "Pelatihan"),
    "mitra": ("peserta__pelatihan__mitra", "Penyelenggara"),
    "bentuk": ("peserta__pelatihan__bentuk", "Bentuk"),
}
HEADERS = ["Umpan balik (L1)", "Rata-rata relevansi (L1)", "Evaluasi L3", "Perubahan perilaku (L3)", "Penerapan (L3)"]


def _names(grup: str, keys) -> dict:
    if grup == "pelatihan":
        return dict(Pelatihan.objects.filter(pk__in=keys).values_list("pk", "judul"))
    if grup == "mitra":
        return dict(Mitra.objects.filter(pk__in=keys).values_list("pk", "nama"))
    return dict(Bentuk.choices)


def _round(value):
    return None if value is None else round(value, 2)


def shown(value, n: int):
    """An average of `n` individual ratings, or None when so few that it would point at a person."""
    return _round(value) if n >= settings.PELATIHAN_MIN_RESPONDEN else None


def ringkasan_l3(pelatihan: Pelatihan) -> dict:
    """Level-3 count and averages of one training, the averages hidden below the minimum."""
    r = EvaluasiPascaPelatihan.objects.filter(peserta__pelatihan=pelatihan).aggregate(
        n=Count("pk"), perilaku=Avg("perubahan_perilaku"), penerapan=Avg("penerapan")
    )
    minimum = settings.PELATIHAN_MIN_RESPONDEN
    return {
        **r,
        "perilaku": shown(r["perilaku"], r["n"]),
        "penerapan": shown(r["penerapan"], r["n"]),
        "minimum": minimum,
    }


def review(grup: str) -> tuple[list[str], list[list]]:
    """One row per training, partner or bentuk with feedback and level-3 results (five queries)."""
    key, label = GROUPS[grup]
    l1_n = dict(UmpanBalik.objects.values(key).annotate(n=Count("pk")).order_by().values_list(key, "n"))
    l1 = dict(
        JawabanUmpanBalik.objects.filter(pertanyaan__kode=KODE_RELEVANSI)
        .values(f"umpan_balik__{key}")
        .annotate(a=Avg("nilai"))
        .order_by()
        .values_list(f"umpan_balik__{key}", "a")
    )
    l3 = {
        r[key]: r
        for r in EvaluasiPascaPelatihan.objects.values(key)
        .annotate(n=Count("pk"), perilaku=Avg("perubahan_perilaku"), penerapan=Avg("penerapan"))
        .order_by()
    }
    keys = set(l1_n) | set(l3)
    names = _names(grup, keys)
    rows = []
    for k in keys:
        n1 = l1_n.get(k, 0)
        r3 = l3.get(k, {})
        n3 = r3.get("n", 0)
        rows.append(
            [
                names.get(k, "—"),
                n1,
                shown(l1.get(k), n1),
                n3,
                shown(r3.get("perilaku"), n3),
                shown(r3.get("penerapan"), n3),
            ]
        )
    return [label, *HEADERS], sorted(rows, key=lambda row: str(row[0]))


@dataclass
class Ditinjau:
    pelatihan: Pelatihan
    alasan: list[str]


def perlu_ditinjau() -> list[Ditinjau]:
    """Programmes that participants judged irrelevant (level 1) or that Atasan saw little used (level 3)."""
    l3 = (
        EvaluasiPascaPelatihan.objects.filter(peserta__pelatihan=OuterRef("pk"))
        .values("peserta__pelatihan")
        .annotate(a=Avg("penerapan"), n=Count("pk"))
    )
    minimum, ambang = settings.PELATIHAN_MIN_RESPONDEN, settings.PELATIHAN_AMBANG_RELEVANSI
    flagged = (
        Pelatihan.objects.dengan_ringkasan()
        .annotate(rata_l3=Subquery(l3.values("a")[:1]), jumlah_l3=Subquery(l3.values("n")[:1]))
        .filter(
            Q(jumlah_umpan_balik__gte=minimum, rata_relevansi__lt=ambang)
            | Q(jumlah_l3__gte=minimum, rata_l3__lt=BATAS_L3)
        )
        .select_related("mitra")
        .order_by("tanggal_selesai")
    )
    result = []
    for p in flagged:
        alasan = []
        if p.perlu_ditinjau:
            alasan.append(f"relevansi L1 {p.rata_relevansi:.2f}")
        if p.jumlah_l3 and p.jumlah_l3 >= minimum and p.rata_l3 < BATAS_L3:
            alasan.append(f"penerapan L3 {p.rata_l3:.2f}")
        result.append(Ditinjau(p, alasan))
    return result
