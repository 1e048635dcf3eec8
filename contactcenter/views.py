"""The console's view machinery: "list", "edit" and "delete" exist once, declared per object.

Every view requires a signed-in member and scopes every query to the member's organization, so
another organization's object answers 404 exactly like a missing one. Writes require the admin
role and are refused with 403 on the server whatever the page showed.
"""

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View, i18n
from django.views.decorators.http import require_POST
from django_filters import FilterSet

from . import pickers
from .bulk import DONE, NOT_FOUND, REFUSED, UNCHANGED, bulk_max_rows, bulk_tokens
from .choices import Language
from .errors import DomainConflict, VersionConflict
from .forms import DeleteForm
from .models import Membership, Organization
from .references import references
from .selectors import IdFirstPaginator
from .services import membership_set_language, service_keyword
from .tables import Table


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the matching fields; the rest goes on top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages if hasattr(item, "messages") else item)
    else:
        form.add_error(None, error.messages)


def htmx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful save: a full navigation, with or without HTMX."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class MemberMixin(LoginRequiredMixin):
    """A signed-in member of an organization; `self.organization` scopes every query."""

    model: type[models.Model]
    write_methods = ("POST", "PUT", "PATCH", "DELETE")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.membership: Membership = request.user.membership
        except Membership.DoesNotExist:
            raise PermissionDenied(_("Your account is not a member of any organization.")) from None
        self.organization: Organization = self.membership.organization
        if request.method in self.write_methods and not self.membership.can_write():
            raise PermissionDenied(
                _("Your role is read-only: you can review the configuration but not change it.")
            )
        return super().dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        response = super().handle_no_permission()
        if getattr(self.request, "htmx", False) and isinstance(response, HttpResponseRedirect):
            # A session that ended while a page was open: send the whole page to the login form,
            # and back to that page afterwards, instead of swapping the login form into a fragment.
            page = self.request.htmx.current_url_abs_path or self.request.get_full_path()
            return htmx_redirect(self.request, redirect_to_login(page).url)
        return response

    @property
    def can_edit(self) -> bool:
        return self.membership.can_write()

    def get_queryset(self) -> models.QuerySet:
        return self.model._default_manager.filter(organization=self.organization)

    def get_object(self) -> models.Model:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValidationError, ValueError):
            raise Http404 from None


def _same_organization_relation(model: type[models.Model], name: str) -> bool:
    """Whether `name` is a foreign key of `model` to another organization-owned model."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if not field.many_to_one:
        return False
    related = {f.name for f in field.related_model._meta.get_fields()}
    return "organization" in related and "organization" in {f.name for f in model._meta.get_fields()}


class ObjectListView(MemberMixin, View):
    """A searchable, filterable, sortable, paginated list whose rows HTMX can swap alone.

    Declare `model`, `template_name`, `search_fields`, `sort_fields` ({param: order_by}),
    `filterset_class` (the app's console FilterSet, which the toolbar's selects are drawn from),
    and optionally `list_queryset()`.
    """

    template_name: str
    filterset_class: type[FilterSet]
    search_fields: tuple[str, ...] = ("name", "description")
    sort_fields: dict[str, str] = {"name": "name"}
    #: Sort fields computed only by the query that sorts by them ({field: expression}): the page's ids.
    #: The count and the page's rows are read without them (IdFirstPaginator's `rows`). See sortable().
    sort_expressions: dict[str, Any] = {}
    default_sort = "name"
    #: Rows a page shows unless the URL chooses one of `page_sizes` (`?page_size=50`).
    paginate_by = 25
    page_sizes = (25, 50, 100)
    #: The list's own parameters besides its filterset's filters.
    list_parameters = frozenset({"q", "sort", "page", "page_size"})
    #: {key: BulkAction} when rows can be chosen and acted on together; `bulk_url_name` is the view,
    #: and it returns to `list_url_name`.
    bulk_actions: dict[str, "BulkAction"] = {}
    bulk_url_name: str = ""
    list_url_name: str = ""
    #: The rows' table (contactcenter.tables), drawn in Python, as `table` in the template.
    table_class: type[Table] | None = None

    def list_queryset(self) -> models.QuerySet:
        return self.get_queryset()

    def search(self, queryset: models.QuerySet, query: str) -> models.QuerySet:
        condition = models.Q()
        for field in self.search_fields:
            condition |= models.Q(**{f"{field}__icontains": query})
        return queryset.filter(condition)

    def filter_list(
        self, params
    ) -> tuple[models.QuerySet, FilterSet, str, dict[str, str], str, list[str], models.QuerySet]:
        """The rows `params` (a list URL's query) selects, in its order: also what a bulk action's
        "all matching" means. Returns the queryset, the filterset, the search, the filters, the sort,
        what in `params` the list could not use, and the rows to count and show (the same rows, without
        what only their order needs; the queryset itself when its order needs nothing more)."""
        queryset = self.list_queryset()
        query = params.get("q", "").strip()
        if query:
            queryset = self.search(queryset, query)
        filterset = self.filterset_class(params, queryset=queryset, request=self.request)
        # A value the filterset refuses (a hand-edited URL) is named in the toolbar with the
        # filterset's message; the filters it accepted still apply.
        queryset = filterset.qs
        active_filters = {name: params[name] for name in filterset.filters if params.get(name)}
        # What the list could not use besides the filters' values: named, as the API's 400 names
        # it, instead of silently showing everything.
        list_errors = [
            _("“%(name)s” is not a filter of this list; it was ignored.") % {"name": name}
            for name in params
            if name not in self.list_parameters and name not in filterset.filters
        ]
        sort = params.get("sort", "") or self.default_sort
        field = self.sort_fields.get(sort.removeprefix("-"))
        if field is None:
            list_errors.append(
                _("Unknown sort “%(value)s”; choose from %(allowed)s.")
                % {"value": sort, "allowed": ", ".join(sorted(self.sort_fields))}
            )
            sort, field = self.default_sort, self.sort_fields[self.default_sort.removeprefix("-")]
        descending = sort.startswith("-")
        sortable, field = self.sortable(queryset, field)
        # The tie-break runs the same way, so one index serves both directions (scanned backwards).
        ordered = sortable.order_by(*((f"-{field}", "-pk") if descending else (field, "pk")))
        # The rows to count and show: without what only the order needs, if it needed anything.
        rows = ordered if sortable is queryset else queryset
        return ordered, filterset, query, active_filters, sort, list_errors, rows

    def sortable(self, queryset: models.QuerySet, field: str) -> tuple[models.QuerySet, str]:
        """`queryset` ready to sort by `field`, and what to order by.

        A declared sort expression is added as an alias (compiled only into the page's ids). A sort by a
        related row's field (`flow__name`) joins that row within the organization: every object refers
        only to its own organization's, and with the condition PostgreSQL reads the organization's rows
        through their index instead of every organization's (channels by flow at 101,000 flows: 7 ms, not 16).
        """
        name, _separator, rest = field.partition("__")
        if name in self.sort_expressions:
            return queryset.alias(**{name: self.sort_expressions[name]}), field
        if rest and _same_organization_relation(self.model, name):
            alias = f"{name}_in_organization"
            relation = FilteredRelation(name, condition=Q(**{f"{name}__organization": F("organization")}))
            return queryset.alias(**{alias: relation}), f"{alias}__{rest}"
        return queryset, field

    def get(self, request, *args, **kwargs):
        queryset, filterset, query, active_filters, sort, list_errors, rows = self.filter_list(request.GET)
        page_size = self.paginate_by
        typed_size = request.GET.get("page_size", "")
        if typed_size:
            if typed_size in {str(size) for size in self.page_sizes}:
                page_size = int(typed_size)
            else:
                list_errors.append(
                    _("“%(value)s” is not a page size; choose %(sizes)s.")
                    % {"value": typed_size, "sizes": ", ".join(str(size) for size in self.page_sizes)}
                )
        typed_page = request.GET.get("page", "")
        if typed_page and not typed_page.isdigit():
            list_errors.append(
                _("“%(value)s” is not a page number; showing the first page.") % {"value": typed_page}
            )
        page = IdFirstPaginator(queryset, page_size, rows=rows).get_page(typed_page)
        rows_only = bool(getattr(request, "htmx", False)) and request.headers.get("HX-Target") == "results"
        context = {
            "page_obj": page,
            "object_list": page.object_list,
            "query": query,
            "filter_form": filterset.form,
            "active_filters": active_filters,
            "list_errors": list_errors,
            "sort": sort,
            "default_sort": self.default_sort,
            "page_size": page_size,
            "page_sizes": self.page_sizes,
            "filtered": bool(query or active_filters),
            "can_edit": self.can_edit,
            "rows_only": rows_only,
            **self.bulk_context(page, rows_only),
            **self.extra_context(page),
        }
        if self.table_class is not None:
            context["table"] = self.table_class(
                page.object_list,
                request=request,
                sort=sort,
                bulk="bulk" in context,
                can_edit=self.can_edit,
                **self.table_options(),
            )
        template = f"{self.template_name}#results" if rows_only else self.template_name
        response = render(request, template, context)
        # The same URL answers a full page or only the rows: caches (and the back button) must
        # not serve one for the other.
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response

    def extra_context(self, page) -> dict:
        return {}

    def table_options(self) -> dict:
        """What the table needs besides its rows, the sort and the permissions."""
        return {}

    @classmethod
    def bulk_session_key(cls) -> str:
        return f"bulk-result:{cls.model._meta.label_lower}"

    def bulk_context(self, page, rows_only: bool) -> dict:
        if not self.bulk_actions:
            return {}
        context = {}
        if self.can_edit:
            filters = self.request.GET.copy()
            filters.pop("page", None)
            total = page.paginator.count
            # The bar's words are made here, not by the template's tags: it is on every page of the list.
            context["bulk"] = {
                "url": reverse(self.bulk_url_name),
                "actions": [(key, str(action.label)) for key, action in self.bulk_actions.items()],
                "filters": filters.urlencode(),
                "total": total,
                "max": bulk_max_rows(),
                "all_chosen": ngettext(
                    "All %(total)s matching row chosen", "All %(total)s matching rows chosen", total
                )
                % {"total": total},
                "all_matching": ngettext("All %(total)s matching row", "All %(total)s matching rows", total)
                % {"total": total},
            }
        if not rows_only:
            # What the last bulk action did, shown once, after its redirect back to this list.
            context["bulk_result"] = self.request.session.pop(self.bulk_session_key(), None)
        return context


@dataclass(frozen=True)
class BulkAction:
    """One action of a list's bulk bar: its words, and the service that applies it row by row."""

    label: str
    #: "Deactivate %(count)d channels": the confirm button (ngettext_lazy with "count").
    button: str
    #: "%(count)d channels deactivated.": the result.
    done: str
    #: "Will be deactivated": a row's line in the confirmation.
    will: str
    #: The bulk service (`entry_points_bulk`, …) and the action it is asked for, with any further options.
    service: Callable
    action: str
    options: dict = dataclasses.field(default_factory=dict)
    danger: bool = False

    def run(self, organization, ids, versions, preview: bool):
        """The service's report on these rows (with preview, what would happen, rolled back)."""
        return self.service(
            organization=organization,
            versions=versions,
            action=self.action,
            ids=ids,
            preview=preview,
            **self.options,
        )


class BulkActionMixin:
    """POST the rows chosen on a list page (or all its filter matches): a confirmation that lists what
    will happen to each row (the services' own verdict, rolled back), then the action and a report.

    Mixed into the list view itself, so "all matching" is exactly the list's own filter and sort.
    """

    confirm_template = "includes/bulk_confirm_page.html"

    def get(self, request, *args, **kwargs):
        return redirect(reverse(self.list_url_name))

    def list_url(self, filters: str) -> str:
        url = reverse(self.list_url_name)
        return f"{url}?{filters}" if filters else url

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied
        filters = QueryDict(request.POST.get("filters", ""))
        filters_text = filters.urlencode()
        key = request.POST.get("action", "")
        action = self.bulk_actions.get(key)
        ids, versions, problem = self.chosen_ids(request.POST, filters)
        if action is None:
            problem = _("Choose what to do with the chosen rows.")
        context = {
            "action_key": key,
            "action": action,
            "filters": filters_text,
            "list_url": self.list_url(filters_text),
            "problem": problem,
            "noun": self.model._meta.verbose_name_plural,
        }
        if problem is None and request.POST.get("confirmed") == "1":
            report = action.run(self.organization, ids, versions, False)
            request.session[self.bulk_session_key()] = _result_summary(action, report)
            return htmx_redirect(request, self.list_url(filters_text))
        if problem is None:
            report = action.run(self.organization, ids, versions, True)
            context["report"] = report
            context["changing"] = changing = len(report.of(DONE))
            context["button"] = action.button % {"count": changing}
        template = self.confirm_template
        if getattr(request, "htmx", False):
            template = f"{template}#dialog"
        return render(request, template, context)

    def chosen_ids(self, data, filters) -> tuple[list, dict, str | None]:
        """The rows chosen: ticked ("<id>", or "<id>@<version>" from a confirmation), or all the list's
        filter matches; with the versions given, and what is wrong with the choice if anything."""
        limit = bulk_max_rows()
        versions: dict = {}
        if data.get("all_matching") == "1" and data.get("confirmed") != "1":
            queryset = self.filter_list(filters)[0]
            ids = list(queryset.values_list("pk", flat=True)[: limit + 1])
        else:
            ids, versions = bulk_tokens(data.getlist("ids"))
            ids = list(dict.fromkeys(ids))
        if not ids:
            return [], {}, _("Choose at least one row first.")
        if len(ids) > limit:
            message = _("One bulk action changes at most %(limit)d rows; choose fewer or filter the list.")
            return [], {}, message % {"limit": limit}
        return ids, versions, None


def _result_summary(action: BulkAction, report) -> dict:
    """What the list shows after the redirect: kept in the session, so only plain text and numbers."""
    return {
        "done": str(action.done % {"count": len(report.of(DONE))}) if report.of(DONE) else "",
        "unchanged": len(report.of(UNCHANGED)),
        "refused": [[outcome.name, outcome.detail] for outcome in report.of(REFUSED)],
        "not_found": len(report.of(NOT_FOUND)),
    }


class ObjectEditView(MemberMixin, View):
    """Create (no pk) or show-and-edit (pk) one object through its form and its services.

    Subclasses declare `model`, `form_class`, `template_name`, and implement `save(form, obj)`
    calling the service; ValidationError lands beside the fields and a DomainConflict (such as
    a stale version) keeps everything typed.
    """

    form_class: type
    template_name: str
    list_url_name: str
    # A POST carrying this parameter only re-renders the form with the typed values (no save):
    # the no-JavaScript way to show the fields that depend on a choice, and the request htmx
    # sends to swap one of `partial_targets`.
    refresh_param = "_refresh"

    def get_form_kwargs(self, obj) -> dict:
        return {"organization": self.organization, "instance": obj}

    def make_form(self, obj, data=None, files=None, initial=None):
        kwargs = self.get_form_kwargs(obj)
        if initial is not None:
            kwargs["initial"] = {**kwargs.get("initial", {}), **initial}
        form = self.form_class(data=data, files=files, **kwargs)
        if not self.can_edit:
            for field in form.fields.values():
                field.disabled = True
        pickers.bind_pickers(form, self.request)
        return form

    def typed_form(self, obj, values):
        """An unbound form showing `values` (a QueryDict as typed): nothing is validated, nothing lost.

        Fields missing from `values` keep the stored or default value, so a field that was hidden
        and appears again shows what it held. A read-only member always sees the stored values.
        """
        if not self.can_edit:
            return self.make_form(obj)
        initial = {}
        for name, field in self.form_class.base_fields.items():
            widget = field.widget
            if not widget.value_omitted_from_data(values, {}, name):
                initial[name] = widget.value_from_datadict(values, {}, name)
        return self.make_form(obj, initial=initial)

    def new_object(self) -> models.Model:
        return self.model(organization=self.organization)

    def load(self):
        if "pk" in self.kwargs:
            return self.get_object()
        if not self.can_edit:
            raise PermissionDenied(_("Your role is read-only: you cannot create objects."))
        return self.new_object()

    def get(self, request, *args, **kwargs):
        obj = self.load()
        return self.render_page(obj, self.make_form(obj))

    def post(self, request, *args, **kwargs):
        obj = self.load()
        if self.refresh_param in request.POST:
            return self.render_page(obj, self.typed_form(obj, request.POST))
        creating = obj._state.adding
        form = self.make_form(obj, request.POST, request.FILES)
        conflict = None
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as error:
                add_errors(form, error)
            except VersionConflict as error:
                conflict = error
            except DomainConflict as error:
                form.add_error(None, error.detail)
            else:
                messages.success(
                    request,
                    (
                        _("%(kind)s “%(name)s” was created.")
                        if creating
                        else _("%(kind)s “%(name)s” was saved.")
                    )
                    % {"kind": saved._meta.verbose_name.capitalize(), "name": saved},
                )
                return htmx_redirect(request, self.success_url(saved))
        if not creating and "pk" in self.kwargs:
            # Show the page's side panels for what is stored, not for the rejected input.
            obj = self.get_object()
        return self.render_page(obj, form, conflict=conflict)

    # The entity's services, `<entity>_create(*, organization, **fields)` and
    # `<entity>_update(*, <entity>, version, **fields)`; declare them with staticmethod().
    create_service: Any = None
    update_service: Any = None

    def save(self, form, obj) -> models.Model:
        """The one way from a parsed form to the rules: the entity's create or update service."""
        fields = form.service_fields()
        if obj._state.adding:
            return self.create_service(organization=self.organization, **fields)
        return self.update_service(**{self.object_kwarg(): obj}, version=version_from(form), **fields)

    def object_kwarg(self) -> str:
        """The keyword the update service takes the object by: EntryPoint → `entry_point`."""
        return service_keyword(self.model)

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def page_context(self, obj, form) -> dict:
        return {}

    def render_page(self, obj, form, conflict=None) -> HttpResponse:
        creating = obj._state.adding
        extra = self.page_context(obj, form)
        context = {
            "object": None if creating else obj,
            "form": form,
            "creating": creating,
            "conflict": conflict,
            "can_edit": self.can_edit,
            # page_context() may supply the references itself (to reuse them) instead of a second query.
            "references": extra.pop("references")
            if "references" in extra
            else ([] if creating else references(obj)),
            **extra,
        }
        template = self.template_name
        target = self.request.headers.get("HX-Target") if getattr(self.request, "htmx", False) else None
        refreshing = self.request.method == "POST" and self.refresh_param in self.request.POST
        if target and (self.request.method == "GET" or refreshing) and target in self.partial_targets:
            template = f"{template}#{target}"
        # A failed form answers 200 so htmx swaps it in (htmx ignores 4xx bodies).
        return render(self.request, template, context)

    partial_targets: tuple[str, ...] = ()


class ObjectDeleteView(MemberMixin, View):
    """POST-only delete through the object's service; a refusal says why on the detail page."""

    model: type[models.Model]
    list_url_name: str

    def delete(self, obj, request) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        name = str(obj)
        try:
            self.delete(obj, request)
        except DomainConflict as error:
            messages.error(request, error.detail)
            return htmx_redirect(request, obj.get_absolute_url())
        except self.model.DoesNotExist:
            raise Http404 from None
        messages.success(
            request,
            _("%(kind)s “%(name)s” was deleted.")
            % {"kind": obj._meta.verbose_name.capitalize(), "name": name},
        )
        return htmx_redirect(request, reverse(self.list_url_name))


class PickerView(MemberMixin, View):
    """`/pick/<kind>/?name=…&<name>__q=…`: the matches of a picker, for htmx to swap in."""

    def get(self, request, key: str):
        picker_class = pickers.get_picker(key)
        widget = (pickers.PickerMultipleWidget if request.GET.get("multiple") else pickers.PickerWidget)(key)
        widget.organization = self.organization
        widget.params = {name: request.GET.get(name, "") for name in picker_class.params}
        name = request.GET.get("name", "")
        if not re.fullmatch(r"[\w-]{1,80}", name):
            raise Http404
        widget.search = request.GET.get(f"{name}__q", "")[:200]
        widget.optional = bool(request.GET.get("empty"))
        widget.disabled = not self.can_edit
        value = request.GET.getlist(name)
        base_id = request.GET.get("id", "")
        if not re.fullmatch(r"[\w-]{1,100}", base_id):
            base_id = f"id_{name}"
        context = pickers.picker_context(widget, name, value, {"id": base_id})
        return HttpResponse(pickers.results_html(context))


def version_from(form) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value not in (None, "") else None


def posted_version(request: HttpRequest) -> int | None:
    """The version a delete dialog was opened with; a missing or malformed one skips the check."""
    form = DeleteForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


class LogoutView(auth_views.LogoutView):
    """Sign out, and say so on the sign-in page it leads to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


def home(request):
    return redirect("channels:entrypoint-list") if request.user.is_authenticated else redirect("login")


def forbidden(request, exception=None):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def csrf_failure(request, reason=""):
    """A refused CSRF check: JSON under /api/ (like every API error), the console's 403 page elsewhere."""
    if request.path.startswith("/api/"):
        detail = _("CSRF check failed: a session client must send the X-CSRFToken header.")
        return JsonResponse({"code": "permission_denied", "detail": detail}, status=403)
    return forbidden(
        request, PermissionDenied(_("The form expired or came from elsewhere; reload the page."))
    )


def server_error(request):
    """A 500: JSON under /api/ (like every API error), a page that needs nothing else elsewhere."""
    if request.path.startswith("/api/"):
        detail = _(
            "Something went wrong on the server; nothing was changed. Try again, or report it if it persists."
        )
        return JsonResponse({"code": "server_error", "detail": detail}, status=500)
    return render(request, "500.html", status=500)


def unknown_page(request):
    raise Http404


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


@require_POST
def set_language(request):
    """Switch the console's language: a cookie for everyone, and remembered on a member's account.

    Django's own view sets the cookie and goes back to `next` (a safe local URL) or the page the
    switch was on; a member's choice is also saved, so it follows them to their next sign-in on
    any browser. A viewer may choose too: it changes nothing in the configuration.
    """
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if language in Language.values and request.user.is_authenticated:
        membership = Membership.objects.filter(user=request.user).first()
        if membership is not None and membership.language != language:
            membership_set_language(membership=membership, language=language)
    return response
