"""API URLs of the routing resolver (filled in by the routing work)."""

urlpatterns: list = []
