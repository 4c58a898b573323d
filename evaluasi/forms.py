from django import forms

from .models import EvaluasiPascaPelatihan, EvaluasiProgres, KeputusanProgram, SiklusEvaluasi


class RadioChoicesMixin:
    """Radio buttons need no blank option (Django adds an English one for required model choices)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.choices = [choice for choice in field.choices if choice[0] != ""]


class SiklusForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django 6.1's blank label is English ("- Select an option -").
        self.fields["tahun"].empty_label = "— Pilih tahun —"
        self.fields["jenis"].choices = [("", "— Pilih jenis —"), *SiklusEvaluasi.Jenis.choices]

    class Meta:
        model = SiklusEvaluasi
        fields = ["tahun", "jenis", "tanggal_mulai", "batas_penilaian_diri", "batas_penilaian_atasan"]
        widgets = {
            "tanggal_mulai": forms.DateInput(attrs={"type": "date"}),
            "batas_penilaian_diri": forms.DateInput(attrs={"type": "date"}),
            "batas_penilaian_atasan": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        mulai, diri, atasan = (data.get(k) for k in ("tanggal_mulai", "batas_penilaian_diri", "batas_penilaian_atasan"))
        if mulai and diri and diri < mulai:
            self.add_error("batas_penilaian_diri", "Batas penilaian diri tidak boleh sebelum tanggal dibuka.")
        if diri and atasan and atasan < diri:
            self.add_error("batas_penilaian_atasan", "Batas penilaian atasan tidak boleh sebelum batas penilaian diri.")
        return data


class PenilaianDiriForm(forms.Form):
    item_selesai = forms.IntegerField(label="Jumlah item rencana yang sudah terlaksana", min_value=0)
    hambatan = forms.CharField(label="Hambatan", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, jumlah_item: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.jumlah_item = jumlah_item
        self.fields["item_selesai"].help_text = f"Rencana Anda memuat {jumlah_item} item."

    def clean_item_selesai(self):
        value = self.cleaned_data["item_selesai"]
        if value > self.jumlah_item:
            raise forms.ValidationError(f"Jumlah item terlaksana tidak boleh lebih dari {self.jumlah_item}.")
        return value


class PenilaianAtasanForm(forms.Form):
    predikat = forms.ChoiceField(
        label="Predikat kemajuan", choices=EvaluasiProgres.Predikat.choices, widget=forms.RadioSelect
    )
    catatan = forms.CharField(label="Catatan atasan", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class EvaluasiL3Form(RadioChoicesMixin, forms.ModelForm):
    class Meta:
        model = EvaluasiPascaPelatihan
        fields = ["perubahan_perilaku", "penerapan", "catatan"]
        widgets = {
            "perubahan_perilaku": forms.RadioSelect,
            "penerapan": forms.RadioSelect,
            "catatan": forms.Textarea(attrs={"rows": 3}),
        }


class KeputusanForm(RadioChoicesMixin, forms.ModelForm):
    class Meta:
        model = KeputusanProgram
        fields = ["keputusan", "catatan"]
        widgets = {"keputusan": forms.RadioSelect, "catatan": forms.Textarea(attrs={"rows": 2})}
