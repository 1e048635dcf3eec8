"""The API's search and ordering: strict, so a malformed parameter answers 400 instead of being ignored.

The filters themselves live in each app's `filtersets.py`, shared with the console's lists.
"""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds the filterset and validates its form only when the request
    names one of its filters: without one, no filter applies (every filter skips an absent value), and a
    list would pay a form's construction and validation for nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any(
            name in filterset_class.base_filters for name in request.query_params
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class SearchFilter(filters.SearchFilter):
    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        if "\x00" in value:
            # PostgreSQL cannot compare with a NUL character; refuse instead of failing with a 500.
            raise exceptions.ValidationError({self.search_param: [_("Null characters are not allowed.")]})
        return super().get_search_terms(request)


class OrderingFilter(filters.OrderingFilter):
    """`ordering` names the view's ordering fields (`-` for descending, commas between them);
    an unknown field is a 400 rather than silently ignored, and the schema lists the fields."""

    def allowed_fields(self, view) -> list[str]:
        return list(getattr(view, "ordering_fields", None) or [])

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value:
            allowed = set(self.allowed_fields(view))
            unknown = [
                term.strip() for term in value.split(",") if term.strip().removeprefix("-") not in allowed
            ]
            if unknown:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Unknown ordering field “%(field)s”; choose from %(allowed)s.")
                            % {"field": unknown[0], "allowed": ", ".join(sorted(allowed))}
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)

    def get_schema_operation_parameters(self, view):
        fields = self.allowed_fields(view)
        if not fields:
            return []
        choice = "-?(" + "|".join(fields) + ")"
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _(
                    "Sort by %(fields)s; prefix a field with - for descending, separate several with commas."
                )
                % {"fields": ", ".join(fields)},
                "schema": {"type": "string", "pattern": f"^{choice}(,{choice})*$"},
            }
        ]
