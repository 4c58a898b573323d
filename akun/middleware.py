from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseRedirect
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.urls import reverse
from django.utils.csp import CSP

from . import services

# The Django admin ships inline scripts and styles; allow them there and nowhere else.
ADMIN_CSP = {
    **settings.SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}


class AdminExemptCSPMiddleware(ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = ADMIN_CSP
        return super().process_response(request, response)


def redirect_page(request, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (which would otherwise swap the target page in)."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def background_request(view_func):
    """Mark a view polled by the page itself (progress, notifications): it does not count as activity."""
    view_func.background_request = True
    return view_func


def second_factor_exempt(view_func):
    """Mark a view reachable after the password but before the second factor (the 2FA pages, logout)."""
    view_func.second_factor_exempt = True
    return view_func


class SesiMiddleware:
    """Ends a session after SESI_BATAS_DIAM_*_MENIT without activity. Reads and writes only the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if services.is_idle_expired(request.session):
            menit = services.idle_limit_seconds(request.session) // 60
            logout(request)
            messages.info(
                request, f"Sesi Anda berakhir karena tidak ada aktivitas selama {menit} menit. Silakan masuk lagi."
            )
            return redirect_page(request, redirect_to_login(request.get_full_path()).url)
        services.refresh_role_flags(request)
        if not getattr(view_func, "background_request", False):
            services.touch_session(request.session)
        return None


class MFAMiddleware:
    """No page before the second factor for accounts that need one (staff roles, or anyone enrolled)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not request.user.is_authenticated
            or not services.needs_second_factor(request.session)
            or getattr(view_func, "second_factor_exempt", False)
            or not getattr(view_func, "login_required", True)
        ):
            return None
        url = f"{reverse('otp_verifikasi')}?{urlencode({'next': request.get_full_path()})}"
        return redirect_page(request, url)
