"""Reference data of Kota Sorong, loaded by data migrations and re-ensured by seed_demo.

The loaders take the model classes as arguments so the migrations can pass their historical models.
"""

# (kode, nama, singkatan, jenis, kode induk)
UNIT_KERJA = [
    ("SETDA", "Sekretariat Daerah Kota Sorong", "Setda", "sekretariat", None),
    ("SETDA-TAPEM", "Bagian Tata Pemerintahan", "Bag. Tapem", "bagian", "SETDA"),
    ("SETDA-HUKUM", "Bagian Hukum", "Bag. Hukum", "bagian", "SETDA"),
    ("SETDA-ORG", "Bagian Organisasi", "Bag. Organisasi", "bagian", "SETDA"),
    ("SETDA-KESRA", "Bagian Kesejahteraan Rakyat", "Bag. Kesra", "bagian", "SETDA"),
    ("SETDA-EKON", "Bagian Perekonomian dan SDA", "Bag. Perekonomian", "bagian", "SETDA"),
    ("SETDA-PBJ", "Bagian Pengadaan Barang/Jasa", "UKPBJ", "bagian", "SETDA"),
    ("SETDA-UMUM", "Bagian Umum", "Bag. Umum", "bagian", "SETDA"),
    ("SETDA-PROKOPIM", "Bagian Protokol dan Komunikasi Pimpinan", "Bag. Prokopim", "bagian", "SETDA"),
    ("DPRK", "Sekretariat DPRK Kota Sorong", "Setwan DPRK", "sekretariat", None),
    ("INSPEKTORAT", "Inspektorat Daerah Kota Sorong", "Inspektorat", "inspektorat", None),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "badan", None),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "badan", None),
    ("BAPENDA", "Badan Pendapatan Daerah", "Bapenda", "badan", None),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan", None),
    ("BKPSDM-SEK", "Sekretariat BKPSDM", "Sekretariat", "bagian", "BKPSDM"),
    ("BKPSDM-PPI", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "Bid. PPIK", "bagian", "BKPSDM"),
    ("BKPSDM-MP", "Bidang Mutasi dan Promosi", "Bid. Mutasi", "bagian", "BKPSDM"),
    ("BKPSDM-PKA", "Bidang Pengembangan Kompetensi Aparatur", "Bid. PKA", "bagian", "BKPSDM"),
    ("BKPSDM-PKAP", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", "Bid. PKAP", "bagian", "BKPSDM"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "BPBD", "badan", None),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "badan", None),
    ("DISDIK", "Dinas Pendidikan", "Disdik", "dinas", None),
    ("DINKES", "Dinas Kesehatan", "Dinkes", "dinas", None),
    ("DINKES-MALAWEI", "UPTD Puskesmas Malawei", "PKM Malawei", "uptd", "DINKES"),
    ("DINKES-REMU", "UPTD Puskesmas Remu", "PKM Remu", "uptd", "DINKES"),
    ("DINKES-KLASAMAN", "UPTD Puskesmas Klasaman", "PKM Klasaman", "uptd", "DINKES"),
    ("DINKES-KAMPUNGBARU", "UPTD Puskesmas Kampung Baru", "PKM Kampung Baru", "uptd", "DINKES"),
    ("DINSOS", "Dinas Sosial", "Dinsos", "dinas", None),
    ("DBMSDA", "Dinas Bina Marga dan Sumber Daya Air", "DBMSDA", "dinas", None),
    ("DCKTR", "Dinas Cipta Karya dan Tata Ruang", "DCKTR", "dinas", None),
    ("PERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim", "dinas", None),
    ("DLH", "Dinas Lingkungan Hidup", "DLH", "dinas", None),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "dinas", None),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", "dinas", None),
    ("DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", "dinas", None),
    ("DISHUB", "Dinas Perhubungan", "Dishub", "dinas", None),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas", None),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM", "dinas", None),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "dinas", None),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "Dispora", "dinas", None),
    ("DISPARBUD", "Dinas Pariwisata dan Kebudayaan", "Disparbud", "dinas", None),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "Dispusip", "dinas", None),
    ("DISKAN", "Dinas Perikanan", "Diskan", "dinas", None),
    ("DISTAN", "Dinas Pertanian", "Distan", "dinas", None),
    ("DISDAG", "Dinas Perdagangan", "Disdag", "dinas", None),
    ("DISPERIN", "Dinas Perindustrian", "Disperin", "dinas", None),
    ("DISNAKER", "Dinas Tenaga Kerja", "Disnaker", "dinas", None),
    ("DKP", "Dinas Ketahanan Pangan", "DKP", "dinas", None),
    ("DAMKAR", "Dinas Pemadam Kebakaran", "Damkar", "dinas", None),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP", "satpol_pp", None),
    ("RSUD", "RSUD Sele Be Solu", "RSUD SBS", "rsud", None),
    ("DISTRIK-SORONG", "Distrik Sorong", "Distrik Sorong", "distrik", None),
    ("DISTRIK-TIMUR", "Distrik Sorong Timur", "Distrik Sorong Timur", "distrik", None),
    ("DISTRIK-BARAT", "Distrik Sorong Barat", "Distrik Sorong Barat", "distrik", None),
    ("KEL-KLAWASI", "Kelurahan Klawasi", "Kel. Klawasi", "kelurahan", "DISTRIK-BARAT"),
    ("DISTRIK-KEPULAUAN", "Distrik Sorong Kepulauan", "Distrik Sorong Kepulauan", "distrik", None),
    ("DISTRIK-UTARA", "Distrik Sorong Utara", "Distrik Sorong Utara", "distrik", None),
    ("DISTRIK-MANOI", "Distrik Sorong Manoi", "Distrik Sorong Manoi", "distrik", None),
    ("KEL-REMUSELATAN", "Kelurahan Remu Selatan", "Kel. Remu Selatan", "kelurahan", "DISTRIK-MANOI"),
    ("KEL-KLALIGI", "Kelurahan Klaligi", "Kel. Klaligi", "kelurahan", "DISTRIK-MANOI"),
    ("DISTRIK-KOTA", "Distrik Sorong Kota", "Distrik Sorong Kota", "distrik", None),
    ("DISTRIK-KLAURUNG", "Distrik Klaurung", "Distrik Klaurung", "distrik", None),
    ("DISTRIK-MALAIMSIMSA", "Distrik Malaimsimsa", "Distrik Malaimsimsa", "distrik", None),
    ("DISTRIK-MALADUMMES", "Distrik Maladum Mes", "Distrik Maladum Mes", "distrik", None),
]

KOMPETENSI = [
    (
        "M.01",
        "Integritas",
        "manajerial",
        "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, serta jujur dalam hubungan kerja.",
        [
            "Bertindak sesuai nilai, norma dan etika dalam kapasitas pribadi",
            "Mengingatkan dan mengajak rekan kerja bertindak sesuai nilai, norma dan etika",
            "Memastikan unit yang dipimpinnya bertindak sesuai nilai, norma dan etika",
            "Menciptakan iklim kerja yang menjunjung integritas di seluruh organisasi",
            "Menjadi panutan etika di tingkat nasional",
        ],
    ),
    (
        "M.02",
        "Kerjasama",
        "manajerial",
        "Kemampuan menjalin, membina dan mempertahankan hubungan kerja yang efektif.",
        [
            "Berpartisipasi sebagai anggota tim",
            "Menumbuhkan tim kerja yang partisipatif",
            "Efektif membangun tim kerja lintas unit",
            "Membangun komitmen tim dan sinergi",
            "Menciptakan jejaring kerja untuk tujuan strategis",
        ],
    ),
    (
        "M.03",
        "Komunikasi",
        "manajerial",
        "Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis dan meyakinkan.",
        [
            "Menyampaikan informasi dengan jelas",
            "Aktif menjalankan komunikasi dua arah",
            "Berkomunikasi secara asertif",
            "Mengemukakan pemikiran multidimensi secara lisan dan tertulis",
            "Menggagas sistem komunikasi yang terbuka secara strategis",
        ],
    ),
    (
        "M.04",
        "Orientasi pada Hasil",
        "manajerial",
        "Kemampuan mempertahankan komitmen untuk menyelesaikan tugas dengan kualitas tinggi.",
        [
            "Bertanggung jawab untuk memenuhi standar kerja",
            "Berupaya meningkatkan hasil kerja melebihi standar",
            "Menetapkan target kerja yang menantang",
            "Mendorong unit kerja mencapai target yang menantang",
            "Kontribusi hasil bagi organisasi dan negara",
        ],
    ),
    (
        "M.05",
        "Pelayanan Publik",
        "manajerial",
        "Kemampuan melaksanakan tugas pemerintahan dan pelayanan publik secara profesional dan transparan.",
        [
            "Menjalankan pelayanan sesuai SOP",
            "Mampu mengupayakan pelayanan yang memenuhi kebutuhan",
            "Mampu memonitor dan mengevaluasi pelayanan",
            "Mampu memperbaiki sistem pelayanan",
            "Mampu menciptakan kebijakan pelayanan publik",
        ],
    ),
    (
        "M.06",
        "Pengembangan Diri dan Orang Lain",
        "manajerial",
        "Kemampuan meningkatkan pengetahuan dan menyempurnakan keterampilan diri serta menginspirasi orang lain.",
        [
            "Pengembangan diri",
            "Meningkatkan kemampuan bawahan dengan memberikan contoh",
            "Memberikan umpan balik dan membimbing",
            "Menyusun program pengembangan jangka panjang",
            "Menciptakan situasi yang mendorong organisasi terus belajar",
        ],
    ),
    (
        "M.07",
        "Mengelola Perubahan",
        "manajerial",
        "Kemampuan menyesuaikan diri dengan situasi baru dan mendorong proses perubahan.",
        [
            "Mengikuti perubahan dengan arahan",
            "Proaktif beradaptasi mengikuti perubahan",
            "Membantu orang lain mengikuti perubahan",
            "Memimpin perubahan pada unit kerja",
            "Memimpin, menggerakkan dan mengevaluasi perubahan secara strategis",
        ],
    ),
    (
        "M.08",
        "Pengambilan Keputusan",
        "manajerial",
        "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri.",
        [
            "Mengumpulkan informasi untuk bertindak sesuai kewenangan",
            "Menganalisis masalah secara mendalam",
            "Membandingkan berbagai alternatif dan menyeimbangkan risiko",
            "Menyusun dan memutuskan konsep penyelesaian masalah",
            "Menghasilkan solusi dan mengambil keputusan strategis",
        ],
    ),
    (
        "SK.01",
        "Perekat Bangsa",
        "sosial_kultural",
        "Kemampuan mempromosikan sikap toleransi, keterbukaan dan peka terhadap perbedaan dalam masyarakat majemuk.",
        [
            "Peka memahami dan menerima kemajemukan",
            "Aktif mengembangkan sikap saling menghargai",
            "Mempromosikan dan mengembangkan toleransi dan persatuan",
            "Mendayagunakan perbedaan secara konstruktif",
            "Wakil pemerintah membangun hubungan sosial-psikologis di tengah kemajemukan",
        ],
    ),
]


def load_unit_kerja(UnitKerja) -> None:
    """The perangkat daerah of Kota Sorong (domain-reference.md, seed data A and §8.4)."""
    by_kode = {}
    for kode, nama, singkatan, jenis, induk in UNIT_KERJA:
        parent = by_kode.get(induk)
        unit, _ = UnitKerja.objects.get_or_create(
            kode=kode, defaults={"nama": nama, "singkatan": singkatan, "jenis": jenis, "parent": parent}
        )
        # Historical models lack UnitKerja.save(), so the materialised path is written here.
        path = (unit.parent.path if unit.parent_id else "") + f"{unit.pk:06d}/"
        if unit.path != path:
            unit.path = path
            unit.save(update_fields=["path"])
        by_kode[kode] = unit


def load_kompetensi(Kompetensi) -> None:
    """The manajerial (M.01–M.08) and sosial kultural competences of Permenpan RB 38/2017."""
    for kode, nama, jenis, definisi, levels in KOMPETENSI:
        Kompetensi.objects.get_or_create(
            kode=kode,
            defaults={
                "nama": nama,
                "jenis": jenis,
                "definisi": definisi,
                **{f"level_{i}": text for i, text in enumerate(levels, start=1)},
            },
        )
