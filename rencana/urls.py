from django.urls import path

from . import views

app_name = "rencana"
urlpatterns = [
    path("", views.index, name="list"),
    path("baru/", views.rencana_create, name="create"),
    path("<int:pk>/", views.rencana_detail, name="detail"),
    path("<int:pk>/ubah/", views.rencana_edit, name="edit"),
    path("<int:pk>/<str:aksi>/", views.rencana_action, name="aksi"),
    path("antrean/", views.antrean, name="antrean"),
    path("verifikasi/", views.verifikasi, name="verifikasi"),
    path("tindak-lanjut/", views.tindak_lanjut, name="tindak_lanjut"),
    path("progres/", views.progres, name="progres"),
    path("tahun/", views.tahun_list, name="tahun_list"),
    path("tahun/<int:tahun>/", views.tahun_edit, name="tahun_edit"),
    path("tahunan/<int:tahun>/", views.tahunan, name="tahunan"),
    path("tahunan/<int:tahun>/pengaturan/", views.tahunan_pengaturan, name="tahunan_pengaturan"),
    path("tahunan/<int:tahun>/sipka.xlsx", views.tahunan_xlsx, name="tahunan_xlsx"),
    path("tahunan/<int:tahun>/pdf/", views.dokumen_create, name="dokumen_create"),
    path("dokumen/<int:pk>/status/", views.dokumen_status, name="dokumen_status"),
    path("dokumen/<int:pk>/unduh/", views.dokumen_unduh, name="dokumen_unduh"),
]
