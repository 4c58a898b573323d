from django.urls import path

from . import views

app_name = "pelatihan"
urlpatterns = [
    path("", views.pelatihan_list, name="list"),
    path("kalender/", views.pelatihan_kalender, name="kalender"),
    path("baru/", views.pelatihan_form, name="create"),
    path("<int:pk>/", views.pelatihan_detail, name="detail"),
    path("<int:pk>/ubah/", views.pelatihan_form, name="update"),
    path("<int:pk>/daftar/", views.peserta_daftar, name="daftar"),
    path("<int:pk>/nominasi/", views.peserta_nominasi, name="nominasi"),
    path("<int:pk>/kehadiran/", views.peserta_kehadiran, name="kehadiran"),
    path("peserta/<int:pk>/batal/", views.peserta_batal, name="peserta_batal"),
    path("peserta/<int:pk>/hasil/", views.peserta_selesai, name="peserta_selesai"),
    path("peserta/<int:pk>/buka/", views.peserta_buka, name="peserta_buka"),
    path("peserta/<int:pk>/sertifikat/", views.peserta_sertifikat, name="peserta_sertifikat"),
    path("peserta/<int:pk>/umpan-balik/", views.umpan_balik_isi, name="umpan_balik"),
    path("peserta/<int:pk>/umpan-balik/ubah/", views.umpan_balik_ubah, name="umpan_balik_ubah"),
    path("mitra/", views.mitra_list, name="mitra_list"),
    path("mitra/baru/", views.mitra_form, name="mitra_create"),
    path("mitra/<int:pk>/", views.mitra_detail, name="mitra_detail"),
    path("mitra/<int:pk>/ubah/", views.mitra_form, name="mitra_update"),
    path("jp/", views.jp_saya, name="jp_saya"),
    path("jp/pegawai/<int:pk>/", views.jp_pegawai, name="jp_pegawai"),
    path("jp/unit/", views.jp_unit, name="jp_unit"),
    path("jp/siasn/", views.jp_siasn, name="jp_siasn"),
    path("jp/catat/", views.catatan_baru, name="catatan_baru"),
    path("jp/verifikasi/", views.catatan_verifikasi_list, name="catatan_verifikasi_list"),
    path("jp/catatan/<int:pk>/verifikasi/", views.catatan_verifikasi, name="catatan_verifikasi"),
    path("jp/catatan/<int:pk>/hapus/", views.catatan_hapus, name="catatan_hapus"),
    path("jp/catatan/<int:pk>/sertifikat/", views.catatan_sertifikat, name="catatan_sertifikat"),
]
