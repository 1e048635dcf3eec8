from rest_framework.routers import SimpleRouter

from .views import AudioFileViewSet

router = SimpleRouter()
router.register("audio-files", AudioFileViewSet, basename="audiofile")

urlpatterns = router.urls
