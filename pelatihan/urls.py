from django.urls import path

from . import views

app_name = "pelatihan"
urlpatterns = [
    path("", views.index, name="list"),
]
