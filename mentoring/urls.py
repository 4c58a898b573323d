from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="list"),
]
