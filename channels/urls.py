from django.urls import path

from . import views

app_name = "channels"

urlpatterns = [
    path("channels/", views.EntryPointListView.as_view(), name="entrypoint-list"),
    path("channels/bulk/", views.EntryPointBulkView.as_view(), name="entrypoint-bulk"),
    path("channels/new/", views.EntryPointEditView.as_view(), name="entrypoint-new"),
    path("channels/<uuid:pk>/", views.EntryPointEditView.as_view(), name="entrypoint-detail"),
    path("channels/<uuid:pk>/activate/", views.EntryPointActivateView.as_view(), name="entrypoint-activate"),
    path(
        "channels/<uuid:pk>/deactivate/",
        views.EntryPointDeactivateView.as_view(),
        name="entrypoint-deactivate",
    ),
    path("channels/<uuid:pk>/delete/", views.EntryPointDeleteView.as_view(), name="entrypoint-delete"),
    path("channels/<uuid:pk>/calendar/", views.EntryPointCalendarView.as_view(), name="entrypoint-calendar"),
]
