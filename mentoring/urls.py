from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.pasangan_saya, name="list"),
    path("semua/", views.pasangan_list, name="semua"),
    path("baru/", views.pasangan_create, name="create"),
    path("saran/", views.pasangan_saran, name="saran"),
    path("saran/usulkan/", views.pasangan_usul_cepat, name="usul_cepat"),
    path("<int:pk>/", views.pasangan_detail, name="detail"),
    path("<int:pk>/terima/", views.pasangan_terima, name="terima"),
    path("<int:pk>/batal/", views.pasangan_batal, name="batal"),
    path("<int:pk>/tutup/", views.pasangan_tutup, name="tutup"),
    path("<int:pk>/umpan-balik/", views.umpan_balik, name="umpan_balik"),
    path("<int:pk>/sesi/", views.sesi_create, name="sesi_create"),
    path("sesi/<int:pk>/konfirmasi/", views.sesi_konfirmasi, name="sesi_konfirmasi"),
    path("sesi/<int:pk>/ubah/", views.sesi_edit, name="sesi_edit"),
    path("sesi/<int:pk>/hapus/", views.sesi_hapus, name="sesi_hapus"),
    path("target/<int:pk>/centang/", views.target_centang, name="target_centang"),
]
