from rest_framework.routers import SimpleRouter

from .views import EntryPointViewSet

router = SimpleRouter()
router.register("entry-points", EntryPointViewSet, basename="entrypoint")

urlpatterns = router.urls
