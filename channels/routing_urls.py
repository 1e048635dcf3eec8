"""Console URLs of the Test routing tool (filled in by the routing work)."""

urlpatterns: list = []
