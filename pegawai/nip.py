"""NIP (PNS) and NI PPPK: structure, validation and display (domain-reference.md §1).

PNS:  YYYYMMDD (birth) + YYYYMM (TMT CPNS) + sex + serial         → 19860926 201505 1 001
PPPK: YYYYMMDD (birth) + YYYY (appointment year) + 2-digit code + sex + serial → 19960511 2024 21 2 017
Digits 13–14 tell them apart: a month (01–12) in a NIP, a code of 2x in an NI PPPK.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

PNS = "PNS"
PPPK = "PPPK"
LAKI_LAKI = "L"
PEREMPUAN = "P"

_EIGHTEEN_DIGITS = re.compile(r"[0-9]{18}")
_SEPARATORS = re.compile(r"[\s.\-]")
# Excel turns an 18-digit number into a float such as 1.98609E+17: the last digits are gone.
_SCIENTIFIC = re.compile(r"^[0-9][.,][0-9]+[eE]\+?[0-9]+$")
# The youngest age at which anyone is appointed CPNS or PPPK.
USIA_MINIMAL_PENGANGKATAN = 18
# PPPK appointments started in 2019 (PP 49/2018).
TAHUN_PPPK_PERTAMA = 2019


@dataclass(frozen=True)
class NipInfo:
    nip: str
    jenis_asn: str
    tanggal_lahir: date
    tmt_pengangkatan: date
    jenis_kelamin: str
    kode_pppk: str
    nomor_urut: int


def normalize_nip(value) -> str:
    """Strip the spaces, dots and dashes people type; refuse what Excel has already damaged."""
    text = str(value or "").strip()
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise ValidationError(
            "NIP tertulis sebagai angka ilmiah (mis. 1.98609E+17); digit terakhirnya sudah hilang. "
            "Format kolom NIP sebagai teks lalu ketik ulang.",
            code="nip_ilmiah",
        )
    return _SEPARATORS.sub("", text)


def _date_or_error(year: int, month: int, day: int, what: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"{what} dalam NIP bukan tanggal yang valid.", code="nip_tanggal") from None


def parse_nip(value, *, today: date | None = None) -> NipInfo:
    """Validate a NIP or NI PPPK by its structure and return what it encodes."""
    nip = normalize_nip(value)
    if not nip:
        raise ValidationError("NIP wajib diisi.", code="nip_kosong")
    if not _EIGHTEEN_DIGITS.fullmatch(nip):
        if nip.isdigit() and nip.isascii():
            raise ValidationError(f"NIP harus 18 digit angka, bukan {len(nip)} digit.", code="nip_panjang")
        raise ValidationError("NIP hanya boleh berisi angka 0–9.", code="nip_karakter")
    today = today or timezone.localdate()
    tanggal_lahir = _date_or_error(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]), "Tanggal lahir (digit 1–8)")
    kode = int(nip[12:14])
    if 1 <= kode <= 12:
        jenis_asn = PNS
        tmt = _date_or_error(int(nip[8:12]), kode, 1, "TMT CPNS (digit 9–14)")
        kode_pppk = ""
    elif 20 <= kode <= 29:
        jenis_asn = PPPK
        tahun = int(nip[8:12])
        if tahun < TAHUN_PPPK_PERTAMA:
            raise ValidationError(
                f"Tahun pengangkatan PPPK (digit 9–12) {tahun} tidak mungkin; PPPK ada sejak {TAHUN_PPPK_PERTAMA}.",
                code="nip_tmt",
            )
        tmt = date(tahun, 1, 1)
        kode_pppk = nip[12:14]
    else:
        raise ValidationError(
            "Digit 13–14 NIP harus bulan TMT CPNS (01–12) untuk PNS atau kode 2x untuk NI PPPK.",
            code="nip_jenis",
        )
    if tanggal_lahir > today:
        raise ValidationError("Tanggal lahir dalam NIP ada di masa depan.", code="nip_tanggal")
    if tmt > today:
        raise ValidationError("TMT pengangkatan dalam NIP ada di masa depan.", code="nip_tmt")
    usia = tmt.year - tanggal_lahir.year - ((tmt.month, tmt.day) < (tanggal_lahir.month, tanggal_lahir.day))
    if usia < USIA_MINIMAL_PENGANGKATAN:
        raise ValidationError(
            f"TMT pengangkatan dalam NIP membuat usia saat diangkat {usia} tahun; minimal "
            f"{USIA_MINIMAL_PENGANGKATAN} tahun.",
            code="nip_tmt",
        )
    jenis_kelamin = {"1": LAKI_LAKI, "2": PEREMPUAN}.get(nip[14])
    if jenis_kelamin is None:
        raise ValidationError("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2.", code="nip_kelamin")
    nomor_urut = int(nip[15:18])
    if nomor_urut == 0:
        raise ValidationError("Nomor urut NIP (digit 16–18) tidak boleh 000.", code="nip_urut")
    return NipInfo(nip, jenis_asn, tanggal_lahir, tmt, jenis_kelamin, kode_pppk, nomor_urut)


def validate_nip(value) -> None:
    parse_nip(value)


def format_nip(nip: str) -> str:
    """Group the digits the way documents print them."""
    if not nip or len(nip) != 18:
        return nip or ""
    if 1 <= int(nip[12:14]) <= 12:
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return f"{nip[:8]} {nip[8:12]} {nip[12:14]} {nip[14]} {nip[15:]}"
