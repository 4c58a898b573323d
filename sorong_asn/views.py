from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from kombu import Connection
from kombu.exceptions import OperationalError as KombuError
from redis.exceptions import RedisError

from evaluasi.views import home_context as evaluasi_home
from mentoring.views import home_context as mentoring_home
from pegawai.views import home_context as pegawai_home
from pelatihan.views import home_context as pelatihan_home
from rencana.views import home_context as rencana_home


def home(request):
    context = {}
    for home_context in (pegawai_home, pelatihan_home, mentoring_home, rencana_home, evaluasi_home):
        context.update(home_context(request))
    return render(request, "home.html", context)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "gagal"


def _cache_state() -> str:
    try:
        cache.set("healthz", "1", 5)
        return "ok" if cache.get("healthz") == "1" else "gagal"
    except (RedisError, ConnectionError, OSError):
        return "gagal"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "inline"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1)
        return "ok"
    except (KombuError, OSError):
        return "gagal"


@login_not_required
@never_cache
def healthz(request):
    """State of database, cache and broker; only the database decides the status code."""
    state = {"database": _database_state(), "cache": _cache_state(), "broker": _broker_state()}
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)
