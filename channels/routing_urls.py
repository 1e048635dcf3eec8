"""Console URLs of the Test routing tool (no namespace: the sidebar links to `routing-test`)."""

from django.urls import path

from .routing_views import RoutingTestView

urlpatterns = [
    path("routing/test/", RoutingTestView.as_view(), name="routing-test"),
]
