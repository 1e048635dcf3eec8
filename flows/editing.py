"""Editing an object with its inline rows.

Inline rows (shifts, holidays, overrides):

The rows are a plain formset whose rows replace the stored set as a whole (the services save a
schedule and its rows in one step), so every row is an "extra" row: a row left empty is
ignored, and a row removed in the browser simply leaves a gap in the numbering.

Rows are added and removed in place with htmx; without JavaScript the same buttons submit the
form, which comes back with the typed values kept and one row more or less.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpRequest, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from contactcenter.forms import OrganizationModelForm
from contactcenter.views import MemberMixin

MAX_ROWS = 200


def quiet(form: forms.BaseForm) -> None:
    """Show a bound form's typed values without validating it (a re-render that is not a save)."""
    form._errors = ErrorDict(renderer=form.renderer)
    form.cleaned_data = {}


class RowForm(forms.Form):
    """One inline row; the row model's own full_clean() decides, and its errors land beside the fields."""

    model: type[models.Model]
    parent_field: str
    # Model field name -> form field name, where they differ (start_minute is typed as "start").
    field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.label_suffix = ""

    def to_row(self) -> dict:
        """The row as keyword arguments for the row model and the service."""
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                row = self.model(**self.to_row())
                row.full_clean(exclude=[self.parent_field], validate_constraints=False)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    target = self.field_map.get(field, field)
                    self.add_error(target if target in self.fields else None, messages)
        return cleaned


class RowsFormSet(forms.BaseFormSet):
    def initial_form_count(self) -> int:
        # Submitted rows are all new rows: the service replaces the stored set with them.
        return 0 if self.is_bound else super().initial_form_count()

    @property
    def shown_forms(self) -> list[forms.Form]:
        """The rows to draw: every stored row, or every submitted row that is not empty."""
        if not self.is_bound:
            return self.forms
        return [form for form in self.forms if form.has_changed()]


class RowsModelForm(OrganizationModelForm):
    """A parent object's form that carries its rows as `self.rows`."""

    row_form: type[RowForm]
    rows_prefix: str
    rows_relation: str

    def __init__(self, *args, rows_data: QueryDict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        formset_class = forms.formset_factory(
            self.row_form, formset=RowsFormSet, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS
        )
        if rows_data is not None:
            self.rows = formset_class(rows_data, prefix=self.rows_prefix)
            self.rows._errors, self.rows._non_form_errors = [], ErrorList()
            for row in self.rows.forms:
                quiet(row)
        elif self.is_bound:
            self.rows = formset_class(self.data, prefix=self.rows_prefix)
        else:
            self.rows = formset_class(initial=self.initial_rows(), prefix=self.rows_prefix)
        # Errors of the rows as a whole, such as the service's "needs at least one shift".
        self.rows_errors = ErrorList()

    def initial_rows(self) -> list[dict]:
        raise NotImplementedError

    def parsed_instance(self):
        """The instance with the parent's parsed fields set (the service validates and saves it)."""
        for name, value in self.data_for_service(*self._meta.fields).items():
            setattr(self.instance, name, value)
        return self.instance

    def filled_rows(self) -> list[RowForm]:
        return [row for row in self.rows.forms if row.has_changed()]

    def row_values(self) -> list[dict]:
        return [row.to_row() for row in self.filled_rows()]

    def check_rows(self, rows: list[RowForm]) -> None:
        """Rules across rows, reported on the rows concerned (override where there are any)."""

    def is_valid(self) -> bool:
        parent_valid = super().is_valid()
        rows_valid = self.rows.is_valid()
        if rows_valid:
            self.check_rows(self.filled_rows())
            rows_valid = self.rows.is_valid() and not any(row.errors for row in self.rows.forms)
        return parent_valid and rows_valid

    @property
    def rows_have_errors(self) -> bool:
        return bool(self.rows_errors or self.rows.non_form_errors() or any(r.errors for r in self.rows.forms))

    def disable(self) -> None:
        """Read-only: every field of the parent and of every row."""
        for field in self.fields.values():
            field.disabled = True
        for row in self.rows.forms:
            for field in row.fields.values():
                field.disabled = True


@contextmanager
def rows_errors_into(form: RowsModelForm) -> Iterator[None]:
    """Show a service's errors about the rows above the rows, and the others beside the fields."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors = error.update_error_dict({})
        for item in errors.pop(form.rows_relation, []):
            form.rows_errors.extend(item.messages if isinstance(item, ValidationError) else [item])
        errors = {key: value for key, value in errors.items() if value}
        if not errors:
            errors = {NON_FIELD_ERRORS: []}
        raise ValidationError(errors) from None


def renumber_rows(data: QueryDict, prefix: str, keep: list[int], add_empty: bool = False) -> QueryDict:
    """A copy of `data` whose rows are `keep` numbered 0..n-1, plus one empty row if asked."""
    result = QueryDict(mutable=True)
    row_keys: dict[int, list[str]] = {}
    for key in data:
        if key.startswith(f"{prefix}-"):
            head, _sep, rest = key[len(prefix) + 1 :].partition("-")
            if head.isdigit() and rest:
                row_keys.setdefault(int(head), []).append(key)
                continue
            if head in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
                continue
        result.setlist(key, data.getlist(key))
    for new_index, old_index in enumerate(keep):
        for key in row_keys.get(old_index, []):
            field = key[len(f"{prefix}-{old_index}-") :]
            result.setlist(f"{prefix}-{new_index}-{field}", data.getlist(key))
    total = len(keep) + (1 if add_empty else 0)
    result[f"{prefix}-TOTAL_FORMS"] = str(total)
    result[f"{prefix}-INITIAL_FORMS"] = "0"
    return result


class RowsEditMixin:
    """For an ObjectEditView whose form is a RowsModelForm: add and remove rows without JavaScript."""

    add_param = "_add_row"
    remove_param = "_remove_row"

    def make_form(self, obj, data=None, files=None, initial=None):
        form = super().make_form(obj, data, files, initial)
        if not self.can_edit:
            form.disable()
        return form

    def get_form_kwargs(self, obj) -> dict:
        kwargs = super().get_form_kwargs(obj)
        rows_data = getattr(self, "_rows_data", None)
        if rows_data is not None:
            kwargs["rows_data"] = rows_data
        return kwargs

    def post(self, request: HttpRequest, *args, **kwargs):
        adding = self.add_param in request.POST
        removing = request.POST.get(self.remove_param)
        if not adding and not removing:
            return super().post(request, *args, **kwargs)
        obj = self.load()
        prefix = self.form_class.rows_prefix
        bound = self.make_form(obj, request.POST, request.FILES)
        rows = enumerate(bound.rows.forms)
        keep = [index for index, row in rows if row.has_changed() and row.prefix != removing]
        self._rows_data = renumber_rows(request.POST, prefix, keep, add_empty=adding)
        return self.render_page(obj, self.typed_form(obj, request.POST))


class NewRowView(MemberMixin, View):
    """An empty row for htmx to append, numbered after the rows on the page."""

    form_class: type[RowsModelForm]
    template_name: str
    partial = "row"

    def get(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied(_("Your role is read-only: you cannot change objects."))
        prefix = self.form_class.rows_prefix
        try:
            index = int(request.GET.get(f"{prefix}-TOTAL_FORMS", "0"))
        except ValueError:
            index = 0
        index = min(max(index, 0), MAX_ROWS - 1)
        row = self.form_class.row_form(prefix=f"{prefix}-{index}")
        context = {"row": row, "new_row": True, "total_forms": index + 1, "prefix": prefix}
        return render(request, f"{self.template_name}#{self.partial}", context)
