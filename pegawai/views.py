from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from mentoring.views import pegawai_section_context as mentoring_section
from pelatihan.views import pegawai_section_context as pelatihan_section
from rencana.views import pegawai_section_context as rencana_section

from .models import Pegawai
from .nip import normalize_nip


def home_context(request) -> dict:
    user = request.user
    if not (user.sees_whole_instansi or user.is_operator_opd or user.is_atasan):
        return {"jumlah_pegawai_lingkup": None}
    qs = Pegawai.objects.visible_to(user).aktif()
    if not (user.sees_whole_instansi or user.is_operator_opd):
        qs = qs.filter(atasan__user=user)
    return {"jumlah_pegawai_lingkup": qs.count()}


def pegawai_list(request):
    qs = Pegawai.objects.visible_to(request.user).select_related("unit_kerja", "jabatan").urut_duk()
    q = request.GET.get("q", "").strip()
    if q:
        digits = normalize_nip(q) if q.replace(" ", "").replace(".", "").isdigit() else ""
        qs = qs.filter(Q(nama__icontains=q) | Q(nip__startswith=digits) if digits else Q(nama__icontains=q))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "pegawai/pegawai_list.html", {"page": page, "q": q})


def pegawai_detail(request, pk):
    pegawai = get_object_or_404(
        Pegawai.objects.visible_to(request.user).select_related("unit_kerja", "jabatan", "atasan"), pk=pk
    )
    context = {"pegawai": pegawai}
    # Other apps fill their own sections of the page (JP, trainings, plan, mentoring).
    for section in (rencana_section, pelatihan_section, mentoring_section):
        context.update(section(request, pegawai))
    return render(request, "pegawai/pegawai_detail.html", context)
