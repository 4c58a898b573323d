from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import DaftarOTPForm, KodeOTPForm, ResetMFAForm
from .middleware import second_factor_exempt
from .models import SesiLogin, User


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("home")


@second_factor_exempt
@never_cache
def otp_verifikasi(request):
    """The second step of the login: a code from the authenticator app, or a recovery code."""
    if not services.needs_second_factor(request.session):
        return redirect(_next_url(request))
    if services.totp_device(request.user) is None and not services.recovery_codes_left(request.user):
        return redirect(f"{reverse('otp_daftar')}?{request.GET.urlencode()}")
    form = KodeOTPForm(request.POST or None, user=request.user)
    if form.is_valid():
        services.mark_verified(request, form.device)
        if form.device.persistent_id != getattr(services.totp_device(request.user), "persistent_id", None):
            sisa = services.recovery_codes_left(request.user)
            messages.warning(
                request,
                f"Anda masuk dengan kode pemulihan; tersisa {sisa}. Daftarkan ponsel baru di halaman Keamanan akun.",
            )
        return redirect(_next_url(request))
    return render(request, "akun/otp_verifikasi.html", {"form": form, "next": _next_url(request)})


@second_factor_exempt
@never_cache
def otp_daftar(request):
    """Enrol an authenticator app: scan the QR code (drawn on this server), confirm with a first code."""
    if services.needs_second_factor(request.session) and services.totp_device(request.user) is not None:
        # Replacing an enrolled phone needs the second factor first.
        return redirect(f"{reverse('otp_verifikasi')}?{request.GET.urlencode()}")
    device = services.pending_totp_device(request.user)
    form = DaftarOTPForm(request.POST or None)
    if form.is_valid():
        codes = services.confirm_enrolment(request, device, form.cleaned_data["kode"])
        if codes is not None:
            messages.success(request, "Autentikasi dua faktor aktif untuk akun Anda.")
            return render(request, "akun/kode_pemulihan.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("kode", "Kode tidak cocok. Periksa bahwa jam ponsel tepat, lalu ketik kode terbaru.")
    context = {
        "form": form,
        "qr": services.qr_data_uri(device),
        "rahasia": services.secret_text(device),
        "wajib": request.session.get(services.SESI_STAF, False),
        "next": _next_url(request),
    }
    return render(request, "akun/otp_daftar.html", context)


@never_cache
def keamanan(request):
    """Account security: second factor, recovery codes, where the account is logged in."""
    user = request.user
    perangkat = services.totp_device(user)
    context = {
        "perangkat": perangkat,
        "sisa_kode": services.recovery_codes_left(user),
        "wajib": request.session.get(services.SESI_STAF, False),
        "sesi": SesiLogin.objects.filter(user=user),
        "sesi_ini": request.session.session_key,
        "trail": [("Keamanan akun", None)],
    }
    return render(request, "akun/keamanan.html", context)


@require_POST
@never_cache
def kode_pemulihan_baru(request):
    if services.totp_device(request.user) is None:
        messages.error(request, "Daftarkan aplikasi autentikator terlebih dahulu.")
        return redirect("keamanan")
    codes = services.new_recovery_codes(request.user)
    return render(request, "akun/kode_pemulihan.html", {"codes": codes, "next": reverse("keamanan")})


@require_POST
def keluar_semua(request):
    jumlah = services.end_sessions(request.user, except_key=request.session.session_key)
    messages.success(request, f"{jumlah} sesi lain diakhiri. Perangkat ini tetap masuk.")
    return redirect("keamanan")


@require_POST
def sesi_perpanjang(request):
    """The idle-warning's “Tetap masuk” button: a request is activity; answer with the time left."""
    services.touch_session(request.session, force=True)
    return JsonResponse({"sisa": services.idle_seconds_left(request.session)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session of the account (this one continues)."""

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        services.rotate_session(self.request, old_key=old_key)
        jumlah = services.end_sessions(self.request.user, except_key=self.request.session.session_key)
        if jumlah:
            messages.info(self.request, f"{jumlah} sesi di perangkat lain diakhiri.")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A password set through the emailed link ends every session; the next login asks for 2FA as usual."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.end_sessions(form.user)
        return response


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def mfa_akun_list(request):
    """BKPSDM: accounts and their second factor, to reset one after its holder lost the phone."""
    q = request.GET.get("q", "").strip()
    users = User.objects.filter(is_active=True).prefetch_related("groups").order_by("username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(nama__icontains=q) | Q(email__iexact=q))
    else:
        users = users.filter(Q(groups__isnull=False) | Q(is_staff=True)).distinct()
    page = Paginator(users, 25).get_page(request.GET.get("page"))
    terdaftar = services.mfa_state(list(page))
    rows = [(u, terdaftar.get(u.pk)) for u in page]
    context = {"page": page, "rows": rows, "q": q, "trail": [("Autentikasi dua faktor", None)]}
    return render(request, "akun/mfa_akun_list.html", context)


@permission_required("akun.kelola_semua_unit", raise_exception=True)
def mfa_reset(request, pk):
    akun = get_object_or_404(User.objects.filter(is_active=True).exclude(pk=request.user.pk), pk=pk)
    form = ResetMFAForm(request.POST or None)
    if form.is_valid():
        services.reset_mfa(akun, by=request.user, alasan=form.cleaned_data["alasan"])
        messages.success(
            request,
            f"Autentikasi dua faktor {akun} direset dan sesinya diakhiri; ia mendaftar ulang saat masuk berikutnya.",
        )
        return redirect("mfa_akun_list")
    context = {
        "akun": akun,
        "form": form,
        "terdaftar": services.mfa_state([akun]).get(akun.pk),
        "trail": [("Autentikasi dua faktor", reverse("mfa_akun_list")), (str(akun), None)],
    }
    return render(request, "akun/mfa_reset.html", context)
