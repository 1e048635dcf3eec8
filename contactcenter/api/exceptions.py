"""One error format for the whole API.

- 400: `{"<field>": ["message", ...], "non_field_errors": [...]}`, the messages of the model and
  services, exactly as the console shows them; a nested list's (shifts, holidays, overrides) row
  by row, `{"shifts": {"<index>": {"<field>": [...]}, "non_field_errors": [...]}}`
  (flows.api.serializers; `rows_errors` here, for a service's errors about rows raised anywhere, a
  restore of a version included).
- 409: a refused guard, `DomainConflict.to_dict()`: `{"code", "detail", ...extra}`.
- every other error: `{"code": "...", "detail": "..."}`.
"""

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

from contactcenter.errors import DomainConflict

from .parsers import body_too_large


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The object has changed since you read it (If-Match does not match its ETag). "
        "Read it again and retry with the new ETag."
    )
    default_code = "precondition_failed"


def rows_errors(errors: list[DjangoValidationError]) -> dict:
    """The services' errors about a parent's rows in the shape of RowListSerializer's: each error about a
    row (``params["row"]``, the message beside ``params["field"]``) under the row's index, an overlap or a
    name given twice (``params["rows"]``, beside ``params["field"]`` if any) in each of its rows, the rest
    under `non_field_errors`."""
    by_row: dict[int, dict[str, list[str]]] = {}
    whole: list[str] = []
    for error in errors:
        params = error.params or {}
        if "row" in params:
            field = (
                api_settings.NON_FIELD_ERRORS_KEY if params["field"] == NON_FIELD_ERRORS else params["field"]
            )
            by_row.setdefault(params["row"], {}).setdefault(field, []).append(str(params["message"]))
        elif "rows" in params:
            field = params.get("field", api_settings.NON_FIELD_ERRORS_KEY)
            for position in params["rows"]:
                by_row.setdefault(position, {}).setdefault(field, []).extend(error.messages)
        else:
            whole.extend(error.messages)
    detail: dict = {position: by_row[position] for position in sorted(by_row)}
    if whole:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = whole
    return detail


def _about_rows(errors: list[DjangoValidationError]) -> bool:
    return any(error.params and ("row" in error.params or "rows" in error.params) for error in errors)


def field_errors(exc: DjangoValidationError | exceptions.ValidationError, rows_fields=frozenset()) -> dict:
    """The 400 body of a validation error. A service's errors about a parent's rows (a schedule's shifts, a
    list's holidays) come row by row (`rows_errors`) wherever they are raised: a write through the
    resource's serializer (which names its `rows_fields`) or a restore of a version."""
    by_rows = {}
    if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
        by_rows = {
            field: rows_errors(errors)
            for field, errors in exc.error_dict.items()
            if field in rows_fields or _about_rows(errors)
        }
        if by_rows:
            rest = {field: errors for field, errors in exc.error_dict.items() if field not in by_rows}
            exc = DjangoValidationError(rest) if rest else None
    errors = as_serializer_error(exc) if exc is not None else {}
    if NON_FIELD_ERRORS in errors:
        errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(errors.pop(NON_FIELD_ERRORS))
    return {**errors, **by_rows}


def api_exception_handler(exc, context):
    if isinstance(exc, DomainConflict):
        set_rollback()
        return Response(exc.to_dict(), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError | exceptions.ValidationError):
        set_rollback()
        return Response(field_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        exc = body_too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(_("The form has too many fields or files."))
    elif isinstance(exc, ObjectDoesNotExist | Http404):
        # ObjectDoesNotExist: the object vanished between our read and a service's locked re-read.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
        response.data = {"code": codes if isinstance(codes, str) else exc.default_code, "detail": str(detail)}
    return response


@csrf_exempt  # a path that names nothing changes nothing: 404 for every method, never a CSRF page
def api_not_found(request, *args, **kwargs):
    """JSON 404 for any /api/ path that names no resource (instead of the console's HTML page)."""
    return JsonResponse({"code": "not_found", "detail": str(exceptions.NotFound.default_detail)}, status=404)
