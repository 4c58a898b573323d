"""Who is knocking on the login page: the client's address, and django-axes' lockout with a per-address limit."""

import ipaddress
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def client_ip(request) -> str:
    """The client's address, as the outermost of our own reverse proxies saw it.

    Without trusted proxies (TRUSTED_PROXY_COUNT=0) this is the TCP peer. Behind N proxies each one
    appends the address it received the request from to X-Forwarded-For, so the N-th entry from the
    right is the client; anything further left was written by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < count:
        return remote  # did not come through our proxies
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


class AxesHandler(AxesDatabaseHandler):
    """django-axes' database handler, plus a limit on failures from one address across usernames.

    Axes locks a username from one address after AXES_FAILURE_LIMIT failures. Password spraying tries
    one password on many usernames, never failing twice on one, so the address as a whole is also
    locked after AKUN_GAGAL_MAKS_PER_ALAMAT failures within AXES_COOLOFF_TIME. Both locks lift by themselves.
    """

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.AKUN_GAGAL_MAKS_PER_ALAMAT:
            # Axes compares this one figure with its limit, both before a login and after a failure.
            return max(failures, get_failure_limit(request, credentials))
        return failures

    @staticmethod
    def address_failures(request) -> int:
        since = timezone.now() - timedelta(seconds=settings.AXES_COOLOFF_TIME.total_seconds())
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address, attempt_time__gte=since)
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
