import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PegawaiFactory, UnitKerjaFactory, admin_bkpsdm, operator_opd, pimpinan

pytestmark = pytest.mark.django_db


def menu(client):
    html = client.get(reverse("home")).content.decode()
    return html[html.index('data-testid="menu"') : html.index("</ul>", html.index('data-testid="menu"'))]


def test_admin_bkpsdm_sees_the_employee_list_and_admin_link(client):
    client.force_login(admin_bkpsdm(is_staff=True))
    nav = menu(client)
    assert "Pegawai" in nav and "Evaluasi" in nav and "Admin" in nav


def test_operator_sees_employees_of_their_opd(client):
    unit = UnitKerjaFactory(nama="Dinas Kesehatan")
    client.force_login(operator_opd(unit))
    response = client.get(reverse("home"))
    assert "Operator" in response.content.decode()
    assert "Pegawai" in menu(client)


def test_plain_employee_sees_only_own_menu(client):
    pegawai = PegawaiFactory()
    client.force_login(pegawai.user)
    nav = menu(client)
    assert "Profil saya" in nav
    assert f'href="{reverse("pegawai:list")}"' not in nav
    assert "Evaluasi" not in nav


def test_atasan_is_derived_from_having_subordinates(client):
    atasan = PegawaiFactory()
    PegawaiFactory(atasan=atasan, unit_kerja=atasan.unit_kerja)
    client.force_login(atasan.user)
    response = client.get(reverse("home"))
    assert "Atasan" in response.content.decode()
    assert f'href="{reverse("pegawai:list")}"' in menu(client)


def test_pimpinan_reads_the_whole_instansi(client):
    client.force_login(pimpinan())
    assert "Pimpinan" in client.get(reverse("home")).content.decode()


def _all_patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


PUBLIC_PREFIXES = ("healthz/", "accounts/login/", "accounts/password_reset/", "accounts/reset/", "admin/")


def test_every_page_requires_login_except_the_public_ones(client):
    checked = 0
    for route, _entry in _all_patterns(get_resolver()):
        if route.startswith(PUBLIC_PREFIXES) or "<" in route or "(?P" in route:
            continue
        response = client.get("/" + route)
        assert response.status_code == 302, route
        assert "/accounts/login/" in response.url, route
        checked += 1
    assert checked >= 6
