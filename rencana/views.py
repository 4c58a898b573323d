from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from akun.middleware import background_request
from pegawai.models import Pegawai, UnitKerja
from privasi.models import Akses
from privasi.services import catat_akses
from sorong_asn.spreadsheet import spreadsheet_response

from . import services
from .forms import CatatanForm, ItemFormSet, RencanaTahunanForm, TahunRencanaForm, VersiForm
from .models import DokumenRencana, RencanaPengembangan, RencanaTahunan, TahunRencana
from .tahunan import OPD_PATH_LENGTH, items_tahunan, rekap_tahunan

S = RencanaPengembangan.Status
PER_HALAMAN = 25


def _tahun_aktif():
    """The planning year people work on: the newest open one (else the newest)."""
    return TahunRencana.objects.filter(status=TahunRencana.Status.DIBUKA).first() or TahunRencana.objects.first()


def _can_follow(user) -> bool:
    return user.sees_whole_instansi or user.is_operator_opd


def _tahun_from(request):
    tahun = request.GET.get("tahun")
    if tahun and tahun.isdigit():
        return get_object_or_404(TahunRencana, tahun=int(tahun))
    tahun = _tahun_aktif()
    if tahun is None:
        raise Http404("Belum ada tahun rencana.")
    return tahun


def home_context(request) -> dict:
    user = request.user
    tahun = _tahun_aktif()
    if tahun is None:
        return {"rencana_home": None}
    pegawai = user.profil_pegawai
    context = {
        "tahun": tahun,
        "rencana_saya": RencanaPengembangan.objects.filter(pegawai=pegawai, tahun=tahun).first() if pegawai else None,
        "punya_profil": pegawai is not None,
        "antrean_atasan": RencanaPengembangan.objects.filter(tahun=tahun).antrean_atasan(pegawai).count()
        if pegawai is not None and user.is_atasan
        else None,
        "antrean_verifikasi": RencanaPengembangan.objects.filter(tahun=tahun).antrean_verifikasi().count()
        if user.is_admin_bkpsdm
        else None,
    }
    return {"rencana_home": context}


def pegawai_section_context(request, pegawai) -> dict:
    """Context for this app's section on the employee detail page."""
    rencana = (
        RencanaPengembangan.objects.visible_to(request.user)
        .filter(pegawai=pegawai)
        .select_related("tahun")
        .annotate(total_jp=Sum("item__jp"), jumlah_item=Count("item"))
    )
    return {"rencana_pegawai": list(rencana)}


def index(request):
    user = request.user
    pegawai = user.profil_pegawai
    tahun = _tahun_aktif()
    rencana_saya = []
    if pegawai is not None:
        rencana_saya = list(
            RencanaPengembangan.objects.filter(pegawai=pegawai)
            .select_related("tahun")
            .annotate(total_jp=Sum("item__jp"), jumlah_item=Count("item"))
        )
    context = {
        "tahun": tahun,
        "pegawai": pegawai,
        "rencana_saya": rencana_saya,
        "bisa_buat": pegawai is not None
        and tahun is not None
        and tahun.status == TahunRencana.Status.DIBUKA
        and not any(r.tahun_id == tahun.pk for r in rencana_saya),
        "home": home_context(request)["rencana_home"],
        "bisa_pantau": _can_follow(user),
    }
    return render(request, "rencana/index.html", context)


@require_POST
def rencana_create(request):
    pegawai = request.user.profil_pegawai
    if pegawai is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    tahun = get_object_or_404(TahunRencana, pk=request.POST.get("tahun"))
    try:
        rencana = services.create_rencana(pegawai=pegawai, tahun=tahun, by=request.user)
    except services.TransisiGagal as error:
        messages.error(request, str(error))
        return redirect("rencana:list")
    messages.success(request, "Rencana dibuat dari kesenjangan kompetensi Anda. Periksa dan sesuaikan kegiatannya.")
    return redirect("rencana:edit", pk=rencana.pk)


def _rencana_for(request, pk):
    return get_object_or_404(
        RencanaPengembangan.objects.visible_to(request.user).select_related(
            "pegawai__atasan__user", "pegawai__unit_kerja", "pegawai__jabatan", "tahun", "penyetuju"
        ),
        pk=pk,
    )


def _saran(rencana, gaps):
    """Catalog trainings of the plan's year for the competences with a gap."""
    ids = [k.kompetensi.pk for k in gaps if k.gap and k.gap > 0]
    return services.saran_pelatihan(kompetensi_ids=ids, tahun=rencana.tahun.tahun)[:6]


def rencana_detail(request, pk):
    rencana = _rencana_for(request, pk)
    catat_akses(request, Akses.Jenis.RENCANA, rencana.pegawai, keterangan=f"Rencana {rencana.tahun}")
    gaps = rencana.pegawai.kesenjangan()
    per_kompetensi = {k.kompetensi.pk: k for k in gaps}
    items = list(rencana.item.select_related("kompetensi", "pelatihan__mitra"))
    for item in items:
        item.kesenjangan = per_kompetensi.get(item.kompetensi_id)
    total_jp = sum((i.jp for i in items), 0)
    context = {
        "rencana": rencana,
        "items": items,
        "total_jp": total_jp,
        "total_biaya": sum((i.biaya for i in items), 0),
        "peringatan": rencana.peringatan_jp(total_jp),
        "saran": _saran(rencana, gaps) if rencana.can_edit(request.user) else [],
        "riwayat": rencana.riwayat_status.select_related("oleh"),
        "bisa_ubah": rencana.can_edit(request.user),
        "bisa_setujui": rencana.can_approve(request.user),
        "bisa_verifikasi": rencana.can_verify(request.user),
        "bisa_kembalikan": rencana.can_return(request.user),
        "form_catatan": CatatanForm(initial={"versi": rencana.versi}),
    }
    return render(request, "rencana/rencana_detail.html", context)


def rencana_edit(request, pk):
    rencana = _rencana_for(request, pk)
    if not rencana.can_edit(request.user):
        raise PermissionDenied("Rencana ini hanya dapat diubah pemiliknya saat berstatus draf atau dikembalikan.")
    versi_form = VersiForm(request.POST or None, initial={"versi": rencana.versi})
    formset = ItemFormSet(request.POST or None, instance=rencana, form_kwargs={"tahun": rencana.tahun.tahun})
    status = 200
    if request.method == "POST" and versi_form.is_valid() and formset.is_valid():
        try:
            services.save_items(
                rencana=rencana, formset=formset, versi=versi_form.cleaned_data["versi"], by=request.user
            )
        except services.TransisiGagal as error:
            messages.error(request, str(error))
            status = 409
        else:
            messages.success(request, "Rencana disimpan.")
            return redirect(rencana)
    elif request.method == "POST":
        messages.error(request, "Periksa kembali isian yang ditandai.")
    gaps = rencana.pegawai.kesenjangan()
    context = {
        "rencana": rencana,
        "formset": formset,
        "versi_form": versi_form,
        "kesenjangan": gaps,
        "saran": _saran(rencana, gaps),
    }
    return render(request, "rencana/rencana_form.html", context, status=status)


AKSI = {
    "ajukan": (services.submit_rencana, "Rencana diajukan."),
    "setujui": (services.approve_rencana, "Rencana disetujui."),
    "verifikasi": (services.verify_rencana, "Rencana diverifikasi."),
    "kembalikan": (services.return_rencana, "Rencana dikembalikan kepada pegawai."),
}


@require_POST
def rencana_action(request, pk, aksi):
    if aksi not in AKSI:
        raise Http404("Aksi tidak dikenal.")
    rencana = _rencana_for(request, pk)
    service, pesan = AKSI[aksi]
    form = CatatanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Formulir tidak lengkap; muat ulang halaman lalu coba lagi.")
        return redirect(rencana)
    if form.cleaned_data["versi"] != rencana.versi:
        # A second click or an old tab: say what happened instead of refusing.
        messages.warning(request, services.pesan_status(rencana))
        return redirect(rencana)
    kwargs = {"rencana": rencana, "by": request.user, "versi": form.cleaned_data["versi"]}
    if aksi != "ajukan":
        kwargs["catatan"] = form.cleaned_data["catatan"]
    try:
        service(**kwargs)
    except services.TransisiGagal as error:
        messages.error(request, str(error))
    else:
        messages.success(request, pesan)
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt in (reverse("rencana:antrean"), reverse("rencana:verifikasi")) else rencana)


def _with_totals(qs):
    return qs.select_related("pegawai__jabatan", "pegawai__unit_kerja", "tahun").annotate(
        total_jp=Sum("item__jp"), total_biaya=Sum("item__biaya"), jumlah_item=Count("item")
    )


def antrean(request):
    """The supervisor's queue: plans of direct subordinates waiting for approval, with bulk approval."""
    atasan = request.user.profil_pegawai
    if atasan is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    tahun = _tahun_from(request)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("rencana") if i.isdigit()]
        if not ids:
            messages.error(request, "Pilih paling sedikit satu rencana untuk disetujui.")
        else:
            jumlah = services.approve_many(ids=ids, by=request.user)
            lewat = len(ids) - jumlah
            messages.success(request, f"{jumlah} rencana disetujui.")
            if lewat:
                messages.warning(request, f"{lewat} rencana dilewati karena statusnya sudah berubah.")
        return redirect(f"{reverse('rencana:antrean')}?tahun={tahun.tahun}")
    plans = RencanaPengembangan.objects.filter(tahun=tahun, pegawai__atasan=atasan)
    counts = dict(plans.values_list("status").annotate(n=Count("pk")).order_by())
    bawahan = atasan.bawahan.aktif().count()
    context = {
        "tahun": tahun,
        "antrean": _with_totals(plans.antrean_atasan(atasan).exclude(pegawai__user=request.user)).order_by(
            "pegawai__nama"
        ),
        "counts": [(label, counts.get(value, 0)) for value, label in S.choices],
        "belum": max(0, bawahan - sum(counts.values())),
        "semua": _with_totals(plans).order_by("status", "pegawai__nama"),
    }
    return render(request, "rencana/antrean.html", context)


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def verifikasi(request):
    """BKPSDM's verification queue (approved plans), filterable by OPD, with bulk verification."""
    tahun = _tahun_from(request)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("rencana") if i.isdigit()]
        if not ids:
            messages.error(request, "Pilih paling sedikit satu rencana untuk diverifikasi.")
        else:
            jumlah = services.verify_many(ids=ids, by=request.user)
            messages.success(request, f"{jumlah} rencana diverifikasi.")
            if len(ids) - jumlah:
                messages.warning(request, f"{len(ids) - jumlah} rencana dilewati karena statusnya sudah berubah.")
        return redirect(request.get_full_path())
    qs = RencanaPengembangan.objects.filter(tahun=tahun).antrean_verifikasi()
    opd = UnitKerja.objects.filter(parent__isnull=True).order_by("nama")
    kode = request.GET.get("opd", "")
    unit = opd.filter(kode=kode).first() if kode else None
    if unit:
        qs = qs.filter(pegawai__unit_kerja__path__startswith=unit.path)
    page = Paginator(_with_totals(qs).order_by("pegawai__unit_kerja__path", "pegawai__nama"), PER_HALAMAN).get_page(
        request.GET.get("page")
    )
    return render(request, "rencana/verifikasi.html", {"tahun": tahun, "page": page, "opd": opd, "unit": unit})


def tindak_lanjut(request):
    """Employees in the user's scope with the state of their plan: the Operator's follow-up list."""
    if not _can_follow(request.user):
        raise PermissionDenied
    tahun = _tahun_from(request)
    rencana = RencanaPengembangan.objects.filter(tahun=tahun, pegawai=OuterRef("pk"))
    qs = (
        Pegawai.objects.visible_to(request.user)
        .aktif()
        .select_related("unit_kerja", "jabatan")
        .annotate(rencana_id=Subquery(rencana.values("pk")), rencana_status=Subquery(rencana.values("status")))
        .order_by("unit_kerja__path", "nama")
    )
    status = request.GET.get("status", "")
    if status == "belum":
        qs = qs.filter(rencana_id__isnull=True)
    elif status in S.values:
        qs = qs.filter(rencana_status=status)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("page"))
    label = dict(S.choices)
    for p in page:
        p.rencana_label = label.get(p.rencana_status, "Belum menyusun")
    context = {"tahun": tahun, "page": page, "status": status, "pilihan": [("belum", "Belum menyusun"), *S.choices]}
    return render(request, "rencana/tindak_lanjut.html", context)


def progres(request):
    """Progress per OPD: employees, plans per state, and who has not started."""
    if not _can_follow(request.user):
        raise PermissionDenied
    tahun = _tahun_from(request)
    opd_key = Substr("unit_kerja__path", 1, OPD_PATH_LENGTH)
    pegawai = dict(
        Pegawai.objects.visible_to(request.user)
        .aktif()
        .annotate(opd=opd_key)
        .values_list("opd")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_status: dict[str, dict[str, int]] = {}
    for path, status, n in (
        RencanaPengembangan.objects.visible_to(request.user)
        .filter(tahun=tahun, pegawai__status=Pegawai.Status.AKTIF)
        .annotate(opd=Substr("pegawai__unit_kerja__path", 1, OPD_PATH_LENGTH))
        .values_list("opd", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_status.setdefault(path, {})[status] = n
    rows = []
    for unit in UnitKerja.objects.filter(path__in=pegawai.keys()).order_by("nama"):
        counts = per_status.get(unit.path, {})
        total = pegawai[unit.path]
        verified = counts.get(S.DIVERIFIKASI, 0)
        rows.append(
            {
                "unit": unit,
                "pegawai": total,
                "status": [counts.get(value, 0) for value in S.values],
                "belum": max(0, total - sum(counts.values())),
                "persen": round(100 * verified / total) if total else 0,
            }
        )
    context = {"tahun": tahun, "rows": rows, "statuses": S.choices}
    return render(request, "rencana/progres.html", context)


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def tahun_list(request):
    form = TahunRencanaForm(request.POST or None)
    if form.is_valid():
        tahun = form.save()
        RencanaTahunan.objects.get_or_create(tahun=tahun)
        messages.success(request, f"Tahun rencana {tahun} dibuka.")
        return redirect("rencana:tahun_list")
    tahun = TahunRencana.objects.annotate(
        jumlah=Count("rencana"), terverifikasi=Count("rencana", filter=Q(rencana__status=S.DIVERIFIKASI))
    )
    return render(request, "rencana/tahun_list.html", {"tahun_list": tahun, "form": form})


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def tahun_edit(request, tahun):
    obj = get_object_or_404(TahunRencana, tahun=tahun)
    form = TahunRencanaForm(request.POST or None, instance=obj)
    if form.is_valid():
        form.save()
        messages.success(request, f"Tahun rencana {obj} disimpan.")
        return redirect("rencana:tahun_list")
    return render(request, "rencana/tahun_form.html", {"form": form, "obj": obj})


def _annual_scope(request, tahun):
    """The unit the annual page shows: an Operator is held to their unit; others may pick an OPD."""
    user = request.user
    if user.sees_whole_instansi:
        kode = request.GET.get("opd") or request.POST.get("opd") or ""
        return get_object_or_404(UnitKerja, kode=kode, parent__isnull=True) if kode else None
    if user.is_operator_opd:
        return user.unit_kerja
    raise PermissionDenied


def _chart(kind, labels, values, label):
    return {
        "type": kind,
        "data": {"labels": labels, "datasets": [{"label": label, "data": [float(v) for v in values]}]},
        "options": {"plugins": {"legend": {"display": kind == "doughnut"}}},
    }


def tahunan(request, tahun):
    tahun = get_object_or_404(TahunRencana, tahun=tahun)
    unit = _annual_scope(request, tahun)
    rekap = rekap_tahunan(tahun=tahun, unit=unit)
    dokumen = (
        DokumenRencana.objects.visible_to(request.user)
        .filter(tahun=tahun)
        .select_related("unit_kerja", "diminta_oleh")[:20]
    )
    charts = {
        "chart_opd": _chart(
            "bar", [b.unit.singkatan or b.unit.nama for b in rekap.per_opd], [b.jp for b in rekap.per_opd], "JP"
        ),
        "chart_jalur": _chart("doughnut", [k.label for k in rekap.per_jalur], [k.jp for k in rekap.per_jalur], "JP"),
        "chart_triwulan": _chart(
            "bar", [k.label for k in rekap.per_triwulan], [k.biaya for k in rekap.per_triwulan], "Anggaran (Rp)"
        ),
    }
    context = {
        "tahun": tahun,
        "unit": unit,
        "rekap": rekap,
        "dokumen_list": dokumen,
        **charts,
        "opd": UnitKerja.objects.filter(parent__isnull=True).order_by("nama")
        if request.user.sees_whole_instansi
        else [],
        "bisa_cetak": request.user.is_admin_bkpsdm or request.user.is_operator_opd,
    }
    return render(request, "rencana/tahunan.html", context)


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def tahunan_pengaturan(request, tahun):
    tahun = get_object_or_404(TahunRencana, tahun=tahun)
    dokumen, _ = RencanaTahunan.objects.get_or_create(tahun=tahun)
    form = RencanaTahunanForm(request.POST or None, request.FILES or None, instance=dokumen)
    if form.is_valid():
        form.save()
        messages.success(request, "Data dokumen rencana tahunan disimpan.")
        return redirect("rencana:tahunan", tahun=tahun.tahun)
    return render(request, "rencana/tahunan_form.html", {"form": form, "tahun": tahun})


SIPKA_HEADERS = [
    "NIP",
    "Nama",
    "Jabatan",
    "Unit Kerja",
    "Kompetensi",
    "Bentuk",
    "Jalur",
    "JP",
    "Waktu",
    "Penyelenggara",
    "Anggaran",
]


def tahunan_xlsx(request, tahun):
    """The verified items in SIPKA-style columns (one row per development activity)."""
    tahun = get_object_or_404(TahunRencana, tahun=tahun)
    unit = _annual_scope(request, tahun)
    items = (
        items_tahunan(tahun, unit)
        .select_related("rencana__pegawai__unit_kerja", "rencana__pegawai__jabatan", "kompetensi", "pelatihan__mitra")
        .order_by("rencana__pegawai__unit_kerja__path", "rencana__pegawai__nama", "triwulan")
    )
    rows = (
        [
            i.rencana.pegawai.nip,
            i.rencana.pegawai.nama_lengkap,
            i.rencana.pegawai.jabatan.nama if i.rencana.pegawai.jabatan_id else "",
            i.rencana.pegawai.unit_kerja.nama,
            f"{i.kompetensi.kode} {i.kompetensi.nama}",
            i.get_bentuk_display(),
            i.jalur.label,
            float(i.jp),
            f"{i.get_triwulan_display()} {tahun.tahun}",
            i.pelatihan.mitra.nama if i.pelatihan_id and i.pelatihan.mitra_id else "BKPSDM Kota Sorong",
            int(i.biaya),
        ]
        for i in items.iterator(chunk_size=2000)
    )
    kode = unit.kode if unit else "KOTA"
    catat_akses(
        request,
        Akses.Jenis.EKSPOR,
        Pegawai.objects.filter(pk__in=items.values("rencana__pegawai")),
        keterangan=f"Ekspor SIPKA rencana {tahun.tahun} ({kode})",
    )
    return spreadsheet_response(
        filename=f"rencana-{tahun.tahun}-{kode}-sipka",
        headers=SIPKA_HEADERS,
        rows=rows,
        fmt="xlsx",
        sheet_title="SIPKA",
    )


@require_POST
def dokumen_create(request, tahun):
    tahun = get_object_or_404(TahunRencana, tahun=tahun)
    if not (request.user.is_admin_bkpsdm or request.user.is_operator_opd):
        raise PermissionDenied
    unit = _annual_scope(request, tahun)
    services.request_dokumen(tahun=tahun, unit=unit, by=request.user)
    messages.info(request, "PDF sedang dibuat; kemajuannya tampil di riwayat pembuatan.")
    url = reverse("rencana:tahunan", args=[tahun.tahun])
    return redirect(f"{url}?opd={unit.kode}" if unit and request.user.sees_whole_instansi else url)


@background_request
def dokumen_status(request, pk):
    dokumen = get_object_or_404(DokumenRencana.objects.visible_to(request.user).select_related("unit_kerja"), pk=pk)
    return render(request, "rencana/tahunan.html#dokumen-row", {"d": dokumen})


def dokumen_unduh(request, pk):
    dokumen = get_object_or_404(DokumenRencana.objects.visible_to(request.user), pk=pk)
    if dokumen.status != DokumenRencana.Status.SELESAI or not dokumen.berkas:
        raise Http404("PDF belum selesai dibuat.")
    catat_akses(
        request,
        Akses.Jenis.PDF,
        Pegawai.objects.filter(pk__in=items_tahunan(dokumen.tahun, dokumen.unit_kerja).values("rencana__pegawai")),
        keterangan=f"PDF {dokumen}",
    )
    response = FileResponse(
        dokumen.berkas.open("rb"),
        as_attachment=True,
        filename=dokumen.berkas.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response
