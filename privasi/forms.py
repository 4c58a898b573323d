from django import forms

from .models import Akses, PermohonanKoreksi


class KoreksiForm(forms.ModelForm):
    class Meta:
        model = PermohonanKoreksi
        fields = ["isi"]
        widgets = {
            "isi": forms.Textarea(
                attrs={"rows": 4, "placeholder": "Mis. “Tempat lahir tertulis Manokwari, seharusnya Sorong.”"}
            )
        }


class TanganiKoreksiForm(forms.Form):
    status = forms.ChoiceField(
        label="Hasil",
        choices=[
            (PermohonanKoreksi.Status.DIKOREKSI, "Data sudah dikoreksi"),
            (PermohonanKoreksi.Status.DITOLAK, "Ditolak (data sudah benar)"),
        ],
        widget=forms.RadioSelect,
    )
    catatan = forms.CharField(label="Catatan untuk pegawai", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class AksesFilterForm(forms.Form):
    """BKPSDM's search over the access log; every field optional."""

    pengakses = forms.CharField(label="Diakses oleh (nama pengguna/NIP/nama)", required=False, max_length=150)
    pegawai = forms.CharField(label="Data milik (NIP/nama)", required=False, max_length=150)
    jenis = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua jenis"), *Akses.Jenis.choices])
    dari = forms.DateField(label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", "Tanggal akhir sebelum tanggal awal.")
        return data
