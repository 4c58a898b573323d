"""Account flows: the session's role flags and idle time, ending sessions, and the second factor.

Everything the middleware needs on every request is kept in the session at login, so checking the
idle timeout and the second factor costs no query (docs/akun.md).
"""

import logging
import time
from base64 import b32encode

import segno
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.base import SessionBase
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SesiLogin, User

log = logging.getLogger("akun.keamanan")

# Session keys.
SESI_PERAN = "akun.peran"  # the account fields the flags below were computed from
SESI_STAF = "akun.staf"  # a staff role: the shorter idle timeout applies
SESI_MFA = "akun.mfa"  # a second factor is required before any page
SESI_AKTIF = "akun.aktif"  # last activity, seconds since the epoch

NAMA_TOTP = "Aplikasi autentikator"
NAMA_PEMULIHAN = "Kode pemulihan"


def alamat_klien(request) -> str | None:
    """The client's address as django-axes resolves it (the one place that knows about the proxy)."""
    return get_client_ip_address(request) if "REMOTE_ADDR" in request.META else None


def _session_store(session_key: str) -> SessionBase:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key=session_key)


# --- sessions ---------------------------------------------------------------------------------


def _role_fields(user: User) -> list:
    return [user.is_staff, user.is_superuser, user.unit_kerja_id]


def start_session(request, user: User) -> None:
    """At login: compute the role flags once and remember the session so it can be ended later."""
    session = request.session
    session[SESI_PERAN] = _role_fields(user)
    session[SESI_STAF] = user.wajib_mfa
    session[SESI_MFA] = session[SESI_STAF] or user_has_device(user)
    session[SESI_AKTIF] = time.time()
    if session.session_key is None:
        session.save()
    SesiLogin.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "alamat_ip": alamat_klien(request),
            "perangkat": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )


def refresh_role_flags(request) -> None:
    """Recompute the flags when staff/superuser/unit changed since login (group changes end sessions)."""
    if request.session.get(SESI_PERAN) != _role_fields(request.user):
        start_session(request, request.user)


def idle_limit_seconds(session) -> int:
    minutes = settings.SESI_BATAS_DIAM_STAF_MENIT if session.get(SESI_STAF) else settings.SESI_BATAS_DIAM_MENIT
    return minutes * 60


def idle_seconds_left(session) -> int:
    last = session.get(SESI_AKTIF, time.time())
    return max(0, int(idle_limit_seconds(session) - (time.time() - last)))


def touch_session(session, *, force: bool = False) -> None:
    """Record activity, at most once per SESI_CATAT_DETIK so most requests write nothing."""
    now = time.time()
    if force or now - session.get(SESI_AKTIF, 0) >= settings.SESI_CATAT_DETIK:
        session[SESI_AKTIF] = now


def is_idle_expired(session) -> bool:
    last = session.get(SESI_AKTIF)
    return last is not None and time.time() - last > idle_limit_seconds(session)


def end_sessions(user: User, *, except_key: str | None = None) -> int:
    """End every session of `user` (except `except_key`); returns how many were ended."""
    rows = list(SesiLogin.objects.filter(user=user).exclude(session_key=except_key or ""))
    for row in rows:
        _session_store(row.session_key).delete()
    SesiLogin.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def forget_session(session_key: str | None) -> None:
    if session_key:
        SesiLogin.objects.filter(session_key=session_key).delete()


def rotate_session(request, *, old_key: str | None = None) -> None:
    """A new session key after a privilege change (second factor passed, password changed).

    `old_key`: the key before Django already cycled it (update_session_auth_hash does).
    """
    old_key = old_key or request.session.session_key
    if request.session.session_key == old_key:
        request.session.cycle_key()
    SesiLogin.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


# --- second factor ------------------------------------------------------------------------------


def needs_second_factor(session) -> bool:
    return bool(session.get(SESI_MFA)) and DEVICE_ID_SESSION_KEY not in session


def is_verified(session) -> bool:
    return DEVICE_ID_SESSION_KEY in session


def mark_verified(request, device) -> None:
    rotate_session(request)
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request.session[SESI_MFA] = True


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_totp_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same secret until confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=NAMA_TOTP, confirmed=False)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an SVG QR code, rendered here (no third-party service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify_second_factor(user: User, token: str) -> tuple[object | None, str]:
    """Check a TOTP code or a recovery code; returns (device, "") or (None, the reason in Indonesian)."""
    token = "".join(token.split()).replace("-", "").lower()
    for device in devices_for_user(user):
        if isinstance(device, TOTPDevice) != (token.isdigit() and len(token) == 6):
            continue
        allowed, info = device.verify_is_allowed()
        if not allowed:
            return None, "Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi."
        verified = otp_verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified, ""
    return None, "Kode tidak cocok atau sudah dipakai. Periksa jam ponsel Anda, lalu coba lagi."


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with fresh ones; the old ones stop working."""
    count = settings.MFA_JUMLAH_KODE_PEMULIHAN
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=NAMA_PEMULIHAN, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with its first code; returns the new recovery codes, or None."""
    token = "".join(token.split())
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not (token.isdigit() and locked.verify_token(token)):
        return None
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    # One authenticator per account: enrolling a new phone retires the old one.
    TOTPDevice.objects.filter(user=locked.user).exclude(pk=locked.pk).delete()
    mark_verified(request, locked)
    log.info("mfa.terdaftar", extra={"user": locked.user.username})
    return new_recovery_codes(locked.user)


@transaction.atomic
def reset_mfa(user: User, *, by: User | None, alasan: str) -> int:
    """BKPSDM's reset: remove every second-factor device and end every session of the account.

    The account enrols a new authenticator at its next login. Recorded in the admin history.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ended = end_sessions(user)
    if by is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=f"Reset autentikasi dua faktor: {alasan}",
            single_object=True,
        )
    log.warning("mfa.reset", extra={"user": user.username, "oleh": by.username if by else "perintah"})
    return ended


def mfa_state(users) -> dict[int, object]:
    """When each account's authenticator was confirmed (missing = not enrolled), in one query."""
    return dict(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", "created_at").order_by()
    )


def send_password_reset(*, username: str, domain: str, use_https: bool) -> bool:
    """Mail a reset link for the active account named `username` to that account's address; False if none."""
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return False
    context = {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        # The link names this one account; the token is tied to its current password and last login.
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
    body = render_to_string("registration/password_reset_email.html", context)
    send_mail(subject, body, None, [user.email])
    return True
