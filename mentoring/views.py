from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pegawai.models import Pegawai
from pelatihan.models import CatatanJP
from privasi.models import Akses
from privasi.services import catat_akses
from sorong_asn.formatting import angka
from sorong_asn.spreadsheet import spreadsheet_response

from . import services
from .filters import PasanganFilter
from .forms import AlasanForm, PasanganForm, PenutupanForm, SesiForm, UmpanBalikForm, UsulCepatForm
from .models import PasanganMentoring, SesiMentoring, TargetMentoring

Status = PasanganMentoring.Status


def _is_pengelola(user) -> bool:
    """Admin BKPSDM and Operators propose and cancel pairs."""
    return user.is_admin_bkpsdm or user.is_operator_opd


def _sees_overview(user) -> bool:
    return user.sees_whole_instansi or user.is_operator_opd


def _timeline():
    return Prefetch("sesi", queryset=SesiMentoring.objects.order_by("tanggal", "pk"))


def home_context(request) -> dict:
    user = request.user
    context = {}
    pegawai = user.profil_pegawai
    if pegawai is not None:
        context["mentoring_saya"] = PasanganMentoring.objects.milik(pegawai).aggregate(
            aktif=Count("pk", filter=Q(status=Status.AKTIF)),
            usulan=Count("pk", filter=Q(status=Status.USULAN, mentor=pegawai)),
        ) | {"menunggu": SesiMentoring.objects.menunggu_konfirmasi(pegawai).count()}
    if _sees_overview(user):
        qs = PasanganMentoring.objects.visible_to(user)
        context["mentoring_lingkup"] = qs.aggregate(
            aktif=Count("pk", filter=Q(status=Status.AKTIF)), usulan=Count("pk", filter=Q(status=Status.USULAN))
        ) | {"tanpa_sesi": qs.tanpa_sesi(today=timezone.localdate()).count()}
    return context


def pegawai_section_context(request, pegawai) -> dict:
    """Context for this app's section on the employee detail page: pairs and mentoring JP this year."""
    pasangan = (
        PasanganMentoring.objects.visible_to(request.user)
        .milik(pegawai)
        .select_related("mentor", "mentee")
        .with_ringkasan()
    )
    jp = CatatanJP.objects.filter(
        pegawai=pegawai, sumber=CatatanJP.Sumber.MENTORING, tahun=timezone.localdate().year
    ).dihitung()
    return {"mentoring_pasangan": pasangan, "mentoring_jp_tahun_ini": jp.aggregate(total=Sum("jp"))["total"] or 0}


def pasangan_saya(request):
    """My pairs, as mentor and as mentee, each with its sessions as a timeline."""
    pegawai = request.user.profil_pegawai
    context = {
        "sees_overview": _sees_overview(request.user),
        "is_pengelola": _is_pengelola(request.user),
        "menit_per_jp": settings.MENTORING_MENIT_PER_JP,
    }
    if pegawai is not None:
        pasangan = list(
            PasanganMentoring.objects.milik(pegawai)
            .select_related("mentor__unit_kerja", "mentee__unit_kerja")
            .with_ringkasan()
            .prefetch_related(_timeline())
            .order_by("-tanggal_mulai", "-pk")
        )
        context |= {
            "sebagai_mentor": [p for p in pasangan if p.mentor_id == pegawai.pk],
            "sebagai_mentee": [p for p in pasangan if p.mentee_id == pegawai.pk],
            "menunggu_saya": set(SesiMentoring.objects.menunggu_konfirmasi(pegawai).values_list("pk", flat=True)),
        }
    return render(request, "mentoring/pasangan_saya.html", context)


EXPORT_HEADERS = [
    "Mentor",
    "NIP mentor",
    "Mentee",
    "NIP mentee",
    "Unit kerja mentee",
    "Jenis",
    "Status",
    "Mulai",
    "Rencana selesai",
    "Sesi",
    "Sesi dikonfirmasi",
    "Sesi terakhir",
    "JP",
]


def _export_rows(qs):
    for p in qs:
        yield [
            p.mentor.nama_lengkap,
            p.mentor.nip,
            p.mentee.nama_lengkap,
            p.mentee.nip,
            str(p.mentee.unit_kerja),
            p.get_jenis_display(),
            p.get_status_display(),
            p.tanggal_mulai,
            p.tanggal_selesai,
            p.jumlah_sesi,
            p.sesi_dikonfirmasi,
            p.sesi_terakhir,
            float(p.jp_kredit or 0),
        ]


def pasangan_list(request):
    """Overview for Admin BKPSDM, Pimpinan and Operators, with filters and a spreadsheet export."""
    user = request.user
    if not _sees_overview(user):
        raise PermissionDenied
    qs = (
        PasanganMentoring.objects.visible_to(user)
        .select_related("mentor", "mentee__unit_kerja")
        .with_ringkasan()
        .order_by("-tanggal_mulai", "-pk")
    )
    f = PasanganFilter(request.GET, queryset=qs, user=user)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        catat_akses(
            request,
            Akses.Jenis.EKSPOR,
            Pegawai.objects.filter(Q(pk__in=f.qs.values("mentor")) | Q(pk__in=f.qs.values("mentee"))),
            keterangan="Ekspor pasangan mentoring",
        )
        return spreadsheet_response(
            filename="pasangan-mentoring",
            headers=EXPORT_HEADERS,
            rows=_export_rows(f.qs),
            fmt=fmt,
            text_columns=("NIP mentor", "NIP mentee"),
            sheet_title="Mentoring",
        )
    page = Paginator(f.qs, 25).get_page(request.GET.get("page"))
    return render(
        request, "mentoring/pasangan_list.html", {"filter": f, "page": page, "is_pengelola": _is_pengelola(user)}
    )


def pasangan_detail(request, pk):
    pasangan = get_object_or_404(
        PasanganMentoring.objects.visible_to(request.user).select_related(
            "mentor__unit_kerja", "mentor__jabatan", "mentee__unit_kerja", "mentee__jabatan", "umpan_balik"
        ),
        pk=pk,
    )
    user = request.user
    sesi = list(pasangan.sesi.select_related("catatan_jp", "dicatat_oleh").order_by("tanggal", "pk"))
    for s in sesi:
        # The pair is already loaded; the flags spare the template any rule logic.
        s.pasangan = pasangan
        s.bisa_konfirmasi = s.can_confirm(user)
        s.bisa_ubah = s.can_edit(user)
    context = {
        "pasangan": pasangan,
        "sesi": sesi,
        "target": pasangan.target.all(),
        "bisa_centang": pasangan.can_check_target(user),
        "penilaian": pasangan.penilaian.select_related("kompetensi"),
        "jp_total": sum((s.catatan_jp.jp for s in sesi if s.catatan_jp), 0),
        "bisa_tanggapi": pasangan.can_respond(user),
        "bisa_tutup": pasangan.can_close(user),
        "bisa_umpan_balik": pasangan.can_give_umpan_balik(user) and not hasattr(pasangan, "umpan_balik"),
        "sesi_form": SesiForm(pasangan=pasangan) if pasangan.can_log_sesi(user) else None,
        "can_cancel": pasangan.is_berjalan and PasanganMentoring.objects.manageable_by(user).filter(pk=pk).exists(),
    }
    return render(request, "mentoring/pasangan_detail.html", context)


def pasangan_create(request):
    """Admin BKPSDM or the mentee's Operator proposes a pair; the mentor then accepts."""
    user = request.user
    if not _is_pengelola(user):
        raise PermissionDenied
    form = PasanganForm(
        request.POST or None,
        mentee_qs=Pegawai.objects.editable_by(user),
        mentor_qs=Pegawai.objects.visible_to(user),
    )
    if form.is_valid():
        try:
            pasangan = services.usulkan_pasangan(**form.cleaned_data, by=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Usulan pasangan mentoring disimpan; menunggu persetujuan mentor.")
            return redirect(pasangan)
    return render(request, "mentoring/pasangan_form.html", {"form": form})


def pasangan_saran(request):
    """New employees without a pair, each with the best candidate mentors and a one-click proposal."""
    user = request.user
    if not _is_pengelola(user):
        raise PermissionDenied
    today = timezone.localdate()
    qs = services.pegawai_baru(user=user, today=today).select_related("unit_kerja", "jabatan")
    page = Paginator(qs.order_by("-tmt_pengangkatan", "nama"), 20).get_page(request.GET.get("page"))
    saran = services.saran_mentor(mentees=list(page), user=user, today=today)
    baris = [(mentee, saran[mentee.pk]) for mentee in page]
    return render(request, "mentoring/pasangan_saran.html", {"page": page, "baris": baris})


@require_POST
def pasangan_usul_cepat(request):
    """The one-click proposal from the suggestions: orientation for six months with standard targets."""
    user = request.user
    if not _is_pengelola(user):
        raise PermissionDenied
    form = UsulCepatForm(
        request.POST, mentee_qs=Pegawai.objects.editable_by(user), mentor_qs=Pegawai.objects.visible_to(user)
    )
    if not form.is_valid():
        raise Http404("Pegawai tidak ditemukan di lingkup Anda.")
    mentee, mentor = form.cleaned_data["mentee"], form.cleaned_data["mentor"]
    today = timezone.localdate()
    try:
        pasangan = services.usulkan_pasangan(
            mentor=mentor,
            mentee=mentee,
            jenis=PasanganMentoring.Jenis.ORIENTASI,
            tujuan="Orientasi pegawai baru: mengenal organisasi, tugas jabatan dan budaya kerja BerAKHLAK.",
            target=services.TARGET_ORIENTASI,
            tanggal_mulai=today,
            tanggal_selesai=today + services.LAMA_ORIENTASI,
            by=user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mentoring:saran")
    messages.success(request, f"Usulan mentoring untuk {mentee.nama_lengkap} dikirim ke {mentor.nama_lengkap}.")
    return redirect(pasangan)


def _pasangan_for(request, pk):
    return get_object_or_404(
        PasanganMentoring.objects.visible_to(request.user).select_related("mentor", "mentee"), pk=pk
    )


def _run(request, pasangan, action, success):
    """Run a service; show its rule message (never a 500) and go back to the pair."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(pasangan)


@require_POST
def pasangan_terima(request, pk):
    pasangan = _pasangan_for(request, pk)
    if not pasangan.can_respond(request.user):
        raise PermissionDenied
    return _run(
        request,
        pasangan,
        lambda: services.terima_pasangan(pasangan=pasangan, by=request.user),
        "Anda menerima pasangan mentoring ini.",
    )


@require_POST
def pasangan_batal(request, pk):
    """The mentor declines a proposal, or a manager cancels a proposed or active pair."""
    pasangan = _pasangan_for(request, pk)
    is_manager = PasanganMentoring.objects.manageable_by(request.user).filter(pk=pk).exists()
    if not (pasangan.can_respond(request.user) or is_manager):
        raise PermissionDenied
    form = AlasanForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    return _run(
        request,
        pasangan,
        lambda: services.batalkan_pasangan(pasangan=pasangan, by=request.user, alasan=alasan),
        "Pasangan mentoring dibatalkan.",
    )


@require_POST
def sesi_create(request, pk):
    pasangan = _pasangan_for(request, pk)
    if not pasangan.can_log_sesi(request.user):
        raise PermissionDenied
    form = SesiForm(request.POST, pasangan=pasangan)
    if form.is_valid():
        form.instance.pasangan = pasangan
        form.instance.dicatat_oleh = request.user
        form.save()
        pihak_lain = pasangan.mentee if pasangan.pihak(request.user) == "mentor" else pasangan.mentor
        messages.success(request, f"Sesi dicatat; menunggu konfirmasi {pihak_lain.nama_lengkap}.")
        return redirect(pasangan)
    messages.error(request, "Sesi belum dicatat; periksa isian di bawah.")
    return render(request, "mentoring/sesi_form.html", {"pasangan": pasangan, "form": form}, status=400)


def _sesi_for(request, pk):
    return get_object_or_404(
        SesiMentoring.objects.visible_to(request.user).select_related("pasangan__mentor", "pasangan__mentee"), pk=pk
    )


@require_POST
def sesi_konfirmasi(request, pk):
    sesi = _sesi_for(request, pk)
    if not sesi.can_confirm(request.user):
        raise PermissionDenied
    return _run(
        request,
        sesi.pasangan,
        lambda: services.konfirmasi_sesi(sesi=sesi, by=request.user),
        f"Sesi dikonfirmasi; {angka(sesi.jp, 1)} JP dicatat untuk {sesi.pasangan.mentee.nama_lengkap}.",
    )


def sesi_edit(request, pk):
    sesi = _sesi_for(request, pk)
    if not sesi.can_edit(request.user):
        raise PermissionDenied
    form = SesiForm(request.POST or None, instance=sesi, pasangan=sesi.pasangan)
    if form.is_valid():
        try:
            services.ubah_sesi(sesi=sesi, perubahan={f: form.cleaned_data[f] for f in SesiForm.Meta.fields})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Sesi diubah.")
        return redirect(sesi.pasangan)
    return render(request, "mentoring/sesi_form.html", {"pasangan": sesi.pasangan, "form": form, "sesi": sesi})


@require_POST
def sesi_hapus(request, pk):
    sesi = _sesi_for(request, pk)
    if not sesi.can_edit(request.user):
        raise PermissionDenied
    # Conditional, so a session confirmed a moment ago stays (it is locked).
    deleted, _ = SesiMentoring.objects.filter(pk=sesi.pk, dikonfirmasi_pada__isnull=True).delete()
    if deleted:
        messages.success(request, "Sesi dihapus.")
    else:
        messages.error(request, "Sesi sudah dikonfirmasi dan terkunci.")
    return redirect(sesi.pasangan)


@require_POST
def target_centang(request, pk):
    target = get_object_or_404(
        TargetMentoring.objects.filter(pasangan__in=PasanganMentoring.objects.visible_to(request.user)).select_related(
            "pasangan__mentor", "pasangan__mentee"
        ),
        pk=pk,
    )
    if not target.pasangan.can_check_target(request.user):
        raise PermissionDenied
    target.tercapai = None if target.tercapai else timezone.localdate()
    target.save(update_fields=["tercapai"])
    if request.headers.get("HX-Request"):
        return render(request, "mentoring/pasangan_detail.html#target-item", {"t": target, "bisa_centang": True})
    return redirect(target.pasangan)


def umpan_balik(request, pk):
    """The mentee's feedback on the mentoring (B.1.8 style), once."""
    pasangan = _pasangan_for(request, pk)
    if not pasangan.can_give_umpan_balik(request.user):
        raise PermissionDenied
    if hasattr(pasangan, "umpan_balik"):
        messages.info(request, "Umpan balik sudah Anda berikan.")
        return redirect(pasangan)
    form = UmpanBalikForm(request.POST or None)
    if form.is_valid():
        form.instance.pasangan = pasangan
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:
            messages.info(request, "Umpan balik sudah Anda berikan.")
        else:
            messages.success(request, "Terima kasih, umpan balik Anda disimpan.")
        return redirect(pasangan)
    return render(request, "mentoring/umpan_balik_form.html", {"pasangan": pasangan, "form": form})


def pasangan_tutup(request, pk):
    """The mentor closes the pair with the closing assessment of the mentee's competences (B.1.9 style)."""
    pasangan = _pasangan_for(request, pk)
    if not pasangan.can_close(request.user):
        raise PermissionDenied
    form = PenutupanForm(request.POST or None, kompetensi=pasangan.kompetensi_dinilai())
    if form.is_valid():
        try:
            services.tutup_pasangan(
                pasangan=pasangan, by=request.user, penilaian=form.penilaian(), catatan=form.cleaned_data["catatan"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Mentoring ditutup dan penilaian akhir disimpan.")
            return redirect(pasangan)
    return render(request, "mentoring/pasangan_tutup.html", {"pasangan": pasangan, "form": form})
