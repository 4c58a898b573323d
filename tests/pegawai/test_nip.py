from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from pegawai.nip import PNS, PPPK, format_nip, normalize_nip, parse_nip

TODAY = date(2026, 11, 1)


@st.composite
def nip_pns(draw):
    lahir = draw(st.dates(min_value=date(1960, 1, 1), max_value=date(2004, 12, 31)))
    tahun = draw(st.integers(min_value=lahir.year + 19, max_value=min(lahir.year + 40, TODAY.year - 1)))
    bulan = draw(st.integers(min_value=1, max_value=12))
    sex = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    return f"{lahir:%Y%m%d}{tahun}{bulan:02d}{sex}{serial:03d}", lahir, date(tahun, bulan, 1), sex


@st.composite
def nip_pppk(draw):
    lahir = draw(st.dates(min_value=date(1966, 1, 1), max_value=date(2000, 12, 31)))
    tahun = draw(st.integers(min_value=2019, max_value=TODAY.year))
    kode = draw(st.integers(min_value=20, max_value=29))
    sex = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    return f"{lahir:%Y%m%d}{tahun}{kode}{sex}{serial:03d}", lahir, kode


@given(nip_pns())
def test_every_well_formed_pns_nip_parses_to_what_it_encodes(case):
    nip, lahir, tmt, sex = case
    info = parse_nip(nip, today=TODAY)
    assert (info.nip, info.jenis_asn, info.tanggal_lahir, info.tmt_pengangkatan) == (nip, PNS, lahir, tmt)
    assert info.jenis_kelamin == {"1": "L", "2": "P"}[sex]


@given(nip_pppk())
def test_every_well_formed_ni_pppk_is_told_apart_by_digits_13_and_14(case):
    nip, lahir, kode = case
    info = parse_nip(nip, today=TODAY)
    assert (info.jenis_asn, info.tanggal_lahir, info.kode_pppk) == (PPPK, lahir, f"{kode}")


@given(nip_pns(), st.lists(st.sampled_from([" ", ".", "  "]), min_size=1, max_size=5), st.randoms())
def test_spaces_and_dots_anywhere_are_normalised_away(case, separators, rnd):
    nip = case[0]
    chars = list(nip)
    for sep in separators:
        chars.insert(rnd.randint(1, len(chars) - 1), sep)
    assert parse_nip("".join(chars), today=TODAY).nip == nip


@given(st.one_of(nip_pns().map(lambda c: c[0]), nip_pppk().map(lambda c: c[0])))
def test_the_printed_form_reads_back_to_the_same_nip(nip):
    printed = format_nip(nip)
    assert " " in printed
    assert normalize_nip(printed) == nip


def test_printed_groups_follow_the_8_6_1_3_rule():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"


@pytest.mark.parametrize(
    "value,message",
    [
        ("1.98609E+17", "angka ilmiah"),
        ("1,98609E+17", "angka ilmiah"),
        ("19860926201505100", "bukan 17 digit"),
        ("1986092620150510011", "bukan 19 digit"),
        ("19860931201505 1001", "Tanggal lahir (digit 1–8) dalam NIP bukan tanggal yang valid"),
        ("198609262015131001", "Digit 13–14"),
        ("198609262015053001", "Digit ke-15"),
        ("198609262015051000", "tidak boleh 000"),
        ("199009132018242014", "PPPK ada sejak 2019"),
        ("200009262015051001", "minimal 18 tahun"),
        ("202712262015051001", "masa depan"),
        ("198609262030051001", "masa depan"),
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "hanya boleh berisi angka"),
        ("", "wajib diisi"),
    ],
)
def test_broken_numbers_get_a_clear_indonesian_message(value, message):
    with pytest.raises(ValidationError) as error:
        parse_nip(value, today=TODAY)
    assert message in " ".join(error.value.messages)


def test_real_pppk_examples_from_the_domain_reference():
    assert parse_nip("199312282025212001", today=TODAY).jenis_kelamin == "P"
    paruh_waktu = parse_nip("199009132025242014", today=TODAY)
    assert (paruh_waktu.jenis_asn, paruh_waktu.kode_pppk, paruh_waktu.nomor_urut) == (PPPK, "24", 14)
