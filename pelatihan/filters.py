import re

import django_filters
from django import forms

from pegawai.models import Kompetensi

from .models import Bentuk, Mitra, Pelatihan


class PelatihanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="judul", lookup_expr="icontains", label="Cari judul")
    bentuk = django_filters.ChoiceFilter(choices=Bentuk.choices, empty_label="Semua bentuk")
    kompetensi = django_filters.ModelChoiceFilter(
        queryset=Kompetensi.objects.all(), empty_label="Semua kompetensi", label="Kompetensi"
    )
    mitra = django_filters.ModelChoiceFilter(
        queryset=Mitra.objects.all(), empty_label="Semua penyelenggara", label="Penyelenggara"
    )
    bulan = django_filters.CharFilter(
        method="filter_bulan", label="Bulan", widget=forms.TextInput(attrs={"type": "month"})
    )
    status = django_filters.ChoiceFilter(choices=Pelatihan.Status.choices, empty_label="Semua status")

    class Meta:
        model = Pelatihan
        fields = ["q", "bentuk", "kompetensi", "mitra", "bulan", "status"]

    def filter_bulan(self, queryset, name, value):
        """Trainings running at any time in the month "YYYY-MM"; a malformed value filters nothing."""
        match = re.fullmatch(r"(\d{4})-(\d{2})", value or "")
        if not match or not 1 <= int(match[2]) <= 12:
            return queryset
        tahun, bulan = int(match[1]), int(match[2])
        return queryset.filter(
            tanggal_mulai__lt=_awal_bulan_berikut(tahun, bulan), tanggal_selesai__gte=f"{tahun}-{bulan:02d}-01"
        )


def _awal_bulan_berikut(tahun: int, bulan: int) -> str:
    return f"{tahun + 1}-01-01" if bulan == 12 else f"{tahun}-{bulan + 1:02d}-01"
