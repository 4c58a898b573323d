"""Flows of the pegawai app that touch several rows or files."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from akun.models import User

from .impor import HasilImpor, import_pegawai
from .models import ImporPegawai, Kompetensi, Pegawai, PenilaianKompetensi, PermintaanAtasan, StandarKompetensi
from .nip import normalize_nip
from .tabel import BerkasDitolak, DaftarGalat, Kolom, parse_tanggal, read_table


def free_account(nip: str):
    """The login named by this NIP that no employee holds yet (accounts use the NIP as username)."""
    return User.objects.filter(username=nip, pegawai__isnull=True).first()


@transaction.atomic
def set_status(pegawai: Pegawai, *, status: str, by) -> None:
    """Change an employee's status; leaving service closes the login, returning reopens it."""
    pegawai.status = status
    pegawai._history_user = by
    pegawai.save(update_fields=["status", "diperbarui"])
    if pegawai.user_id:
        User.objects.filter(pk=pegawai.user_id).update(is_active=status == Pegawai.Status.AKTIF)


@transaction.atomic
def request_atasan(*, pegawai: Pegawai, nip_atasan: str, by) -> PermintaanAtasan:
    """Ask BKPSDM to name a supervisor the Operator may not name; replaces the employee's waiting request."""
    permintaan, _ = PermintaanAtasan.objects.update_or_create(
        pegawai=pegawai,
        status=PermintaanAtasan.Status.MENUNGGU,
        defaults={"nip_atasan": nip_atasan, "diminta_oleh": by},
    )
    return permintaan


@transaction.atomic
def decide_permintaan_atasan(*, permintaan_id, setujui: bool, catatan: str, by) -> PermintaanAtasan:
    """BKPSDM approves (the supervisor is set, with history) or refuses a waiting request, once."""
    permintaan = PermintaanAtasan.objects.select_for_update().select_related("pegawai").get(pk=permintaan_id)
    if permintaan.status != PermintaanAtasan.Status.MENUNGGU:
        raise ValidationError("Permintaan ini sudah diputuskan.")
    if setujui:
        atasan = Pegawai.objects.filter(nip=permintaan.nip_atasan).first()
        if atasan is None:
            raise ValidationError(f"Tidak ada pegawai dengan NIP {permintaan.nip_atasan}; tolak permintaan ini.")
        pegawai = permintaan.pegawai
        pegawai.atasan = atasan
        try:
            pegawai.clean()  # no self-supervision, no loop in the chain
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        pegawai._history_user = by
        pegawai._change_reason = "Permintaan atasan disetujui BKPSDM"
        pegawai.save(update_fields=["atasan", "diperbarui"])
    permintaan.status = PermintaanAtasan.Status.DISETUJUI if setujui else PermintaanAtasan.Status.DITOLAK
    permintaan.diputuskan_oleh = by
    permintaan.diputuskan_pada = timezone.now()
    permintaan.catatan = catatan
    permintaan.save()
    return permintaan


@transaction.atomic
def save_standar(jabatan, *, levels: dict[int, int | None]) -> None:
    """Replace a position's competence standard with the given level per competence (None = not required)."""
    StandarKompetensi.objects.filter(
        jabatan=jabatan, kompetensi_id__in=[k for k, v in levels.items() if not v]
    ).delete()
    StandarKompetensi.objects.bulk_create(
        [StandarKompetensi(jabatan=jabatan, kompetensi_id=k, level=v) for k, v in levels.items() if v],
        update_conflicts=True,
        unique_fields=["jabatan", "kompetensi"],
        update_fields=["level"],
    )


def default_levels(jabatan) -> dict[int, int]:
    """Permenpan RB 38/2017 defaults: every manajerial and sosial kultural competence at the position's level."""
    umum = Kompetensi.objects.filter(jenis__in=[Kompetensi.Jenis.MANAJERIAL, Kompetensi.Jenis.SOSIAL_KULTURAL])
    return {k.pk: jabatan.level_standar_bawaan for k in umum}


def save_penilaian(rows: list[PenilaianKompetensi]) -> None:
    """Insert or replace assessment results (one per employee and competence)."""
    PenilaianKompetensi.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["pegawai", "kompetensi"],
        update_fields=["level", "tanggal", "sumber"],
    )


PENILAIAN_KOLOM = {
    "nip": ("NIP", "NIP BARU"),
    "kode": ("KODE KOMPETENSI", "KODE"),
    "level": ("LEVEL", "LEVEL AKTUAL"),
    "tanggal": ("TANGGAL", "TANGGAL PENILAIAN"),
    "sumber": ("SUMBER",),
}


@dataclass
class HasilPenilaian:
    galat: DaftarGalat = field(default_factory=DaftarGalat)
    jumlah: int = 0


@transaction.atomic
def import_penilaian(*, raw: bytes, filename: str, user) -> HasilPenilaian:
    """Bulk assessment results (NIP, kode kompetensi, level, tanggal, sumber); all or nothing."""
    hasil = HasilPenilaian()
    try:
        tabel = read_table(raw, filename)
    except BerkasDitolak as error:
        hasil.galat.append(str(error))
        return hasil
    kolom = Kolom(tabel, PENILAIAN_KOLOM)
    hilang = [names[0] for f, names in PENILAIAN_KOLOM.items() if f not in kolom and f != "sumber"]
    if hilang:
        hasil.galat.append(f"Baris 1: kolom wajib tidak ada: {', '.join(hilang)}.")
        return hasil
    nips = {normalize_nip(kolom.text(r, "nip")) for _, r in tabel.rows if not isinstance(kolom.get(r, "nip"), float)}
    pegawai = dict(Pegawai.objects.editable_by(user).filter(nip__in=nips).values_list("nip", "pk"))
    kompetensi = {k.upper(): pk for k, pk in Kompetensi.objects.values_list("kode", "pk")}
    sumber_by_label = {label.upper(): value for value, label in PenilaianKompetensi.Sumber.choices}
    sumber_by_label |= {value.upper(): value for value in PenilaianKompetensi.Sumber.values}
    rows, seen = [], {}
    for nomor, values in tabel.rows:

        def error(name, message, nomor=nomor):
            hasil.galat.append(f"Baris {nomor}, kolom {kolom.nama[name]}: {message}")

        raw_nip = kolom.get(values, "nip")
        nip = "" if isinstance(raw_nip, (int, float)) else normalize_nip(kolom.text(values, "nip"))
        if isinstance(raw_nip, (int, float)):
            error("nip", "NIP tersimpan sebagai angka di Excel; format kolom NIP sebagai Teks.")
        elif nip not in pegawai:
            error("nip", f"tidak ada pegawai dengan NIP {nip} dalam lingkup Anda.")
        kode = kolom.text(values, "kode").upper()
        if kode not in kompetensi:
            error("kode", f"kode kompetensi “{kolom.text(values, 'kode')}” tidak dikenal.")
        level = kolom.text(values, "level")
        if level not in {"1", "2", "3", "4", "5"}:
            error("level", f"level harus 1–5, bukan “{level}”.")
        try:
            tanggal = parse_tanggal(kolom.get(values, "tanggal") or "")
        except ValueError as e:
            error("tanggal", str(e))
            tanggal = None
        sumber_text = kolom.text(values, "sumber").upper()
        sumber = sumber_by_label.get(
            sumber_text, PenilaianKompetensi.Sumber.UJI_KOMPETENSI if not sumber_text else None
        )
        if sumber is None:
            error("sumber", f"sumber “{kolom.text(values, 'sumber')}” tidak dikenal.")
        key = (nip, kode)
        if key in seen:
            error("kode", f"NIP dan kompetensi ini juga ada di baris {seen[key]}.")
        seen.setdefault(key, nomor)
        if not hasil.galat:
            rows.append(
                PenilaianKompetensi(
                    pegawai_id=pegawai[nip],
                    kompetensi_id=kompetensi[kode],
                    level=int(level),
                    tanggal=tanggal,
                    sumber=sumber,
                )
            )
    if not hasil.galat:
        save_penilaian(rows)
        hasil.jumlah = len(rows)
    return hasil


def store_upload(*, berkas, user, buat_unit: bool) -> ImporPegawai:
    """Keep an uploaded employee file under a generated name as a job waiting to be checked."""
    impor = ImporPegawai.objects.create(diunggah_oleh=user, nama_file=berkas.name[:255], buat_unit=buat_unit)
    default_storage.save(impor.berkas, berkas)
    return impor


def _read(impor: ImporPegawai) -> bytes:
    with default_storage.open(impor.berkas, "rb") as berkas:
        return berkas.read()


def _claim(impor_id, *, dari: str, ke: str) -> bool:
    """Move a job from one status to the next with a conditional UPDATE: of two callers, one wins."""
    return ImporPegawai.objects.filter(pk=impor_id, status=dari).update(status=ke, progres=0) == 1


def claim_confirm(*, impor_id) -> bool:
    """Take a checked job for writing; False when it was not waiting for confirmation (e.g. a double click)."""
    return _claim(impor_id, dari=ImporPegawai.Status.SIAP, ke=ImporPegawai.Status.MENULIS)


def _reporter(impor_id, *, status: str, sampai: int):
    """Progress callback: rows checked → 0..`sampai` %, only forward and only while the job is in `status`."""

    def report(checked: int, total: int) -> None:
        persen = sampai * checked // max(total, 1)
        ImporPegawai.objects.filter(pk=impor_id, status=status, progres__lt=persen).update(progres=persen)

    return report


def _finish(impor: ImporPegawai, hasil: HasilImpor, *, dari: str, ke: str, pesan_galat: str) -> None:
    ImporPegawai.objects.filter(pk=impor.pk, status=dari).update(
        status=ImporPegawai.Status.GAGAL if hasil.galat else ke,
        progres=100,
        hasil=hasil.as_json(),
        ringkasan=hasil.ringkasan[:255],
        pesan=pesan_galat if hasil.galat else "",
    )
    if hasil.galat or ke == ImporPegawai.Status.SELESAI:
        default_storage.delete(impor.berkas)  # the file holds personal data: kept only while it may be written


def preview_upload(*, impor_id) -> None:
    """Check an uploaded file (what confirming would do, row by row) and keep the result; nothing is written."""
    if not _claim(impor_id, dari=ImporPegawai.Status.MENUNGGU, ke=ImporPegawai.Status.MEMERIKSA):
        return  # already checked by another delivery of the task
    impor = ImporPegawai.objects.select_related("diunggah_oleh").get(pk=impor_id)
    status = ImporPegawai.Status.MEMERIKSA
    hasil = import_pegawai(
        raw=_read(impor),
        filename=impor.nama_file,
        user=impor.diunggah_oleh,
        create_units=impor.buat_unit,
        dry_run=True,
        progress=_reporter(impor_id, status=status, sampai=95),
    )
    pesan = "Berkas ditolak; tidak ada data yang disimpan."
    _finish(impor, hasil, dari=status, ke=ImporPegawai.Status.SIAP, pesan_galat=pesan)


def confirm_upload(*, impor_id) -> None:
    """Import a claimed job's file (checked again, since data may have changed since the preview)."""
    status = ImporPegawai.Status.MENULIS
    impor = ImporPegawai.objects.select_related("diunggah_oleh").filter(pk=impor_id, status=status).first()
    if impor is None:
        return  # a late or repeated delivery: the job was already written or ended
    # Checking reports progress up to 60 %; the write itself is one transaction, invisible until it commits.
    hasil = import_pegawai(
        raw=_read(impor),
        filename=impor.nama_file,
        user=impor.diunggah_oleh,
        create_units=impor.buat_unit,
        progress=_reporter(impor_id, status=status, sampai=60),
    )
    pesan = "Data berubah sejak pratinjau; berkas kini bergalat dan tidak ada yang disimpan."
    _finish(impor, hasil, dari=status, ke=ImporPegawai.Status.SELESAI, pesan_galat=pesan)


def fail_upload(*, impor_id, pesan: str) -> None:
    """End a running job that broke with a message for its page, and drop its file."""
    # Conditional: a late or repeated task must not turn a finished import into "gagal".
    jobs = ImporPegawai.objects.filter(pk=impor_id, status__in=ImporPegawai.BERJALAN)
    if jobs.update(status=ImporPegawai.Status.GAGAL, pesan=pesan[:255]):
        default_storage.delete(ImporPegawai(pk=impor_id).berkas)
