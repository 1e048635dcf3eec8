"""The console's History of one object, the organization's Activity, and restoring a version."""

import csv
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from contactcenter.errors import DomainConflict
from contactcenter.views import MemberMixin, ObjectListView, htmx_redirect

from .choices import Action
from .filtersets import AuditEntryConsoleFilterSet
from .models import AuditEntry
from .presentation import actor_label, change_rows, changes_text, history_url, type_label
from .preview import restore_preview
from .registry import Tracked, for_type, with_history
from .restore import entry_restore
from .selectors import entries_of, history_of


def tracked_for_section(section: str) -> Tracked:
    for tracked in with_history():
        if tracked.console_prefix == section:
            return tracked
    raise Http404


def decorate(entries) -> list[AuditEntry]:
    """Entries with what the templates show, computed without a query."""
    for entry in entries:
        entry.rows = change_rows(entry)
        entry.type_label = type_label(entry.object_type)
        entry.actor_label = actor_label(entry)
        entry.history_url = history_url(entry)
    return entries


class HistoryMixin(MemberMixin):
    model = AuditEntry

    def load_object(self):
        self.tracked = tracked_for_section(self.kwargs["section"])
        found = self.tracked.model._default_manager.filter(
            organization=self.organization, pk=self.kwargs["pk"]
        ).first()
        if found is None:
            raise Http404
        return found


class HistoryView(HistoryMixin, View):
    """`<object url>history/`: the object's entries, newest first."""

    paginate_by = 25

    def get(self, request, *args, **kwargs):
        obj = self.load_object()
        entries = history_of(self.organization, self.tracked, obj.pk)
        page = Paginator(entries, self.paginate_by).get_page(request.GET.get("page"))
        shown = decorate(list(page.object_list))
        # The newest entry is the current state: there is nothing to restore from it.
        newest = shown[0].pk if shown and page.number == 1 else None
        return render(
            request,
            "audit/history.html",
            {
                "object": obj,
                "tracked": self.tracked,
                "type_label": type_label(self.tracked.type_name),
                "page_obj": page,
                "entries": shown,
                "newest_id": newest,
                "can_edit": self.can_edit,
                "can_restore": self.can_edit and self.tracked.restore is not None,
                "nav": self.tracked.console_prefix,
            },
        )


class RestoreView(MemberMixin, View):
    """Restore an entry's version: GET asks (what will change), POST restores through the services."""

    model = AuditEntry

    def load(self) -> tuple[AuditEntry, str]:
        entry = entries_of(self.organization).filter(pk=self.kwargs["entry_id"]).first()
        if entry is None:
            raise Http404
        if "section" in self.kwargs:
            tracked = tracked_for_section(self.kwargs["section"])
            if entry.object_type != tracked.type_name or entry.object_id != str(self.kwargs["pk"]):
                raise Http404
            back = history_url(entry)
        else:
            if entry.action != Action.DELETED:
                raise Http404
            back = "/activity/"
        return entry, back

    def get(self, request, *args, **kwargs):
        entry, back = self.load()
        if not self.can_edit:
            return render(
                request,
                "403.html",
                {"reason": _("Your role is read-only: you cannot restore versions.")},
                status=403,
            )
        rows_only = bool(getattr(request, "htmx", False))
        return render(
            request,
            "audit/restore_confirm.html#confirm" if rows_only else "audit/restore_confirm.html",
            {
                "entry": decorate([entry])[0],
                "preview": restore_preview(entry),
                "back_url": back,
                "can_edit": self.can_edit,
                "nav": "activity"
                if "section" not in self.kwargs
                else for_type(entry.object_type).console_prefix,
            },
        )

    def post(self, request, *args, **kwargs):
        entry, back = self.load()
        try:
            restored = entry_restore(entry=entry, organization=self.organization)
        except ValidationError as error:
            messages.error(request, _("Not restored: %(reason)s") % {"reason": " ".join(error.messages)})
            return htmx_redirect(request, back)
        except DomainConflict as error:
            messages.error(request, _("Not restored: %(reason)s") % {"reason": error.detail})
            return htmx_redirect(request, back)
        messages.success(
            request,
            _("“%(name)s” was restored to version %(version)s of %(when)s.")
            % {
                "name": restored.object_name,
                "version": entry.version,
                "when": timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
            },
        )
        return htmx_redirect(request, history_url(restored) or back)


class ActivityView(ObjectListView):
    """`/activity/`: every change in the organization, filtered, searched by object name, paginated."""

    model = AuditEntry
    template_name = "audit/activity.html"
    filterset_class = AuditEntryConsoleFilterSet
    search_fields = ("object_name",)
    sort_fields = {"at": "at"}
    default_sort = "-at"

    def list_queryset(self):
        return entries_of(self.organization)

    def extra_context(self, page) -> dict:
        decorate(page.object_list)
        return {"nav": "activity", "export_query": self.request.GET.urlencode()}


class ActivityExportView(MemberMixin, View):
    """The filtered Activity as CSV (UTC times), every matching entry."""

    model = AuditEntry

    def get(self, request, *args, **kwargs):
        entries = entries_of(self.organization)
        query = request.GET.get("q", "").strip()
        if query:
            entries = entries.filter(object_name__icontains=query)
        entries = AuditEntryConsoleFilterSet(request.GET, queryset=entries, request=request).qs.order_by(
            "-at", "-pk"
        )

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())
        header = [
            _("When (UTC)"),
            _("User"),
            _("API token"),
            _("Via"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Version"),
            _("Changes"),
        ]

        def rows():
            yield writer.writerow(header)
            for entry in entries.iterator(chunk_size=500):
                yield writer.writerow(
                    [
                        entry.at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
                        actor_label(entry),
                        entry.token_name,
                        entry.get_via_display(),
                        entry.get_action_display(),
                        type_label(entry.object_type),
                        entry.object_id,
                        entry.object_name,
                        entry.version if entry.version is not None else "",
                        changes_text(entry),
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="activity.csv"'
        return response
