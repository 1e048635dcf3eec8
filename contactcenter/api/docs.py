"""The schema and Swagger UI pages, answering their errors in JSON like the rest of /api/.

drf-spectacular's views render their errors with the page's own renderer: a 405 in HTML, an OPTIONS
that fails looking for a template (500), an unknown `?format=` as a YAML 404.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.negotiation import DefaultContentNegotiation


class JsonErrorsMixin:
    allowed = ("GET", "HEAD")

    def dispatch(self, request, *args, **kwargs):
        if request.method not in self.allowed:
            response = JsonResponse(
                {
                    "code": "method_not_allowed",
                    "detail": _("Method “%(method)s” not allowed.") % {"method": request.method},
                },
                status=405,
            )
            response["Allow"] = ", ".join(self.allowed)
            return response
        return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            data = getattr(response, "data", None) or {}
            detail = data.get("detail", "") if isinstance(data, dict) else ""
            code = getattr(detail, "code", None) or ("not_found" if response.status_code == 404 else "error")
            return JsonResponse({"code": code, "detail": str(detail)}, status=response.status_code)
        return response


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    """The OpenAPI document: YAML by default, JSON with `?format=json` or an Accept header."""

    content_negotiation_class = DefaultContentNegotiation


class SwaggerView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI; the split view serves its start-up script as a file, so the CSP needs no inline script."""
