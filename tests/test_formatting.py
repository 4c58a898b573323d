from datetime import date
from decimal import Decimal

from django.template import engines

from sorong_asn.formatting import angka, rupiah, tanggal


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_rupiah_tanggal_angka_are_indonesian():
    assert rupiah(12_500_000) == "Rp 12.500.000"
    assert rupiah(Decimal("-1500")) == "-Rp 1.500"
    assert rupiah(None) == "Rp 0"
    assert tanggal(date(2027, 1, 15)) == "15 Januari 2027"
    assert angka(1234.5, 1) == "1.234,5"
    assert render("{{ n|angka }} · {{ d|tanggal }}", n=50000, d=date(2026, 8, 17)) == "50.000 · 17 Agustus 2026"


def test_primary_keys_render_without_a_thousands_separator():
    # A separator would turn hidden inputs and URLs into "3.137" and break every form on a big database.
    assert render('<input value="{{ pk }}">', pk=3137) == '<input value="3137">'
