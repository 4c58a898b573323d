from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction

from . import services
from .tasks import send_password_reset_task


def normalize_username(text: str) -> str:
    """A NIP typed with spaces or dots becomes its 18 digits; any other username stays as typed."""
    username = text.strip()
    compact = username.replace(" ", "").replace(".", "")
    return compact if compact.isdigit() else username


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
        return normalize_username(self.cleaned_data["username"])


class ResetKataSandiForm(forms.Form):
    """Password reset ("lupa kata sandi") by NIP or username: one account, mailed at its own address.

    Asking for the email instead would send a link for every account sharing it (many employees share
    an office address). The request itself never looks the account up: the task does, so the page and
    its timing are the same whether the account exists or not.
    """

    username = forms.CharField(
        label="NIP atau nama pengguna",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self):
        return normalize_username(self.cleaned_data["username"])

    def save(self, *, request, use_https, **kwargs):
        # Called by Django's PasswordResetView, which passes its email options too; ours are fixed.
        username, domain = self.cleaned_data["username"], request.get_host()
        transaction.on_commit(
            lambda: send_password_reset_task.delay(username=username, domain=domain, use_https=use_https)
        )


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
