from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from pegawai.nip import normalize_nip
from pelatihan.models import Bentuk, Pelatihan

from .models import ItemRencana, RencanaPengembangan, RencanaTahunan, TahunRencana
from .tahunan import LAMBANG_MAKS


class TahunRencanaForm(forms.ModelForm):
    class Meta:
        model = TahunRencana
        fields = ["tahun", "batas_pengajuan", "batas_persetujuan", "batas_verifikasi", "status"]
        widgets = {
            "batas_pengajuan": forms.DateInput(attrs={"type": "date"}),
            "batas_persetujuan": forms.DateInput(attrs={"type": "date"}),
            "batas_verifikasi": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {"tahun": {"unique": "Tahun rencana ini sudah dibuka."}}

    def clean_tahun(self):
        tahun = self.cleaned_data["tahun"]
        if not 2020 <= tahun <= 2100:
            raise forms.ValidationError("Tahun harus antara 2020 dan 2100.")
        return tahun

    def clean(self):
        data = super().clean()
        pengajuan, persetujuan, verifikasi = (
            data.get("batas_pengajuan"),
            data.get("batas_persetujuan"),
            data.get("batas_verifikasi"),
        )
        if pengajuan and persetujuan and persetujuan < pengajuan:
            self.add_error("batas_persetujuan", "Batas persetujuan tidak boleh sebelum batas pengajuan.")
        if persetujuan and verifikasi and verifikasi < persetujuan:
            self.add_error("batas_verifikasi", "Batas verifikasi tidak boleh sebelum batas persetujuan.")
        return data


class ItemRencanaForm(forms.ModelForm):
    class Meta:
        model = ItemRencana
        fields = ["kompetensi", "bentuk", "pelatihan", "jp", "biaya", "triwulan", "prioritas", "catatan"]

    def __init__(self, *args, tahun: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pelatihan"].queryset = (
            Pelatihan.objects.filter(tanggal_mulai__year=tahun).exclude(status=Pelatihan.Status.BATAL).order_by("judul")
        )
        self.fields["pelatihan"].empty_label = "— tanpa pelatihan katalog —"
        self.fields["kompetensi"].empty_label = "— pilih kompetensi —"
        # Django 6.1's own blank label is still English.
        self.fields["bentuk"].choices = [("", "— pilih bentuk —"), *Bentuk.choices]
        self.fields["triwulan"].choices = [("", "— pilih triwulan —"), *ItemRencana.Triwulan.choices]

    def clean_jp(self):
        jp = self.cleaned_data["jp"]
        if jp is not None and jp <= 0:
            raise forms.ValidationError("Target JP harus lebih dari 0.")
        return jp

    def clean_biaya(self):
        biaya = self.cleaned_data["biaya"]
        if biaya is not None and biaya < 0:
            raise forms.ValidationError("Perkiraan biaya tidak boleh negatif.")
        return biaya


class BaseItemFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Hapus kegiatan ini"


ItemFormSet = inlineformset_factory(
    RencanaPengembangan, ItemRencana, form=ItemRencanaForm, formset=BaseItemFormSet, extra=1, can_delete=True
)


class VersiForm(forms.Form):
    """The version the user saw, so a stale form is refused (optimistic locking)."""

    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CatatanForm(VersiForm):
    catatan = forms.CharField(
        label="Catatan", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RencanaTahunanForm(forms.ModelForm):
    # Longer than the stored 18 digits: people type the NIP grouped with spaces.
    kepala_nip = forms.CharField(label="NIP Kepala BKPSDM", max_length=30, required=False)

    class Meta:
        model = RencanaTahunan
        fields = [
            "nomor_dokumen",
            "tanggal_dokumen",
            "tempat",
            "kop_baris_1",
            "kop_baris_2",
            "kop_alamat",
            "kop_kontak",
            "lambang",
            "kepala_jabatan",
            "kepala_nama",
            "kepala_pangkat",
            "kepala_nip",
            "awalan_nip",
            "wali_kota_nama",
        ]
        widgets = {"tanggal_dokumen": forms.DateInput(attrs={"type": "date"})}

    def clean_kepala_nip(self):
        nip = normalize_nip(self.cleaned_data["kepala_nip"] or "")
        if nip and (len(nip) != 18 or not nip.isdigit()):
            raise forms.ValidationError("NIP Kepala BKPSDM harus 18 digit angka.")
        return nip

    def clean_lambang(self):
        lambang = self.cleaned_data.get("lambang")
        if lambang and hasattr(lambang, "content_type"):
            if lambang.size > LAMBANG_MAKS:
                raise forms.ValidationError("Lambang paling besar 300 KB.")
            if getattr(lambang, "image", None) is not None and lambang.image.format not in ("PNG", "JPEG"):
                raise forms.ValidationError("Lambang harus berupa gambar PNG atau JPEG.")
        return lambang
