from django.urls import path

from . import views

app_name = "queues"

urlpatterns = [
    path("queues/", views.QueueListView.as_view(), name="queue-list"),
    path("queues/new/", views.QueueEditView.as_view(), name="queue-new"),
    path("queues/<uuid:pk>/", views.QueueEditView.as_view(), name="queue-detail"),
    path("queues/<uuid:pk>/delete/", views.QueueDeleteView.as_view(), name="queue-delete"),
]
