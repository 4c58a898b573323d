"""Settings for Sorong ASN. One module; the environment decides (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(DEBUG=(bool, False))
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # Signing keys (sessions, password-reset links) must never be a value published in this repository.
        raise ImproperlyConfigured(
            "SECRET_KEY belum diisi. Dalam produksi (DEBUG=0) isi SECRET_KEY dengan nilai acak yang panjang, "
            'mis. python -c "import secrets; print(secrets.token_urlsafe(50))"; untuk pengembangan pakai DEBUG=1.'
        )
    SECRET_KEY = "django-insecure-dev-only-ganti-di-produksi"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "akun",
    "pegawai",
    "pelatihan",
    "mentoring",
    "rencana",
    "evaluasi",
    "privasi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "akun.middleware.AdminExemptCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Idle timeout, then the second factor for staff roles (akun.middleware; no queries per request).
    "akun.middleware.SesiMiddleware",
    "akun.middleware.MFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so a lockout answers before any view runs (django-axes requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sorong_asn.urls"
# The bare reference view of the load test (sorong_asn/bench.py); only `make load` turns it on.
BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)
WSGI_APPLICATION = "sorong_asn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "akun.context_processors.sesi",
            ],
            "builtins": ["sorong_asn.formatting"],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite file by default, PostgreSQL when DATABASE_URL says so.
DATABASES = {"default": env.db(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Without persistent connections a 50-row page manages a third of the throughput (stack-notes.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode a named cursor (.iterator()) would outlive its pooled
    # transaction; Django already makes no server-side prepared statements (docs/deploy.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("PGBOUNCER_TRANSACTION_MODE", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and cache when REDIS_URL is set; otherwise tasks run inline and the cache is local.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Scope-wide counts on the home cards (sorong_asn/ringkasan.py) may be this old.
RINGKASAN_CACHE_DETIK = env.int("RINGKASAN_CACHE_DETIK", default=300)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Asia/Jayapura"
# Longer than any task, so Redis never redelivers a running task (security-checklist.md §5).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ROUTES = {"rencana.tasks.render_rencana_task": {"queue": "pdf"}}
CELERY_BEAT_SCHEDULE = {
    # Idempotent: a duplicate or late run sends nothing twice (evaluasi.services.send_reminders).
    "evaluasi-send-reminders": {
        "task": "evaluasi.tasks.send_reminders_task",
        "schedule": timedelta(minutes=15),
        "options": {"expires": 14 * 60},
    },
    # Retention (privasi.services.prune_retensi): idempotent, so a missed or doubled run is harmless.
    "privasi-retensi": {
        "task": "privasi.tasks.prune_retensi_task",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 3600},
    },
}

# Sessions live in the database so a Redis outage never logs people out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 3600

AUTH_USER_MODEL = "akun.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "nama", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "akun.validators.KataKonteksValidator"},
]
# Argon2id first; the others only verify old hashes, which are upgraded on the next login.
PASSWORD_HASHERS = [
    "akun.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
# Sessions end after this many idle minutes (staff roles, everyone else); a warning shows this many
# seconds before. Activity is written to the session at most once per SESI_CATAT_DETIK.
SESI_BATAS_DIAM_STAF_MENIT = env.int("SESI_BATAS_DIAM_STAF_MENIT", default=30)
SESI_BATAS_DIAM_MENIT = env.int("SESI_BATAS_DIAM_MENIT", default=60)
SESI_PERINGATAN_DETIK = env.int("SESI_PERINGATAN_DETIK", default=120)
SESI_CATAT_DETIK = 60
# Two-factor authentication (django-otp, TOTP + recovery codes): required for Admin BKPSDM, Operator OPD,
# Pimpinan and Django-admin staff; optional for everyone else (docs/akun.md).
OTP_TOTP_ISSUER = "Sorong ASN"
# Superusers see devices in /admin/, never their secret keys or QR codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
MFA_JUMLAH_KODE_PEMULIHAN = 10
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username from one address only, never a whole office behind one NAT.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# Password spraying (one password, many usernames) from one address: that address waits out the
# cool-off after this many failures across all usernames (akun.login.AxesHandler).
AXES_HANDLER = "akun.login.AxesHandler"
AKUN_GAGAL_MAKS_PER_ALAMAT = env.int("AKUN_GAGAL_MAKS_PER_ALAMAT", default=20)
# The client's address comes from X-Forwarded-For only behind this many reverse proxies of our own
# (docker-compose sets 1); with 0, a forged header changes nothing (akun.login.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "akun.login.client_ip"

LANGUAGE_CODE = "id"
# The only language: without this, a browser set to English would get Django's own messages in English.
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jayapura"
USE_I18N = True
USE_TZ = True
# Off: a thousands separator would turn {{ obj.pk }} into "3.137" in URLs and hidden inputs;
# numbers shown to people go through |angka or |rupiah instead.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["sorong_asn.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env("STATICFILES_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded and generated files go to S3-compatible object storage when a bucket is set, so web, worker
# and pdf-worker can run on different hosts. Never public: downloads stream through scoped views, and any
# URL the storage itself makes is signed and expires after AWS_QUERYSTRING_EXPIRE seconds.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "signature_version": "s3v4",
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Email through Django 6.1 MAILERS; the console backend unless SMTP is configured.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Sorong ASN <noreply@bkpsdm.sorongkota.go.id>")
if env("EMAIL_HOST", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": env.int("EMAIL_PORT", default=587),
                "username": env("EMAIL_HOST_USER", default=""),
                "password": env("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                # A hung SMTP server must not hold a worker forever.
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers. CSP with nonces everywhere except the admin (see akun.middleware).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# --- pegawai: the unit whose head every OPD head reports to (an Operator may name them atasan) -------
PEGAWAI_KODE_SEKRETARIAT_DAERAH = env("PEGAWAI_KODE_SEKRETARIAT_DAERAH", default="SETDA")

# --- pelatihan (issue 4): rules BKPSDM may tune without a code change ---------
# PP 11/2017 jo. PP 17/2020 Pasal 203(4): at least 20 JP a year for a PNS; Perlan 15/2020: PPPK at most 24.
PELATIHAN_JP_TARGET_PNS = env.int("PELATIHAN_JP_TARGET_PNS", default=20)
PELATIHAN_JP_BATAS_PPPK = env.int("PELATIHAN_JP_BATAS_PPPK", default=24)
# A training whose average "relevansi" falls below this is flagged "perlu ditinjau".
PELATIHAN_AMBANG_RELEVANSI = env.float("PELATIHAN_AMBANG_RELEVANSI", default=3.0)
# Feedback results stay hidden below this many responses, so no answer can be traced to a person.
PELATIHAN_MIN_RESPONDEN = env.int("PELATIHAN_MIN_RESPONDEN", default=3)
# Feedback can be given and changed up to this many days after the training's end date.
PELATIHAN_BATAS_UMPAN_BALIK_HARI = env.int("PELATIHAN_BATAS_UMPAN_BALIK_HARI", default=30)
PELATIHAN_SERTIFIKAT_MAKS_BYTE = env.int("PELATIHAN_SERTIFIKAT_MAKS_BYTE", default=5 * 1024 * 1024)

# --- mentoring (issue 5) -------------------------------------------------------
# Active and proposed pairs one mentor may hold at once.
MENTORING_KAPASITAS_MENTOR = env.int("MENTORING_KAPASITAS_MENTOR", default=3)
# 1 JP = 45 minutes (LAN curriculum unit); confirmed session minutes are converted with this.
MENTORING_MENIT_PER_JP = env.int("MENTORING_MENIT_PER_JP", default=45)
# "golongan_atau_masa_kerja": a higher golongan, or the same golongan and an earlier TMT;
# "golongan": a strictly higher golongan only.
MENTORING_ATURAN_SENIORITAS = env("MENTORING_ATURAN_SENIORITAS", default="golongan_atau_masa_kerja")
# A pair with no session for this many days is flagged as overdue.
MENTORING_HARI_TANPA_SESI = env.int("MENTORING_HARI_TANPA_SESI", default=30)

# --- evaluasi: evaluation rules and reminders (docs/evaluasi.md) -------------------------------
# Level-3 (Kirkpatrick) evaluation falls due this many months after a training is completed …
EVALUASI_BULAN_PASCAPELATIHAN = env.int("EVALUASI_BULAN_PASCAPELATIHAN", default=3)
# … and is no longer asked for once this many months have passed.
EVALUASI_BULAN_PASCAPELATIHAN_KEDALUWARSA = env.int("EVALUASI_BULAN_PASCAPELATIHAN_KEDALUWARSA", default=12)
# A progress evaluation is reminded this many days before its deadline, and again once overdue.
EVALUASI_HARI_SEBELUM_BATAS = env.int("EVALUASI_HARI_SEBELUM_BATAS", default=7)
# A failed email is retried after 5, 10, 20, 40 … minutes; after this many attempts it is FAILED.
EVALUASI_PENGINGAT_MAKS_PERCOBAAN = env.int("EVALUASI_PENGINGAT_MAKS_PERCOBAAN", default=5)
EVALUASI_PENGINGAT_JEDA_MENIT = env.int("EVALUASI_PENGINGAT_JEDA_MENIT", default=5)
# A row claimed longer ago than this means the sender died mid-send: marked "tidak pasti", never resent.
EVALUASI_PENGINGAT_SEWA_MENIT = env.int("EVALUASI_PENGINGAT_SEWA_MENIT", default=10)
# One email per person per run listing all their reminders, instead of one email per reminder.
EVALUASI_PENGINGAT_DIGEST = env.bool("EVALUASI_PENGINGAT_DIGEST", default=False)
# Absolute links in reminder emails.
EVALUASI_SITUS_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- privasi: personal data (UU 27/2022 PDP; docs/privasi.md) -------------------------------------
# Days each kind of record is kept before the daily retention task deletes it.
PRIVASI_RETENSI_AKSES_HARI = env.int("PRIVASI_RETENSI_AKSES_HARI", default=730)
RETENSI_PENGINGAT_HARI = env.int("RETENSI_PENGINGAT_HARI", default=365)
RETENSI_IMPOR_HARI = env.int("RETENSI_IMPOR_HARI", default=30)
# Superseded annual-plan PDFs; the newest finished one per year and unit is always kept.
RETENSI_PDF_HARI = env.int("RETENSI_PDF_HARI", default=90)
