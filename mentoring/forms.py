from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from pegawai.models import Kompetensi, Pegawai
from pegawai.nip import normalize_nip

from .models import DURASI_MAX, DURASI_MIN, SKALA_SETUJU, PasanganMentoring, SesiMentoring, UmpanBalikMentoring


class PegawaiNipField(forms.CharField):
    """An employee typed by NIP, looked up only among the employees the form was given (the user's scope)."""

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(max_length=30, **kwargs)

    def clean(self, value):
        nip = normalize_nip(super().clean(value))
        pegawai = self.queryset.filter(nip=nip).select_related("unit_kerja").first()
        if pegawai is None:
            raise ValidationError(f"Pegawai dengan NIP {nip} tidak ditemukan di lingkup Anda.")
        return pegawai


class PasanganForm(forms.Form):
    mentee = PegawaiNipField(label="NIP mentee", help_text="Pegawai yang dibimbing (di unit kerja yang Anda kelola).")
    mentor = PegawaiNipField(label="NIP mentor", help_text="Pegawai senior yang membimbing.")
    jenis = forms.ChoiceField(label="Jenis mentoring", choices=PasanganMentoring.Jenis.choices)
    tujuan = forms.CharField(label="Tujuan", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    target = forms.CharField(
        label="Target capaian",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Satu target per baris; menjadi daftar periksa kemajuan.",
    )
    tanggal_mulai = forms.DateField(label="Tanggal mulai", widget=forms.DateInput(attrs={"type": "date"}))
    tanggal_selesai = forms.DateField(label="Rencana selesai", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, mentee_qs, mentor_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentee_qs
        self.fields["mentor"].queryset = mentor_qs
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("tanggal_mulai", today)
            self.initial.setdefault("tanggal_selesai", today + timedelta(days=182))

    def clean_target(self):
        baris = [line.strip() for line in self.cleaned_data["target"].splitlines() if line.strip()]
        if any(len(line) > 255 for line in baris):
            raise ValidationError("Setiap target paling panjang 255 karakter.")
        return baris


class UsulCepatForm(forms.Form):
    """The one-click proposal from the suggestions: both employees by id, within the user's scope."""

    mentee = forms.ModelChoiceField(queryset=Pegawai.objects.none())
    mentor = forms.ModelChoiceField(queryset=Pegawai.objects.none())

    def __init__(self, *args, mentee_qs, mentor_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentee_qs
        self.fields["mentor"].queryset = mentor_qs


class SesiForm(forms.ModelForm):
    class Meta:
        model = SesiMentoring
        fields = ["tanggal", "durasi_menit", "topik", "catatan", "tindak_lanjut"]
        widgets = {
            "tanggal": forms.DateInput(attrs={"type": "date"}),
            "catatan": forms.Textarea(attrs={"rows": 2}),
            "tindak_lanjut": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, pasangan, **kwargs):
        super().__init__(*args, **kwargs)
        self.pasangan = pasangan
        per_jp = settings.MENTORING_MENIT_PER_JP
        self.fields["durasi_menit"].help_text = f"{DURASI_MIN}–{DURASI_MAX} menit; {per_jp} menit = 1 JP."
        if not self.is_bound:
            self.initial.setdefault("tanggal", timezone.localdate())
            self.initial.setdefault("durasi_menit", 60)

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError("Tanggal sesi tidak boleh di masa depan.")
        if tanggal < self.pasangan.tanggal_mulai:
            raise ValidationError("Tanggal sesi tidak boleh sebelum mentoring dimulai.")
        return tanggal

    def clean_durasi_menit(self):
        durasi = self.cleaned_data["durasi_menit"]
        if not DURASI_MIN <= durasi <= DURASI_MAX:
            raise ValidationError(f"Durasi harus antara {DURASI_MIN} dan {DURASI_MAX} menit.")
        return durasi


class UmpanBalikForm(forms.ModelForm):
    class Meta:
        model = UmpanBalikMentoring
        fields = [
            "didengarkan",
            "dihargai",
            "bebas_berpendapat",
            "berbasis_data",
            "positif",
            "banyak_bertanya",
            "membantu_solusi",
            "tahu_langkah",
            "paham_tujuan",
            "saran",
        ]
        widgets = {"saran": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[:-1]:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=SKALA_SETUJU,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Pilih salah satu jawaban untuk pernyataan ini."},
            )


class PenutupanForm(forms.Form):
    """The mentor's closing assessment: one 1–5 score with a reason per competence (B.1.9 style)."""

    catatan = forms.CharField(label="Catatan penutup", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, kompetensi: list[Kompetensi], **kwargs):
        super().__init__(*args, **kwargs)
        self.kompetensi = kompetensi
        for k in kompetensi:
            self.fields[f"nilai_{k.pk}"] = forms.TypedChoiceField(
                label=f"{k.kode} {k.nama}",
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
                error_messages={"required": f"Beri nilai 1–5 untuk {k.nama}."},
            )
            self.fields[f"alasan_{k.pk}"] = forms.CharField(
                label=f"Alasan nilai {k.nama}",
                widget=forms.Textarea(attrs={"rows": 1}),
                error_messages={"required": f"Tulis alasan nilai {k.nama}."},
            )

    def penilaian(self) -> list[tuple[Kompetensi, int, str]]:
        return [(k, self.cleaned_data[f"nilai_{k.pk}"], self.cleaned_data[f"alasan_{k.pk}"]) for k in self.kompetensi]


class AlasanForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan", max_length=1000, error_messages={"required": "Alasan pembatalan wajib diisi."}
    )
