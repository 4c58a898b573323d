from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import services


class LoginForm(AuthenticationForm):
    """Login by NIP or username; a NIP typed with spaces or dots is accepted."""

    username = forms.CharField(
        label="NIP atau nama pengguna",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}),
    )
    password = forms.CharField(
        label="Kata sandi", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": "NIP/nama pengguna atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif. Hubungi BKPSDM.",
    }

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        compact = username.replace(" ", "").replace(".", "")
        return compact if compact.isdigit() else username


class KodeOTPForm(forms.Form):
    kode = forms.CharField(
        label="Kode verifikasi",
        max_length=20,
        help_text="6 angka dari aplikasi autentikator, atau satu kode pemulihan (8 karakter).",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_kode(self):
        self.device, galat = services.verify_second_factor(self.user, self.cleaned_data["kode"])
        if self.device is None:
            raise forms.ValidationError(galat)
        return self.cleaned_data["kode"]


class DaftarOTPForm(forms.Form):
    kode = forms.CharField(
        label="Kode dari aplikasi",
        max_length=10,
        help_text="Ketik 6 angka yang tampil di aplikasi setelah memindai kode QR.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ResetMFAForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan dan cara identitas diperiksa",
        max_length=200,
        help_text="Mis. “Ponsel hilang; identitas dicek langsung dengan KTP dan kartu pegawai.”",
    )
