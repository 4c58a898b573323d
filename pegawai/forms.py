from django import forms
from django.core.exceptions import ValidationError

from .models import (
    Jabatan,
    Kompetensi,
    Pegawai,
    PenilaianKompetensi,
    StandarKompetensi,
    UnitKerja,
    normalize_telepon,
)
from .nip import normalize_nip, parse_nip
from .tabel import UKURAN_MAKS


class TeleponMixin:
    def clean_telepon(self):
        return normalize_telepon(self.cleaned_data["telepon"])


class PegawaiForm(TeleponMixin, forms.ModelForm):
    """Create and edit by Admin BKPSDM or the Operator of the employee's OPD."""

    nip = forms.CharField(
        label="NIP / NI PPPK",
        max_length=30,
        help_text="18 digit; boleh diketik dengan spasi atau titik.",
        error_messages={"required": "NIP wajib diisi."},
    )
    nip_atasan = forms.CharField(
        label="NIP atasan langsung",
        max_length=30,
        required=False,
        help_text="Kosongkan bila tidak ada. Operator OPD menetapkan pegawai di unitnya atau pimpinan di atas "
        "unitnya; atasan lain diajukan ke BKPSDM.",
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "gelar_depan",
            "nama",
            "gelar_belakang",
            "tempat_lahir",
            "tmt_pengangkatan",
            "golongan",
            "tmt_golongan",
            "jabatan",
            "tmt_jabatan",
            "unit_kerja",
            "pendidikan",
            "email",
            "telepon",
        ]
        widgets = {
            "tmt_pengangkatan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_golongan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tmt_jabatan": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A supervisor the user may not name: saved as a request to BKPSDM by the view, not on the record.
        self.atasan_diminta = ""
        # An Operator can place employees only inside their own OPD subtree.
        self.fields["unit_kerja"].queryset = UnitKerja.objects.visible_to(user).aktif()
        self.fields["unit_kerja"].empty_label = "- Pilih unit kerja -"
        self.fields["jabatan"].queryset = Jabatan.objects.all()
        self.fields["jabatan"].empty_label = "- Pilih jabatan -"
        self.fields["golongan"].choices = [("", "- Pilih golongan -"), *self.fields["golongan"].choices[1:]]
        if self.instance.pk:
            self.fields["nip"].disabled = True
            self.initial["nip"] = self.instance.nip_tampil
            if self.instance.atasan_id:
                self.initial["nip_atasan"] = self.instance.atasan.nip

    def clean_nip(self):
        if self.instance.pk:
            return self.instance.nip
        nip = normalize_nip(self.cleaned_data["nip"])
        if Pegawai.objects.filter(nip=nip).exists():
            raise ValidationError("Pegawai dengan NIP ini sudah terdaftar.")
        return nip

    def clean_nip_atasan(self):
        text = self.cleaned_data["nip_atasan"]
        if not text.strip():
            return None
        nip = parse_nip(text).nip  # structure only: the answer never depends on who exists
        current = self.instance.atasan if self.instance.atasan_id else None
        if current is not None and current.nip == nip:
            return current
        atasan = Pegawai.objects.assignable_as_atasan_by(self.user).filter(nip=nip).first()
        if atasan is not None:
            return atasan
        if self.user.is_admin_bkpsdm:
            raise ValidationError(f"Tidak ada pegawai dengan NIP {nip}.")
        # Outside what this Operator may name, or nobody at all: the same answer either way.
        self.atasan_diminta = nip
        return current

    def _post_clean(self):
        self.instance.atasan = self.cleaned_data.get("nip_atasan")
        super()._post_clean()

    def _update_errors(self, errors):
        # The model names the supervisor "atasan"; this form asks for it by NIP.
        if hasattr(errors, "error_dict") and "atasan" in errors.error_dict:
            errors.error_dict["nip_atasan"] = errors.error_dict.pop("atasan")
        # Pegawai.clean() re-reads the NIP; once the field itself failed it sees an empty NIP
        # and would add a confusing second "NIP wajib diisi." under the real message.
        if hasattr(errors, "error_dict") and "nip" in self.errors:
            errors.error_dict.pop("nip", None)
        super()._update_errors(errors)


class PutusanAtasanForm(forms.Form):
    keputusan = forms.ChoiceField(choices=[("setujui", "Setujui"), ("tolak", "Tolak")])
    catatan = forms.CharField(label="Catatan", max_length=255, required=False)


class ProfilForm(TeleponMixin, forms.ModelForm):
    """What an employee may change on their own record: contact details only."""

    class Meta:
        model = Pegawai
        fields = ["email", "telepon"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status baru", choices=Pegawai.Status.choices)


class UnggahForm(forms.Form):
    berkas = forms.FileField(label="Berkas (.csv atau .xlsx, paling besar 10 MB)")
    buat_unit = forms.BooleanField(
        label="Buat unit kerja yang belum ada (impor SIASN pertama)",
        required=False,
        help_text="Hanya Admin BKPSDM.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_admin_bkpsdm:
            del self.fields["buat_unit"]

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        # Django has no upload size limit of its own; refuse before anything reads the content.
        if berkas.size > UKURAN_MAKS:
            raise ValidationError(f"Ukuran berkas melebihi {UKURAN_MAKS // (1024 * 1024)} MB.")
        if not berkas.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("Jenis berkas tidak didukung; unggah .csv atau .xlsx.")
        return berkas


class KompetensiForm(forms.ModelForm):
    class Meta:
        model = Kompetensi
        fields = ["kode", "nama", "jenis", "definisi", "level_1", "level_2", "level_3", "level_4", "level_5"]
        widgets = {f"level_{i}": forms.Textarea(attrs={"rows": 2}) for i in range(1, 6)} | {
            "definisi": forms.Textarea(attrs={"rows": 3})
        }


LEVEL_PILIHAN = [("", "Tidak disyaratkan"), *[(i, f"Level {i}") for i in range(1, 6)]]


class StandarForm(forms.Form):
    """One level select per competence of the dictionary, for one position."""

    def __init__(self, *args, jabatan: Jabatan, kompetensi: list[Kompetensi], **kwargs):
        super().__init__(*args, **kwargs)
        self.kompetensi = kompetensi
        current = {s.kompetensi_id: s.level for s in StandarKompetensi.objects.filter(jabatan=jabatan)}
        for k in kompetensi:
            self.fields[f"k{k.pk}"] = forms.TypedChoiceField(
                label=str(k), choices=LEVEL_PILIHAN, coerce=int, empty_value=None, required=False
            )
            self.initial[f"k{k.pk}"] = current.get(k.pk)

    def levels(self) -> dict[int, int | None]:
        return {k.pk: self.cleaned_data[f"k{k.pk}"] for k in self.kompetensi}


class PenilaianForm(forms.ModelForm):
    class Meta:
        model = PenilaianKompetensi
        fields = ["kompetensi", "level", "tanggal", "sumber"]
        widgets = {"tanggal": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].empty_label = "- Pilih kompetensi -"
        self.fields["level"].widget = forms.Select(choices=[(i, f"Level {i}") for i in range(1, 6)])

    def validate_unique(self):
        # Entering a new result replaces the previous one (the service upserts).
        pass


class UnggahPenilaianForm(forms.Form):
    berkas = forms.FileField(label="Berkas hasil penilaian (.csv atau .xlsx)")

    clean_berkas = UnggahForm.clean_berkas
