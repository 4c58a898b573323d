from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms import LoginForm, ResetKataSandiForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("password_reset/", auth_views.PasswordResetView.as_view(form_class=ResetKataSandiForm), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
