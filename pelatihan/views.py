import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pegawai.models import Pegawai, UnitKerja
from privasi.models import Akses
from privasi.services import catat_akses
from sorong_asn.formatting import NAMA_BULAN
from sorong_asn.spreadsheet import spreadsheet_response

from . import services
from .filters import PelatihanFilter
from .forms import CatatanEksternalForm, MitraForm, NominasiForm, PelatihanForm, PenyelesaianForm, UmpanBalikForm
from .models import (
    CatatanJP,
    Mitra,
    Pelatihan,
    PertanyaanUmpanBalik,
    Peserta,
    UmpanBalik,
    jp_status,
    with_jp_kurang,
)

admin_required = permission_required("akun.kelola_semua_unit", raise_exception=True)


def _tahun(request) -> int:
    """The year asked for in ?tahun=, or this year; never a 500 on junk."""
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year
    return tahun if 2000 <= tahun <= 2100 else timezone.localdate().year


def _pilihan_tahun(tahun: int) -> list[int]:
    sekarang = timezone.localdate().year
    return sorted({sekarang - 2, sekarang - 1, sekarang, sekarang + 1, tahun})


# --- Home page and employee page hooks -----------------------------------------------------------


def home_context(request) -> dict:
    user = request.user
    today = timezone.localdate()
    context = {"pelatihan_dibuka": Pelatihan.objects.filter(status=Pelatihan.Status.PENDAFTARAN).count()}
    pegawai = user.profil_pegawai
    if pegawai:
        context["jp_saya"] = jp_status(pegawai, today.year)
        context["umpan_balik_menunggu"] = list(
            Peserta.objects.menunggu_umpan_balik(today).filter(pegawai=pegawai).select_related("pelatihan")
        )
    if user.is_admin_bkpsdm:
        context["verifikasi_menunggu"] = CatatanJP.objects.menunggu_verifikasi().count()
        context["pelatihan_ditinjau"] = Pelatihan.objects.perlu_ditinjau().count()
    if user.sees_whole_instansi or user.is_operator_opd:
        context["pns_kurang_jp"] = (
            with_jp_kurang(Pegawai.objects.visible_to(user).aktif(), today.year).filter(jp_kurang__gt=0).count()
        )
    return context


def pegawai_section_context(request, pegawai) -> dict:
    """JP standing and trainings of one employee on their detail page (already scoped by the caller)."""
    tahun = timezone.localdate().year
    return {
        "jp_pegawai": jp_status(pegawai, tahun),
        "catatan_jp_pegawai": list(CatatanJP.objects.filter(pegawai=pegawai, tahun=tahun)),
        "keikutsertaan_pegawai": list(
            pegawai.keikutsertaan.exclude(status=Peserta.Status.BATAL).select_related("pelatihan")[:10]
        ),
    }


# --- Catalog ---------------------------------------------------------------------------------------


def pelatihan_list(request):
    qs = Pelatihan.objects.dengan_ringkasan().select_related("mitra")
    f = PelatihanFilter(request.GET, queryset=qs)
    page = Paginator(f.qs, 20).get_page(request.GET.get("page"))
    return render(request, "pelatihan/pelatihan_list.html", {"filter": f, "page": page})


def _bulan(request) -> date:
    try:
        tahun, bulan = (int(x) for x in request.GET.get("bulan", "").split("-"))
        return date(tahun, bulan, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def pelatihan_kalender(request):
    awal = _bulan(request)
    minggu = calendar.Calendar().monthdatescalendar(awal.year, awal.month)
    pelatihan = list(
        Pelatihan.objects.exclude(status=Pelatihan.Status.BATAL)
        .filter(tanggal_mulai__lte=minggu[-1][-1], tanggal_selesai__gte=minggu[0][0])
        .order_by("tanggal_mulai", "judul")
    )
    grid = [
        [(hari, [p for p in pelatihan if p.tanggal_mulai <= hari <= p.tanggal_selesai]) for hari in w] for w in minggu
    ]
    sebelum = (awal.replace(day=1) - date.resolution).replace(day=1)
    sesudah = date(awal.year + awal.month // 12, awal.month % 12 + 1, 1)
    context = {
        "grid": grid,
        "awal": awal,
        "judul_bulan": f"{NAMA_BULAN[awal.month - 1]} {awal.year}",
        "sebelum": f"{sebelum:%Y-%m}",
        "sesudah": f"{sesudah:%Y-%m}",
        "pelatihan_bulan": [p for p in pelatihan if p.tanggal_selesai >= awal and p.tanggal_mulai < sesudah],
    }
    return render(request, "pelatihan/pelatihan_kalender.html", context)


def pelatihan_detail(request, pk):
    user = request.user
    pelatihan = get_object_or_404(Pelatihan.objects.dengan_ringkasan().select_related("mitra"), pk=pk)
    peserta = (
        Peserta.objects.visible_to(user)
        .filter(pelatihan=pelatihan)
        .select_related("pegawai__unit_kerja", "pegawai__jabatan")
        .order_by("status", "didaftarkan", "pk")
    )
    saya = (
        Peserta.objects.filter(pelatihan=pelatihan, pegawai__user=user).select_related("umpan_balik").first()
        if user.profil_pegawai
        else None
    )
    bisa_nominasi = (user.is_admin_bkpsdm or user.is_operator_opd) and pelatihan.bisa_dinominasikan
    context = {
        "pelatihan": pelatihan,
        "kompetensi": list(pelatihan.kompetensi.all()),
        "peserta": list(peserta),
        "saya": saya,
        "alasan_umpan_balik": saya.alasan_tidak_bisa_umpan_balik(timezone.localdate()) if saya else "",
        "bisa_daftar": bool(
            user.profil_pegawai and pelatihan.pendaftaran_dibuka and (saya is None or saya.status == "batal")
        ),
        "bisa_nominasi": bisa_nominasi,
        "bisa_kelola": user.is_admin_bkpsdm,
        # BKPSDM's programme-review decisions (evaluasi) belong on the programme itself.
        "keputusan": list(pelatihan.keputusan_program.select_related("oleh")),
        "trail": [("Pelatihan", reverse("pelatihan:list")), (pelatihan.judul, None)],
    }
    if bisa_nominasi:
        context["nominasi_form"] = NominasiForm(pegawai_qs=Pegawai.objects.editable_by(user).aktif())
        context["saran"] = services.suggest_peserta(
            pelatihan=pelatihan, pegawai_qs=Pegawai.objects.editable_by(user), limit=10
        )
    if user.sees_whole_instansi or user.is_operator_opd:
        ringkasan = services.summarize_umpan_balik(UmpanBalik.objects.filter(peserta__pelatihan=pelatihan))
        # Before the training runs, "0 tanggapan" under an open registration is just noise.
        if ringkasan.jumlah or pelatihan.status in (Pelatihan.Status.BERJALAN, Pelatihan.Status.SELESAI):
            context["ringkasan"] = ringkasan
    return render(request, "pelatihan/pelatihan_detail.html", context)


def _edit(request, form_class, instance, *, judul: str, batal: str, pesan):
    """Create-or-edit page of a catalog record (BKPSDM only); `pesan(obj)` is the success message."""
    form = form_class(request.POST or None, instance=instance)
    if form.is_valid():
        obj = form.save()
        messages.success(request, pesan(obj))
        return redirect(obj)
    return render(request, "pelatihan/form.html", {"form": form, "judul": judul, "batal": batal})


@admin_required
def pelatihan_form(request, pk=None):
    return _edit(
        request,
        PelatihanForm,
        get_object_or_404(Pelatihan, pk=pk) if pk else None,
        judul="Ubah pelatihan" if pk else "Pelatihan baru",
        batal=reverse("pelatihan:list"),
        pesan=lambda p: f"Pelatihan “{p.judul}” disimpan ({p.jp} JP).",
    )


# --- Participants ------------------------------------------------------------------------------------


def _run(request, action, *, sukses: str = "") -> bool:
    """Run a service; show its PelatihanError as a message instead of a 500."""
    try:
        hasil = action()
    except services.PelatihanError as error:
        messages.error(request, str(error))
        return False
    if sukses or hasattr(hasil, "pesan"):
        messages.success(request, sukses or hasil.pesan)
    return True


@require_POST
def peserta_daftar(request, pk):
    pelatihan = get_object_or_404(Pelatihan, pk=pk)
    pegawai = request.user.profil_pegawai
    if pegawai is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    _run(request, lambda: services.register_peserta(pelatihan=pelatihan, pegawai=pegawai, by=request.user))
    return redirect(pelatihan)


@require_POST
def peserta_nominasi(request, pk):
    user = request.user
    if not (user.is_admin_bkpsdm or user.is_operator_opd):
        raise PermissionDenied
    pelatihan = get_object_or_404(Pelatihan, pk=pk)
    form = NominasiForm(request.POST, pegawai_qs=Pegawai.objects.editable_by(user).aktif())
    if form.is_valid():
        pegawai = form.cleaned_data["nip"]
        _run(request, lambda: services.register_peserta(pelatihan=pelatihan, pegawai=pegawai, by=user))
    else:
        messages.error(request, " ".join(form.errors["nip"]))
    return redirect(pelatihan)


@require_POST
def peserta_batal(request, pk):
    peserta = get_object_or_404(Peserta.objects.cancellable_by(request.user).select_related("pelatihan"), pk=pk)
    _run(
        request,
        lambda: services.cancel_peserta(peserta=peserta, by=request.user),
        sukses=f"Keikutsertaan {peserta.pegawai} dibatalkan.",
    )
    return redirect(peserta.pelatihan)


@admin_required
@require_POST
def peserta_kehadiran(request, pk):
    pelatihan = get_object_or_404(Pelatihan, pk=pk)
    hadir = {int(x) for x in request.POST.getlist("hadir") if x.isdigit()}
    jumlah = services.record_kehadiran(pelatihan=pelatihan, hadir_ids=hadir)
    messages.success(request, f"Kehadiran disimpan: {jumlah} peserta hadir.")
    return redirect(pelatihan)


@admin_required
def peserta_selesai(request, pk):
    peserta = get_object_or_404(Peserta.objects.select_related("pelatihan", "pegawai"), pk=pk)
    form = PenyelesaianForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        done = _run(
            request,
            lambda: services.complete_peserta(
                peserta=peserta,
                lulus=form.cleaned_data["hasil"],
                nomor_sertifikat=form.cleaned_data["nomor_sertifikat"],
                sertifikat=form.cleaned_data["sertifikat"],
                by=request.user,
            ),
            sukses=f"Hasil {peserta.pegawai} disimpan.",
        )
        if done:
            return redirect(peserta.pelatihan)
    context = {
        "form": form,
        "judul": f"Hasil pelatihan — {peserta.pegawai}",
        "keterangan": f"{peserta.pelatihan} · {peserta.pelatihan.jp} JP dicatat bila lulus.",
        "batal": peserta.pelatihan.get_absolute_url(),
        "multipart": True,
    }
    return render(request, "pelatihan/form.html", context, status=400 if request.method == "POST" else 200)


@admin_required
@require_POST
def peserta_buka(request, pk):
    peserta = get_object_or_404(Peserta.objects.select_related("pelatihan"), pk=pk)
    _run(request, lambda: services.undo_completion(peserta=peserta), sukses="Hasil dibuka kembali; JP dihapus.")
    return redirect(peserta.pelatihan)


def _sertifikat_response(berkas, nama: str):
    if not berkas:
        raise Http404
    ekstensi = berkas.name.rsplit(".", 1)[-1]
    return FileResponse(berkas.open("rb"), as_attachment=True, filename=f"{nama}.{ekstensi}")


def peserta_sertifikat(request, pk):
    peserta = get_object_or_404(Peserta.objects.visible_to(request.user).select_related("pegawai"), pk=pk)
    catat_akses(request, Akses.Jenis.BERKAS, peserta.pegawai, keterangan=f"Sertifikat pelatihan {peserta.pelatihan_id}")
    return _sertifikat_response(peserta.sertifikat, f"sertifikat-{peserta.pegawai.nip}-{peserta.pelatihan_id}")


# --- Feedback ------------------------------------------------------------------------------------------


def _umpan_balik_page(request, peserta, form, *, status=200):
    context = {"peserta": peserta, "pelatihan": peserta.pelatihan, "form": form}
    return render(request, "pelatihan/umpan_balik_form.html", context, status=status)


def umpan_balik_isi(request, pk):
    # Only the participant themself: anyone else (even BKPSDM) gets a 404.
    peserta = get_object_or_404(Peserta.objects.filter(pegawai__user=request.user).select_related("pelatihan"), pk=pk)
    today = timezone.localdate()
    if UmpanBalik.objects.filter(peserta=peserta).exists():
        messages.info(request, "Anda sudah mengisi umpan balik pelatihan ini.")
        if request.method == "POST":
            return _umpan_balik_page(request, peserta, None, status=400)
        return redirect("pelatihan:umpan_balik_ubah", pk=peserta.pk)
    alasan = peserta.alasan_tidak_bisa_umpan_balik(today)
    if alasan:
        messages.warning(request, alasan)
        return _umpan_balik_page(request, peserta, None, status=400)
    form = UmpanBalikForm(request.POST or None, pertanyaan=PertanyaanUmpanBalik.objects.aktif())
    if form.is_valid() and _run(
        request,
        lambda: services.submit_umpan_balik(
            peserta=peserta,
            nilai=form.nilai,
            saran=form.cleaned_data["saran"],
            rencana_penerapan=form.cleaned_data["rencana_penerapan"],
            today=today,
        ),
        sukses="Terima kasih, umpan balik Anda tersimpan.",
    ):
        return redirect(peserta.pelatihan)
    return _umpan_balik_page(request, peserta, form, status=400 if request.method == "POST" else 200)


def umpan_balik_ubah(request, pk):
    umpan_balik = get_object_or_404(
        UmpanBalik.objects.filter(peserta__pegawai__user=request.user).select_related("peserta__pelatihan"),
        peserta__pk=pk,
    )
    peserta = umpan_balik.peserta
    today = timezone.localdate()
    alasan = peserta.alasan_tidak_bisa_umpan_balik(today)
    if alasan:
        messages.warning(request, alasan)
        return _umpan_balik_page(request, peserta, None, status=400)
    awal = {f"q{j.pertanyaan_id}": j.nilai for j in umpan_balik.jawaban.all()}
    awal |= {"saran": umpan_balik.saran, "rencana_penerapan": umpan_balik.rencana_penerapan}
    form = UmpanBalikForm(request.POST or None, initial=awal, pertanyaan=PertanyaanUmpanBalik.objects.aktif())
    if form.is_valid():
        services.update_umpan_balik(
            umpan_balik=umpan_balik,
            nilai=form.nilai,
            saran=form.cleaned_data["saran"],
            rencana_penerapan=form.cleaned_data["rencana_penerapan"],
            today=today,
        )
        messages.success(request, "Umpan balik Anda diperbarui.")
        return redirect(peserta.pelatihan)
    return _umpan_balik_page(request, peserta, form, status=400 if request.method == "POST" else 200)


# --- Partners -------------------------------------------------------------------------------------------


def mitra_list(request):
    qs = Mitra.objects.annotate(jumlah_pelatihan=Count("pelatihan")).order_by("nama")
    jenis = request.GET.get("jenis", "")
    if jenis in Mitra.Jenis.values:
        qs = qs.filter(jenis=jenis)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "pelatihan/mitra_list.html",
        {"page": page, "jenis": jenis, "jenis_pilihan": Mitra.Jenis.choices, "today": timezone.localdate()},
    )


def mitra_detail(request, pk):
    mitra = get_object_or_404(Mitra, pk=pk)
    context = {
        "mitra": mitra,
        "pelatihan": list(Pelatihan.objects.filter(mitra=mitra).dengan_ringkasan()),
        "today": timezone.localdate(),
        "trail": [("Mitra", reverse("pelatihan:mitra_list")), (mitra.nama, None)],
    }
    if request.user.sees_whole_instansi or request.user.is_operator_opd:
        context["ringkasan"] = services.summarize_umpan_balik(
            UmpanBalik.objects.filter(peserta__pelatihan__mitra=mitra)
        )
    return render(request, "pelatihan/mitra_detail.html", context)


@admin_required
def mitra_form(request, pk=None):
    return _edit(
        request,
        MitraForm,
        get_object_or_404(Mitra, pk=pk) if pk else None,
        judul="Ubah mitra" if pk else "Mitra baru",
        batal=reverse("pelatihan:mitra_list"),
        pesan=lambda m: f"Mitra “{m.nama}” disimpan.",
    )


# --- JP ledger --------------------------------------------------------------------------------------------


def jp_saya(request):
    pegawai = request.user.profil_pegawai
    if pegawai is None:
        if request.user.sees_whole_instansi or request.user.is_operator_opd:
            return redirect("pelatihan:jp_unit")
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    return redirect("pelatihan:jp_pegawai", pk=pegawai.pk)


def jp_pegawai(request, pk):
    pegawai = get_object_or_404(Pegawai.objects.visible_to(request.user).select_related("unit_kerja"), pk=pk)
    tahun = _tahun(request)
    catat_akses(request, Akses.Jenis.JP, pegawai, keterangan=f"JP tahun {tahun}")
    catatan = CatatanJP.objects.filter(pegawai=pegawai, tahun=tahun).order_by("-tanggal", "-pk")
    context = {
        "pegawai": pegawai,
        "tahun": tahun,
        "tahun_pilihan": _pilihan_tahun(tahun),
        "status": jp_status(pegawai, tahun),
        "catatan": list(catatan),
        "bisa_catat": pegawai.user_id == request.user.pk
        or Pegawai.objects.editable_by(request.user).filter(pk=pk).exists(),
    }
    return render(request, "pelatihan/jp_pegawai.html", context)


def _jp_unit_qs(request, tahun):
    user = request.user
    qs = Pegawai.objects.visible_to(user).aktif().select_related("unit_kerja", "jabatan")
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = UnitKerja.objects.visible_to(user).filter(pk=request.GET["unit"]).first()
        if unit:
            qs = qs.filter(unit_kerja__path__startswith=unit.path)
    qs = with_jp_kurang(qs, tahun)
    if request.GET.get("kurang") == "1":
        qs = qs.filter(jp_kurang__gt=0)
    return qs.order_by("-jp_kurang", "unit_kerja__path", "nama"), unit


def jp_unit(request):
    """Per OPD (or an atasan's team): every employee's JP against the 20-JP rule, shortest first."""
    user = request.user
    if not (user.sees_whole_instansi or user.is_operator_opd or user.is_atasan):
        raise PermissionDenied
    tahun = _tahun(request)
    qs, unit = _jp_unit_qs(request, tahun)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        catat_akses(request, Akses.Jenis.EKSPOR, qs, keterangan=f"Ekspor JP per pegawai {tahun}")
        return spreadsheet_response(
            filename=f"jp-{tahun}-{unit.kode if unit else 'semua'}",
            headers=["NIP", "Nama", "Jenis ASN", "Unit kerja", "Jabatan", "JP tercatat", "JP dihitung", "Kurang JP"],
            rows=(
                [
                    p.nip,
                    p.nama_lengkap,
                    p.get_jenis_asn_display(),
                    str(p.unit_kerja),
                    str(p.jabatan or ""),
                    float(p.jp_realisasi),
                    float(p.jp_dihitung),
                    float(p.jp_kurang),
                ]
                for p in qs.iterator(chunk_size=2000)
            ),
            fmt=fmt,
        )
    rekap = qs.order_by().aggregate(
        jumlah=Count("pk"),
        pns=Count("pk", filter=Q(jenis_asn=Pegawai.JenisAsn.PNS)),
        kurang=Count("pk", filter=Q(jp_kurang__gt=0)),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tahun": tahun,
        "tahun_pilihan": _pilihan_tahun(tahun),
        "unit": unit,
        "unit_pilihan": UnitKerja.objects.visible_to(user).filter(parent__isnull=True)
        if user.sees_whole_instansi
        else UnitKerja.objects.visible_to(user),
        "rekap": rekap,
    }
    return render(request, "pelatihan/jp_unit.html", context)


SIASN_HEADERS = [
    "nipBaru",
    "nama",
    "jenisRiwayat",
    "jenisKursusNama",
    "namaKursus",
    "noSertipikat",
    "institusiPenyelenggara",
    "jumlahJam",
    "tahunKursus",
    "tanggalKursus",
    "tanggalSelesaiKursus",
]


def jp_siasn(request):
    """Verified records in SIASN riwayat kursus / riwayat diklat columns (domain-reference.md §9.1)."""
    user = request.user
    if not (user.sees_whole_instansi or user.is_operator_opd):
        raise PermissionDenied
    tahun = _tahun(request)
    fmt = request.GET.get("format") if request.GET.get("format") in ("csv", "xlsx") else "xlsx"
    catatan = (
        CatatanJP.objects.visible_to(user)
        .dihitung()
        .filter(tahun=tahun)
        .select_related("pegawai")
        .order_by("pegawai__nip", "tanggal")
    )
    catat_akses(
        request,
        Akses.Jenis.EKSPOR,
        Pegawai.objects.filter(pk__in=catatan.values("pegawai")),
        keterangan=f"Ekspor riwayat kursus SIASN {tahun}",
    )
    rows = (
        [
            c.pegawai.nip,
            c.pegawai.nama_lengkap,
            c.jenis_riwayat_siasn,
            c.get_bentuk_display(),
            c.judul,
            c.nomor_sertifikat,
            c.penyelenggara,
            float(c.jp),
            c.tahun,
            (c.tanggal_mulai or c.tanggal).strftime("%d-%m-%Y"),
            c.tanggal.strftime("%d-%m-%Y"),
        ]
        for c in catatan.iterator(chunk_size=2000)
    )
    return spreadsheet_response(
        filename=f"siasn-riwayat-kursus-{tahun}", headers=SIASN_HEADERS, rows=rows, fmt=fmt, text_columns=("nipBaru",)
    )


def catatan_baru(request):
    user = request.user
    mengelola = user.is_admin_bkpsdm or user.is_operator_opd
    if not mengelola and user.profil_pegawai is None:
        raise PermissionDenied
    pegawai_qs = Pegawai.objects.editable_by(user).aktif() if mengelola else None
    form = CatatanEksternalForm(request.POST or None, request.FILES or None, pegawai_qs=pegawai_qs)
    if form.is_valid():
        pegawai = form.cleaned_data["nip"] if mengelola else user.profil_pegawai
        catatan = services.record_catatan_eksternal(catatan=form.save(commit=False), pegawai=pegawai, by=user)
        messages.success(request, f"“{catatan.judul}” dicatat; JP dihitung setelah diverifikasi BKPSDM.")
        return redirect(reverse("pelatihan:jp_pegawai", args=[pegawai.pk]) + f"?tahun={catatan.tahun}")
    context = {
        "form": form,
        "judul": "Catat pengembangan kompetensi di luar katalog",
        "keterangan": "Misalnya kursus e-learning LAN yang bersertifikat. JP baru dihitung setelah diverifikasi "
        "Admin BKPSDM.",
        "batal": reverse("pelatihan:jp_saya"),
        "multipart": True,
    }
    return render(request, "pelatihan/form.html", context, status=400 if request.method == "POST" else 200)


@admin_required
def catatan_verifikasi_list(request):
    qs = CatatanJP.objects.menunggu_verifikasi().select_related("pegawai__unit_kerja").order_by("dibuat")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "pelatihan/catatan_verifikasi.html", {"page": page})


@admin_required
@require_POST
def catatan_verifikasi(request, pk):
    catatan = get_object_or_404(CatatanJP, pk=pk, sumber=CatatanJP.Sumber.EKSTERNAL)
    if services.verify_catatan(catatan=catatan, by=request.user):
        messages.success(request, f"“{catatan.judul}” diverifikasi; {catatan.jp} JP kini dihitung.")
    else:
        messages.info(request, "Catatan ini sudah diverifikasi.")
    return redirect("pelatihan:catatan_verifikasi_list")


@require_POST
def catatan_hapus(request, pk):
    """The author withdraws an unverified record; BKPSDM rejects any external record."""
    user = request.user
    qs = CatatanJP.objects.filter(sumber=CatatanJP.Sumber.EKSTERNAL)
    if not user.is_admin_bkpsdm:
        qs = qs.filter(Q(pegawai__user=user) | Q(dicatat_oleh=user), terverifikasi=False)
    catatan = get_object_or_404(qs, pk=pk)
    catatan.delete()
    messages.success(request, f"Catatan “{catatan.judul}” dihapus.")
    if user.is_admin_bkpsdm:
        return redirect("pelatihan:catatan_verifikasi_list")
    return redirect("pelatihan:jp_pegawai", pk=catatan.pegawai_id)


def catatan_sertifikat(request, pk):
    catatan = get_object_or_404(CatatanJP.objects.visible_to(request.user).select_related("pegawai"), pk=pk)
    catat_akses(request, Akses.Jenis.BERKAS, catatan.pegawai, keterangan=f"Sertifikat catatan JP {catatan.pk}")
    return _sertifikat_response(catatan.sertifikat, f"sertifikat-{catatan.pegawai.nip}-{catatan.pk}")
