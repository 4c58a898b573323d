from django.conf import settings

from . import services


def sesi(request):
    """Seconds until the idle timeout, for the warning in base.html (read from the session, no query)."""
    if not hasattr(request, "user") or not request.user.is_authenticated:
        return {}
    return {
        # Between the password and the second factor the page shows no menu (and polls nothing).
        "sesi_perlu_otp": services.needs_second_factor(request.session),
        "sesi_sisa_detik": services.idle_seconds_left(request.session),
        "sesi_batas_detik": services.idle_limit_seconds(request.session),
        "sesi_peringatan_detik": settings.SESI_PERINGATAN_DETIK,
    }
