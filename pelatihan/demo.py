"""Demo data of the pelatihan app: Sorong's partners, ~40 programmes over three years, seats, JP, feedback.

Idempotent (nothing is added once the demo programmes exist) and written with bulk inserts.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from akun.models import User
from pegawai.models import Kompetensi, Pegawai

from .models import (
    KODE_RELEVANSI,
    Bentuk,
    CatatanJP,
    JawabanUmpanBalik,
    Mitra,
    Pelatihan,
    PertanyaanUmpanBalik,
    Peserta,
    UmpanBalik,
    ensure_pertanyaan,
)

B = Bentuk
J = Mitra.Jenis

# domain-reference.md §8.5, plus the pemda itself and BKN's regional office.
MITRA = [
    ("BKPSDM Kota Sorong", J.PEMERINTAH_DAERAH, "Jl. Basuki Rahmat, Sorong"),
    ("Universitas Muhammadiyah Sorong", J.PERGURUAN_TINGGI, "Jl. Pendidikan No. 27, Sorong"),
    ("Universitas Pendidikan Muhammadiyah (UNIMUDA) Sorong", J.PERGURUAN_TINGGI, "Aimas, Kabupaten Sorong"),
    ("Universitas Victory Sorong", J.PERGURUAN_TINGGI, "Sorong"),
    ("Universitas Kristen Papua (UKiP) Sorong", J.PERGURUAN_TINGGI, "Sorong"),
    ("Politeknik Kelautan dan Perikanan Sorong", J.PERGURUAN_TINGGI, "Distrik Maladum Mes, Sorong"),
    ("Poltekkes Kemenkes Sorong", J.PERGURUAN_TINGGI, "Sorong"),
    ("STIKES Papua Sorong", J.PERGURUAN_TINGGI, "Sorong"),
    ("Politeknik Pelayaran Sorong", J.PERGURUAN_TINGGI, "Sorong"),
    ("Puslatbang KMP LAN Makassar", J.INSTANSI_PUSAT, "Makassar"),
    ("Pusjar SKMP LAN", J.INSTANSI_PUSAT, "Jakarta"),
    ("BKN Kantor Regional XIV Manokwari", J.INSTANSI_PUSAT, "Manokwari"),
]

# domain-reference.md "Realistic seed data" list B: (judul, bentuk, JP, days, partner index, competences).
PROGRAM = [
    ("Pelatihan Dasar (Latsar) CPNS Golongan III", B.PELATIHAN_STRUKTURAL, 297, 30, 10, ["M.01", "SK.01"]),
    ("Pelatihan Kepemimpinan Pengawas (PKP)", B.PELATIHAN_STRUKTURAL, 243, 25, 9, ["M.02", "M.04"]),
    ("Pelatihan Kepemimpinan Administrator (PKA)", B.PELATIHAN_STRUKTURAL, 315, 30, 9, ["M.07", "M.08"]),
    ("Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", B.PELATIHAN_STRUKTURAL, 360, 35, 9, ["M.07"]),
    ("Orientasi PPPK: Wawasan Kebangsaan dan Nilai BerAKHLAK", B.PELATIHAN_SOSIAL_KULTURAL, 24, 3, 0, ["SK.01"]),
    ("Manajemen Proyek Infrastruktur Jalan dan Jembatan di Wilayah Pesisir", B.PELATIHAN_TEKNIS, 40, 5, 1, []),
    ("Pengawasan Mutu Konstruksi Gedung dan Drainase Perkotaan", B.PELATIHAN_TEKNIS, 32, 4, 3, []),
    ("Perencanaan Tata Ruang dan Penyusunan RDTR Kota Sorong", B.PELATIHAN_TEKNIS, 32, 4, 1, ["T.REN.01"]),
    ("Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", B.PELATIHAN_TEKNIS, 40, 5, 0, ["T.PBJ.01"]),
    ("Penggunaan SPSE dan E-Katalog versi 6", B.BIMTEK, 16, 2, 0, ["T.PBJ.01"]),
    ("Penatausahaan Keuangan Daerah dengan SIPD-RI", B.BIMTEK, 24, 3, 0, ["T.KEU.01"]),
    ("Penyusunan Laporan Keuangan Pemerintah Daerah Berbasis Akrual", B.PELATIHAN_TEKNIS, 32, 4, 1, ["T.KEU.01"]),
    ("Pengelolaan Barang Milik Daerah (BMD)", B.PELATIHAN_TEKNIS, 24, 3, 0, ["T.KEU.01"]),
    ("Optimalisasi Pajak dan Retribusi Daerah Berbasis Digital", B.PELATIHAN_TEKNIS, 24, 3, 3, ["T.KEU.01"]),
    ("Pengelolaan Dana Otonomi Khusus Papua dan Pelaporannya", B.PELATIHAN_TEKNIS, 24, 3, 4, ["T.KEU.01"]),
    ("Perencanaan Pembangunan Daerah: RPJMD, Renstra dan Renja OPD", B.PELATIHAN_TEKNIS, 32, 4, 1, ["T.REN.01"]),
    ("Implementasi SPBE dan Arsitektur SPBE Pemerintah Daerah", B.PELATIHAN_TEKNIS, 24, 3, 4, ["T.SPBE.01"]),
    ("Keamanan Informasi dan Perlindungan Data Pribadi bagi ASN", B.E_LEARNING, 12, 3, 10, ["T.SPBE.01"]),
    ("Pelayanan Publik Digital dan Mal Pelayanan Publik", B.PELATIHAN_TEKNIS, 24, 3, 0, ["T.YAN.01", "M.05"]),
    ("Standar Pelayanan Minimal (SPM) dan Survei Kepuasan Masyarakat", B.PELATIHAN_TEKNIS, 16, 2, 1, ["T.YAN.01"]),
    ("Penyusunan SKP dan Dialog Kinerja pada e-Kinerja BKN", B.BIMTEK, 8, 1, 11, ["T.SDM.01"]),
    ("Pengelolaan Data Kepegawaian pada SIASN dan MyASN", B.BIMTEK, 16, 2, 11, ["T.SDM.02"]),
    ("Analisis Jabatan dan Analisis Beban Kerja (Anjab-ABK)", B.PELATIHAN_TEKNIS, 32, 4, 0, ["T.SDM.01"]),
    ("Penyusunan Analisis Kebutuhan Pengembangan Kompetensi (AKPK)", B.WORKSHOP, 10, 2, 0, ["T.SDM.01", "M.06"]),
    ("Coaching dan Mentoring untuk Atasan Langsung", B.COACHING, 16, 2, 1, ["M.06"]),
    ("Penyusunan Naskah Dinas dan Kearsipan Digital (SRIKANDI)", B.BIMTEK, 16, 2, 0, ["M.03"]),
    ("Penyusunan Produk Hukum Daerah (Perda dan Perwali)", B.PELATIHAN_TEKNIS, 24, 3, 3, []),
    (
        "Pengarusutamaan Gender dan Perlindungan Anak dalam Perencanaan",
        B.PELATIHAN_SOSIAL_KULTURAL,
        16,
        2,
        4,
        ["SK.01"],
    ),
    (
        "Wawasan Kebangsaan dan Moderasi dalam Masyarakat Majemuk Sorong Raya",
        B.PELATIHAN_SOSIAL_KULTURAL,
        16,
        2,
        4,
        ["SK.01"],
    ),
    (
        "Penghormatan Hak Masyarakat Adat Moi dan Pelayanan Afirmatif OAP",
        B.PELATIHAN_SOSIAL_KULTURAL,
        16,
        2,
        4,
        ["SK.01"],
    ),
    ("Pencegahan Stunting dan Gizi Masyarakat di Kawasan Perkotaan", B.PELATIHAN_TEKNIS, 24, 3, 6, ["T.KES.02"]),
    ("Pelayanan Kesehatan Primer dan Manajemen Puskesmas", B.PELATIHAN_TEKNIS, 32, 4, 7, ["T.KES.01"]),
    ("Pengelolaan Sampah Perkotaan dan Ekonomi Sirkular", B.PELATIHAN_TEKNIS, 24, 3, 1, []),
    ("Mitigasi Bencana Banjir dan Longsor Berbasis Masyarakat", B.PELATIHAN_TEKNIS, 24, 3, 4, []),
    ("Penanggulangan Kebakaran dan Simulasi Evakuasi", B.PELATIHAN_TEKNIS, 16, 2, 8, []),
    ("Pengembangan Perikanan Tangkap dan Pengolahan Hasil Perikanan", B.PELATIHAN_TEKNIS, 32, 4, 5, []),
    ("Pengembangan UMKM dan Ekonomi Kreatif Lokal", B.PELATIHAN_TEKNIS, 24, 3, 2, []),
    ("Pemasaran Destinasi Wisata Kota Sorong sebagai Gerbang Raja Ampat", B.PELATIHAN_TEKNIS, 16, 2, 3, []),
    ("Magang Pelayanan Administrasi Kependudukan di Dukcapil Kota Lain", B.MAGANG, 40, 5, 0, ["T.YAN.01"]),
    ("Patok Banding Inovasi Pelayanan Publik ke Pemerintah Kota Makassar", B.PATOK_BANDING, 16, 2, 9, ["M.05"]),
    ("Seminar Transformasi Digital Pemerintahan", B.SEMINAR, 4, 1, 2, ["T.SPBE.01"]),
    ("Workshop Penyusunan Indikator Kinerja Individu", B.WORKSHOP, 5, 1, 0, ["M.04"]),
]
# The programme the participants found irrelevant (shown as "perlu ditinjau").
TIDAK_RELEVAN = "Pengembangan UMKM dan Ekonomi Kreatif Lokal"
# The completed training on which the demo `pegawai` still owes feedback.
UMPAN_BALIK_TERTUNDA = "Penyusunan SKP dan Dialog Kinerja pada e-Kinerja BKN"

SARAN = [
    "Tambah porsi praktik dan studi kasus dari OPD di Sorong.",
    "Materi dibagikan sebelum kelas dimulai.",
    "Waktu terlalu padat, sebaiknya ditambah satu hari.",
    "Narasumber sangat menguasai materi.",
    "Koneksi internet di ruang kelas perlu diperbaiki.",
    "Perlu tindak lanjut berupa pendampingan di kantor.",
]
RENCANA = [
    "Menerapkan di seksi saya mulai bulan depan.",
    "Membagikan materi kepada rekan satu bidang.",
    "Menyusun SOP baru berdasarkan materi pelatihan.",
    "Memperbaiki laporan triwulan dengan format yang diajarkan.",
]


def _jadwal(i: int, days: int, today: date) -> tuple[date, date]:
    """Spread the programmes over last year, this year and next year, on weekdays."""
    tahun = today.year - 1 + i % 3
    mulai = date(tahun, 1 + (i * 5) % 12, 3 + (i * 7) % 20)
    while mulai.weekday() >= 5:
        mulai += timedelta(days=1)
    return mulai, mulai + timedelta(days=days - 1)


def _status(mulai: date, selesai: date, today: date) -> str:
    if selesai < today:
        return Pelatihan.Status.SELESAI
    if mulai <= today:
        return Pelatihan.Status.BERJALAN
    if mulai - today <= timedelta(days=120):
        return Pelatihan.Status.PENDAFTARAN
    return Pelatihan.Status.RENCANA


def _skor(rng: random.Random, rendah: bool) -> int:
    """Realistic Likert answers: mostly 4s; the irrelevant programme mostly 1–2."""
    weights = (30, 40, 20, 8, 2) if rendah else (1, 4, 20, 50, 25)
    return rng.choices((1, 2, 3, 4, 5), weights=weights)[0]


@transaction.atomic
def seed(*, rng: random.Random, today: date) -> str:
    """Create demo data idempotently; return a one-line summary for seed_demo's output."""
    ensure_pertanyaan(PertanyaanUmpanBalik)
    Mitra.objects.bulk_create(
        [Mitra(nama=nama, jenis=jenis, alamat=alamat) for nama, jenis, alamat in MITRA], ignore_conflicts=True
    )
    if Pelatihan.objects.filter(judul=PROGRAM[0][0]).exists():
        return "Pelatihan: data demo sudah ada."
    mitra = {m.nama: m for m in Mitra.objects.filter(nama__in=[m[0] for m in MITRA])}
    for i, m in enumerate(mitra.values()):
        m.mou_nomor = f"000.{i + 1}/PKS/BKPSDM/{today.year - 1}"
        m.mou_mulai, m.mou_selesai = date(today.year - 1, 1, 2), date(today.year + 1 + i % 2, 12, 31)
    Mitra.objects.bulk_update(list(mitra.values()), ["mou_nomor", "mou_mulai", "mou_selesai"])
    kompetensi = {k.kode: k for k in Kompetensi.objects.all()}

    demo = Pegawai.objects.filter(user__username="pegawai").first()
    pelatihan = []
    for i, (judul, bentuk, jp, days, m, _) in enumerate(PROGRAM):
        mulai, selesai = _jadwal(i, days, today)
        if judul == UMPAN_BALIK_TERTUNDA:
            # Ended a few days ago, so the demo pegawai sees a pending feedback request.
            selesai = today - timedelta(days=3)
            mulai = selesai
        pelatihan.append(
            Pelatihan(
                judul=judul,
                deskripsi=f"{judul}. Diselenggarakan bersama {MITRA[m][0]} untuk ASN Pemerintah Kota Sorong.",
                bentuk=bentuk,
                mitra=mitra[MITRA[m][0]],
                tempat="Aula BKPSDM Kota Sorong" if m == 0 else MITRA[m][2],
                mode=Pelatihan.Mode.DARING if bentuk == B.E_LEARNING else Pelatihan.Mode.TATAP_MUKA,
                tanggal_mulai=mulai,
                tanggal_selesai=selesai,
                jp=Decimal(jp),
                kuota=rng.choice([20, 25, 30, 40]),
                biaya_per_peserta=Decimal(rng.choice([0, 750_000, 1_500_000, 2_500_000, 4_000_000])),
                sumber_anggaran=rng.choice(
                    [Pelatihan.SumberAnggaran.APBD, Pelatihan.SumberAnggaran.APBD, Pelatihan.SumberAnggaran.OTSUS]
                ),
                status=_status(mulai, selesai, today),
            )
        )
    Pelatihan.objects.bulk_create(pelatihan)
    Through = Pelatihan.kompetensi.through
    Through.objects.bulk_create(
        [
            Through(pelatihan_id=p.pk, kompetensi_id=kompetensi[kode].pk)
            for p, row in zip(pelatihan, PROGRAM, strict=True)
            for kode in row[5]
            if kode in kompetensi
        ]
    )

    pool = list(Pegawai.objects.aktif().exclude(pk=getattr(demo, "pk", None)).values_list("pk", flat=True))
    peserta = []
    for p in pelatihan:
        if p.status in (Pelatihan.Status.RENCANA, Pelatihan.Status.BATAL):
            continue
        isi = rng.randint(p.kuota * 6 // 10, p.kuota) if p.status != Pelatihan.Status.PENDAFTARAN else p.kuota // 2
        pilihan = rng.sample(pool, min(isi, len(pool)))
        if demo and p.judul == UMPAN_BALIK_TERTUNDA:
            pilihan.append(demo.pk)
        for pk in pilihan:
            selesai = p.status == Pelatihan.Status.SELESAI
            hadir = (rng.random() < 0.95 or pk == getattr(demo, "pk", None)) if selesai else None
            lulus = selesai and hadir and (rng.random() < 0.93 or pk == getattr(demo, "pk", None))
            status = (
                Peserta.Status.LULUS if lulus else Peserta.Status.TIDAK_LULUS if selesai else Peserta.Status.TERDAFTAR
            )
            peserta.append(
                Peserta(
                    pelatihan=p,
                    pegawai_id=pk,
                    status=status,
                    hadir=hadir,
                    tanggal_selesai=p.tanggal_selesai if lulus else None,
                    nomor_sertifikat=f"{p.pk:03d}/{pk}/SERT/{p.tanggal_selesai.year}" if lulus else "",
                    didaftarkan_oleh=None,
                )
            )
    Peserta.objects.bulk_create(peserta, batch_size=2000)

    admin = User.objects.filter(username="bkpsdm").first()
    now = timezone.now()
    lulus = [x for x in peserta if x.status == Peserta.Status.LULUS]
    CatatanJP.objects.bulk_create(
        [
            CatatanJP(
                pegawai_id=x.pegawai_id,
                tahun=x.pelatihan.tanggal_selesai.year,
                tanggal=x.pelatihan.tanggal_selesai,
                tanggal_mulai=x.pelatihan.tanggal_mulai,
                judul=x.pelatihan.judul,
                bentuk=x.pelatihan.bentuk,
                jp=x.pelatihan.jp,
                sumber=CatatanJP.Sumber.PELATIHAN,
                penyelenggara=x.pelatihan.mitra.nama,
                nomor_sertifikat=x.nomor_sertifikat,
                peserta=x,
                terverifikasi=True,
                diverifikasi_oleh=admin,
                diverifikasi_pada=now,
            )
            for x in lulus
        ],
        batch_size=2000,
    )

    pertanyaan = list(PertanyaanUmpanBalik.objects.aktif())
    memberi = [
        x
        for x in lulus
        if x.pegawai_id != getattr(demo, "pk", None) and (x.pelatihan.judul == TIDAK_RELEVAN or rng.random() < 0.7)
    ]
    umpan_balik = UmpanBalik.objects.bulk_create(
        [
            UmpanBalik(
                peserta=x,
                saran=rng.choice(SARAN) if rng.random() < 0.4 else "",
                rencana_penerapan=rng.choice(RENCANA) if rng.random() < 0.5 else "",
            )
            for x in memberi
        ],
        batch_size=2000,
    )
    JawabanUmpanBalik.objects.bulk_create(
        [
            JawabanUmpanBalik(
                umpan_balik=ub,
                pertanyaan=q,
                nilai=_skor(rng, ub.peserta.pelatihan.judul == TIDAK_RELEVAN and q.kode in (KODE_RELEVANSI, "materi")),
            )
            for ub in umpan_balik
            for q in pertanyaan
        ],
        batch_size=5000,
    )

    # External records: LAN e-learning certificates, some still waiting for BKPSDM.
    eksternal = []
    for j, pk in enumerate(rng.sample(pool, min(12, len(pool))) + ([demo.pk] if demo else [])):
        eksternal.append(
            CatatanJP(
                pegawai_id=pk,
                tahun=today.year,
                tanggal=today - timedelta(days=10 + j * 9),
                judul="E-learning Literasi Data untuk ASN" if j % 2 else "Kursus Daring Manajemen ASN (LAN)",
                bentuk=B.E_LEARNING if j % 2 else B.KURSUS,
                jp=Decimal(10),
                sumber=CatatanJP.Sumber.EKSTERNAL,
                penyelenggara="Lembaga Administrasi Negara",
                nomor_sertifikat=f"LAN/{today.year}/{1000 + j}",
                terverifikasi=j % 3 == 0 and pk != getattr(demo, "pk", None),
                diverifikasi_oleh=admin if j % 3 == 0 else None,
            )
        )
    CatatanJP.objects.bulk_create(eksternal)
    return (
        f"Pelatihan: {len(mitra)} mitra, {len(pelatihan)} program, {len(peserta)} peserta, "
        f"{len(lulus)} catatan JP, {len(umpan_balik)} umpan balik, {len(eksternal)} catatan eksternal."
    )
