from django.urls import include, path, re_path

from . import schema  # noqa: F401  (registers the bearer-token scheme with drf-spectacular)
from .docs import SchemaView, SwaggerView
from .exceptions import api_not_found

app_name = "api"

urlpatterns = [
    path("v1/", include("channels.api.urls")),
    path("v1/", include("channels.api.routing_urls")),
    path("v1/", include("queues.api.urls")),
    path("v1/", include("flows.api.urls")),
    path("v1/", include("support_numbers.api.urls")),
    path("v1/", include("audio.api.urls")),
    path("v1/", include("audit.api.urls")),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ answers a JSON 404, not the console's HTML page.
    re_path(r"^.*$", api_not_found),
]
