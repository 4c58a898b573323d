import os
import shutil

import pytest
from django.test import Client as DjangoClient
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY

from akun.services import SESI_MFA
from tests.factories import totp_code, totp_device

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    # Session-wide, because the live server (session-scoped) builds its middleware once, at start.
    override = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CELERY_TASK_ALWAYS_EAGER=True,
        CELERY_TASK_EAGER_PROPAGATES=True,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    )
    override.enable()
    yield
    override.disable()


class Client(DjangoClient):
    """`force_login` means fully logged in: an account that needs a second factor has passed it too.

    Tests of the second factor itself log in through the login form instead.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        if session.get(SESI_MFA):
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
            session.save()


@pytest.fixture
def client():
    return Client()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM:
        pytest.skip("Chromium tidak terpasang (apt-get install chromium); .ci/run memasangnya.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def login_browser(page, live_server):
    """Log an account in through the real login form, second factor included; returns the page."""
    from akun.models import User

    def _login(username, password="kata-sandi-uji-panjang"):
        user = User.objects.filter(username=username).first()
        device = totp_device(user) if user is not None and user.wajib_mfa else None
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("NIP atau nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        if device is not None:
            page.get_by_label("Kode verifikasi").fill(totp_code(device))
            page.get_by_role("button", name="Verifikasi").click()
        return page

    return _login
