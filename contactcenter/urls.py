from django.contrib import admin
from django.urls import include, path

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
]


handler403 = "contactcenter.views.forbidden"
handler404 = "contactcenter.views.not_found"
handler500 = "contactcenter.views.server_error"
