import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_it_explains_a_missing_or_out_of_scope_page_in_indonesian(client):
    pegawai, orang_lain = PegawaiFactory(), PegawaiFactory()
    client.force_login(pegawai.user)
    response = client.get(orang_lain.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html and "Not Found" not in html
    assert 'data-testid="menu"' in html


@override_settings(DEBUG=False)
def test_it_explains_a_refused_page_in_indonesian(client):
    client.force_login(PegawaiFactory().user)
    response = client.get(reverse("pegawai:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Akses ditolak" in html and "Forbidden" not in html


@override_settings(DEBUG=False)
def test_a_server_error_page_is_in_indonesian():
    html = server_error(RequestFactory().get("/")).content.decode()
    assert "Terjadi kesalahan pada sistem" in html


def test_a_stale_form_gets_an_indonesian_explanation():
    client = Client(enforce_csrf_checks=True)
    client.force_login(PegawaiFactory().user)
    response = client.post(reverse("evaluasi:notifikasi_baca_semua"))
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in response.content.decode()
