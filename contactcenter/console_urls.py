from django.contrib.auth import views as auth_views
from django.urls import path

from . import token_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("pick/<slug:key>/", views.PickerView.as_view(), name="picker"),
    path("language/", views.set_language, name="set-language"),
    path("account/api-tokens/", token_views.api_tokens, name="api-tokens"),
    path("account/api-tokens/<uuid:pk>/revoke/", token_views.api_token_revoke_view, name="api-token-revoke"),
]
