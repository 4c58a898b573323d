from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import LoginForm, ResetKataSandiForm
from .middleware import second_factor_exempt

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    # Logging out is always possible, also halfway through the second step.
    path("logout/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_reset/", auth_views.PasswordResetView.as_view(form_class=ResetKataSandiForm), name="password_reset"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("otp/", views.otp_verifikasi, name="otp_verifikasi"),
    path("otp/daftar/", views.otp_daftar, name="otp_daftar"),
    path("keamanan/", views.keamanan, name="keamanan"),
    path("keamanan/kode-pemulihan/", views.kode_pemulihan_baru, name="kode_pemulihan_baru"),
    path("keamanan/keluar-semua/", views.keluar_semua, name="keluar_semua"),
    path("sesi/perpanjang/", views.sesi_perpanjang, name="sesi_perpanjang"),
    path("dua-faktor/", views.mfa_akun_list, name="mfa_akun_list"),
    path("dua-faktor/<int:pk>/reset/", views.mfa_reset, name="mfa_reset"),
    path("", include("django.contrib.auth.urls")),
]
