"""Load test of the five roles (locust). `make load` runs it through bench/load.py; see docs/deploy.md.

Two kinds of users:
- the morning mix: Pegawai, Atasan, Operator, BKPSDM and Pimpinan log in once, then browse with 1–3 s
  of think time (home, lists with search and paging, details, catalog, plans, dashboard); every page
  also loads the notification bell, as the browser does through htmx; a monitor polls /healthz/;
- `Kapasitas`: one page (LOAD_TARGET) requested back to back, no think time, to find how many requests
  a second the server manages; `bare` is the reference view at /_bench/bare/.

Accounts come from LOAD_ACCOUNTS (a JSON file bench/load.py writes from the seeded database).
The server runs with production settings behind an imagined TLS proxy: requests say
X-Forwarded-Proto: https, and the cookie jar sends the Secure cookies back over plain HTTP.
"""

import itertools
import json
import os
import random
import re
from base64 import b32decode
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

from django_otp.oath import totp
from locust import FastHttpUser, between, constant, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text()) if os.environ.get("LOAD_ACCOUNTS") else {}
PASSWORD = ACCOUNTS.get("password", "Kompetensi-Demo-2027")
STAFF = {"bkpsdm", "operator", "pimpinan"}
SEARCH = ["kambu", "yohana", "maria", "rumbiak", "wanma", "siti", "ahmad", "sroyer", "agus", "dewi"]
PEGAWAI_LINK = re.compile(r'href="/pegawai/(\d+)/"')
PELATIHAN_LINK = re.compile(r'href="/pelatihan/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEMO_TOTP_KEY = b32decode("SORONGASNDEMOBKPSDMKOTASORONG234")
# Staff accounts are handed out in turn (a TOTP code is accepted once per account and 30 s step);
# LOAD_ACCOUNT_OFFSET moves each capacity phase on to accounts the previous phases did not use.
_turn = itertools.count(int(os.environ.get("LOAD_ACCOUNT_OFFSET", "0")))


def username_role(username: str) -> str:
    return next((role for role in STAFF if username in ACCOUNTS.get(role, ())), "")


def account(role: str) -> str:
    names = ACCOUNTS[role]
    return names[next(_turn) % len(names)] if role in STAFF else random.choice(names)


class BehindTlsProxy(DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):
        return True


class Session(FastHttpUser):
    abstract = True
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self):
        self.client.cookiejar.set_policy(BehindTlsProxy())

    def log_in(self, username):
        with self.client.get("/accounts/login/", name="login (formulir)", catch_response=True) as response:
            token = CSRF.search(response.text or "")
            if not token:
                response.failure("no CSRF token on the login page")
                return
        origin = f"https://{self.host.split('://', 1)[1]}"
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
            headers={"Origin": origin, "Referer": f"{origin}/accounts/login/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login {username}: {response.status_code}")
                return
        if username_role(username) in STAFF:
            # Staff roles: the demo authenticator key (seed_demo), each account once per 30 s step.
            second_step = "/accounts/otp/?next=/"
            with self.client.get(second_step, name="login (kode OTP)", catch_response=True) as response:
                token = CSRF.search(response.text or "")
            with self.client.post(
                second_step,
                data={"csrfmiddlewaretoken": token.group(1) if token else "", "kode": f"{totp(DEMO_TOTP_KEY):06d}"},
                headers={"Origin": origin, "Referer": f"{origin}{second_step}"},
                name="login (kode OTP)",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"second factor {username}: {response.status_code}")


class Browsing(Session):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self):
        super().on_start()
        self.log_in(account(self.role))

    def page(self, url, name):
        """An HTML page and the bell the browser then fetches; returns the page's HTML."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{url}: {response.status_code}")
            html = response.text or ""
        self.client.get("/evaluasi/notifikasi/lonceng/", name="lonceng")
        return html

    def open_one(self, html, pattern, name, prefix):
        ids = pattern.findall(html)
        if ids:
            self.page(f"{prefix}{random.choice(ids)}/", name)

    @task(3)
    def home(self):
        self.page("/", f"beranda ({self.role})")


class Pegawai(Browsing):
    weight = 70
    role = "pegawai"

    @task(2)
    def rencana(self):
        self.page("/rencana/", "rencana")

    @task(2)
    def katalog(self):
        html = self.page("/pelatihan/", "katalog pelatihan")
        self.open_one(html, PELATIHAN_LINK, "detail pelatihan", "/pelatihan/")

    @task(1)
    def profil(self):
        html = self.page("/pegawai/", "daftar pegawai")
        self.open_one(html, PEGAWAI_LINK, "detail pegawai", "/pegawai/")

    @task(1)
    def jp(self):
        self.page("/pelatihan/jp/", "JP saya")

    @task(1)
    def mentoring(self):
        self.page("/mentoring/", "mentoring")


class Atasan(Browsing):
    weight = 15
    role = "atasan"

    @task(2)
    def antrean(self):
        self.page("/rencana/antrean/", "antrean persetujuan")

    @task(2)
    def bawahan(self):
        html = self.page("/pegawai/", "daftar pegawai")
        self.open_one(html, PEGAWAI_LINK, "detail pegawai", "/pegawai/")

    @task(1)
    def katalog(self):
        self.page("/pelatihan/", "katalog pelatihan")

    @task(1)
    def tugas(self):
        self.page("/evaluasi/", "evaluasi")


class Pengelola(Browsing):
    """Operator OPD and Admin BKPSDM: the employee registry all day, the dashboard now and then."""

    abstract = True

    @task(3)
    def cari(self):
        html = self.page(f"/pegawai/?q={random.choice(SEARCH)}", "daftar pegawai (cari)")
        self.open_one(html, PEGAWAI_LINK, "detail pegawai", "/pegawai/")

    @task(2)
    def halaman(self):
        html = self.page(f"/pegawai/?page={random.randint(2, 10)}", "daftar pegawai (halaman)")
        self.open_one(html, PEGAWAI_LINK, "detail pegawai", "/pegawai/")

    @task(1)
    def katalog(self):
        self.page("/pelatihan/", "katalog pelatihan")

    @task(1)
    def dasbor(self):
        self.page("/evaluasi/", "dasbor evaluasi")

    @task(1)
    def rencana(self):
        self.page("/rencana/progres/", "progres rencana")


class Operator(Pengelola):
    weight = 7
    role = "operator"


class Bkpsdm(Pengelola):
    weight = 5
    role = "bkpsdm"

    @task(1)
    def verifikasi(self):
        self.page("/rencana/verifikasi/", "verifikasi rencana")


class Pimpinan(Browsing):
    weight = 3
    role = "pimpinan"

    @task(3)
    def dasbor(self):
        self.page("/evaluasi/", "dasbor evaluasi")

    @task(1)
    def tahunan(self):
        self.page(f"/rencana/tahunan/{ACCOUNTS.get('tahun', 2027)}/", "rencana tahunan")


class Monitor(Session):
    """The load balancer's health check."""

    fixed_count = 1
    wait_time = constant(5)

    @task
    def healthz(self):
        self.client.get("/healthz/", name="healthz")


# --- capacity: one page back to back -------------------------------------------------------------------

TARGETS = {
    # name: (role or None for no login, path)
    "bare": (None, "/_bench/bare/"),
    "beranda-pegawai": ("pegawai", "/"),
    "beranda-atasan": ("atasan", "/"),
    "beranda-operator": ("operator", "/"),
    "beranda-bkpsdm": ("bkpsdm", "/"),
    "beranda-pimpinan": ("pimpinan", "/"),
    "daftar-pegawai": ("bkpsdm", "/pegawai/"),
    "detail-pegawai": ("bkpsdm", "pegawai-detail"),
    "katalog": ("pegawai", "/pelatihan/"),
    "lonceng": ("pegawai", "/evaluasi/notifikasi/lonceng/"),
}


class Kapasitas(Session):
    wait_time = constant(0)

    def on_start(self):
        super().on_start()
        role, self.path = TARGETS[os.environ["LOAD_TARGET"]]
        if role:
            self.log_in(account(role))
        if self.path == "pegawai-detail":
            self.path = f"/pegawai/{random.choice(ACCOUNTS['pegawai_pk'])}/"

    @task
    def target(self):
        with self.client.get(self.path, name=os.environ["LOAD_TARGET"], catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{self.path}: {response.status_code}")
