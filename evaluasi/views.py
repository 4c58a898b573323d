from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from akun.middleware import background_request
from pegawai.models import Pegawai, scope_q
from pelatihan.models import Pelatihan, UmpanBalik
from pelatihan.services import summarize_umpan_balik
from privasi.models import Akses
from privasi.services import catat_akses
from rencana.models import TahunRencana
from sorong_asn.spreadsheet import spreadsheet_response

from . import dasbor, program, services
from .forms import EvaluasiL3Form, KeputusanForm, PenilaianAtasanForm, PenilaianDiriForm, SiklusForm
from .models import EvaluasiPascaPelatihan, EvaluasiProgres, Pengingat, SiklusEvaluasi, pascapelatihan_jatuh_tempo

KELOLA_SEMUA = "akun.kelola_semua_unit"
BELL_ITEMS = 8


def _sees_dashboard(user) -> bool:
    return user.sees_whole_instansi or user.is_operator_opd


def _tugas(user, today):
    """What is waiting for this account: own self-assessments, subordinates to rate, level-3 evaluations."""
    evaluasi = EvaluasiProgres.objects.select_related("siklus__tahun", "pegawai")
    return {
        "penilaian_diri": evaluasi.filter(
            pegawai__user=user, status=EvaluasiProgres.Status.BELUM, siklus__tanggal_mulai__lte=today
        ),
        "penilaian_atasan": evaluasi.filter(pegawai__atasan__user=user, status=EvaluasiProgres.Status.DINILAI_DIRI),
        "pascapelatihan": pascapelatihan_jatuh_tempo(today)
        .filter(pegawai__atasan__user=user)
        .select_related("pegawai", "pelatihan"),
    }


def home_context(request) -> dict:
    user = request.user
    today = timezone.localdate()
    tugas = _tugas(user, today)
    return {
        "evaluasi_tugas": sum(qs.count() for qs in tugas.values()),
        "evaluasi_pengingat_baru": Pengingat.objects.untuk(user).belum_dibaca().count(),
    }


def _tahun(request) -> int:
    """The year asked for; by default this year if it is a planning year, else the latest one."""
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        now = timezone.localdate().year
        tahun = list(TahunRencana.objects.filter(tahun__lte=now + 1).values_list("tahun", flat=True)[:2])
        return now if now in tahun or not tahun else tahun[0]


def index(request):
    today = timezone.localdate()
    if not _sees_dashboard(request.user):
        return render(request, "evaluasi/tugas.html", {"tugas": _tugas(request.user, today)})
    tahun = _tahun(request)
    tables = {key: (judul, *fn(request.user, tahun, today)) for key, (judul, fn) in dasbor.TABLES.items()}
    charts = _charts(tables)
    return render(
        request,
        "evaluasi/index.html",
        {
            "tahun": tahun,
            # The year shown is always in the list, even when it is not a planning year.
            "pilihan_tahun": sorted({tahun, *TahunRencana.objects.values_list("tahun", flat=True)}, reverse=True),
            "tables": tables,
            "ringkasan": dasbor.ringkasan(tables),
            "charts": charts,
            # City-wide the JP chart has one bar pair per OPD: give it room for every name.
            "grafik_jp_panjang": len(charts["jp"]["data"]["labels"]) > GRAFIK_OPD_RINGKAS,
        },
    )


GRAFIK_OPD_RINGKAS = 8  # OPDs that fit the default 16:9 chart box


def _charts(tables) -> dict:
    _, headers, rows = tables["rencana"]
    status = {"type": "bar", "data": {"labels": headers[1:-1], "datasets": [{"label": "Rencana", "data": []}]}}
    if rows:
        status["data"]["datasets"][0]["data"] = [float(v) for v in rows[-1][1:-1]]
    _, _, rows = tables["jp"]
    per_opd = rows[:-1]
    jp = {
        "type": "bar",
        "data": {
            "labels": [r[0] for r in per_opd],
            "datasets": [
                {"label": "Target JP rencana", "data": [float(r[2]) for r in per_opd]},
                {"label": "JP terealisasi", "data": [float(r[3]) for r in per_opd]},
            ],
        },
        "options": {"indexAxis": "y", "scales": {"y": {"ticks": {"autoSkip": False}}}},
    }
    return {"status": status, "jp": jp}


def dashboard_export(request, key):
    if not _sees_dashboard(request.user):
        raise PermissionDenied
    if key not in dasbor.TABLES:
        raise Http404
    tahun = _tahun(request)
    judul, fn = dasbor.TABLES[key]
    headers, rows = fn(request.user, tahun, timezone.localdate())
    return spreadsheet_response(
        filename=f"{judul}-{tahun}", headers=headers, rows=rows, fmt=_fmt(request), sheet_title=judul[:30]
    )


def _fmt(request) -> str:
    return "xlsx" if request.GET.get("format") == "xlsx" else "csv"


def tugas(request):
    return render(request, "evaluasi/tugas.html", {"tugas": _tugas(request.user, timezone.localdate())})


def siklus_list(request):
    today = timezone.localdate()
    siklus = SiklusEvaluasi.objects.select_related("tahun").annotate(
        jumlah=Count("evaluasi", filter=scope_q(request.user, "evaluasi__pegawai__")),
        selesai=Count(
            "evaluasi",
            filter=scope_q(request.user, "evaluasi__pegawai__") & Q(evaluasi__status=EvaluasiProgres.Status.SELESAI),
        ),
    )
    return render(request, "evaluasi/siklus_list.html", {"siklus_list": siklus, "today": today})


@permission_required(KELOLA_SEMUA, raise_exception=True)
def siklus_create(request):
    form = SiklusForm(request.POST or None)
    if form.is_valid():
        siklus = form.save(commit=False)
        siklus.dibuat_oleh = request.user
        siklus.save()
        jumlah = services.open_siklus(siklus=siklus)
        messages.success(request, f"Siklus {siklus} dibuat dengan {jumlah} evaluasi progres.")
        return redirect(siklus)
    return render(request, "evaluasi/siklus_form.html", {"form": form})


@require_POST
@permission_required(KELOLA_SEMUA, raise_exception=True)
def siklus_refresh(request, pk):
    siklus = get_object_or_404(SiklusEvaluasi, pk=pk)
    jumlah = services.open_siklus(siklus=siklus)
    messages.success(request, f"{jumlah} evaluasi progres ditambahkan untuk rencana yang baru diverifikasi.")
    return redirect(siklus)


def siklus_detail(request, pk):
    siklus = get_object_or_404(SiklusEvaluasi.objects.select_related("tahun"), pk=pk)
    today = timezone.localdate()
    evaluasi = (
        EvaluasiProgres.objects.visible_to(request.user)
        .filter(siklus=siklus)
        .select_related("pegawai__unit_kerja", "pegawai__atasan")
    )
    if request.GET.get("status") == "terlambat":
        evaluasi = evaluasi.terlambat(today)
    elif request.GET.get("status") in EvaluasiProgres.Status.values:
        evaluasi = evaluasi.filter(status=request.GET["status"])
    headers = ["NIP", "Nama", "Unit kerja", "Status", "Item terlaksana", "JP terealisasi", "Target JP", "Predikat"]
    if request.GET.get("format"):
        catat_akses(
            request,
            Akses.Jenis.EKSPOR,
            Pegawai.objects.filter(pk__in=evaluasi.values("pegawai")),
            keterangan=f"Ekspor evaluasi {siklus}",
        )
        rows = (
            [
                e.pegawai.nip,
                e.pegawai.nama_lengkap,
                e.pegawai.unit_kerja.nama,
                e.get_status_display(),
                e.item_selesai,
                e.jp_realisasi,
                e.jp_target,
                e.get_predikat_display(),
            ]
            for e in evaluasi
        )
        return spreadsheet_response(filename=f"evaluasi-{siklus}", headers=headers, rows=rows, fmt=_fmt(request))
    terlambat_per_opd = (
        EvaluasiProgres.objects.visible_to(request.user)
        .filter(siklus=siklus)
        .terlambat(today)
        .annotate(opd=dasbor.opd_path("pegawai__"))
        .values("opd")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    names = dasbor.opd_names(request.user)
    context = {
        "siklus": siklus,
        "page": Paginator(evaluasi, 25).get_page(request.GET.get("page")),
        "status_choices": EvaluasiProgres.Status.choices,
        "terlambat_per_opd": [(names.get(r["opd"], r["opd"]), r["n"]) for r in terlambat_per_opd],
        "today": today,
    }
    return render(request, "evaluasi/siklus_detail.html", context)


def progres_detail(request, pk):
    evaluasi = get_object_or_404(
        EvaluasiProgres.objects.visible_to(request.user).select_related(
            "siklus__tahun", "pegawai__atasan", "pegawai__unit_kerja", "rencana", "penilai"
        ),
        pk=pk,
    )
    catat_akses(request, Akses.Jenis.EVALUASI, evaluasi.pegawai, keterangan=f"Evaluasi progres {evaluasi.siklus}")
    items = evaluasi.rencana.item.select_related("kompetensi", "pelatihan")
    diri_form = atasan_form = None
    if evaluasi.can_assess_self(request.user):
        diri_form = PenilaianDiriForm(
            request.POST if request.POST.get("langkah") == "diri" else None, jumlah_item=len(items)
        )
        if diri_form.is_valid():
            try:
                services.submit_penilaian_diri(evaluasi=evaluasi, today=timezone.localdate(), **diri_form.cleaned_data)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, "Penilaian diri terkirim ke atasan.")
            return redirect(evaluasi)
    elif evaluasi.can_assess_as_atasan(request.user):
        atasan_form = PenilaianAtasanForm(request.POST if request.POST.get("langkah") == "atasan" else None)
        if atasan_form.is_valid():
            try:
                services.submit_penilaian_atasan(evaluasi=evaluasi, by=request.user, **atasan_form.cleaned_data)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, "Penilaian atasan disimpan; evaluasi selesai.")
            return redirect(evaluasi)
    context = {"evaluasi": evaluasi, "items": items, "diri_form": diri_form, "atasan_form": atasan_form}
    return render(request, "evaluasi/progres_detail.html", context)


def l3_list(request):
    today = timezone.localdate()
    jatuh_tempo = (
        pascapelatihan_jatuh_tempo(today)
        .filter(scope_q(request.user, "pegawai__"))
        .select_related("pegawai__atasan", "pelatihan")
        .order_by("tanggal_selesai")
    )
    selesai = EvaluasiPascaPelatihan.objects.visible_to(request.user).select_related(
        "peserta__pegawai", "peserta__pelatihan", "penilai"
    )
    context = {
        "jatuh_tempo": Paginator(jatuh_tempo, 25).get_page(request.GET.get("page")),
        "selesai": selesai[:50],
    }
    return render(request, "evaluasi/l3_list.html", context)


def l3_form(request, peserta_pk):
    # Only the employee's own Atasan evaluates, and only while the evaluation is due.
    peserta = get_object_or_404(
        pascapelatihan_jatuh_tempo(timezone.localdate())
        .filter(pegawai__atasan__user=request.user)
        .select_related("pegawai", "pelatihan"),
        pk=peserta_pk,
    )
    form = EvaluasiL3Form(request.POST or None)
    if form.is_valid():
        evaluasi = form.save(commit=False)
        evaluasi.peserta = peserta
        evaluasi.penilai = request.user.profil_pegawai
        try:
            services.record_evaluasi_l3(evaluasi=evaluasi)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Evaluasi pascapelatihan {peserta.pegawai} disimpan.")
        return redirect("evaluasi:l3_list")
    return render(request, "evaluasi/l3_form.html", {"peserta": peserta, "form": form})


def program_list(request):
    if not _sees_dashboard(request.user):
        raise PermissionDenied
    grup = request.GET.get("per", "pelatihan")
    if grup not in program.GROUPS:
        grup = "pelatihan"
    headers, rows = program.review(grup)
    if request.GET.get("format"):
        return spreadsheet_response(filename=f"program-per-{grup}", headers=headers, rows=rows, fmt=_fmt(request))
    context = {
        "grup": grup,
        "headers": headers,
        "rows": rows,
        "ditinjau": program.perlu_ditinjau(),
        "groups": program.GROUPS,
        "batas_l3": program.BATAS_L3,
    }
    return render(request, "evaluasi/program_list.html", context)


def program_detail(request, pk):
    if not _sees_dashboard(request.user):
        raise PermissionDenied
    pelatihan = get_object_or_404(Pelatihan.objects.select_related("mitra"), pk=pk)
    l3 = EvaluasiPascaPelatihan.objects.filter(peserta__pelatihan=pelatihan)
    form = None
    if request.user.has_perm(KELOLA_SEMUA):
        form = KeputusanForm(request.POST or None)
        if form.is_valid():
            keputusan = form.save(commit=False)
            keputusan.pelatihan = pelatihan
            keputusan.oleh = request.user
            keputusan.save()
            messages.success(request, f'Keputusan "{keputusan.get_keputusan_display()}" dicatat.')
            return redirect("evaluasi:program_detail", pk=pelatihan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "pelatihan": pelatihan,
        "ringkasan_l1": summarize_umpan_balik(UmpanBalik.objects.filter(peserta__pelatihan=pelatihan)),
        "ringkasan_l3": program.ringkasan_l3(pelatihan),
        "evaluasi_l3": l3.filter(scope_q(request.user, "peserta__pegawai__")).select_related(
            "peserta__pegawai", "penilai"
        ),
        "keputusan": pelatihan.keputusan_program.select_related("oleh"),
        "form": form,
    }
    return render(request, "evaluasi/program_detail.html", context)


def notifikasi_list(request):
    pengingat = Pengingat.objects.untuk(request.user)
    return render(
        request, "evaluasi/notifikasi_list.html", {"page": Paginator(pengingat, 25).get_page(request.GET.get("page"))}
    )


@background_request
def notifikasi_bell(request):
    pengingat = Pengingat.objects.untuk(request.user)
    context = {"items": pengingat[:BELL_ITEMS], "belum_dibaca": pengingat.belum_dibaca().count()}
    return render(request, "evaluasi/_bell.html#daftar", context)


@require_POST
def notifikasi_baca(request, pk):
    pengingat = get_object_or_404(Pengingat.objects.untuk(request.user), pk=pk)
    Pengingat.objects.filter(pk=pengingat.pk, dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())
    if url_has_allowed_host_and_scheme(pengingat.tautan, allowed_hosts={request.get_host()}) and pengingat.tautan:
        return redirect(pengingat.tautan)
    return redirect("evaluasi:notifikasi")


@require_POST
def notifikasi_baca_semua(request):
    jumlah = Pengingat.objects.untuk(request.user).belum_dibaca().update(dibaca_pada=timezone.now())
    messages.success(request, f"{jumlah} notifikasi ditandai sudah dibaca.")
    return redirect("evaluasi:notifikasi")


@permission_required(KELOLA_SEMUA, raise_exception=True)
def pengingat_gagal(request):
    gagal = Pengingat.objects.filter(status__in=[Pengingat.Status.FAILED, Pengingat.Status.UNKNOWN]).select_related(
        "penerima"
    )
    if request.method == "POST":
        # Sending again is a human decision: the person may already have the email (status UNKNOWN).
        jumlah = gagal.filter(pk__in=request.POST.getlist("pk")).update(
            status=Pengingat.Status.PENDING, percobaan=0, coba_lagi_pada=None
        )
        messages.success(request, f"{jumlah} pengingat dijadwalkan untuk dikirim ulang.")
        return redirect("evaluasi:pengingat_gagal")
    return render(
        request, "evaluasi/pengingat_gagal.html", {"page": Paginator(gagal, 50).get_page(request.GET.get("page"))}
    )
