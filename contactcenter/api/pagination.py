"""`page` and `page_size` (default 50, at most 500) answering count, next, previous and results."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination

from contactcenter.selectors import IdFirstPaginator


class ApiPagination(pagination.PageNumberPagination):
    page_size = 50
    django_paginator_class = IdFirstPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number of at least 1 (at most 500 are returned).")
                    ]
                }
            )
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = str(
                    _("Results per page: default 50; larger values than 500 are capped at 500.")
                )
        return parameters
