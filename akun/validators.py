from django.core.exceptions import ValidationError

# Words an attacker tries first against a Kota Sorong government account.
KATA_TERLARANG = ("bkpsdm", "sorong", "pemkot", "asn", "pns", "pppk", "password", "katasandi")


class KataKonteksValidator:
    """Refuse passwords built around the agency's own name or the account's NIP."""

    def validate(self, password, user=None):
        lower = password.lower().replace(" ", "")
        for kata in KATA_TERLARANG:
            if kata in lower and len(lower) - len(kata) < 12:
                raise ValidationError(
                    f"Kata sandi terlalu mudah ditebak karena memuat kata “{kata}”.", code="kata_konteks"
                )
        username = getattr(user, "username", "") or ""
        if username.isdigit() and username[:8] in password:
            raise ValidationError("Kata sandi tidak boleh memuat NIP atau tanggal lahir Anda.", code="nip")

    def get_help_text(self):
        return "Kata sandi tidak boleh berpusat pada nama instansi (mis. “bkpsdm”, “sorong”) atau NIP Anda."
