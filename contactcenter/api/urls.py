from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.negotiation import DefaultContentNegotiation

from . import schema  # noqa: F401  (registers the bearer-token scheme with drf-spectacular)
from .exceptions import api_not_found

app_name = "api"

urlpatterns = [
    path("v1/", include("channels.api.urls")),
    path("v1/", include("channels.api.routing_urls")),
    path("v1/", include("queues.api.urls")),
    path("v1/", include("flows.api.urls")),
    path("v1/", include("support_numbers.api.urls")),
    path("v1/", include("audio.api.urls")),
    # The schema is offered as YAML (default) or JSON (`?format=json` or an Accept header).
    path(
        "schema/",
        SpectacularAPIView.as_view(content_negotiation_class=DefaultContentNegotiation),
        name="schema",
    ),
    # The split view serves its start-up script as a file, so the Content-Security-Policy needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ answers a JSON 404, not the console's HTML page.
    re_path(r"^.*$", api_not_found),
]
