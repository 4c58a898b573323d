import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from pegawai.impor import SIASN_HEADERS, import_pegawai, parse_golongan
from pegawai.models import Golongan, Jabatan, Pegawai, UnitKerja
from tests.factories import PegawaiFactory, admin_bkpsdm, make_nip, operator_opd, siasn_row

pytestmark = pytest.mark.django_db


def csv_bytes(headers, rows, delimiter=",", bom=False):
    lines = [delimiter.join(headers)] + [delimiter.join(str(v) for v in row) for row in rows]
    return ("\ufeff" if bom else "").encode() + "\n".join(lines).encode()


def xlsx_bytes(headers, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def siasn(rows, **kwargs):
    return import_pegawai(raw=csv_bytes(SIASN_HEADERS, rows), filename="siasn.csv", **kwargs)


@pytest.fixture
def dinkes():
    return UnitKerja.objects.get(kode="DINKES")


def test_it_imports_a_siasn_export_and_fills_what_the_nip_encodes(dinkes):
    nip = make_nip(perempuan=True)
    hasil = siasn([siasn_row(nip=nip, nama="Yohana Kambu", gol="III/b", unor="Dinas Kesehatan", jk="P")])
    assert hasil.ok, hasil.galat
    pegawai = Pegawai.objects.get(nip=nip)
    assert pegawai.unit_kerja == dinkes
    assert pegawai.golongan == Golongan.III_B
    assert pegawai.jenis_kelamin == "P"
    assert pegawai.jabatan.nama == "Pengadministrasi Perkantoran"
    assert pegawai.riwayat.count() == 1


def test_it_matches_units_by_singkatan_and_ignores_case_and_spacing(dinkes):
    rows = [siasn_row(unor="  dinas   KESEHATAN "), siasn_row(unor="dinkes")]
    assert siasn(rows).ok
    assert Pegawai.objects.filter(unit_kerja=dinkes).count() == 2


def test_it_updates_on_reimport_and_never_duplicates(dinkes):
    nip = make_nip()
    siasn([siasn_row(nip=nip, gol="III/a")])
    hasil = siasn([siasn_row(nip=nip, gol="III/b")])
    assert hasil.ok
    assert [b.aksi for b in hasil.baris] == ["diperbarui"]
    assert Pegawai.objects.filter(nip=nip).count() == 1
    assert Pegawai.objects.get(nip=nip).golongan == Golongan.III_B
    assert Pegawai.objects.get(nip=nip).riwayat.count() == 2
    again = siasn([siasn_row(nip=nip, gol="III/b")])
    assert [b.aksi for b in again.baris] == ["tetap"]


def test_a_dry_run_writes_nothing(dinkes):
    hasil = siasn([siasn_row()], dry_run=True)
    assert hasil.ok and hasil.jumlah("baru") == 1
    assert not Pegawai.objects.exists()


def test_one_bad_row_among_a_thousand_good_ones_writes_nothing(dinkes):
    rows = [siasn_row(nip=make_nip()) for _ in range(1000)]
    rows.insert(499, siasn_row(nip=make_nip(), tgl_lahir="31-02-1988"))
    hasil = siasn(rows)
    assert hasil.galat == ["Baris 501, kolom TANGGAL LAHIR: “31-02-1988” bukan tanggal yang valid (tulis dd-mm-yyyy)."]
    assert not Pegawai.objects.exists()


def test_every_bad_row_is_reported_and_the_command_exits_non_zero(tmp_path, dinkes):
    rows = [siasn_row(), siasn_row(nip="1.98609E+17"), siasn_row(unor="Dinas Tidak Ada"), siasn_row(gol="XX")]
    path = tmp_path / "siasn.csv"
    path.write_bytes(csv_bytes(SIASN_HEADERS, rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 galat"):
        call_command("import_pegawai", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Baris 3, kolom NIP BARU: NIP tertulis sebagai angka ilmiah")
    assert lines[1].startswith("Baris 4, kolom UNOR NAMA: unit kerja “Dinas Tidak Ada” tidak dikenal")
    assert lines[2].startswith("Baris 5, kolom GOL AKHIR NAMA: “XX” bukan golongan")
    assert not Pegawai.objects.exists()


def test_the_command_imports_and_reports(tmp_path, dinkes):
    path = tmp_path / "siasn.csv"
    path.write_bytes(csv_bytes(SIASN_HEADERS, [siasn_row(), siasn_row()]))
    out = io.StringIO()
    call_command("import_pegawai", str(path), "--dry-run", stdout=out)
    assert "2 akan dibuat" in out.getvalue()
    assert not Pegawai.objects.exists()
    call_command("import_pegawai", str(path), stdout=out)
    assert Pegawai.objects.count() == 2


def test_a_nip_repeated_in_the_file_names_both_rows(dinkes):
    nip = make_nip()
    hasil = siasn([siasn_row(nip=nip), siasn_row(), siasn_row(nip=nip)])
    assert hasil.galat == [f"Baris 4, kolom NIP BARU: NIP {nip} juga ada di baris 2; satu NIP satu baris."]


def test_a_nip_typed_as_a_number_in_excel_is_refused(dinkes):
    row = siasn_row()
    row[1] = int(row[1])
    hasil = import_pegawai(raw=xlsx_bytes(SIASN_HEADERS, [row]), filename="siasn.xlsx")
    assert hasil.galat[0].startswith("Baris 2, kolom NIP BARU: NIP tersimpan sebagai angka di Excel")


def test_it_reads_xlsx_with_date_cells(dinkes):
    from datetime import datetime

    nip = "198809212011011001"
    row = siasn_row(nip=nip)
    row[SIASN_HEADERS.index("TANGGAL LAHIR")] = datetime(1988, 9, 21)
    hasil = import_pegawai(raw=xlsx_bytes(SIASN_HEADERS, [row]), filename="siasn.xlsx")
    assert hasil.ok, hasil.galat
    assert Pegawai.objects.get(nip=nip).tanggal_lahir.isoformat() == "1988-09-21"


@pytest.mark.parametrize("delimiter,bom", [(",", False), (";", False), (";", True), (",", True)])
def test_it_reads_csv_with_comma_or_semicolon_and_with_or_without_bom(dinkes, delimiter, bom):
    raw = csv_bytes(SIASN_HEADERS, [siasn_row()], delimiter=delimiter, bom=bom)
    assert import_pegawai(raw=raw, filename="x.csv").ok


def test_unknown_units_are_created_with_create_units():
    hasil = siasn([siasn_row(unor="Bidang Baru", satker="Badan Riset Daerah")], create_units=True)
    assert hasil.ok, hasil.galat
    unit = UnitKerja.objects.get(nama="Bidang Baru")
    assert unit.parent.nama == "Badan Riset Daerah"
    assert unit.path.startswith(unit.parent.path)
    assert sorted(hasil.unit_baru) == ["Badan Riset Daerah", "Bidang Baru"]


def test_new_positions_are_created_with_their_jenis(dinkes):
    rows = [
        siasn_row(jabatan="Kepala Dinas Kesehatan", jenis_jabatan="Struktural"),
        siasn_row(jabatan="Epidemiolog Kesehatan Ahli Muda", jenis_jabatan="Fungsional Tertentu"),
    ]
    assert siasn(rows).ok
    assert Jabatan.objects.get(nama="Kepala Dinas Kesehatan").jenis == Jabatan.Jenis.JPT_PRATAMA
    epid = Jabatan.objects.get(nama="Epidemiolog Kesehatan Ahli Muda")
    assert (epid.jenis, epid.jenjang) == (Jabatan.Jenis.FUNGSIONAL, "ahli_muda")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("III/a", Golongan.III_A),
        ("IIIa", Golongan.III_A),
        ("III a", Golongan.III_A),
        ("iv/E", Golongan.IV_E),
        ("Penata Muda (III/a)", Golongan.III_A),
        ("IX", Golongan.PPPK_IX),
        ("Ahli Pertama / IX", Golongan.PPPK_IX),
        ("XVII", Golongan.PPPK_XVII),
        ("IX (PPPK)", Golongan.PPPK_IX),
    ],
)
def test_golongan_spellings_are_normalised(text, expected):
    assert parse_golongan(text) == expected


def test_cross_checks_with_the_nip(dinkes):
    nip = "198809212011011001"
    hasil = siasn([siasn_row(jk="P"), siasn_row(nip=nip, tgl_lahir="01-01-1990"), siasn_row(gol="IX")])
    assert hasil.galat == [
        "Baris 2, kolom JENIS KELAMIN: jenis kelamin tidak sama dengan digit ke-15 NIP.",
        "Baris 3, kolom TANGGAL LAHIR: tanggal lahir 01-01-1990 tidak sama dengan NIP (21-09-1988).",
        "Baris 4, kolom GOL AKHIR NAMA: golongan IX adalah golongan PPPK, tetapi NIP-nya PNS.",
    ]


def test_missing_columns_and_empty_files_are_refused():
    assert (
        import_pegawai(raw=b"NAMA,EMAIL\nX,y@z.id\n", filename="x.csv")
        .galat[0]
        .startswith("Baris 1: kolom wajib tidak ada: NIP BARU")
    )
    assert import_pegawai(raw=b"", filename="x.csv").galat == ["Berkas kosong."]
    header_only = csv_bytes(SIASN_HEADERS, [])
    assert import_pegawai(raw=header_only, filename="x.csv").galat == [
        "Berkas tidak berisi baris data (hanya judul kolom)."
    ]


def test_a_non_utf8_csv_is_refused_with_its_row():
    raw = csv_bytes(["NIP", "NAMA", "UNIT KERJA"], [[make_nip(), "Jos", "Dinas Kesehatan"]]) + "\nx,Sim\xf3n,y".encode(
        "cp1252"
    )
    assert import_pegawai(raw=raw, filename="x.csv").galat[0].startswith("Baris 3: berkas CSV bukan UTF-8")


def test_files_that_are_not_what_they_claim_are_refused():
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    assert import_pegawai(raw=png, filename="x.xlsx").galat == ["Berkas bukan file Excel (.xlsx) yang valid."]
    assert import_pegawai(raw=b"x", filename="x.xls").galat[0].startswith("Jenis berkas tidak didukung")
    assert import_pegawai(raw=b"x" * (10 * 1024 * 1024 + 1), filename="x.csv").galat == [
        "Ukuran berkas melebihi 10 MB."
    ]


def _zip(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_macro_workbooks_and_zip_bombs_are_refused_before_parsing():
    base = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}
    macro = _zip({**base, "xl/vbaProject.bin": b"\x00" * 10})
    assert "makro" in import_pegawai(raw=macro, filename="x.xlsx").galat[0]
    bomb = _zip({**base, "xl/worksheets/sheet1.xml": b"0" * (50 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert "zip bomb" in import_pegawai(raw=bomb, filename="x.xlsx").galat[0]


def test_xml_entities_in_xlsx_are_refused():
    import openpyxl as o

    assert o.DEFUSEDXML is True
    good = xlsx_bytes(["NIP"], [["x"]])
    archive = zipfile.ZipFile(io.BytesIO(good))
    members = {n: archive.read(n) for n in archive.namelist()}
    members["xl/workbook.xml"] = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + members["xl/workbook.xml"]
    hasil = import_pegawai(raw=_zip(members), filename="x.xlsx")
    assert hasil.galat == ["Berkas Excel berisi deklarasi XML (DOCTYPE/ENTITY) yang tidak diizinkan."]


def test_an_operator_imports_only_their_own_opd(dinkes):
    operator = operator_opd(dinkes)
    guru = PegawaiFactory(unit_kerja=UnitKerja.objects.get(kode="DISDIK"))
    rows = [siasn_row(), siasn_row(unor="Dinas Pendidikan"), siasn_row(nip=guru.nip, unor="Dinas Kesehatan")]
    hasil = siasn(rows, user=operator)
    assert hasil.galat == [
        "Baris 3, kolom UNOR NAMA: unit kerja ini di luar OPD Anda.",
        "Baris 4, kolom NIP BARU: pegawai ini bukan pegawai OPD Anda; tidak boleh diubah lewat impor.",
    ]
    guru.refresh_from_db()
    assert guru.unit_kerja.kode == "DISDIK"
    assert siasn(rows[:1], user=operator).ok
    assert siasn([siasn_row()], user=operator, create_units=True).galat[0].startswith("Hanya Admin BKPSDM")


def test_the_template_sets_supervisors_and_refuses_loops(dinkes):
    from pegawai.impor import TEMPLATE_HEADERS

    a, b = make_nip(), make_nip()

    def row(nip, atasan):
        values = dict.fromkeys(TEMPLATE_HEADERS, "")
        values.update({"NIP": nip, "NAMA": "Uji", "UNIT KERJA": "Dinkes", "NIP ATASAN": atasan})
        return [values[h] for h in TEMPLATE_HEADERS]

    hasil = import_pegawai(raw=csv_bytes(TEMPLATE_HEADERS, [row(a, ""), row(b, a)]), filename="t.csv")
    assert hasil.ok, hasil.galat
    assert Pegawai.objects.get(nip=b).atasan.nip == a
    loop = import_pegawai(raw=csv_bytes(TEMPLATE_HEADERS, [row(a, b)]), filename="t.csv")
    assert loop.galat == ["Baris 2, kolom NIP ATASAN: rantai atasan berputar kembali ke pegawai ini."]
    self_ref = import_pegawai(raw=csv_bytes(TEMPLATE_HEADERS, [row(a, a)]), filename="t.csv")
    assert self_ref.galat[0] == "Baris 2, kolom NIP ATASAN: pegawai tidak boleh menjadi atasan dirinya."


def test_imports_are_recorded_in_the_history_with_the_user(dinkes):
    admin = admin_bkpsdm()
    nip = make_nip()
    siasn([siasn_row(nip=nip)], user=admin)
    entry = Pegawai.objects.get(nip=nip).riwayat.get()
    assert entry.history_user == admin
    assert entry.history_change_reason == "Impor berkas pegawai"


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("EMAIL", "bukan-email", "Baris 2, kolom EMAIL: “bukan-email” bukan alamat email yang valid."),
        ("NOMOR HP", "08-abc", "Baris 2, kolom NOMOR HP: “08-abc” bukan nomor telepon yang valid."),
        ("KEDUDUKAN HUKUM NAMA", "Cuti", "Baris 2, kolom KEDUDUKAN HUKUM NAMA: “Cuti” bukan status yang dikenal"),
        ("NAMA", "", "Baris 2, kolom NAMA: nama wajib diisi."),
        ("TMT JABATAN", "01-01-2099", "Baris 2, kolom TMT JABATAN: tanggal tidak boleh di masa depan."),
        ("JENIS JABATAN NAMA", "Honorer", "Baris 2, kolom JENIS JABATAN NAMA: “Honorer” bukan jenis jabatan"),
        ("UNOR NAMA", "", "Baris 2, kolom UNOR NAMA: unit kerja wajib diisi."),
    ],
)
def test_other_faults_name_their_row_and_column(dinkes, column, value, message):
    row = siasn_row(jabatan="Jabatan Baru Sekali")
    row[SIASN_HEADERS.index(column)] = value
    hasil = siasn([row])
    assert hasil.galat[0].startswith(message)
    assert not Pegawai.objects.exists()


def test_an_ambiguous_unit_name_is_narrowed_by_its_opd_or_refused():
    for kode in ("DINKES", "DISDIK"):
        UnitKerja.objects.create(kode=f"{kode}-UMUM", nama="Subbagian Umum", parent=UnitKerja.objects.get(kode=kode))
    assert siasn([siasn_row(unor="Subbagian Umum", satker="Dinas Pendidikan")]).ok
    assert Pegawai.objects.get().unit_kerja.kode == "DISDIK-UMUM"
    hasil = siasn([siasn_row(unor="Subbagian Umum")])
    assert "cocok dengan 2 unit kerja" in hasil.galat[0]


def test_a_new_employee_is_linked_to_the_account_named_by_their_nip(dinkes):
    from tests.factories import UserFactory

    nip = make_nip()
    user = UserFactory(username=nip)
    assert siasn([siasn_row(nip=nip)]).ok
    assert Pegawai.objects.get(nip=nip).user == user


def test_our_own_export_imports_back_unchanged(client):
    from django.urls import reverse

    from tests.factories import PegawaiFactory

    unit = UnitKerja.objects.get(kode="DINKES-REMU")
    PegawaiFactory(unit_kerja=unit, gelar_belakang="S.Kep., Ners", telepon="081234567890")
    PegawaiFactory(unit_kerja=unit, nip=make_nip(pppk=True), golongan=Golongan.PPPK_IX)
    client.force_login(admin_bkpsdm())
    for fmt in ("xlsx", "csv"):
        exported = client.get(reverse("pegawai:export"), {"format": fmt}).content
        hasil = import_pegawai(raw=exported, filename=f"ekspor.{fmt}")
        assert hasil.ok, hasil.galat
        assert [b.aksi for b in hasil.baris] == ["tetap", "tetap"]


def test_new_employees_get_a_nip_login_they_activate_through_password_reset(
    client, dinkes, mailoutbox, django_capture_on_commit_callbacks
):
    nip = make_nip()
    row = siasn_row(nip=nip, nama="Selfina Mobalen")
    row[SIASN_HEADERS.index("EMAIL")] = "selfina@example.go.id"
    assert siasn([row]).ok
    user = Pegawai.objects.get(nip=nip).user
    assert user.username == nip and user.is_active and user.has_usable_password()
    assert not user.check_password("")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"username": nip})
    assert len(mailoutbox) == 1 and nip in mailoutbox[0].body
