"""Counts on the home cards that describe a whole scope (the city, an OPD) and may be minutes old.

They are the same on every visit, cost the most of a home page (the JP shortfall sums the ledger
of every employee in scope), and nobody acts on the exact figure, so they are cached for
RINGKASAN_CACHE_DETIK seconds. Counts of one's own work (plans to approve, unread notifications)
are never cached: they must change the moment the work is done.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def cached_for_scope(user, name: str, compute: Callable):
    """`compute()`, shared by everyone who sees the same scope; computed afresh when the cache is down."""
    scope = "semua" if user.sees_whole_instansi else f"pengguna-{user.pk}"
    try:
        return cache.get_or_set(f"ringkasan:{name}:{scope}", compute, settings.RINGKASAN_CACHE_DETIK)
    except (RedisError, OSError) as error:
        log.warning("ringkasan.cache.gagal name=%s error=%s", name, error)
        return compute()
