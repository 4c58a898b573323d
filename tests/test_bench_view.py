import pytest

from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_the_bare_reference_view_is_not_mounted_by_default(client):
    assert client.get("/_bench/bare/").status_code == 404


def test_the_bare_reference_view_serves_fifty_rows_in_one_query(client, settings, django_assert_num_queries):
    # `make load` mounts it with BENCHMARK_VIEWS=1; its URLconf is the same module.
    settings.ROOT_URLCONF = "sorong_asn.bench"
    PegawaiFactory.create_batch(55)
    with django_assert_num_queries(1):
        response = client.get("/bare/")
    assert response.status_code == 200 and response.content.count(b"<tr>") == 50
