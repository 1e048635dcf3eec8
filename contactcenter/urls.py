from django.contrib import admin
from django.urls import include, path, re_path

from contactcenter.views import unknown_page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("contactcenter.api.urls")),
    path("", include("contactcenter.console_urls")),
    path("", include("channels.urls")),
    path("", include("channels.routing_urls")),
    path("", include("queues.urls")),
    path("", include("flows.urls")),
    path("", include("support_numbers.urls")),
    path("", include("audio.urls")),
    path("", include("audit.urls")),
    # Last: any other path raises 404 inside a view, so under DEBUG the console's page answers it
    # too (ConsoleErrorPagesMiddleware). Only paths ending in "/": CommonMiddleware still adds
    # the slash to "/channels" first.
    re_path(r"^.*/$", unknown_page),
]


handler403 = "contactcenter.views.forbidden"
handler404 = "contactcenter.views.not_found"
handler500 = "contactcenter.views.server_error"
