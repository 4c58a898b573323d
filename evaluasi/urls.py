from django.urls import path

from . import views

app_name = "evaluasi"
urlpatterns = [
    path("", views.index, name="index"),
]
