"""Bounds on an API request's body, applied before anything reads it."""

from django.conf import settings
from django.http import JsonResponse

from .parsers import body_too_large

API_PREFIX = "/api/"
# Uploads: the file may be AUDIO_MAX_BYTES; the multipart framing and the name need a little more.
UPLOAD_PREFIXES = ("/api/v1/audio-files/",)
MULTIPART_ALLOWANCE = 64 * 1024


def body_limit(path: str) -> int:
    if path.startswith(UPLOAD_PREFIXES):
        return settings.AUDIO_MAX_BYTES + MULTIPART_ALLOWANCE
    return settings.API_MAX_BODY_BYTES


class ApiBodyLimitMiddleware:
    """A body whose Content-Length is over the endpoint's limit is a 413, unread and never on disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse(
                    {"code": "parse_error", "detail": "The Content-Length header is not a number."},
                    status=400,
                )
            limit = body_limit(request.path)
            if length > limit:
                error = body_too_large(limit)
                return JsonResponse({"code": error.default_code, "detail": str(error.detail)}, status=413)
        return self.get_response(request)
