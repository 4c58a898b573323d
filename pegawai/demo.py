"""Demo employees for Kota Sorong: synthetic names, structurally valid NIPs, supervisor chains.

Deterministic for a given seed, and written with bulk inserts, so 50,000 employees take seconds
and a second run adds nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from .models import Golongan, Jabatan, Kompetensi, Pegawai, PenilaianKompetensi, StandarKompetensi, UnitKerja

J = Jabatan.Jenis
G = Golongan

MARGA = [
    "Osok",
    "Kalami",
    "Malibela",
    "Kalaibin",
    "Satisa",
    "Mobalen",
    "Kalasuat",
    "Malak",
    "Kamuru",
    "Jitmau",
    "Magablo",
    "Klagilit",
    "Ulimpa",
    "Sapisa",
    "Kambu",
    "Kareth",
    "Asmuruf",
    "Howay",
    "Momot",
    "Sesa",
    "Fatem",
    "Kocu",
    "Isir",
    "Solossa",
    "Safkaur",
    "Flassy",
    "Sremere",
    "Sagrim",
    "Rumbiak",
    "Yarangga",
    "Wakum",
    "Rumere",
    "Mandowen",
    "Kapisa",
    "Rumbewas",
    "Rumaropen",
    "Mofu",
    "Mansoben",
    "Wanma",
    "Dimara",
    "Mayor",
    "Arfan",
    "Sauyai",
    "Ayomi",
    "Karubaba",
    "Hindom",
    "Uswanas",
    "Patiran",
    "Rumagesan",
    "Iba",
    "Latumeten",
    "Wattimena",
    "Ohoilulin",
    "Matulessy",
    "Pattipeilohy",
    "Tuhumury",
    "Lewakabessy",
    "Tipawael",
    "Rahakbauw",
    "Renyaan",
    "Ohoiwutun",
    "Rondonuwu",
    "Matandung",
    "Pasolo",
    "Sihombing",
    "Siagian",
    "Girsang",
]
NAMA_TUNGGAL = ["Karim", "Thamal", "Sahabudin", "Uddin", "Hasanuddin", "Suharjono", "Purwanto", "Wicaksono"]
DEPAN_L = [
    "Yohanis",
    "Yakob",
    "Yulianus",
    "Marthinus",
    "Septinus",
    "Oktovianus",
    "Natalis",
    "Demianus",
    "Zakarias",
    "Sefnat",
    "Obed",
    "Abner",
    "Ruben",
    "Simon",
    "Petrus",
    "Paulus",
    "Markus",
    "Lukas",
    "Frans",
    "Agustinus",
    "Hendrik",
    "Daniel",
    "George",
    "Nicolas",
    "Robert",
    "Muhammad",
    "Ahmad",
    "Hasan",
    "Ismail",
    "Andi Baso",
]
DEPAN_P = [
    "Yohana",
    "Maria",
    "Magdalena",
    "Ester",
    "Debora",
    "Ruth",
    "Yosina",
    "Fransina",
    "Selfina",
    "Welmina",
    "Adolfina",
    "Martha",
    "Elisabeth",
    "Jemima",
    "Yuliana",
    "Novita",
    "Susi",
    "Ludya",
    "Mince",
    "Rosalina",
    "Siti",
    "Nurhayati",
    "Fatimah",
    "Muliani",
    "Rahmawati",
    "Sri",
]
GELAR_S1 = ["S.Sos.", "S.H.", "S.E.", "S.STP", "S.IP", "S.Pd.", "S.KM", "S.T.", "S.Kom.", "S.Ak.", "S.AN", "S.P."]
GELAR_S2 = ["M.Si.", "M.M.", "M.AP", "M.H.", "M.Pd.", "M.Kes.", "M.T."]

# Jabatan catalog: (nama, jenis, jenjang, golongan range, pendidikan)
KEPALA = ("Kepala Perangkat Daerah", J.JPT_PRATAMA, "", (G.IV_B, G.IV_C), "S-2")
SEKRETARIS = ("Sekretaris Perangkat Daerah", J.ADMINISTRATOR, "", (G.IV_A, G.IV_B), "S-2")
KABID = ("Kepala Bidang", J.ADMINISTRATOR, "", (G.III_D, G.IV_A), "S-2")
KASUBBAG = ("Kepala Subbagian Umum dan Kepegawaian", J.PENGAWAS, "", (G.III_B, G.III_D), "S-1")
KASI = ("Kepala Seksi", J.PENGAWAS, "", (G.III_B, G.III_D), "S-1")
FUNGSIONAL_UMUM = [
    ("Analis Kebijakan Ahli Muda", J.FUNGSIONAL, "ahli_muda", (G.III_C, G.III_D), "S-1"),
    ("Perencana Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1"),
    ("Pranata Komputer Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1"),
    ("Arsiparis Terampil", J.FUNGSIONAL, "terampil", (G.II_B, G.II_D), "D-III"),
]
FUNGSIONAL_KHUSUS = {
    "DINKES": [
        ("Dokter Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_B, G.III_B), "Profesi dokter"),
        ("Perawat Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1 Keperawatan, Ners"),
        ("Perawat Terampil", J.FUNGSIONAL, "terampil", (G.II_C, G.II_D), "D-III Keperawatan"),
        ("Bidan Terampil", J.FUNGSIONAL, "terampil", (G.II_C, G.II_D), "D-III Kebidanan"),
        ("Nutrisionis Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1 Gizi"),
    ],
    "RSUD": [
        ("Dokter Ahli Muda", J.FUNGSIONAL, "ahli_muda", (G.III_C, G.III_D), "Profesi dokter"),
        ("Perawat Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1 Keperawatan, Ners"),
        ("Apoteker Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_B, G.III_B), "Profesi apoteker"),
    ],
    "DISDIK": [
        ("Guru Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1 Pendidikan"),
        ("Guru Ahli Muda", J.FUNGSIONAL, "ahli_muda", (G.III_C, G.III_D), "S-1 Pendidikan"),
        ("Pengawas Sekolah Ahli Madya", J.FUNGSIONAL, "ahli_madya", (G.IV_A, G.IV_B), "S-2 Pendidikan"),
    ],
    "BKPSDM": [
        ("Analis SDM Aparatur Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1"),
        ("Analis SDM Aparatur Ahli Muda", J.FUNGSIONAL, "ahli_muda", (G.III_C, G.III_D), "S-1"),
        ("Asesor SDM Aparatur Ahli Muda", J.FUNGSIONAL, "ahli_muda", (G.III_C, G.III_D), "S-2"),
    ],
    "INSPEKTORAT": [("Auditor Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1 Akuntansi")],
    "DISKAN": [("Penyuluh Perikanan Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1 Perikanan")],
    "DLH": [("Pengawas Lingkungan Hidup Ahli Pertama", J.FUNGSIONAL, "ahli_pertama", (G.III_A, G.III_B), "S-1")],
    "DAMKAR": [("Analis Kebakaran Terampil", J.FUNGSIONAL, "terampil", (G.II_B, G.II_D), "SMA")],
    "SATPOLPP": [("Polisi Pamong Praja Terampil", J.FUNGSIONAL, "terampil", (G.II_B, G.II_D), "SMA")],
}
PELAKSANA = [
    ("Pengadministrasi Perkantoran", J.PELAKSANA, "", (G.II_A, G.II_D), "SMA"),
    ("Penata Layanan Operasional", J.PELAKSANA, "", (G.III_A, G.III_B), "S-1"),
    ("Operator Layanan Operasional", J.PELAKSANA, "", (G.II_A, G.II_C), "SMA"),
    ("Pengolah Data dan Informasi", J.PELAKSANA, "", (G.II_C, G.III_A), "D-III"),
    ("Pengelola Umum Operasional", J.PELAKSANA, "", (G.II_A, G.II_D), "SMA"),
]
# Relative head count of each OPD (health and education are the large ones).
BOBOT = {"DINKES": 10, "DISDIK": 12, "RSUD": 8, "SATPOLPP": 3, "DAMKAR": 2, "BKPSDM": 2, "SETDA": 3}
# Head count an OPD needs at least: the demo accounts live in Dinas Kesehatan and BKPSDM.
MINIMUM = {"DINKES": 24, "BKPSDM": 8}
PPPK_GOLONGAN = {"ahli_pertama": G.PPPK_IX, "ahli_muda": G.PPPK_XI, "terampil": G.PPPK_VII, "": G.PPPK_V}
# Competences of each OPD's own technical field, for the standards and the gaps.
KOMPETENSI_TEKNIS = [
    ("T.KES.01", "Manajemen Pelayanan Kesehatan Primer", "DINKES"),
    ("T.KES.02", "Pencegahan Stunting dan Gizi Masyarakat", "DINKES"),
    ("T.DIK.01", "Pengelolaan Pembelajaran", "DISDIK"),
    ("T.SDM.01", "Manajemen Pengembangan Kompetensi ASN", "BKPSDM"),
    ("T.SDM.02", "Pengelolaan Data Kepegawaian (SIASN)", "BKPSDM"),
    ("T.KEU.01", "Penatausahaan Keuangan Daerah", "BPKAD"),
    ("T.PBJ.01", "Pengadaan Barang/Jasa Pemerintah", None),
    ("T.REN.01", "Perencanaan Pembangunan Daerah", "BAPPEDA"),
    ("T.SPBE.01", "Sistem Pemerintahan Berbasis Elektronik", "DISKOMINFO"),
    ("T.YAN.01", "Pelayanan Publik Digital", None),
]


@dataclass
class Hasil:
    pegawai_baru: int
    total: int


def _jabatan_map() -> dict[str, Jabatan]:
    rows = [KEPALA, SEKRETARIS, KABID, KASUBBAG, KASI, *FUNGSIONAL_UMUM, *PELAKSANA]
    rows += [row for group in FUNGSIONAL_KHUSUS.values() for row in group]
    Jabatan.objects.bulk_create(
        [Jabatan(nama=nama, jenis=jenis, jenjang=jenjang) for nama, jenis, jenjang, _, _ in rows],
        ignore_conflicts=True,
    )
    return {j.nama: j for j in Jabatan.objects.all()}


def _kompetensi_dan_standar(jabatan: dict[str, Jabatan]) -> dict[str, Kompetensi]:
    Kompetensi.objects.bulk_create(
        [
            Kompetensi(
                kode=kode,
                nama=nama,
                jenis=Kompetensi.Jenis.TEKNIS,
                definisi=f"Kemampuan teknis di bidang {nama.lower()}.",
            )
            for kode, nama, _ in KOMPETENSI_TEKNIS
        ],
        ignore_conflicts=True,
    )
    kompetensi = {k.kode: k for k in Kompetensi.objects.all()}
    umum = [
        k for k in kompetensi.values() if k.jenis in (Kompetensi.Jenis.MANAJERIAL, Kompetensi.Jenis.SOSIAL_KULTURAL)
    ]
    standar = []
    for j in jabatan.values():
        level = j.level_standar_bawaan
        standar += [StandarKompetensi(jabatan=j, kompetensi=k, level=level) for k in umum]
        teknis_level = min(5, max(2, level + 1)) if j.jenis == J.FUNGSIONAL else min(5, max(1, level))
        standar += [
            StandarKompetensi(jabatan=j, kompetensi=kompetensi[kode], level=teknis_level)
            for kode in ("T.PBJ.01", "T.YAN.01")
        ]
    # Each OPD's own technical competences are required of its specialist positions.
    for kode_teknis, _, opd in KOMPETENSI_TEKNIS:
        for nama_jabatan, _, jenjang, _, _ in FUNGSIONAL_KHUSUS.get(opd, []):
            level = Jabatan.LEVEL_BAWAAN_JENJANG.get(jenjang, 2)
            standar.append(
                StandarKompetensi(
                    jabatan=jabatan[nama_jabatan], kompetensi=kompetensi[kode_teknis], level=min(5, level + 1)
                )
            )
    StandarKompetensi.objects.bulk_create(standar, ignore_conflicts=True)
    return kompetensi


class _NipFactory:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, *, lahir: date, tmt: date, perempuan: bool, pppk: bool) -> str:
        if pppk:
            prefix = f"{lahir:%Y%m%d}{tmt.year}21{2 if perempuan else 1}"
        else:
            prefix = f"{lahir:%Y%m%d}{tmt:%Y%m}{2 if perempuan else 1}"
        for serial in range(1, 1000):
            nip = f"{prefix}{serial:03d}"
            if nip not in self.used:
                self.used.add(nip)
                return nip
        raise RuntimeError("NIP demo habis untuk satu tanggal lahir")


def _nama(rng: random.Random, perempuan: bool, pendidikan: str) -> tuple[str, str, str]:
    depan = rng.choice(DEPAN_P if perempuan else DEPAN_L)
    nama = f"{depan} {rng.choice(NAMA_TUNGGAL)}" if rng.random() < 0.12 else f"{depan} {rng.choice(MARGA)}"
    gelar_depan = ""
    if pendidikan.startswith("Profesi dokter"):
        gelar_depan, gelar_belakang = "dr.", ""
    elif pendidikan.startswith("Profesi apoteker"):
        gelar_belakang = "S.Farm., Apt."
    elif "Ners" in pendidikan:
        gelar_belakang = "S.Kep., Ners"
    elif pendidikan.startswith("S-2"):
        gelar_belakang = f"{rng.choice(GELAR_S1)}, {rng.choice(GELAR_S2)}"
    elif pendidikan.startswith("S-1"):
        gelar_belakang = rng.choice(GELAR_S1)
    elif pendidikan.startswith("D-III"):
        gelar_belakang = "A.Md."
    else:
        gelar_belakang = ""
    return gelar_depan, nama, gelar_belakang


def _opd_for(jumlah: int) -> list[UnitKerja]:
    """The OPDs to fill: all of them, or for a small demo the first that fit (the demo accounts' first)."""
    opd = sorted(UnitKerja.objects.filter(parent__isnull=True), key=lambda u: (u.kode not in MINIMUM, u.kode))
    chosen, total = [], 0
    for unit in opd:
        need = MINIMUM.get(unit.kode, 4)
        if chosen and total + need > jumlah:
            break
        chosen.append(unit)
        total += need
    return chosen


def _unit_weights(units: list[UnitKerja]) -> list[float]:
    return [BOBOT.get(u.kode, 1.5 if u.jenis in ("dinas", "badan") else 1) for u in units]


@transaction.atomic
def seed(*, jumlah: int, rng: random.Random, today: date) -> Hasil:
    """Create `jumlah` demo employees (minus those already there) spread over the OPDs."""
    jabatan = _jabatan_map()
    kompetensi = _kompetensi_dan_standar(jabatan)
    sebelum = Pegawai.objects.count()
    if sebelum >= jumlah:
        return Hasil(0, sebelum)
    opd = _opd_for(jumlah)
    sub_units = {}
    for unit in UnitKerja.objects.filter(parent__isnull=False):
        sub_units.setdefault(unit.path.split("/")[0], []).append(unit)
    nips = _NipFactory(rng)
    weights = _unit_weights(opd)
    quota = {
        u.kode: max(MINIMUM.get(u.kode, 4), round(jumlah * w / sum(weights))) for u, w in zip(opd, weights, strict=True)
    }
    # The largest OPD absorbs the rounding, so the total is exactly `jumlah`.
    quota[max(quota, key=quota.get)] += jumlah - sum(quota.values())

    rows: list[tuple[Pegawai, str | None]] = []  # (pegawai, nip of the supervisor)

    def add(unit, spec, atasan_nip, *, pppk=False):
        nama_jab, jenis, jenjang, (gol_min, gol_max), pendidikan = spec
        perempuan = rng.random() < 0.45
        senior = jenis in (J.JPT_PRATAMA, J.ADMINISTRATOR)
        usia = rng.randint(45, 57) if senior else rng.randint(23, 56)
        lahir = date(today.year - usia, rng.randint(1, 12), rng.randint(1, 28))
        if pppk:
            tmt = date(rng.choice([2022, 2023, 2024, 2025]), 1, 1)
            golongan = PPPK_GOLONGAN.get(jenjang, G.PPPK_V)
        else:
            usia_masuk = rng.randint(22, min(35, usia - 1))
            tmt = date(lahir.year + usia_masuk, rng.randint(1, 12), 1)
            if tmt > today:
                tmt = date(today.year - 1, 3, 1)
            golongan = rng.choice([g for g in G.values if g % 10 == 0 and gol_min <= g <= gol_max])
        gelar_depan, nama, gelar_belakang = _nama(rng, perempuan, pendidikan)
        nip = nips.make(lahir=lahir, tmt=tmt, perempuan=perempuan, pppk=pppk)
        pegawai = Pegawai(
            nip=nip,
            nama=nama,
            gelar_depan=gelar_depan,
            gelar_belakang=gelar_belakang,
            tempat_lahir=rng.choice(
                ["Sorong", "Sorong", "Manokwari", "Fakfak", "Ambon", "Makassar", "Biak", "Teminabuan"]
            ),
            golongan=golongan,
            tmt_golongan=date(max(tmt.year, today.year - rng.randint(0, 4)), 4, 1),
            jabatan=jabatan[nama_jab],
            jenis_jabatan=jenis,
            tmt_jabatan=date(today.year - rng.randint(0, 6), rng.choice([1, 4, 7, 10]), 1),
            unit_kerja=unit,
            pendidikan=pendidikan,
            telepon=f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
        )
        pegawai.apply_nip()
        pegawai.email = f"{nama.split()[0].lower()}.{nip[-6:]}@sorongkota.go.id"
        rows.append((pegawai, atasan_nip))
        return nip

    for unit in opd:
        n = quota[unit.kode]
        subs = sub_units.get(unit.path.split("/")[0], [])
        kepala = add(unit, KEPALA, None)
        n -= 1
        sekretaris = add(unit, SEKRETARIS, kepala)
        n -= 1
        kasubbag = add(unit, KASUBBAG, sekretaris)
        n -= 1
        pimpinan_tim = [kasubbag]
        for i in range(min(4, n // 25)):
            kabid = add(subs[i % len(subs)] if subs else unit, KABID, kepala)
            kasi = add(subs[i % len(subs)] if subs else unit, KASI, kabid)
            pimpinan_tim.append(kasi)
            n -= 2
        khusus = FUNGSIONAL_KHUSUS.get(unit.kode, [])
        for i in range(max(0, n)):
            atasan = pimpinan_tim[i % len(pimpinan_tim)]
            target_unit = subs[i % len(subs)] if subs and rng.random() < 0.6 else unit
            if khusus and rng.random() < 0.6:
                spec = rng.choice(khusus)
            elif rng.random() < 0.35:
                spec = rng.choice(FUNGSIONAL_UMUM)
            else:
                spec = rng.choice(PELAKSANA)
            pppk = spec[2] in ("ahli_pertama", "terampil", "") and spec[1] != J.PENGAWAS and rng.random() < 0.15
            add(target_unit, spec, atasan, pppk=pppk)

    Pegawai.objects.bulk_create([p for p, _ in rows], batch_size=2000, ignore_conflicts=True)
    pk_by_nip = dict(Pegawai.objects.filter(nip__in=[p.nip for p, _ in rows]).values_list("nip", "pk"))
    with_atasan = []
    for pegawai, atasan_nip in rows:
        if atasan_nip:
            pegawai.pk = pk_by_nip[pegawai.nip]
            pegawai.atasan_id = pk_by_nip[atasan_nip]
            with_atasan.append(pegawai)
    Pegawai.objects.bulk_update(with_atasan, ["atasan"], batch_size=2000)
    _penilaian(rng, kompetensi, pk_by_nip.values(), today)
    return Hasil(Pegawai.objects.count() - sebelum, Pegawai.objects.count())


def _penilaian(rng, kompetensi, pegawai_ids, today):
    """Assessed levels for most employees: usually one level below the standard, sometimes at it."""
    standar = {}
    for jabatan_id, kompetensi_id, level in StandarKompetensi.objects.values_list(
        "jabatan_id", "kompetensi_id", "level"
    ):
        standar.setdefault(jabatan_id, []).append((kompetensi_id, level))
    penilaian = []
    for pk, jabatan_id in Pegawai.objects.filter(pk__in=list(pegawai_ids)).values_list("pk", "jabatan_id"):
        if rng.random() < 0.15:
            continue  # not assessed yet
        tanggal = today - timedelta(days=rng.randint(30, 700))
        for kompetensi_id, level in standar.get(jabatan_id, []):
            aktual = max(1, min(5, level - rng.choice([0, 0, 1, 1, 1, 2])))
            penilaian.append(
                PenilaianKompetensi(pegawai_id=pk, kompetensi_id=kompetensi_id, level=aktual, tanggal=tanggal)
            )
    PenilaianKompetensi.objects.bulk_create(penilaian, batch_size=5000, ignore_conflicts=True)
