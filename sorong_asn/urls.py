from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("akun.urls")),
    path("pegawai/", include("pegawai.urls")),
    path("pelatihan/", include("pelatihan.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("rencana/", include("rencana.urls")),
    path("evaluasi/", include("evaluasi.urls")),
    path("privasi/", include("privasi.urls")),
    path("admin/", admin.site.urls),
]
