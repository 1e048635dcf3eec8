from rest_framework.routers import SimpleRouter

from .views import SupportNumberViewSet

router = SimpleRouter()
router.register("support-numbers", SupportNumberViewSet, basename="supportnumber")

urlpatterns = router.urls
