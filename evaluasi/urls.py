from django.urls import path

from . import views

app_name = "evaluasi"
urlpatterns = [
    path("", views.index, name="index"),
    path("ekspor/<slug:key>/", views.dashboard_export, name="dashboard_export"),
    path("tugas/", views.tugas, name="tugas"),
    path("siklus/", views.siklus_list, name="siklus_list"),
    path("siklus/baru/", views.siklus_create, name="siklus_create"),
    path("siklus/<int:pk>/", views.siklus_detail, name="siklus_detail"),
    path("siklus/<int:pk>/perbarui/", views.siklus_refresh, name="siklus_refresh"),
    path("progres/<int:pk>/", views.progres_detail, name="progres_detail"),
    path("pascapelatihan/", views.l3_list, name="l3_list"),
    path("pascapelatihan/<int:peserta_pk>/", views.l3_form, name="l3_form"),
    path("program/", views.program_list, name="program_list"),
    path("program/<int:pk>/", views.program_detail, name="program_detail"),
    path("notifikasi/", views.notifikasi_list, name="notifikasi"),
    path("notifikasi/lonceng/", views.notifikasi_bell, name="notifikasi_bell"),
    path("notifikasi/<int:pk>/baca/", views.notifikasi_baca, name="notifikasi_baca"),
    path("notifikasi/baca-semua/", views.notifikasi_baca_semua, name="notifikasi_baca_semua"),
    path("pengingat/gagal/", views.pengingat_gagal, name="pengingat_gagal"),
]
