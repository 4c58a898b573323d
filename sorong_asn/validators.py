"""Validators shared by the models of several apps."""

import unicodedata

from django.core.exceptions import ValidationError

# Control characters (CR, LF, TAB, NUL …), invisible format characters (bidi overrides, zero-width)
# and line/paragraph separators. A name or title holding one breaks the email headers and notification
# titles built from it, can reorder how it displays, and PostgreSQL refuses NUL outright.
KATEGORI_TERLARANG = {"Cc", "Cf", "Zl", "Zp"}
PESAN_KARAKTER_KONTROL = "Tidak boleh memuat baris baru, tab, atau karakter kontrol/tak terlihat lainnya."


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(c) in KATEGORI_TERLARANG for c in value)


def validate_single_line(value: str) -> None:
    """Names and titles are one line of visible text."""
    if has_control_characters(value):
        raise ValidationError(PESAN_KARAKTER_KONTROL, code="karakter_kontrol")
