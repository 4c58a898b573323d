from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError as KombuError

from akun.middleware import background_request
from mentoring.views import pegawai_section_context as mentoring_section
from pelatihan.views import pegawai_section_context as pelatihan_section
from privasi.models import Akses
from privasi.services import catat_akses
from rencana.views import pegawai_section_context as rencana_section
from sorong_asn.ringkasan import cached_for_scope
from sorong_asn.spreadsheet import spreadsheet_response

from . import services
from .filters import PegawaiFilter
from .forms import (
    KompetensiForm,
    PegawaiForm,
    PenilaianForm,
    ProfilForm,
    PutusanAtasanForm,
    StandarForm,
    StatusForm,
    UnggahForm,
    UnggahPenilaianForm,
)
from .impor import TEMPLATE_CONTOH, TEMPLATE_HEADERS, HasilImpor
from .models import (
    GOLONGAN_LABEL,
    ImporPegawai,
    Jabatan,
    Kompetensi,
    Pegawai,
    PenilaianKompetensi,
    PermintaanAtasan,
    jpm,
    kategori_jpm,
    riwayat_perubahan,
)
from .tasks import confirm_upload_task, preview_upload_task

PER_HALAMAN = 25
PRATINJAU_BARIS = 200
ANTREAN_MATI = "Antrean pemrosesan sedang tidak tersedia; tidak ada data yang disimpan. Coba lagi beberapa saat lagi."


def home_context(request) -> dict:
    user = request.user
    if not (user.sees_whole_instansi or user.is_operator_opd or user.is_atasan):
        return {"jumlah_pegawai_lingkup": None}
    qs = Pegawai.objects.visible_to(user).aktif()
    if not (user.sees_whole_instansi or user.is_operator_opd):
        return {"jumlah_pegawai_lingkup": qs.filter(atasan__user=user).count()}
    return {"jumlah_pegawai_lingkup": cached_for_scope(user, "jumlah_pegawai", qs.count)}


class DeferredJoinPaginator(Paginator):
    """Finds a page's keys with a narrow query first, then loads just those rows.

    Deep pages of a 50,000-row list then sort only keys (served by the DUK index) instead of whole
    joined rows; the page's rows come back by primary key.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = self.object_list.order_by().in_bulk(keys)
        return self._get_page([rows[key] for key in keys], number, self)


def _require_manager(user) -> None:
    if not (user.is_admin_bkpsdm or user.is_operator_opd):
        raise PermissionDenied


def _filtered(request) -> PegawaiFilter:
    qs = Pegawai.objects.visible_to(request.user).select_related("unit_kerja", "jabatan").urut_duk()
    return PegawaiFilter(request.GET, queryset=qs, user=request.user)


def pegawai_list(request):
    f = _filtered(request)
    page = DeferredJoinPaginator(f.qs, PER_HALAMAN).get_page(request.GET.get("page"))
    return render(
        request,
        "pegawai/pegawai_list.html",
        {
            "filter": f,
            "page": page,
            "trail": [("Pegawai", None)],
            "boleh_kelola": request.user.is_admin_bkpsdm or request.user.is_operator_opd,
        },
    )


EKSPOR_HEADERS = [
    "NIP",
    "Jenis ASN",
    "Nama",
    "Gelar depan",
    "Gelar belakang",
    "Jenis kelamin",
    "Tanggal lahir",
    "Golongan",
    "Pangkat",
    "Jabatan",
    "Jenis jabatan",
    "Unit kerja",
    "Pendidikan",
    "Email",
    "Telepon",
    "Status",
]


def pegawai_export(request):
    f = _filtered(request)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    asn, kelamin = dict(Pegawai.JenisAsn.choices), dict(Pegawai.JenisKelamin.choices)
    status, jenis = dict(Pegawai.Status.choices), dict(Jabatan.Jenis.choices)
    catat_akses(request, Akses.Jenis.EKSPOR, f.qs, keterangan=f"Ekspor daftar pegawai ({fmt.upper()})")
    rows = (
        [
            p.nip,
            asn[p.jenis_asn],
            p.nama,
            p.gelar_depan,
            p.gelar_belakang,
            kelamin[p.jenis_kelamin],
            p.tanggal_lahir,
            GOLONGAN_LABEL.get(p.golongan, ""),
            p.pangkat,
            p.jabatan.nama if p.jabatan else "",
            jenis[p.jabatan.jenis] if p.jabatan else "",
            p.unit_kerja.nama,
            p.pendidikan,
            p.email,
            p.telepon,
            status[p.status],
        ]
        for p in f.qs.iterator(chunk_size=2000)
    )
    return spreadsheet_response(
        filename="pegawai", headers=EKSPOR_HEADERS, rows=rows, fmt=fmt, text_columns=("NIP", "Telepon")
    )


def pegawai_detail(request, pk):
    pegawai = get_object_or_404(
        Pegawai.objects.visible_to(request.user)
        .select_related("unit_kerja", "jabatan", "atasan")
        .prefetch_related("penilaian_kompetensi"),
        pk=pk,
    )
    catat_akses(request, Akses.Jenis.PROFIL, pegawai)
    kesenjangan = pegawai.kesenjangan()
    nilai_jpm = jpm(kesenjangan)
    user = request.user
    rantai_atasan = pegawai.rantai_atasan()
    context = {
        "pegawai": pegawai,
        "kesenjangan": kesenjangan,
        "jpm": nilai_jpm,
        "kategori_jpm": kategori_jpm(nilai_jpm),
        "grafik_kesenjangan": _gap_chart(kesenjangan),
        "bawahan": pegawai.bawahan.aktif().select_related("jabatan").order_by("-golongan", "nama"),
        "rantai_atasan": rantai_atasan,
        # An employee sees their superiors' names but not their pages: link only what opens.
        "atasan_terlihat": set(
            Pegawai.objects.visible_to(user).filter(pk__in=[a.pk for a in rantai_atasan]).values_list("pk", flat=True)
        ),
        "riwayat": riwayat_perubahan(pegawai)
        if user.is_admin_bkpsdm or user.is_operator_opd or pegawai.user_id == user.pk
        else [],
        "boleh_ubah": Pegawai.objects.editable_by(user).filter(pk=pk).exists(),
        "boleh_ubah_profil": pegawai.user_id == user.pk,
        "boleh_nilai": user.is_admin_bkpsdm,
        "status_pilihan": Pegawai.Status.choices,
        "trail": [("Pegawai", reverse("pegawai:list")), (pegawai.nama_lengkap, None)],
    }
    # Other apps fill their own sections of the page (JP, trainings, plan, mentoring).
    for section in (rencana_section, pelatihan_section, mentoring_section):
        context.update(section(request, pegawai))
    return render(request, "pegawai/pegawai_detail.html", context)


def _gap_chart(kesenjangan) -> dict | None:
    if not kesenjangan:
        return None
    return {
        "type": "bar",
        "data": {
            "labels": [k.kompetensi.kode for k in kesenjangan],
            "datasets": [
                {"label": "Level standar", "data": [k.standar for k in kesenjangan], "backgroundColor": "#9ab"},
                {"label": "Level aktual", "data": [k.aktual or 0 for k in kesenjangan], "backgroundColor": "#1f6f5c"},
            ],
        },
        "options": {"scales": {"y": {"min": 0, "max": 5, "ticks": {"stepSize": 1}}}},
    }


def pegawai_create(request):
    _require_manager(request.user)
    form = PegawaiForm(request.POST or None, user=request.user)
    if form.is_valid():
        form.instance.user = services.free_account(form.instance.nip)
        pegawai = _save_pegawai(request, form)
        messages.success(request, f"Pegawai {pegawai.nama_lengkap} ditambahkan.")
        return redirect(pegawai)
    return render(
        request,
        "pegawai/pegawai_form.html",
        {"form": form, "trail": [("Pegawai", reverse("pegawai:list")), ("Tambah", None)], "judul": "Tambah pegawai"},
    )


def pegawai_edit(request, pk):
    pegawai = get_object_or_404(Pegawai.objects.visible_to(request.user), pk=pk)
    if Pegawai.objects.editable_by(request.user).filter(pk=pk).exists():
        form = PegawaiForm(request.POST or None, instance=pegawai, user=request.user)
    elif pegawai.user_id == request.user.pk:
        # Employees keep their own contact details; unit, position and supervisor stay with the Operator.
        form = ProfilForm(request.POST or None, instance=pegawai)
    else:
        raise PermissionDenied
    if form.is_valid():
        koreksi = request.GET.get("koreksi", "")
        if koreksi.isdigit() and request.user.is_admin_bkpsdm:
            # A correction asked for by the employee (privasi): the history says why the data changed.
            form.instance._change_reason = f"Koreksi data atas permohonan no. {koreksi}"
        _save_pegawai(request, form)
        messages.success(request, "Data pegawai disimpan.")
        return redirect(pegawai)
    trail = [("Pegawai", reverse("pegawai:list")), (pegawai.nama_lengkap, pegawai.get_absolute_url()), ("Ubah", None)]
    return render(
        request, "pegawai/pegawai_form.html", {"form": form, "pegawai": pegawai, "trail": trail, "judul": "Ubah data"}
    )


PESAN_PERMINTAAN_ATASAN = (
    "Atasan dengan NIP {nip} tidak dapat Anda tetapkan sendiri (bukan pegawai unit Anda atau pimpinan di atasnya): "
    "permintaannya dikirim ke BKPSDM. Atasan yang tercatat tidak berubah sampai BKPSDM menyetujuinya."
)


@transaction.atomic
def _save_pegawai(request, form) -> Pegawai:
    pegawai = form.save()
    nip = getattr(form, "atasan_diminta", "")
    if nip:
        services.request_atasan(pegawai=pegawai, nip_atasan=nip, by=request.user)
        messages.info(request, PESAN_PERMINTAAN_ATASAN.format(nip=nip))
    return pegawai


def permintaan_atasan_list(request):
    """BKPSDM's queue of supervisor requests; an Operator follows their own OPD's requests here."""
    _require_manager(request.user)
    semua = PermintaanAtasan.objects.visible_to(request.user).select_related(
        "pegawai__unit_kerja", "diminta_oleh", "diputuskan_oleh"
    )
    menunggu = list(semua.menunggu())
    if request.user.is_admin_bkpsdm:
        # Only BKPSDM is told whom a NIP names.
        calon = Pegawai.objects.filter(nip__in=[p.nip_atasan for p in menunggu]).select_related("unit_kerja", "jabatan")
        by_nip = {p.nip: p for p in calon}
        for permintaan in menunggu:
            permintaan.calon = by_nip.get(permintaan.nip_atasan)
    selesai = semua.exclude(status=PermintaanAtasan.Status.MENUNGGU)[:50]
    trail = [("Pegawai", reverse("pegawai:list")), ("Permintaan atasan", None)]
    context = {"menunggu": menunggu, "selesai": selesai, "trail": trail, "form": PutusanAtasanForm()}
    return render(request, "pegawai/permintaan_atasan_list.html", context)


@require_POST
@permission_required("akun.kelola_semua_unit", raise_exception=True)
def permintaan_atasan_decide(request, pk):
    permintaan = get_object_or_404(PermintaanAtasan.objects.menunggu(), pk=pk)
    form = PutusanAtasanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih setujui atau tolak.")
        return redirect("pegawai:permintaan_atasan")
    setujui = form.cleaned_data["keputusan"] == "setujui"
    try:
        services.decide_permintaan_atasan(
            permintaan_id=permintaan.pk, setujui=setujui, catatan=form.cleaned_data["catatan"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        kata = "disetujui; atasan langsung diperbarui" if setujui else "ditolak"
        messages.success(request, f"Permintaan atasan untuk {permintaan.pegawai.nama_lengkap} {kata}.")
    return redirect("pegawai:permintaan_atasan")


@require_POST
def pegawai_status(request, pk):
    pegawai = get_object_or_404(Pegawai.objects.editable_by(request.user), pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_status(pegawai, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, f"Status {pegawai.nama_lengkap} kini {pegawai.get_status_display()}.")
    else:
        messages.error(request, "Status tidak dikenal.")
    return redirect(pegawai)


def impor_upload(request):
    _require_manager(request.user)
    form = UnggahForm(request.POST or None, request.FILES or None, user=request.user)
    if form.is_valid():
        impor = services.store_upload(
            berkas=form.cleaned_data["berkas"], user=request.user, buat_unit=form.cleaned_data.get("buat_unit", False)
        )
        _queue(preview_upload_task, impor)
        return redirect("pegawai:impor_preview", pk=impor.pk)
    # Every state, so a job left running can be found again; the result JSON is not needed here.
    riwayat = ImporPegawai.objects.visible_to(request.user).defer("hasil")[:10]
    trail = [("Pegawai", reverse("pegawai:list")), ("Impor", None)]
    return render(request, "pegawai/impor_form.html", {"form": form, "riwayat": riwayat, "trail": trail})


def _queue(task, impor: ImporPegawai) -> None:
    try:
        task.delay(str(impor.pk))
    except KombuError:
        # The broker does not answer: the job page says so instead of a 500 or a bar that never moves.
        services.fail_upload(impor_id=impor.pk, pesan=ANTREAN_MATI)


def _own_job(request, pk, jobs=ImporPegawai.objects) -> ImporPegawai:
    _require_manager(request.user)
    return get_object_or_404(jobs.visible_to(request.user), pk=pk)


def _job_context(impor: ImporPegawai) -> dict:
    hasil = HasilImpor.from_json(impor.hasil) if impor.hasil else None
    baris = hasil.baris if hasil else []
    return {
        "impor": impor,
        "hasil": hasil,
        "baris": baris[:PRATINJAU_BARIS],
        "terpotong": len(baris) > PRATINJAU_BARIS,
        "batas": PRATINJAU_BARIS,
    }


def impor_preview(request, pk):
    impor = _own_job(request, pk)
    trail = [("Pegawai", reverse("pegawai:list")), ("Impor", reverse("pegawai:impor")), ("Pratinjau", None)]
    return render(request, "pegawai/impor_preview.html", _job_context(impor) | {"trail": trail})


@background_request
def impor_status(request, pk):
    """The job's partial, polled by htmx every second while the job runs."""
    return render(request, "pegawai/_impor_job.html", _job_context(_own_job(request, pk)))


@require_POST
def impor_confirm(request, pk):
    # A finished import cannot be confirmed again (404); any other state that is not waiting for
    # confirmation (a double click while writing, a rejected file) just shows the job's page.
    impor = _own_job(request, pk, ImporPegawai.objects.exclude(status=ImporPegawai.Status.SELESAI))
    if not services.claim_confirm(impor_id=impor.pk):
        return impor_preview(request, pk)
    _queue(confirm_upload_task, impor)
    return redirect("pegawai:impor_preview", pk=impor.pk)


def impor_template(request):
    _require_manager(request.user)
    return spreadsheet_response(
        filename="templat-impor-pegawai",
        headers=TEMPLATE_HEADERS,
        rows=[TEMPLATE_CONTOH],
        fmt="xlsx",
        text_columns=("NIP", "NIP ATASAN", "TELEPON"),
        sheet_title="Pegawai",
    )


def kompetensi_list(request):
    kompetensi = Kompetensi.objects.all()
    trail = [("Kamus kompetensi", None)]
    return render(request, "pegawai/kompetensi_list.html", {"kompetensi": kompetensi, "trail": trail})


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def kompetensi_edit(request, pk=None):
    kompetensi = get_object_or_404(Kompetensi, pk=pk) if pk else None
    form = KompetensiForm(request.POST or None, instance=kompetensi)
    if form.is_valid():
        form.save()
        messages.success(request, "Kompetensi disimpan.")
        return redirect("pegawai:kompetensi_list")
    trail = [("Kamus kompetensi", reverse("pegawai:kompetensi_list")), (str(kompetensi or "Tambah"), None)]
    return render(request, "pegawai/kompetensi_form.html", {"form": form, "trail": trail})


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def jabatan_list(request):
    jabatan = Jabatan.objects.prefetch_related(Prefetch("standar_kompetensi", to_attr="daftar_standar")).order_by(
        "jenis", "nama"
    )
    page = Paginator(jabatan, 50).get_page(request.GET.get("page"))
    return render(request, "pegawai/jabatan_list.html", {"page": page, "trail": [("Standar kompetensi", None)]})


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def jabatan_standar(request, pk):
    jabatan = get_object_or_404(Jabatan, pk=pk)
    kompetensi = list(Kompetensi.objects.all())
    form = StandarForm(request.POST or None, jabatan=jabatan, kompetensi=kompetensi)
    if request.method == "POST" and "bawaan" in request.POST:
        services.save_standar(jabatan, levels=services.default_levels(jabatan))
        messages.success(request, "Standar bawaan (Permenpan RB 38/2017) diterapkan.")
        return redirect("pegawai:jabatan_standar", pk=pk)
    if form.is_valid():
        services.save_standar(jabatan, levels=form.levels())
        messages.success(request, f"Standar kompetensi {jabatan} disimpan.")
        return redirect("pegawai:jabatan_list")
    trail = [("Standar kompetensi", reverse("pegawai:jabatan_list")), (jabatan.nama, None)]
    return render(request, "pegawai/jabatan_standar.html", {"form": form, "jabatan": jabatan, "trail": trail})


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def penilaian_create(request, pk):
    pegawai = get_object_or_404(Pegawai.objects.visible_to(request.user), pk=pk)
    form = PenilaianForm(request.POST or None, instance=PenilaianKompetensi(pegawai=pegawai))
    if form.is_valid():
        services.save_penilaian([form.instance])
        messages.success(request, "Hasil penilaian disimpan.")
        return redirect(pegawai)
    trail = [
        ("Pegawai", reverse("pegawai:list")),
        (pegawai.nama_lengkap, pegawai.get_absolute_url()),
        ("Penilaian", None),
    ]
    return render(request, "pegawai/penilaian_form.html", {"form": form, "pegawai": pegawai, "trail": trail})


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def penilaian_import(request):
    form = UnggahPenilaianForm(request.POST or None, request.FILES or None)
    galat = []
    if form.is_valid():
        berkas = form.cleaned_data["berkas"]
        hasil = services.import_penilaian(raw=berkas.read(), filename=berkas.name, user=request.user)
        if hasil.galat:
            galat = hasil.galat
        else:
            messages.success(request, f"{hasil.jumlah} hasil penilaian disimpan.")
            return redirect("pegawai:penilaian_import")
    trail = [("Pegawai", reverse("pegawai:list")), ("Impor hasil penilaian", None)]
    return render(request, "pegawai/penilaian_import.html", {"form": form, "galat": galat, "trail": trail})
