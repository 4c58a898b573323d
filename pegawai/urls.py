from django.urls import path

from . import views

app_name = "pegawai"
urlpatterns = [
    path("", views.pegawai_list, name="list"),
    path("<int:pk>/", views.pegawai_detail, name="detail"),
]
