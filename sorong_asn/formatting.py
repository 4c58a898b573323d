"""Indonesian display formats shared by pages, exports and PDFs (also template builtins)."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

register = template.Library()

NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@register.filter
def rupiah(nilai) -> str:
    """12500000 → "Rp 12.500.000" (whole rupiah; an empty value shows as "Rp 0")."""
    angka = int(round(Decimal(nilai or 0)))
    teks = f"{abs(angka):,}".replace(",", ".")
    return f"-Rp {teks}" if angka < 0 else f"Rp {teks}"


@register.filter
def tanggal(nilai) -> str:
    """date(2027, 1, 15) → "15 Januari 2027", independent of the active locale (for PDFs)."""
    if not nilai:
        return ""
    if isinstance(nilai, datetime):
        nilai = timezone.localtime(nilai) if timezone.is_aware(nilai) else nilai
    return f"{nilai.day} {NAMA_BULAN[nilai.month - 1]} {nilai.year}"


@register.filter
def angka(nilai, desimal: int = 0) -> str:
    """1234.5 → "1.234,5"; integers without decimals."""
    if nilai is None:
        return ""
    teks = f"{float(nilai):,.{int(desimal)}f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def bulan_tahun(nilai: date) -> str:
    return f"{NAMA_BULAN[nilai.month - 1]} {nilai.year}"
