import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.factories import PegawaiFactory, UnitKerjaFactory, admin_bkpsdm, operator_opd, pimpinan

pytestmark = pytest.mark.django_db


def test_the_city_counts_are_computed_once_and_shared_by_whole_instansi_roles(client):
    PegawaiFactory.create_batch(3)
    client.force_login(admin_bkpsdm())
    with CaptureQueriesContext(connection) as uncached:
        first = client.get(reverse("home"))
    assert first.context["jumlah_pegawai_lingkup"] == 3 and first.context["pns_kurang_jp"] == 3
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse("home"))
    # From the cache: employees, JP shortfall, programmes to review, mentoring pairs (2 queries).
    assert len(cached) == len(uncached) - 5

    # A new employee shows up once the cached figure expires, for Pimpinan as for BKPSDM.
    PegawaiFactory()
    client.force_login(pimpinan())
    assert client.get(reverse("home")).context["jumlah_pegawai_lingkup"] == 3
    cache.clear()
    assert client.get(reverse("home")).context["jumlah_pegawai_lingkup"] == 4


def test_an_operator_never_gets_the_city_figure(client):
    unit = UnitKerjaFactory()
    PegawaiFactory(unit_kerja=unit)
    PegawaiFactory.create_batch(4)
    client.force_login(admin_bkpsdm())
    assert client.get(reverse("home")).context["jumlah_pegawai_lingkup"] == 5
    client.force_login(operator_opd(unit))
    response = client.get(reverse("home"))
    assert response.context["jumlah_pegawai_lingkup"] == 1 and response.context["pns_kurang_jp"] == 1


def test_the_home_page_still_answers_when_the_cache_is_down(client, monkeypatch, caplog):
    PegawaiFactory.create_batch(2)

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(cache, "get_or_set", unreachable)
    client.force_login(admin_bkpsdm())
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.context["jumlah_pegawai_lingkup"] == 2
    assert "ringkasan.cache.gagal" in caplog.text
