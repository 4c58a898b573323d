import django_filters

from .models import Golongan, Jabatan, Pegawai, UnitKerja
from .nip import normalize_nip

PILIH = "Semua"


class PegawaiFilter(django_filters.FilterSet):
    """The one filter of the employee list and its export; always fed a scoped queryset."""

    q = django_filters.CharFilter(method="search", label="Cari nama atau NIP")
    unit_kerja = django_filters.ModelChoiceFilter(
        queryset=UnitKerja.objects.none(),
        method="in_subtree",
        label="Unit kerja (+ sub-unit)",
        empty_label=PILIH,
    )
    golongan = django_filters.ChoiceFilter(choices=Golongan.choices, label="Golongan", empty_label=PILIH)
    jenis_jabatan = django_filters.ChoiceFilter(
        field_name="jenis_jabatan", choices=Jabatan.Jenis.choices, label="Jenis jabatan", empty_label=PILIH
    )
    jenis_asn = django_filters.ChoiceFilter(choices=Pegawai.JenisAsn.choices, label="Jenis ASN", empty_label=PILIH)
    status = django_filters.ChoiceFilter(choices=Pegawai.Status.choices, label="Status", empty_label=PILIH)
    ordering = django_filters.OrderingFilter(
        fields=(
            ("nama", "nama"),
            ("nip", "nip"),
            ("golongan", "golongan"),
            ("unit_kerja__nama", "unit_kerja"),
            ("tmt_pengangkatan", "masa_kerja"),
        ),
        field_labels={
            "nama": "Nama",
            "nip": "NIP",
            "golongan": "Golongan",
            "unit_kerja": "Unit kerja",
            "masa_kerja": "Masa kerja",
        },
        label="Urutkan",
        empty_label="Urutan DUK",
    )

    class Meta:
        model = Pegawai
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit_kerja"].queryset = UnitKerja.objects.visible_to(user).only("pk", "nama", "path")
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = (
                "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            )

    def search(self, queryset, name, value):
        value = value.strip()
        compact = value.replace(" ", "").replace(".", "")
        if compact.isdigit() and compact.isascii():
            # A NIP typed with or without its spaces; a prefix narrows as people type.
            return queryset.filter(nip__startswith=normalize_nip(value))
        return queryset.filter(nama__icontains=value) if value else queryset

    def in_subtree(self, queryset, name, value):
        return queryset.filter(unit_kerja__path__startswith=value.path) if value else queryset
