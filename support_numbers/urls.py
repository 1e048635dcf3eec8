from django.urls import path

from . import views

app_name = "support_numbers"

urlpatterns = [
    path("numbers/", views.SupportNumberListView.as_view(), name="supportnumber-list"),
    path("numbers/new/", views.SupportNumberEditView.as_view(), name="supportnumber-new"),
    path("numbers/bulk/", views.SupportNumberBulkView.as_view(), name="supportnumber-bulk"),
    path(
        "numbers/bulk-action/",
        views.SupportNumberBulkActionView.as_view(),
        name="supportnumber-bulk-action",
    ),
    path("numbers/<uuid:pk>/", views.SupportNumberEditView.as_view(), name="supportnumber-detail"),
    path(
        "numbers/<uuid:pk>/release/", views.SupportNumberReleaseView.as_view(), name="supportnumber-release"
    ),
    path("numbers/<uuid:pk>/delete/", views.SupportNumberDeleteView.as_view(), name="supportnumber-delete"),
]
