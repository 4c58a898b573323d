from django.urls import path

from . import views

app_name = "pegawai"
urlpatterns = [
    path("", views.pegawai_list, name="list"),
    path("ekspor/", views.pegawai_export, name="export"),
    path("tambah/", views.pegawai_create, name="create"),
    path("<int:pk>/", views.pegawai_detail, name="detail"),
    path("<int:pk>/ubah/", views.pegawai_edit, name="edit"),
    path("<int:pk>/status/", views.pegawai_status, name="status"),
    path("<int:pk>/penilaian/", views.penilaian_create, name="penilaian_create"),
    path("permintaan-atasan/", views.permintaan_atasan_list, name="permintaan_atasan"),
    path("permintaan-atasan/<int:pk>/putuskan/", views.permintaan_atasan_decide, name="permintaan_atasan_decide"),
    path("impor/", views.impor_upload, name="impor"),
    path("impor/templat/", views.impor_template, name="impor_template"),
    path("impor/<uuid:pk>/", views.impor_preview, name="impor_preview"),
    path("impor/<uuid:pk>/status/", views.impor_status, name="impor_status"),
    path("impor/<uuid:pk>/konfirmasi/", views.impor_confirm, name="impor_confirm"),
    path("penilaian/impor/", views.penilaian_import, name="penilaian_import"),
    path("kompetensi/", views.kompetensi_list, name="kompetensi_list"),
    path("kompetensi/tambah/", views.kompetensi_edit, name="kompetensi_create"),
    path("kompetensi/<int:pk>/ubah/", views.kompetensi_edit, name="kompetensi_edit"),
    path("jabatan/", views.jabatan_list, name="jabatan_list"),
    path("jabatan/<int:pk>/standar/", views.jabatan_standar, name="jabatan_standar"),
]
