from rest_framework.routers import SimpleRouter

from .views import BusinessHoursViewSet, FlowViewSet, HolidayListViewSet, OverrideListViewSet

router = SimpleRouter()
router.register("flows", FlowViewSet, basename="flow")
router.register("business-hours", BusinessHoursViewSet, basename="businesshours")
router.register("holiday-lists", HolidayListViewSet, basename="holidaylist")
router.register("override-lists", OverrideListViewSet, basename="overridelist")

urlpatterns = router.urls
