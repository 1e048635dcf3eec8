"""Console pages speak the organization's local time."""

import zoneinfo

from django.utils import timezone

from .models import Membership

# The API answers in UTC (ISO 8601 with an offset); the operators' admin keeps the server's zone.
UTC_PREFIXES = ("/api/", "/admin/")


class OrganizationTimeZoneMiddleware:
    """Show every date and time on a console page in the signed-in member's organization's zone.

    "Created Nov. 24, 2026, 9:45 p.m." then means 21:45 where the organization works, and a
    date typed into a form (an API token's expiry) is read there too. Channels keep their own
    zones for business hours; this is only the clock the console speaks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = self.zone_for(request)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)

    @staticmethod
    def zone_for(request) -> zoneinfo.ZoneInfo | None:
        if request.path_info.startswith(UTC_PREFIXES) or not request.user.is_authenticated:
            return None
        try:
            name = request.user.membership.organization.timezone
        except Membership.DoesNotExist:
            return None
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return None
