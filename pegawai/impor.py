"""Employee import from the SIASN "download data ASN" export or the project's template.

All or nothing: every row is validated first, and only a file without a single error is written,
in one transaction, with history rows (simple_history's bulk helpers) so imports are audited.
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from akun.models import User
from sorong_asn.formatting import angka
from sorong_asn.validators import has_control_characters

from . import nip as nip_rules
from .models import Golongan, Jabatan, Pegawai, UnitKerja, manage_q, normalize_telepon
from .tabel import BerkasDitolak, DaftarGalat, Kolom, Tabel, parse_tanggal, read_table

# The SIASN "download data ASN" header, exactly (domain-reference.md §9.1).
SIASN_HEADERS = [
    "PNS ID",
    "NIP BARU",
    "NIP LAMA",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "AGAMA ID",
    "AGAMA NAMA",
    "JENIS KAWIN ID",
    "JENIS KAWIN NAMA",
    "NIK",
    "NOMOR HP",
    "EMAIL",
    "EMAIL GOV",
    "ALAMAT",
    "NPWP NOMOR",
    "BPJS",
    "JENIS PEGAWAI ID",
    "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA",
    "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS",
    "TANGGAL SK CPNS",
    "TMT CPNS",
    "NOMOR SK PNS",
    "TANGGAL SK PNS",
    "TMT PNS",
    "GOL AWAL ID",
    "GOL AWAL NAMA",
    "GOL AKHIR ID",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "MK TAHUN",
    "MK BULAN",
    "JENIS JABATAN ID",
    "JENIS JABATAN NAMA",
    "JABATAN ID",
    "JABATAN NAMA",
    "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN ID",
    "PENDIDIKAN NAMA",
    "TAHUN LULUS",
    "KPKN ID",
    "KPKN NAMA",
    "LOKASI KERJA ID",
    "LOKASI KERJA NAMA",
    "UNOR ID",
    "UNOR NAMA",
    "INSTANSI INDUK ID",
    "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID",
    "SATUAN KERJA KERJA NAMA",
]
# Canonical field → accepted headers, SIASN names first (domain-reference.md §9.1), then our template.
KOLOM = {
    "nip": ("NIP BARU", "NIP", "NIP / NI PPPK", "NI PPPK"),
    "nama": ("NAMA",),
    "gelar_depan": ("GELAR DEPAN",),
    "gelar_belakang": ("GELAR BELAKANG",),
    "tempat_lahir": ("TEMPAT LAHIR NAMA", "TEMPAT LAHIR"),
    "tanggal_lahir": ("TANGGAL LAHIR",),
    "jenis_kelamin": ("JENIS KELAMIN",),
    "telepon": ("NOMOR HP", "TELEPON", "NO HP"),
    "email": ("EMAIL", "EMAIL GOV"),
    "tmt_pengangkatan": ("TMT CPNS", "TMT PENGANGKATAN"),
    "golongan": ("GOL AKHIR NAMA", "GOLONGAN", "GOL/RUANG"),
    "tmt_golongan": ("TMT GOLONGAN",),
    "jenis_jabatan": ("JENIS JABATAN NAMA", "JENIS JABATAN"),
    "jabatan": ("JABATAN NAMA", "JABATAN", "NAMA JABATAN"),
    "tmt_jabatan": ("TMT JABATAN",),
    "pendidikan": ("PENDIDIKAN NAMA", "PENDIDIKAN", "TINGKAT PENDIDIKAN NAMA"),
    "unit_kerja": ("UNOR NAMA", "UNIT KERJA"),
    "satuan_kerja": ("SATUAN KERJA KERJA NAMA", "SATUAN KERJA INDUK NAMA", "OPD"),
    "nip_atasan": ("NIP ATASAN",),
    "status": ("KEDUDUKAN HUKUM NAMA", "STATUS"),
}
WAJIB = ("nip", "nama")

TEMPLATE_HEADERS = [
    "NIP",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "GOLONGAN",
    "TMT GOLONGAN",
    "JENIS JABATAN",
    "JABATAN",
    "TMT JABATAN",
    "UNIT KERJA",
    "OPD",
    "NIP ATASAN",
    "PENDIDIKAN",
    "EMAIL",
    "TELEPON",
    "STATUS",
]
TEMPLATE_CONTOH = [
    "198609262015051001",
    "Yohanis Kalami",
    "",
    "S.Sos.",
    "Sorong",
    "26-09-1986",
    "L",
    "III/b",
    "01-04-2023",
    "Pelaksana",
    "Pengadministrasi Perkantoran",
    "01-01-2024",
    "Dinas Kesehatan",
    "Dinas Kesehatan",
    "",
    "S-1",
    "yohanis@sorongkota.go.id",
    "081234567890",
    "Aktif",
]

# Fields an import may change on an existing employee.
FIELDS = [
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "tempat_lahir",
    "tmt_pengangkatan",
    "golongan",
    "tmt_golongan",
    "jabatan",
    "tmt_jabatan",
    "unit_kerja",
    "pendidikan",
    "email",
    "telepon",
    "status",
]

_ROMAWI = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
    "XIII": 13,
    "XIV": 14,
    "XV": 15,
    "XVI": 16,
    "XVII": 17,
}
_GOLONGAN_PNS = re.compile(r"^(IV|III|II|I)\s*[/.\-]?\s*([A-E])$")
_KELAMIN = {"L": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PRIA": "L", "M": "L", "1": "L"}
_KELAMIN |= {"P": "P", "PEREMPUAN": "P", "WANITA": "P", "F": "P", "2": "P"}
_STATUS = {
    "AKTIF": Pegawai.Status.AKTIF,
    "PNS": Pegawai.Status.AKTIF,
    "CPNS": Pegawai.Status.AKTIF,
    "PPPK": Pegawai.Status.AKTIF,
    "PENSIUN": Pegawai.Status.PENSIUN,
    "MUTASI KELUAR": Pegawai.Status.MUTASI_KELUAR,
    "PINDAH INSTANSI": Pegawai.Status.MUTASI_KELUAR,
    "MENINGGAL": Pegawai.Status.MENINGGAL,
    "MENINGGAL DUNIA": Pegawai.Status.MENINGGAL,
    "WAFAT": Pegawai.Status.MENINGGAL,
    "DIBERHENTIKAN": Pegawai.Status.BERHENTI,
    "BERHENTI": Pegawai.Status.BERHENTI,
    "PEMBERHENTIAN": Pegawai.Status.BERHENTI,
}
_JENIS_JABATAN = {label.upper(): value for value, label in Jabatan.Jenis.choices}
_JENJANG = {label.upper(): value for value, label in Jabatan.Jenjang.choices}
# SIASN only says "struktural"; the level follows from the usual post names (domain-reference.md §3.3).
_JPT = re.compile(
    r"^(SEKRETARIS DAERAH|KEPALA (DINAS|BADAN|SATUAN)|INSPEKTUR( DAERAH)?$|ASISTEN|STAF AHLI|DIREKTUR"
    r"|SEKRETARIS DPR|KEPALA PERANGKAT DAERAH)"
)
_ADMINISTRATOR = re.compile(r"^(SEKRETARIS|KEPALA (BIDANG|BAGIAN|DISTRIK)|CAMAT|INSPEKTUR PEMBANTU|WAKIL DIREKTUR)")


def normalize_nama(text: str) -> str:
    """Key for matching names: case, spacing and dots ignored."""
    return " ".join(str(text or "").replace(".", " ").split()).casefold()


def parse_golongan(text: str) -> int:
    """ "III/a", "IIIa", "III a", "III/A" → PNS golongan; a roman numeral alone (PPPK) → PPPK golongan."""
    raw = " ".join(str(text).upper().split())
    # SIASN sometimes writes "Penata Muda (III/a)" or "Ahli Pertama / IX": the code is the last part.
    # Our own export writes PPPK golongan as "IX (PPPK)": the code is then the first part.
    candidates = [raw, *re.findall(r"\(([^)]*)\)", raw), raw.rsplit("/", 1)[-1].strip(), raw.split()[-1]]
    candidates.append(raw.split()[0])
    for candidate in candidates:
        match = _GOLONGAN_PNS.match(candidate.strip())
        if match:
            return Golongan[f"{match.group(1)}_{match.group(2)}"].value
    for candidate in candidates:
        rank = _ROMAWI.get(candidate.strip())
        if rank:
            return rank * 10 + 1
    raise ValueError(f"“{text}” bukan golongan yang dikenal (mis. III/a untuk PNS, IX untuk PPPK).")


def infer_jabatan(nama: str, jenis_text: str) -> tuple[int, str]:
    """Jenis and jenjang of a position new to the database, from SIASN's jenis text and the name."""
    jenis_upper = " ".join(jenis_text.upper().split())
    nama_upper = " ".join(nama.upper().split())
    jenjang = next((value for label, value in _JENJANG.items() if nama_upper.endswith(label)), "")
    if jenis_upper in _JENIS_JABATAN:
        return _JENIS_JABATAN[jenis_upper], jenjang
    if "FUNGSIONAL UMUM" in jenis_upper or "PELAKSANA" in jenis_upper:
        return Jabatan.Jenis.PELAKSANA, ""
    if "FUNGSIONAL" in jenis_upper or jenjang:
        return Jabatan.Jenis.FUNGSIONAL, jenjang
    if "STRUKTURAL" in jenis_upper or nama_upper.startswith(("KEPALA", "SEKRETARIS", "CAMAT", "LURAH")):
        if _JPT.match(nama_upper):
            return Jabatan.Jenis.JPT_PRATAMA, ""
        if _ADMINISTRATOR.match(nama_upper):
            return Jabatan.Jenis.ADMINISTRATOR, ""
        return Jabatan.Jenis.PENGAWAS, ""
    if jenis_upper:
        raise ValueError(f"“{jenis_text}” bukan jenis jabatan yang dikenal.")
    return Jabatan.Jenis.PELAKSANA, ""


def _changed(pegawai: Pegawai, current: Pegawai) -> list[str]:
    """Verbose names of the fields the file changes (ids compared, so no related rows are loaded)."""
    changed = []
    for name in FIELDS:
        f = Pegawai._meta.get_field(name)
        unsaved = f.is_relation and f.is_cached(pegawai) and getattr(pegawai, name) is not None
        unsaved = unsaved and getattr(pegawai, name).pk is None
        if unsaved or getattr(pegawai, f.attname) != getattr(current, f.attname):
            changed.append(str(f.verbose_name))
    return changed


@dataclass
class BarisImpor:
    nomor: int
    nip: str
    nama: str
    aksi: str  # "baru", "diperbarui", "tetap"
    perubahan: list[str] = field(default_factory=list)


@dataclass
class HasilImpor:
    baris: list[BarisImpor] = field(default_factory=list)
    galat: DaftarGalat = field(default_factory=DaftarGalat)
    unit_baru: list[str] = field(default_factory=list)
    jabatan_baru: list[str] = field(default_factory=list)
    ditulis: bool = False

    @property
    def ok(self) -> bool:
        return not self.galat

    def as_json(self) -> dict:
        return {**asdict(self), "jumlah_galat": self.galat.jumlah}

    @classmethod
    def from_json(cls, data: dict) -> "HasilImpor":
        data = dict(data)
        galat = DaftarGalat(data.pop("galat", []), jumlah=data.pop("jumlah_galat", None))
        return cls(**{**data, "galat": galat, "baris": [BarisImpor(**b) for b in data.get("baris", [])]})

    def jumlah(self, aksi: str) -> int:
        return sum(1 for b in self.baris if b.aksi == aksi)

    @property
    def ringkasan(self) -> str:
        if self.galat:
            return f"{angka(self.galat.jumlah)} galat; tidak ada yang disimpan."
        kata = "dibuat" if self.ditulis else "akan dibuat"
        ubah = "diperbarui" if self.ditulis else "akan diperbarui"
        teks = f"{self.jumlah('baru')} {kata}, {self.jumlah('diperbarui')} {ubah}, {self.jumlah('tetap')} tetap"
        if self.unit_baru:
            teks += f", {len(self.unit_baru)} unit kerja baru"
        if self.jabatan_baru:
            teks += f", {len(self.jabatan_baru)} jabatan baru"
        return teks + "."


class _Units:
    """Matches unit kerja by name or singkatan (case and spacing ignored); plans new ones."""

    def __init__(self, *, create: bool):
        self.create = create
        self.by_key: dict[str, list[UnitKerja]] = {}
        for unit in UnitKerja.objects.all():
            for key in {normalize_nama(unit.nama), normalize_nama(unit.singkatan)} - {""}:
                self.by_key.setdefault(key, []).append(unit)
        self.baru: dict[tuple[str, str], UnitKerja] = {}  # (key, parent key) → unsaved unit

    def _existing(self, nama: str, within: UnitKerja | None) -> UnitKerja | None:
        found = self.by_key.get(normalize_nama(nama), [])
        if len(found) > 1 and within is not None:
            found = [u for u in found if u.path.startswith(within.path)] or found
        if len(found) > 1:
            raise ValueError(f"nama “{nama}” cocok dengan {len(found)} unit kerja; pakai nama lengkap atau singkatan.")
        return found[0] if found else None

    def resolve(self, nama: str, satuan: str) -> UnitKerja:
        induk = self._existing(satuan, None) if satuan and normalize_nama(satuan) != normalize_nama(nama) else None
        unit = self._existing(nama, induk)
        if unit is not None:
            return unit
        if not self.create:
            raise ValueError(
                f"unit kerja “{nama}” tidak dikenal. Periksa ejaannya, atau centang “buat unit kerja baru”"
                " (--create-units)."
            )
        parent_key = normalize_nama(satuan) if satuan and normalize_nama(satuan) != normalize_nama(nama) else ""
        if parent_key and induk is None:
            induk = self.baru.setdefault(("", parent_key), self._new(satuan, None))
        return self.baru.setdefault((normalize_nama(nama), parent_key), self._new(nama, induk))

    @staticmethod
    def _new(nama: str, induk: UnitKerja | None) -> UnitKerja:
        digest = hashlib.sha1(f"{normalize_nama(nama)}|{induk.nama if induk else ''}".encode()).hexdigest()
        return UnitKerja(
            kode=f"IMP-{digest[:12].upper()}",
            nama=" ".join(nama.split()),
            parent=induk,
            jenis=UnitKerja.Jenis.LAINNYA if induk is None else UnitKerja.Jenis.BAGIAN,
        )

    def save_new(self) -> None:
        # New top-level units first; Django then takes a saved parent's pk when the child is saved.
        for unit in sorted(self.baru.values(), key=lambda u: u.parent is not None and u.parent.pk is None):
            unit.save()


class _Jabatan:
    def __init__(self):
        self.by_key = {normalize_nama(j.nama): j for j in Jabatan.objects.all()}
        self.baru: dict[str, Jabatan] = {}

    def resolve(self, nama: str, jenis_text: str) -> Jabatan:
        key = normalize_nama(nama)
        if key in self.by_key:
            return self.by_key[key]
        jenis, jenjang = infer_jabatan(nama, jenis_text)
        jabatan = Jabatan(nama=" ".join(nama.split()), jenis=jenis, jenjang=jenjang)
        self.by_key[key] = self.baru[key] = jabatan
        return jabatan


class _Row:
    """One row being validated: collects "Baris N, kolom X: …" errors."""

    def __init__(self, nomor: int, kolom: Kolom, values: list, galat: list[str]):
        self.nomor, self.kolom, self.values, self.galat = nomor, kolom, values, galat
        self.ok = True

    def error(self, field_name: str | None, message: str) -> None:
        self.ok = False
        where = f"kolom {self.kolom.nama[field_name]}" if field_name in self.kolom.nama else None
        self.galat.append(f"Baris {self.nomor}, {where}: {message}" if where else f"Baris {self.nomor}: {message}")

    def text(self, field_name: str) -> str:
        return self.kolom.text(self.values, field_name)

    def tanggal(self, field_name: str) -> date | None:
        value = self.kolom.get(self.values, field_name)
        if value is None:
            return None
        try:
            return parse_tanggal(value)
        except ValueError as error:
            self.error(field_name, str(error))
            return None


def _editable_q(user) -> Q:
    """Employees the importing user may change; the command (no user) may change everyone."""
    return manage_q(user) if user is not None else Q()


# Rows between two progress reports: often enough for a visible bar, rare enough to cost nothing.
PROGRES_SETIAP = 500
Progres = Callable[[int, int], None]


class _Importer:
    def __init__(self, tabel: Tabel, *, user, create_units: bool, progress: Progres | None = None):
        self.tabel = tabel
        self.user = user
        self.progress = progress
        self.kolom = Kolom(tabel, KOLOM)
        self.hasil = HasilImpor()
        self.units = _Units(create=create_units)
        self.jabatan = _Jabatan()
        self.today = timezone.localdate()

    def run(self) -> tuple[list[Pegawai], list[Pegawai], dict[str, str]]:
        hilang = [KOLOM[f][0] for f in WAJIB if f not in self.kolom]
        if "unit_kerja" not in self.kolom and "satuan_kerja" not in self.kolom:
            hilang.append("UNOR NAMA / UNIT KERJA")
        if hilang:
            self.hasil.galat.append(f"Baris 1: kolom wajib tidak ada: {', '.join(hilang)}.")
            return [], [], {}
        nips = self._nips()
        existing = {p.nip: p for p in Pegawai.objects.filter(nip__in=list(nips.values()))}
        editable = set(
            Pegawai.objects.filter(_editable_q(self.user), nip__in=list(existing)).values_list("nip", flat=True)
        )
        baru, ubah, atasan = [], [], {}
        total = len(self.tabel.rows)
        for checked, (nomor, values) in enumerate(self.tabel.rows, 1):
            if self.progress and checked % PROGRES_SETIAP == 0:
                self.progress(checked, total)
            row = _Row(nomor, self.kolom, values, self.hasil.galat)
            nip = nips.get(nomor)
            if not nip:
                continue
            if not self._visible_text(row):
                continue
            current = existing.get(nip)
            if current is not None and nip not in editable:
                row.error("nip", "pegawai ini bukan pegawai OPD Anda; tidak boleh diubah lewat impor.")
                continue
            pegawai = self._build(row, nip, current)
            if not row.ok:
                continue
            if self.user is not None and not self._in_scope(pegawai.unit_kerja):
                row.error("unit_kerja", "unit kerja ini di luar OPD Anda.")
                continue
            if "nip_atasan" in self.kolom:
                atasan[nip] = (nomor, row.text("nip_atasan"))
            if current is None:
                baru.append(pegawai)
                self.hasil.baris.append(BarisImpor(nomor, nip, pegawai.nama_lengkap, "baru"))
            else:
                changed = _changed(pegawai, current)
                aksi = "diperbarui" if changed else "tetap"
                self.hasil.baris.append(BarisImpor(nomor, nip, pegawai.nama_lengkap, aksi, changed))
                if changed:
                    ubah.append(pegawai)
        atasan_nip = self._atasan(atasan, baru, existing)
        self.hasil.unit_baru = sorted({u.nama for u in self.units.baru.values()})
        self.hasil.jabatan_baru = sorted(j.nama for j in self.jabatan.baru.values())
        return baru, ubah, atasan_nip

    def _visible_text(self, row: _Row) -> bool:
        """Cells hold visible text only: a NUL or other control character is refused, not stored."""
        for name in self.kolom.posisi:
            # Line breaks and tabs inside a cell are already folded into spaces by Kolom.text.
            if has_control_characters(row.text(name)):
                row.error(name, "memuat karakter kontrol atau tak terlihat (mis. NUL); hapus karakter itu dari sel.")
        return row.ok

    def _in_scope(self, unit: UnitKerja) -> bool:
        if self.user.is_admin_bkpsdm:
            return True
        if unit.pk is None:
            return False  # operators never create units
        return unit.path.startswith(self.user.unit_kerja.path)

    def _nips(self) -> dict[int, str]:
        """Row number → normalised NIP, after structure and duplicate checks."""
        nips, first_row = {}, {}
        for nomor, values in self.tabel.rows:
            row = _Row(nomor, self.kolom, values, self.hasil.galat)
            raw = self.kolom.get(values, "nip")
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                row.error(
                    "nip",
                    "NIP tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa hilang. "
                    "Format kolom NIP sebagai Teks lalu ketik ulang NIP-nya.",
                )
                continue
            try:
                info = nip_rules.parse_nip(raw, today=self.today)
            except ValidationError as error:
                row.error("nip", " ".join(error.messages))
                continue
            if info.nip in first_row:
                row.error("nip", f"NIP {info.nip} juga ada di baris {first_row[info.nip]}; satu NIP satu baris.")
                continue
            first_row[info.nip] = nomor
            nips[nomor] = info.nip
        return nips

    def _build(self, row: _Row, nip: str, current: Pegawai | None) -> Pegawai:
        if current is None:
            pegawai = Pegawai(nip=nip)
        else:
            pegawai = Pegawai(**{f.attname: getattr(current, f.attname) for f in Pegawai._meta.concrete_fields})
        pegawai.apply_nip()
        nama = row.text("nama")
        if not nama:
            row.error("nama", "nama wajib diisi.")
        elif len(nama) > 150:
            row.error("nama", "nama paling panjang 150 karakter.")
        pegawai.nama = nama
        for name, limit in (("gelar_depan", 40), ("gelar_belakang", 80), ("tempat_lahir", 100), ("pendidikan", 120)):
            if name in self.kolom:
                value = row.text(name)
                if len(value) > limit:
                    row.error(name, f"paling panjang {limit} karakter.")
                setattr(pegawai, name, value)
        self._cross_check(row, pegawai)
        self._contact(row, pegawai)
        self._golongan(row, pegawai)
        for name in ("tmt_golongan", "tmt_jabatan", "tmt_pengangkatan"):
            if name in self.kolom:
                value = row.tanggal(name)
                if value and value > self.today:
                    row.error(name, "tanggal tidak boleh di masa depan.")
                if value or name != "tmt_pengangkatan":
                    setattr(pegawai, name, value)
        if "jabatan" in self.kolom:
            nama_jabatan = row.text("jabatan")
            if len(nama_jabatan) > 200:
                row.error("jabatan", "nama jabatan paling panjang 200 karakter.")
                nama_jabatan = ""
            try:
                pegawai.jabatan = (
                    self.jabatan.resolve(nama_jabatan, row.text("jenis_jabatan")) if nama_jabatan else None
                )
                pegawai.jenis_jabatan = pegawai.jabatan.jenis if pegawai.jabatan else None
            except ValueError as error:
                row.error("jenis_jabatan", str(error))
        if "status" in self.kolom and row.text("status"):
            status = _STATUS.get(row.text("status").upper())
            if status is None:
                pilihan = ", ".join(label for _, label in Pegawai.Status.choices)
                row.error("status", f"“{row.text('status')}” bukan status yang dikenal ({pilihan}).")
            else:
                pegawai.status = status
        unit_field = "unit_kerja" if row.text("unit_kerja") else "satuan_kerja"
        nama_unit = row.text(unit_field)
        if not nama_unit:
            row.error("unit_kerja" if "unit_kerja" in self.kolom else "satuan_kerja", "unit kerja wajib diisi.")
        elif max(len(nama_unit), len(row.text("satuan_kerja"))) > 200:
            row.error(unit_field, "nama unit kerja paling panjang 200 karakter.")
        else:
            try:
                pegawai.unit_kerja = self.units.resolve(nama_unit, row.text("satuan_kerja"))
            except ValueError as error:
                row.error(unit_field, str(error))
        return pegawai

    def _cross_check(self, row: _Row, pegawai: Pegawai) -> None:
        lahir = row.tanggal("tanggal_lahir")
        if lahir and lahir != pegawai.tanggal_lahir:
            row.error(
                "tanggal_lahir",
                f"tanggal lahir {lahir:%d-%m-%Y} tidak sama dengan NIP ({pegawai.tanggal_lahir:%d-%m-%Y}).",
            )
        kelamin_text = row.text("jenis_kelamin")
        if kelamin_text:
            kelamin = _KELAMIN.get(kelamin_text.upper())
            if kelamin is None:
                row.error("jenis_kelamin", f"“{kelamin_text}” bukan jenis kelamin (L/P).")
            elif kelamin != pegawai.jenis_kelamin:
                row.error("jenis_kelamin", "jenis kelamin tidak sama dengan digit ke-15 NIP.")

    def _contact(self, row: _Row, pegawai: Pegawai) -> None:
        if "email" in self.kolom:
            email = row.text("email")
            if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
                row.error("email", f"“{email}” bukan alamat email yang valid.")
            pegawai.email = email[:254]
        if "telepon" in self.kolom:
            try:
                pegawai.telepon = normalize_telepon(row.text("telepon"))
            except ValidationError as error:
                row.error("telepon", error.messages[0])

    def _golongan(self, row: _Row, pegawai: Pegawai) -> None:
        if "golongan" not in self.kolom:
            return
        text = row.text("golongan")
        if not text:
            pegawai.golongan = None
            return
        try:
            golongan = parse_golongan(text)
        except ValueError as error:
            row.error("golongan", str(error))
            return
        is_pppk = golongan % 10 == 1
        if is_pppk != (pegawai.jenis_asn == Pegawai.JenisAsn.PPPK):
            jenis = "PPPK" if is_pppk else "PNS"
            row.error("golongan", f"golongan {text} adalah golongan {jenis}, tetapi NIP-nya {pegawai.jenis_asn}.")
            return
        pegawai.golongan = golongan

    def _atasan_unknown(self, atasan_nip: str) -> str:
        if self.user is None or self.user.is_admin_bkpsdm:
            return f"NIP atasan {atasan_nip} tidak ditemukan."
        # The same words whether the NIP names someone outside the Operator's reach or nobody.
        return (
            f"NIP atasan {atasan_nip} tidak ada di unit Anda atau di antara pimpinan di atas unit Anda. "
            "Kosongkan selnya, lalu ajukan atasan itu ke BKPSDM lewat halaman ubah pegawai."
        )

    def _atasan(self, atasan: dict[str, tuple[int, str]], baru, existing) -> dict[str, str]:
        """NIP → NIP of the direct supervisor, checked for unknown NIPs, self-reference and loops."""
        if not atasan:
            return {}
        in_file = {p.nip for p in baru} | set(existing)
        wanted = {}
        for nip, (nomor, raw) in atasan.items():
            try:
                wanted[nip] = (nomor, nip_rules.parse_nip(raw, today=self.today).nip) if raw else (nomor, "")
            except ValidationError as error:
                self.hasil.galat.append(
                    f"Baris {nomor}, kolom {self.kolom.nama['nip_atasan']}: {' '.join(error.messages)}"
                )
        # Naming a supervisor lets them see the employee: an Operator may name people in their scope and
        # the heads above it (PegawaiQuerySet.assignable_as_atasan_by), or keep the one already recorded.
        pilihan = Pegawai.objects.filter(nip__in=[a for _, a in wanted.values() if a])
        if self.user is not None:
            pilihan = pilihan.assignable_as_atasan_by(self.user)
        known = in_file | set(pilihan.values_list("nip", flat=True))
        graph = {
            nip: atasan_nip
            for nip, atasan_nip in Pegawai.objects.filter(atasan__isnull=False).values_list("nip", "atasan__nip")
        }
        kolom = self.kolom.nama["nip_atasan"]
        sebelum = dict(graph)
        for nip, (nomor, atasan_nip) in wanted.items():
            if atasan_nip == nip:
                self.hasil.galat.append(f"Baris {nomor}, kolom {kolom}: pegawai tidak boleh menjadi atasan dirinya.")
            elif atasan_nip and atasan_nip not in known and atasan_nip != sebelum.get(nip):
                self.hasil.galat.append(f"Baris {nomor}, kolom {kolom}: {self._atasan_unknown(atasan_nip)}")
            graph[nip] = atasan_nip
        for nip, (nomor, _) in wanted.items():
            seen, current = {nip}, graph.get(nip)
            while current:
                if current in seen:
                    self.hasil.galat.append(
                        f"Baris {nomor}, kolom {kolom}: rantai atasan berputar kembali ke pegawai ini."
                    )
                    break
                seen.add(current)
                current = graph.get(current)
        berubah = {nip: a for nip, (_, a) in wanted.items() if sebelum.get(nip, "") != a}
        for baris in self.hasil.baris:
            if baris.nip in berubah and baris.aksi != "baru":
                baris.aksi = "diperbarui"
                baris.perubahan.append("atasan langsung")
        return berubah


def import_pegawai(
    *,
    raw: bytes,
    filename: str,
    user=None,
    create_units: bool = False,
    dry_run: bool = False,
    progress: Progres | None = None,
) -> HasilImpor:
    """Validate a whole employee file and, when no row has an error and not a dry run, write it."""
    # Not atomic as a whole on purpose: checking only reads, and a background job's progress reports
    # (made through `progress(rows checked, total)`) must commit while it runs. The writes are one
    # transaction below, so the file is still written all or nothing.
    try:
        tabel = read_table(raw, filename)
    except BerkasDitolak as error:
        return HasilImpor(galat=DaftarGalat([str(error)]))
    if create_units and user is not None and not user.is_admin_bkpsdm:
        return HasilImpor(galat=DaftarGalat(["Hanya Admin BKPSDM yang boleh membuat unit kerja baru lewat impor."]))
    importer = _Importer(tabel, user=user, create_units=create_units, progress=progress)
    baru, ubah, atasan = importer.run()
    hasil = importer.hasil
    if hasil.galat or dry_run:
        return hasil
    try:
        with transaction.atomic():
            _write(importer, baru, ubah, atasan, user=user)
    except IntegrityError:
        # Another import created some of these employees or units after this file was checked.
        hasil.galat.append("Data pegawai berubah bersamaan oleh impor lain; tidak ada yang disimpan. Ulangi impor.")
        return hasil
    hasil.ditulis = True
    return hasil


def _update_with_history(rows: list[Pegawai], fields: list[str], **history) -> None:
    """Write changed fields of existing employees and their history rows, in bulk.

    An upsert on the NIP (INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike) instead of
    bulk_update: Django's bulk_update builds one CASE/WHEN per field and row, which took 56 s for
    10,000 rows; the upsert takes a few seconds.
    """
    Pegawai.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["nip"], update_fields=fields
    )
    Pegawai.riwayat.bulk_history_create(rows, batch_size=1000, update=True, **history)


def _write(importer: _Importer, baru: list[Pegawai], ubah: list[Pegawai], atasan: dict[str, str], *, user) -> None:
    importer.units.save_new()
    Jabatan.objects.bulk_create(list(importer.jabatan.baru.values()))
    now = timezone.now()
    for pegawai in baru + ubah:
        pegawai.diperbarui = now
    # New employees get their NIP login. The password is random and never shown (one hash for the
    # whole file, because hashing thousands separately takes minutes): they choose their own through
    # "Lupa kata sandi", or BKPSDM sets one.
    unknown_password = make_password(secrets.token_urlsafe(32))
    User.objects.bulk_create(
        [
            User(
                username=p.nip,
                # Titles and name together may be longer than the account's name field.
                nama=p.nama_lengkap[: User._meta.get_field("nama").max_length],
                email=p.email,
                password=unknown_password,
                is_active=p.status == Pegawai.Status.AKTIF,
            )
            for p in baru
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    accounts = dict(
        User.objects.filter(username__in=[p.nip for p in baru], pegawai__isnull=True).values_list("username", "pk")
    )
    for pegawai in baru:
        pegawai.user_id = accounts.get(pegawai.nip)
    history = {
        "default_user": user if user is not None and user.pk else None,
        "default_change_reason": "Impor berkas pegawai",
        "default_date": now,
    }
    bulk_create_with_history(baru, Pegawai, batch_size=1000, **history)
    _update_with_history(ubah, [*FIELDS, "jenis_jabatan", "diperbarui"], **history)
    if atasan:
        pk_by_nip = dict(Pegawai.objects.filter(nip__in=[*atasan, *atasan.values()]).values_list("nip", "pk"))
        rows = list(Pegawai.objects.filter(nip__in=list(atasan)))
        for pegawai in rows:
            pegawai.atasan_id = pk_by_nip.get(atasan[pegawai.nip])
        _update_with_history(rows, ["atasan"], **history)
