from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
