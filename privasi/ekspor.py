"""Everything the system holds about one person, as one ZIP (UU PDP Pasal 7 and 32).

`SECTIONS` names, per app, the querysets of records *about* the person; a test checks that every
model pointing at an employee or an account is either here or in `NOT_ABOUT_THE_PERSON` with a reason,
so a new app (discipline, talent) cannot be forgotten. Files (certificates) are read through the
storage API, so the export works on local disk and on S3 alike.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook

from akun.models import SesiLogin, User
from evaluasi.models import EvaluasiPascaPelatihan, EvaluasiProgres, Pengingat
from mentoring.models import PasanganMentoring, PenilaianMentee, SesiMentoring, UmpanBalikMentoring
from pegawai.models import Pegawai, PenilaianKompetensi, PermintaanAtasan
from pelatihan.models import CatatanJP, JawabanUmpanBalik, Peserta, UmpanBalik
from rencana.models import ItemRencana, RencanaPengembangan, RiwayatStatus
from sorong_asn.spreadsheet import neutralize

from .models import Akses, PermohonanKoreksi

# Fields never exported: secrets and internal bookkeeping.
HIDDEN_FIELDS = {"password", "key", "klaim", "session_key", "throttling_failure_timestamp", "throttling_failure_count"}

# Models whose rows about the person `sections` exports (checked against every model by a test).
EXPORTED_MODELS = {
    "akun.User",
    "akun.SesiLogin",
    "otp_totp.TOTPDevice",
    "pegawai.HistoricalPegawai",
    "pegawai.PenilaianKompetensi",
    "pegawai.PermintaanAtasan",
    "pelatihan.Peserta",
    "pelatihan.CatatanJP",
    "mentoring.PasanganMentoring",
    "mentoring.SesiMentoring",
    "rencana.RencanaPengembangan",
    "rencana.RiwayatStatus",
    "evaluasi.EvaluasiProgres",
    "evaluasi.EvaluasiPascaPelatihan",
    "evaluasi.Pengingat",
    "privasi.Akses",
    "privasi.PermohonanKoreksi",
}

# Models that refer to a person but hold no data about them (what they did to others' records).
NOT_ABOUT_THE_PERSON = {
    "pegawai.ImporPegawai": "berkas impor yang diunggah staf, berisi data pegawai lain",
    "rencana.DokumenRencana": "PDF rencana tahunan yang diminta staf",
    "evaluasi.SiklusEvaluasi": "siklus evaluasi yang dibuat staf",
    "evaluasi.KeputusanProgram": "keputusan program pelatihan oleh staf",
    "privasi.AksesSubjek": "dimuat lewat bagian akses_data",
    "otp_static.StaticDevice": "kode pemulihan adalah rahasia dan tidak diekspor",
    "admin.LogEntry": "catatan tindakan staf di admin Django",
    "axes.AccessAttempt": "percobaan masuk gagal, dihapus otomatis",
    "axes.AccessLog": "catatan masuk django-axes",
    "axes.AccessFailureLog": "catatan masuk gagal django-axes",
}


@dataclass
class Bagian:
    key: str
    judul: str
    rows: list[dict]


def _value(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(field, models.ForeignKey):
        return str(value) if value is not None else None
    if isinstance(field, models.FileField):
        return value.name or None
    return value


def _rows(queryset) -> list[dict]:
    fields = [
        f
        for f in queryset.model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and not (f.primary_key and f.name == "id")
    ]
    return [{f.name: _value(obj, f) for f in fields} for obj in queryset]


def sections(user: User) -> list[Bagian]:
    """The person's data, section by section, read through each app's models."""
    pegawai = Pegawai.objects.filter(user=user).select_related("unit_kerja", "jabatan", "atasan").first()
    akun = [
        {
            "username": user.username,
            "nama": user.nama,
            "email": user.email,
            "peran": ", ".join(user.groups.values_list("name", flat=True)) or "Pegawai",
            "unit_kerja_operator": str(user.unit_kerja) if user.unit_kerja_id else None,
            "aktif": user.is_active,
            "terdaftar": user.date_joined,
            "terakhir_masuk": user.last_login,
        }
    ]
    result = [
        Bagian("akun", "Akun", akun),
        Bagian(
            "verifikasi_dua_langkah",
            "Verifikasi dua langkah",
            list(TOTPDevice.objects.filter(user=user).values("name", "confirmed", "created_at", "last_used_at")),
        ),
        Bagian("sesi", "Sesi masuk", _rows(SesiLogin.objects.filter(user=user))),
        Bagian("notifikasi", "Notifikasi dan pengingat", _rows(Pengingat.objects.filter(penerima=user))),
    ]
    if pegawai is None:
        return result
    peserta = Peserta.objects.filter(pegawai=pegawai).select_related("pelatihan")
    pasangan = PasanganMentoring.objects.filter(models.Q(mentor=pegawai) | models.Q(mentee=pegawai))
    rencana = RencanaPengembangan.objects.filter(pegawai=pegawai).select_related("tahun")
    riwayat = pegawai.riwayat.select_related("history_user").order_by("history_date")
    result += [
        Bagian(
            "pegawai",
            "Data kepegawaian",
            _rows(Pegawai.objects.filter(pk=pegawai.pk).select_related("unit_kerja", "jabatan", "atasan", "user")),
        ),
        Bagian(
            "riwayat_perubahan",
            "Riwayat perubahan data kepegawaian",
            [
                {
                    "waktu": r.history_date,
                    "jenis": r.get_history_type_display(),
                    "oleh": str(r.history_user) if r.history_user else "sistem",
                    "alasan": r.history_change_reason or "",
                    **{
                        f.name: _value(r, f)
                        for f in type(r)._meta.concrete_fields
                        if f.name not in HIDDEN_FIELDS and not f.name.startswith("history_")
                    },
                }
                for r in riwayat
            ],
        ),
        Bagian(
            "penilaian_kompetensi",
            "Hasil penilaian kompetensi",
            _rows(PenilaianKompetensi.objects.filter(pegawai=pegawai).select_related("kompetensi")),
        ),
        Bagian(
            "kesenjangan_kompetensi",
            "Kesenjangan kompetensi (standar jabatan − level aktual)",
            [
                {"kompetensi": str(k.kompetensi), "standar": k.standar, "aktual": k.aktual}
                for k in pegawai.kesenjangan()
            ],
        ),
        Bagian("pelatihan", "Pelatihan yang diikuti", _rows(peserta)),
        Bagian(
            "umpan_balik",
            "Umpan balik pelatihan yang Anda berikan",
            _rows(UmpanBalik.objects.filter(peserta__in=peserta)),
        ),
        Bagian(
            "umpan_balik_jawaban",
            "Nilai umpan balik",
            _rows(JawabanUmpanBalik.objects.filter(umpan_balik__peserta__in=peserta).select_related("pertanyaan")),
        ),
        Bagian("catatan_jp", "Catatan JP", _rows(CatatanJP.objects.filter(pegawai=pegawai))),
        Bagian(
            "permintaan_atasan",
            "Permintaan penetapan atasan langsung",
            _rows(PermintaanAtasan.objects.filter(pegawai=pegawai).select_related("diminta_oleh", "diputuskan_oleh")),
        ),
        Bagian(
            "evaluasi_pascapelatihan",
            "Evaluasi pascapelatihan oleh atasan",
            _rows(EvaluasiPascaPelatihan.objects.filter(peserta__in=peserta).select_related("penilai")),
        ),
        Bagian("rencana", "Rencana pengembangan", _rows(rencana)),
        Bagian("rencana_item", "Item rencana pengembangan", _rows(ItemRencana.objects.filter(rencana__in=rencana))),
        Bagian("rencana_riwayat", "Riwayat status rencana", _rows(RiwayatStatus.objects.filter(rencana__in=rencana))),
        Bagian("evaluasi_progres", "Evaluasi progres", _rows(EvaluasiProgres.objects.filter(pegawai=pegawai))),
        Bagian("mentoring", "Pasangan mentoring", _rows(pasangan.select_related("mentor", "mentee"))),
        Bagian("mentoring_sesi", "Sesi mentoring", _rows(SesiMentoring.objects.filter(pasangan__in=pasangan))),
        Bagian(
            "mentoring_umpan_balik",
            "Umpan balik mentoring",
            _rows(UmpanBalikMentoring.objects.filter(pasangan__in=pasangan)),
        ),
        Bagian(
            "mentoring_penilaian",
            "Penilaian mentee",
            _rows(PenilaianMentee.objects.filter(pasangan__in=pasangan).select_related("kompetensi")),
        ),
        Bagian(
            "permohonan_koreksi", "Permohonan koreksi data", _rows(PermohonanKoreksi.objects.filter(pegawai=pegawai))
        ),
        Bagian(
            "akses_data",
            "Siapa mengakses data Anda (rekam jejak pemrosesan)",
            [
                {
                    "waktu": a.waktu,
                    "oleh": str(a.pengakses),
                    "jenis": a.get_jenis_display(),
                    "keterangan": a.keterangan,
                    "jumlah_pegawai": a.jumlah_subjek,
                    "alamat_ip": a.alamat_ip,
                }
                for a in Akses.objects.tentang(pegawai).select_related("pengakses")
            ],
        ),
    ]
    return result


def documents(user: User) -> list[tuple[str, object]]:
    """The person's own files (certificates) as (name inside the ZIP, FieldFile)."""
    files = []
    for peserta in Peserta.objects.filter(pegawai__user=user).exclude(sertifikat="").select_related("pelatihan"):
        files.append((f"sertifikat-pelatihan-{peserta.pelatihan_id}", peserta.sertifikat))
    for catatan in CatatanJP.objects.filter(pegawai__user=user).exclude(sertifikat=""):
        files.append((f"sertifikat-catatan-jp-{catatan.pk}", catatan.sertifikat))
    return [(f"dokumen/{name}.{berkas.name.rsplit('.', 1)[-1]}", berkas) for name, berkas in files]


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _xlsx(bagian: list[Bagian]) -> bytes:
    workbook = Workbook(write_only=True)
    for b in bagian:
        sheet = workbook.create_sheet(b.key[:31])
        headers = list(b.rows[0]) if b.rows else ["(tidak ada data)"]
        sheet.append(headers)
        for row in b.rows:
            sheet.append([_cell(row[h]) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (date, int, float, Decimal, bool)) or value is None:
        return value
    return neutralize(str(value))


README = """Data pribadi Anda di Sorong ASN (BKPSDM Kota Sorong)

Dibuat: {dibuat}
Akun: {username}

data.json   seluruh data dalam format JSON, satu bagian per jenis data
data.xlsx   data yang sama, satu lembar per bagian
dokumen/    berkas Anda (sertifikat) yang tersimpan di sistem

Bagian "akses_data" adalah rekam jejak pemrosesan: siapa melihat atau mengunduh data Anda, kapan,
dan dari mana (UU 27/2022 Pasal 32). Bila ada data yang keliru, ajukan koreksi di halaman
"Data saya" atau hubungi BKPSDM.
"""


def build_zip(user: User, out) -> None:
    """Write the person's ZIP (JSON, XLSX, their documents) into the file-like `out`."""
    bagian = sections(user)
    data = {
        "dibuat": timezone.now(),
        "akun": user.username,
        "bagian": {b.key: {"judul": b.judul, "data": b.rows} for b in bagian},
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("BACA-SAYA.txt", README.format(dibuat=timezone.localtime(), username=user.username))
        archive.writestr("data.json", json.dumps(data, default=_json_default, ensure_ascii=False, indent=2))
        archive.writestr("data.xlsx", _xlsx(bagian))
        missing = []
        for name, berkas in documents(user):
            try:
                source = berkas.open("rb")
            except OSError:
                missing.append(name)
                continue
            with source, archive.open(name, "w") as target:
                for chunk in source.chunks():
                    target.write(chunk)
        if missing:
            archive.writestr(
                "dokumen/TIDAK-DITEMUKAN.txt",
                "Berkas ini tercatat tetapi tidak ada di penyimpanan:\n" + "\n".join(missing),
            )
