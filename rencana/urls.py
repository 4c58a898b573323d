from django.urls import path

from . import views

app_name = "rencana"
urlpatterns = [
    path("", views.index, name="list"),
]
