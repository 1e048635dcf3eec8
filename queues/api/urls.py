from rest_framework.routers import SimpleRouter

from .views import QueueViewSet

router = SimpleRouter()
router.register("queues", QueueViewSet, basename="queue")

urlpatterns = router.urls
