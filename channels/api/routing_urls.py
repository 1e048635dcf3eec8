"""API URLs of the routing resolver."""

from django.urls import path

from .routing import RoutingResolveView

urlpatterns = [
    path("routing/resolve/", RoutingResolveView.as_view(), name="routing-resolve"),
]
