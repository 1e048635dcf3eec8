"""Console pages speak the organization's local time and the member's language, and answer errors
with their own pages."""

import logging
import zoneinfo

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import get_resolver
from django.utils import timezone, translation
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from .models import Membership

# The API answers in UTC (ISO 8601 with an offset); the operators' admin keeps the server's zone.
UTC_PREFIXES = ("/api/", "/admin/")

logger = logging.getLogger("django.request")


class MembershipMiddleware:
    """A signed-in user's membership and organization in one query, read once per request.

    Right after authentication: the console and the API read `request.user.membership.organization`
    on every request (the time zone, the language, the scoping of every query), which Django loads
    with a query for each; this loads both together and leaves them on the user, as select_related
    would. A user without a membership keeps raising Membership.DoesNotExist.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user = getattr(user, "_wrapped", user)  # the user itself, not Django's lazy wrapper
            related = Membership.user.field.remote_field  # User.membership
            if not related.is_cached(user):
                membership = Membership.objects.select_related("organization").filter(user=user).first()
                related.set_cached_value(user, membership)
                if membership is not None:
                    Membership.user.field.set_cached_value(membership, user)
        return self.get_response(request)


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


class ConsoleErrorPagesMiddleware:
    """Under DEBUG too, an unknown object or a crash answers with the console's own 404 and 500.

    Without debugging Django already uses the handlers in `contactcenter.urls`; with it, Django
    shows its technical pages (the yellow 404 with the URL list, the traceback 500), which is not
    what an administrator trying the console under `make run` should meet. Those pages appear
    only when asked for (`DJANGO_DEBUG_ERROR_PAGES=1`). A 403 is the console's page either way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or settings.DEBUG_ERROR_PAGES:
            return None  # Django answers: the handlers without debugging, its technical pages with it
        if isinstance(exception, Http404):
            return get_resolver().resolve_error_handler(404)(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django's own answer uses the handlers in DEBUG as well
        # The traceback still goes to the log (the runserver console), as Django would write it.
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exception, extra={"request": request}
        )
        return get_resolver().resolve_error_handler(500)(request)


class MemberLanguageMiddleware:
    """The console speaks the language the member chose; the API the one the request asks for.

    After LocaleMiddleware (cookie, then Accept-Language, then English) and authentication: a
    signed-in member's saved choice (Membership.language) wins on console pages, and the cookie
    is set to it so the sign-in page after signing out speaks it too. The API follows only
    Accept-Language (default English), whoever is signed in: a program asks for its language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = ""
        if request.path_info.startswith("/api/") and not request.path_info.startswith("/api/docs"):
            language = accept_language(request)
        else:
            chosen = member_language(request)
            language = chosen
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def member_language(request) -> str:
    """The signed-in member's saved language, or "" (no member, or no choice yet)."""
    if not request.user.is_authenticated:
        return ""
    try:
        return request.user.membership.language
    except Membership.DoesNotExist:
        return ""


def accept_language(request) -> str:
    """The first language of Accept-Language the console speaks, else the default (English)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE
