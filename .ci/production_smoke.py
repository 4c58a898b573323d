"""Production smoke test: the path docker-compose takes, outside Docker.

collectstatic as the Dockerfile runs it, then the web service's own command line read from
docker-compose.yml (migrate, then gunicorn with gunicorn.conf.py), with DEBUG=0, a random SECRET_KEY,
PostgreSQL and Redis. Through that server: the login page, a login and the home page of every demo
role, a hashed static file from whitenoise with a long cache header, /healthz/; and the 500 page as
Django's handler renders it under the same settings.

Usage (from .ci/run, after `make install`): .venv/bin/python .ci/production_smoke.py
Environment: SMOKE_DATABASE_URL (an empty PostgreSQL database), SMOKE_REDIS_URL.
"""

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from base64 import b32decode
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django_otp.oath import totp

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEMO_PASSWORD = "Kompetensi-Demo-2027"
DEMO_TOTP_KEY = "SORONGASNDEMOBKPSDMKOTASORONG234"
STAFF = {"bkpsdm", "operator", "pimpinan"}
ROLES = {
    "bkpsdm": "Admin BKPSDM",
    "operator": "Operator",
    "atasan": "Atasan",
    "pegawai": "Pegawai",
    "pimpinan": "Pimpinan",
}


def compose_command(service: str) -> list[str]:
    """The `command:` of one service in docker-compose.yml (plain YAML; no parser on the image)."""
    lines = (BASE_DIR / "docker-compose.yml").read_text().splitlines()
    start = lines.index(f"  {service}:")
    for line in lines[start + 1 :]:
        if re.match(r"^  \S", line):
            break
        if line.strip().startswith("command:"):
            value = line.split("command:", 1)[1].strip()
            return json.loads(value) if value.startswith("[") else shlex.split(value)
    raise SystemExit(f"docker-compose.yml: service {service} has no command")


def free_port() -> int:
    for port in range(8150, 8200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port in 8150-8199")


class Browser:
    """Just enough of a browser: cookies (also Secure ones, since the proxy speaks HTTPS), CSRF."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + path}
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def login(self, username: str) -> None:
        self.cookies.clear()
        response, content = self.request("GET", "/accounts/login/")
        check(response.status == 200, f"GET /accounts/login/ → {response.status}")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
        form = {"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD, "next": "/"}
        response, _ = self.request("POST", "/accounts/login/", form)
        location = response.headers.get("Location", "")
        if username in STAFF:
            # Staff roles pass a second factor: the demo authenticator key seed_demo enrols.
            _, content = self.request("GET", "/accounts/otp/?next=/")
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
            code = f"{totp(b32decode(DEMO_TOTP_KEY)):06d}"
            response, _ = self.request("POST", "/accounts/otp/?next=/", {"csrfmiddlewaretoken": token, "kode": code})
            location = response.headers.get("Location", "")
        check(response.status == 302 and location == "/", f"login {username} → {response.status} {location}")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"SMOKE FAIL: {message}")
    print(f"  ok  {message}")


def main() -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "CELERY_", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"))
    }
    env |= {
        "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": os.environ["SMOKE_DATABASE_URL"],
        "REDIS_URL": os.environ["SMOKE_REDIS_URL"],
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Production needs SMTP (check --deploy refuses the console backend); nothing here sends mail.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "2525",
        "BIND_HOST": "127.0.0.1",
        "PORT": str(port := free_port()),
        "WEB_CONCURRENCY": "2",
    }

    def manage(*args: str) -> None:
        subprocess.run(["python", "manage.py", *args], cwd=BASE_DIR, env=env, check=True)

    print("== collectstatic (DEBUG=0, manifest storage, as the Dockerfile runs it)")
    manage("collectstatic", "--noinput", "-v0")
    manage("check", "--deploy", "--fail-level", "WARNING")
    print("== migrate and demo data")
    manage("migrate", "--noinput", "-v0")
    manage("seed_demo", "--pegawai", "120", "--if-empty")

    command = compose_command("web")
    print(f"== web: {shlex.join(command)} (port {port})")
    server = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
    try:
        browser = Browser(port)
        for _ in range(120):
            try:
                response, content = browser.request("GET", "/healthz/")
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("SMOKE FAIL: gunicorn did not answer in 60 s")
        state = json.loads(content)
        check(response.status == 200 and state.get("database") == "ok", f"/healthz/ → {response.status} {state}")

        response, content = browser.request("GET", "/accounts/login/")
        check(response.status == 200 and b"Masuk ke Sorong ASN" in content, "login page 200")
        for username, label in ROLES.items():
            browser.login(username)
            response, content = browser.request("GET", "/")
            role = re.search(rb'data-testid="peran">([^<]*)<', content)
            check(
                response.status == 200 and role and role.group(1).decode().startswith(label),
                f"home of {username} → {response.status} ({role.group(1).decode() if role else content[:200]})",
            )

        asset = re.search(rb'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', content)
        check(asset is not None, "pages link hashed static files")
        response, css = browser.request("GET", asset.group(1).decode(), headers={"Accept-Encoding": "gzip, br"})
        cache_control = response.headers.get("Cache-Control", "")
        check(
            response.status == 200 and "max-age=315360000" in cache_control and "immutable" in cache_control,
            f"{asset.group(1).decode()} 200, Cache-Control: {cache_control}, "
            f"Content-Encoding: {response.headers.get('Content-Encoding')}",
        )

        print("== the 500 page under the same settings (Django's handler500, as on an unhandled error)")
        subprocess.run(
            [
                "python",
                "manage.py",
                "shell",
                "-c",
                "import re; from django.test import RequestFactory; from django.urls import get_resolver; "
                "r = get_resolver().resolve_error_handler(500)(RequestFactory().get('/')); "
                "assert r.status_code == 500 and b'Terjadi kesalahan pada sistem' in r.content, r.content[:300]; "
                "assert re.search(rb'bootstrap[.]min[.][0-9a-f]{12}[.]css', r.content), r.content[:300]; "
                "print('  ok  500 page renders, with hashed static links')",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print("production smoke test passed")


if __name__ == "__main__":
    main()
