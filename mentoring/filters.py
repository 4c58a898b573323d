import django_filters
from django import forms
from django.utils import timezone

from pegawai.models import UnitKerja

from .models import PasanganMentoring

SELECT = "form-select form-select-sm"


class PasanganFilter(django_filters.FilterSet):
    opd = django_filters.ModelChoiceFilter(
        label="OPD",
        queryset=UnitKerja.objects.none(),
        method="filter_opd",
        empty_label="Semua OPD",
        widget=forms.Select(attrs={"class": SELECT}),
    )
    jenis = django_filters.ChoiceFilter(
        choices=PasanganMentoring.Jenis.choices, empty_label="Semua jenis", widget=forms.Select(attrs={"class": SELECT})
    )
    status = django_filters.ChoiceFilter(
        choices=PasanganMentoring.Status.choices,
        empty_label="Semua status",
        widget=forms.Select(attrs={"class": SELECT}),
    )
    tanpa_sesi = django_filters.BooleanFilter(
        label="Tanpa sesi 30 hari terakhir",
        method="filter_tanpa_sesi",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = PasanganMentoring
        fields = ["opd", "jenis", "status", "tanpa_sesi"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the OPDs the user can see, so the filter itself leaks no other unit.
        units = UnitKerja.objects.visible_to(user)
        self.filters["opd"].queryset = units.filter(parent__isnull=True) if user.sees_whole_instansi else units

    def filter_opd(self, queryset, name, value):
        return queryset.filter(mentee__unit_kerja__path__startswith=value.path)

    def filter_tanpa_sesi(self, queryset, name, value):
        return queryset.tanpa_sesi(today=timezone.localdate()) if value else queryset
