from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from pegawai.models import Pegawai
from pegawai.nip import normalize_nip

from .models import SKALA_NILAI, Bentuk, CatatanJP, Mitra, Pelatihan, jp_bawaan

# Magic bytes of the accepted certificate types; the extension a user typed is never trusted.
SIGNATURES = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))


def validate_sertifikat(berkas):
    """Accept PDF/JPG/PNG up to the size limit, judged by content; rename to a neutral name."""
    if berkas.size > settings.PELATIHAN_SERTIFIKAT_MAKS_BYTE:
        batas = settings.PELATIHAN_SERTIFIKAT_MAKS_BYTE // (1024 * 1024)
        raise ValidationError(f"File sertifikat terlalu besar; maksimal {batas} MB.")
    berkas.seek(0)
    kepala = berkas.read(8)
    berkas.seek(0)
    ekstensi = next((ext for magic, ext in SIGNATURES if kepala.startswith(magic)), None)
    if ekstensi is None:
        raise ValidationError("File sertifikat harus berupa PDF, JPG atau PNG yang valid.")
    # The storage name is generated in sertifikat_path; only the detected extension survives.
    berkas.name = f"sertifikat.{ekstensi}"
    return berkas


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PelatihanForm(forms.ModelForm):
    jp = forms.DecimalField(
        label="JP",
        required=False,
        min_value=0.5,
        max_digits=5,
        decimal_places=1,
        help_text="Kosongkan untuk konversi LAN: seminar 4 JP/hari, workshop 5 JP/hari, lainnya 8 JP/hari; "
        "internasional +20 %.",
    )

    class Meta:
        model = Pelatihan
        fields = [
            "judul",
            "deskripsi",
            "bentuk",
            "kompetensi",
            "mitra",
            "tempat",
            "mode",
            "skala",
            "tanggal_mulai",
            "tanggal_selesai",
            "jp",
            "kuota",
            "biaya_per_peserta",
            "sumber_anggaran",
            "status",
        ]
        widgets = {
            "tanggal_mulai": DateInput(),
            "tanggal_selesai": DateInput(),
            "deskripsi": forms.Textarea(attrs={"rows": 3}),
            "kompetensi": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mitra"].empty_label = "— pilih penyelenggara —"
        self.fields["kuota"].min_value = 1
        self.fields["biaya_per_peserta"].min_value = 0

    def clean_kuota(self):
        kuota = self.cleaned_data["kuota"]
        if kuota < 1:
            raise ValidationError("Kuota peserta minimal 1.")
        terisi = self.instance.peserta.menempati_kursi().count() if self.instance.pk else 0
        if kuota < terisi:
            raise ValidationError(f"Kuota tidak boleh kurang dari jumlah peserta yang sudah terdaftar ({terisi}).")
        return kuota

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        elif mulai and selesai and data.get("bentuk") and not data.get("jp"):
            data["jp"] = jp_bawaan(
                bentuk=data["bentuk"],
                internasional=data.get("skala") == Pelatihan.Skala.INTERNASIONAL,
                hari=(selesai - mulai).days + 1,
            )
        return data


class MitraForm(forms.ModelForm):
    class Meta:
        model = Mitra
        fields = [
            "nama",
            "jenis",
            "kontak_nama",
            "kontak_email",
            "kontak_telepon",
            "alamat",
            "mou_nomor",
            "mou_mulai",
            "mou_selesai",
        ]
        widgets = {"mou_mulai": DateInput(), "mou_selesai": DateInput()}

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("mou_mulai"), data.get("mou_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("mou_selesai", "Akhir masa MoU tidak boleh sebelum awal masa MoU.")
        return data


class NipField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label="NIP pegawai", max_length=40, **kwargs)


def lookup_nip(nip: str, pegawai_qs) -> Pegawai:
    pegawai = pegawai_qs.filter(nip=normalize_nip(nip)).first()
    if pegawai is None:
        raise ValidationError("NIP tidak ditemukan di antara pegawai yang dapat Anda kelola.")
    return pegawai


class NominasiForm(forms.Form):
    """A NIP rather than a select of 6,000 names; looked up only among employees the user manages."""

    nip = NipField()

    def __init__(self, *args, pegawai_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.pegawai_qs = pegawai_qs

    def clean_nip(self):
        return lookup_nip(self.cleaned_data["nip"], self.pegawai_qs)


class PenyelesaianForm(forms.Form):
    hasil = forms.TypedChoiceField(
        label="Hasil",
        choices=((1, "Lulus / selesai"), (0, "Tidak lulus")),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    nomor_sertifikat = forms.CharField(label="Nomor sertifikat", max_length=100, required=False)
    sertifikat = forms.FileField(
        label="File sertifikat (PDF/JPG/PNG, maks. 5 MB)", required=False, validators=[validate_sertifikat]
    )


class UmpanBalikForm(forms.Form):
    """One 1–5 radio field per active question (the set is configurable), then the open questions."""

    saran = forms.CharField(
        label="Saran perbaikan", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    rencana_penerapan = forms.CharField(
        label="Rencana penerapan di tempat kerja", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, pertanyaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.pertanyaan = list(pertanyaan)
        fields = {}
        for q in self.pertanyaan:
            fields[f"q{q.pk}"] = forms.TypedChoiceField(
                label=q.teks,
                choices=[(n, f"{n} · {label}") for n, label in SKALA_NILAI],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Beri nilai 1–5 untuk “{q.teks}”."},
            )
        self.fields = {**fields, **self.fields}

    @property
    def nilai(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.pertanyaan}


class CatatanEksternalForm(forms.ModelForm):
    """Development done outside the catalog (e.g. a LAN e-learning course); counts once BKPSDM verifies it."""

    class Meta:
        model = CatatanJP
        fields = [
            "judul",
            "bentuk",
            "penyelenggara",
            "tanggal_mulai",
            "tanggal",
            "jp",
            "nomor_sertifikat",
            "sertifikat",
        ]
        widgets = {"tanggal_mulai": DateInput(), "tanggal": DateInput()}
        labels = {"judul": "Nama kegiatan / kursus", "tanggal": "Tanggal selesai"}

    def __init__(self, *args, pegawai_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank first choice, so nobody records a course as leadership training by not looking.
        self.fields["bentuk"].choices = [
            ("", "— pilih bentuk —"),
            *((b.value, b.label) for b in Bentuk if b != Bentuk.MENTORING),
        ]
        self.fields["penyelenggara"].required = True
        self.fields["sertifikat"].validators = [validate_sertifikat]
        self.pegawai_qs = pegawai_qs
        if pegawai_qs is not None:
            self.fields = {"nip": NipField(), **self.fields}

    def clean_nip(self):
        return lookup_nip(self.cleaned_data["nip"], self.pegawai_qs)

    def clean_jp(self):
        jp = self.cleaned_data["jp"]
        if jp is not None and not 0 < jp <= 500:
            raise ValidationError("JP harus lebih dari 0 dan paling banyak 500.")
        return jp

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("tanggal_mulai"), data.get("tanggal")
        if mulai and selesai and selesai < mulai:
            self.add_error("tanggal", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data
