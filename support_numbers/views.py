import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from django.views import View

from contactcenter.views import (
    BulkAction,
    BulkActionMixin,
    MemberMixin,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    posted_version,
)

from .filtersets import SupportNumberConsoleFilterSet
from .forms import BulkNumbersForm, SupportNumberForm
from .models import SupportNumber
from .services import (
    support_number_create,
    support_number_delete,
    support_number_release,
    support_number_update,
    support_numbers_bulk,
    support_numbers_bulk_create,
)
from .tables import SupportNumberTable

_NOT_DIGITS = re.compile(r"\D")


class SupportNumberListView(ObjectListView):
    model = SupportNumber
    template_name = "support_numbers/supportnumber_list.html"
    # Searched in list_queryset: a number is found however its digits were grouped when typed.
    search_fields = ()
    sort_fields = {"number": "number", "channel": "entry_point__name", "updated": "updated_at"}
    default_sort = "number"
    filterset_class = SupportNumberConsoleFilterSet
    table_class = SupportNumberTable

    list_url_name = "support_numbers:supportnumber-list"
    bulk_url_name = "support_numbers:supportnumber-bulk-action"
    bulk_actions = {
        "release": BulkAction(
            label=gettext_lazy("Release from their channels"),
            button=ngettext_lazy("Release %(count)d number", "Release %(count)d numbers", "count"),
            done=ngettext_lazy("%(count)d number released.", "%(count)d numbers released.", "count"),
            will=gettext_lazy("Will be released"),
            service=support_numbers_bulk,
            action="release",
        ),
        "delete": BulkAction(
            label=gettext_lazy("Delete"),
            button=ngettext_lazy("Delete %(count)d number", "Delete %(count)d numbers", "count"),
            done=ngettext_lazy("%(count)d number deleted.", "%(count)d numbers deleted.", "count"),
            will=gettext_lazy("Will be deleted"),
            service=support_numbers_bulk,
            action="delete",
            danger=True,
        ),
    }

    def list_queryset(self) -> QuerySet:
        return self.get_queryset().select_related("entry_point")

    def search(self, queryset: QuerySet, query: str) -> QuerySet:
        condition = Q(description__icontains=query) | Q(entry_point__name__icontains=query)
        digits = _NOT_DIGITS.sub("", query)
        if digits:
            condition |= Q(number__contains=digits)
        return queryset.filter(condition)

    def extra_context(self, page) -> dict:
        return {"nav": "numbers"}


class SupportNumberBulkActionView(BulkActionMixin, SupportNumberListView):
    """Release or delete the numbers chosen on the list."""


class SupportNumberEditView(ObjectEditView):
    model = SupportNumber
    form_class = SupportNumberForm
    template_name = "support_numbers/supportnumber_form.html"
    list_url_name = "support_numbers:supportnumber-list"
    create_service = staticmethod(support_number_create)
    update_service = staticmethod(support_number_update)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("entry_point")

    def page_context(self, obj, form) -> dict:
        return {"nav": "numbers", "tab": "one"}


class SupportNumberBulkView(MemberMixin, View):
    """Paste many numbers; each line is added or refused on its own, and refused lines stay in the box."""

    model = SupportNumber
    template_name = "support_numbers/supportnumber_bulk.html"

    def get(self, request, *args, **kwargs):
        self.require_admin()
        return self.render_page(BulkNumbersForm())

    def post(self, request, *args, **kwargs):
        form = BulkNumbersForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        result = support_numbers_bulk_create(organization=self.organization, text=form.cleaned_data["text"])
        if not result.refused and result.added:
            messages.success(
                request,
                ngettext(
                    "Added %(count)d number: %(numbers)s.",
                    "Added %(count)d numbers: %(numbers)s.",
                    len(result.added),
                )
                % {"count": len(result.added), "numbers": ", ".join(str(number) for number in result.added)},
            )
            return redirect("support_numbers:supportnumber-list")
        if not result.refused:
            form.add_error("text", _("Paste at least one number."))
            return self.render_page(form)
        # The refused lines stay in the box so they can be corrected and sent again.
        retry = BulkNumbersForm(initial={"text": result.refused_text})
        return self.render_page(retry, result=result)

    def require_admin(self) -> None:
        if not self.can_edit:
            raise PermissionDenied(_("Your role is read-only: you cannot add numbers."))

    def render_page(self, form, result=None):
        return render(
            self.request,
            self.template_name,
            {"form": form, "result": result, "nav": "numbers", "tab": "many", "creating": True},
        )


class SupportNumberReleaseView(MemberMixin, View):
    """Take a number away from the channel that holds it (POST, administrators only)."""

    model = SupportNumber

    def post(self, request, *args, **kwargs):
        number = self.get_object()
        channel = number.entry_point
        if channel is None:
            messages.info(request, _("%(number)s is not assigned to a channel.") % {"number": number})
        else:
            support_number_release(support_number=number)
            messages.success(
                request,
                _("%(number)s was released from channel “%(channel)s”; it is free now.")
                % {"number": number, "channel": channel.name},
            )
        target = request.POST.get("next", "")
        hosts = {request.get_host()}
        if not url_has_allowed_host_and_scheme(target, hosts, require_https=request.is_secure()):
            target = number.get_absolute_url()
        return redirect(target)

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("entry_point")


class SupportNumberDeleteView(ObjectDeleteView):
    model = SupportNumber
    list_url_name = "support_numbers:supportnumber-list"

    def delete(self, obj: SupportNumber, request) -> None:
        support_number_delete(support_number=obj, version=posted_version(request))
