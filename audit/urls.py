from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("activity/", views.ActivityView.as_view(), name="activity"),
    path("activity/export.csv", views.ActivityExportView.as_view(), name="activity-export"),
    path("activity/<uuid:entry_id>/restore/", views.RestoreView.as_view(), name="activity-restore"),
    # Every object page's History, `<object url>history/`: the section names the kind of object.
    path("<slug:section>/<uuid:pk>/history/", views.HistoryView.as_view(), name="history"),
    path(
        "<slug:section>/<uuid:pk>/history/<uuid:entry_id>/restore/",
        views.RestoreView.as_view(),
        name="history-restore",
    ),
]
