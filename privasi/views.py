import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pegawai.models import Pegawai
from sorong_asn.spreadsheet import spreadsheet_response

from . import ekspor, services
from .forms import AksesFilterForm, KoreksiForm, TanganiKoreksiForm
from .models import Akses, AksesSubjek, PermohonanKoreksi

PER_HALAMAN = 25


def _data_saya_context(request, form=None) -> dict:
    pegawai = request.user.profil_pegawai
    akses = Akses.objects.none()
    if pegawai is not None:
        akses = Akses.objects.tentang(pegawai).exclude(pengakses=request.user).select_related("pengakses")
    return {
        "pegawai": pegawai,
        "page": Paginator(akses, PER_HALAMAN).get_page(request.GET.get("page")),
        "koreksi": PermohonanKoreksi.objects.filter(pegawai=pegawai) if pegawai else [],
        "form": form or KoreksiForm(),
        "trail": [("Data saya", None)],
    }


@never_cache
def data_saya(request):
    """What the system holds about me, who looked at it, and how to get it corrected."""
    return render(request, "privasi/data_saya.html", _data_saya_context(request))


@never_cache
def unduh_data_saya(request):
    """All my data as one ZIP (JSON, XLSX, my certificates); only ever the requester's own."""
    # Closed by FileResponse once sent; spills to disk past 10 MB (certificates).
    berkas = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115
    ekspor.build_zip(request.user, berkas)
    berkas.seek(0)
    if request.user.profil_pegawai is not None:
        services.catat_akses(
            request, Akses.Jenis.DATA_PRIBADI, request.user.profil_pegawai, keterangan="Unduh data saya"
        )
    nama = f"data-saya-{request.user.username}-{timezone.localdate():%Y%m%d}.zip"
    response = FileResponse(berkas, as_attachment=True, filename=nama, content_type="application/zip")
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def koreksi_ajukan(request):
    pegawai = request.user.profil_pegawai
    if pegawai is None:
        raise Http404
    form = KoreksiForm(request.POST)
    if not form.is_valid():
        return render(request, "privasi/data_saya.html", _data_saya_context(request, form), status=400)
    services.ajukan_koreksi(pegawai=pegawai, isi=form.cleaned_data["isi"])
    messages.success(request, "Permohonan koreksi dikirim ke BKPSDM. Statusnya tampil di halaman ini.")
    return redirect("privasi:data_saya")


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def koreksi_list(request):
    status = request.GET.get("status", PermohonanKoreksi.Status.DIAJUKAN)
    qs = PermohonanKoreksi.objects.visible_to(request.user).select_related("pegawai__unit_kerja")
    if status in PermohonanKoreksi.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "status_pilihan": PermohonanKoreksi.Status.choices,
        "trail": [("Permohonan koreksi data", None)],
    }
    return render(request, "privasi/koreksi_list.html", context)


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def koreksi_detail(request, pk):
    permohonan = get_object_or_404(
        PermohonanKoreksi.objects.visible_to(request.user).select_related("pegawai", "ditangani_oleh"), pk=pk
    )
    form = TanganiKoreksiForm(request.POST or None)
    if permohonan.status == PermohonanKoreksi.Status.DIAJUKAN and form.is_valid():
        if services.tangani_koreksi(permohonan, by=request.user, **form.cleaned_data):
            messages.success(request, "Permohonan ditutup; pegawai melihat hasilnya di halaman Data saya.")
        else:
            messages.info(request, "Permohonan ini sudah ditangani orang lain.")
        return redirect("privasi:koreksi_list")
    context = {
        "permohonan": permohonan,
        "form": form,
        "ubah_url": f"{reverse('pegawai:edit', args=[permohonan.pegawai_id])}?koreksi={permohonan.pk}",
        "trail": [("Permohonan koreksi data", reverse("privasi:koreksi_list")), (str(permohonan.pegawai), None)],
    }
    return render(request, "privasi/koreksi_detail.html", context)


def _akses_filtered(form: AksesFilterForm):
    qs = Akses.objects.select_related("pengakses")
    if not form.is_valid():
        return qs.none()
    data = form.cleaned_data
    if data["pengakses"]:
        q = data["pengakses"]
        qs = qs.filter(Q(pengakses__username__icontains=q) | Q(pengakses__nama__icontains=q))
    if data["pegawai"]:
        q = data["pegawai"].replace(" ", "")
        orang = Pegawai.objects.filter(Q(nip=q) | Q(nama__icontains=data["pegawai"].strip()))
        qs = qs.filter(pk__in=AksesSubjek.objects.filter(pegawai__in=orang).values("akses"))
    if data["jenis"]:
        qs = qs.filter(jenis=data["jenis"])
    if data["dari"]:
        qs = qs.filter(waktu__date__gte=data["dari"])
    if data["sampai"]:
        qs = qs.filter(waktu__date__lte=data["sampai"])
    return qs


def _single_subjects(akses) -> dict[int, Pegawai]:
    """The one employee of each single-person record on a page, in one query (exports show a count)."""
    ids = [a.pk for a in akses if a.jumlah_subjek == 1]
    rows = AksesSubjek.objects.filter(akses_id__in=ids).select_related("pegawai")
    return {row.akses_id: row.pegawai for row in rows}


EKSPOR_HEADERS = ["Waktu", "Pengakses", "Nama pengakses", "Jenis", "Keterangan", "Data milik", "Alamat IP", "Halaman"]


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def akses_list(request):
    """BKPSDM: search the personal-data access log; export the result."""
    form = AksesFilterForm(request.GET or None)
    qs = _akses_filtered(form) if request.GET else Akses.objects.select_related("pengakses")
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        services.catat_akses(
            request,
            Akses.Jenis.EKSPOR,
            Pegawai.objects.filter(pk__in=AksesSubjek.objects.filter(akses__in=qs).values("pegawai")),
            keterangan="Ekspor catatan akses data pribadi",
        )
        return spreadsheet_response(
            filename="akses-data-pribadi", headers=EKSPOR_HEADERS, rows=_export_rows(qs), fmt=fmt
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    subjek = _single_subjects(page)
    rows = [(a, subjek.get(a.pk)) for a in page]
    context = {"form": form, "page": page, "rows": rows, "trail": [("Akses data pribadi", None)]}
    return render(request, "privasi/akses_list.html", context)


def _export_rows(qs):
    for chunk_start in range(0, qs.count(), 2000):
        chunk = list(qs[chunk_start : chunk_start + 2000])
        subjek = _single_subjects(chunk)
        for a in chunk:
            orang = subjek.get(a.pk)
            yield [
                timezone.localtime(a.waktu).strftime("%Y-%m-%d %H:%M:%S"),
                a.pengakses.username,
                a.pengakses.nama,
                a.get_jenis_display(),
                a.keterangan,
                f"{orang.nip} {orang.nama_lengkap}" if orang else f"{a.jumlah_subjek} pegawai",
                a.alamat_ip or "",
                a.alamat,
            ]
