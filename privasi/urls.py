from django.urls import path

from . import views

app_name = "privasi"
urlpatterns = [
    path("", views.data_saya, name="data_saya"),
    path("unduh/", views.unduh_data_saya, name="unduh"),
    path("koreksi/", views.koreksi_ajukan, name="koreksi_ajukan"),
    path("koreksi/antrean/", views.koreksi_list, name="koreksi_list"),
    path("koreksi/<int:pk>/", views.koreksi_detail, name="koreksi_detail"),
    path("akses/", views.akses_list, name="akses_list"),
]
