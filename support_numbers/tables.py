"""The Support numbers list's table (contactcenter.tables)."""

from functools import cached_property

from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channels.models import EntryPoint
from contactcenter.tables import Column, Table, link, object_urls

from .models import SupportNumber


class SupportNumberTable(Table):
    columns = (
        Column("number", gettext_lazy("Number"), sort="number", labelled=False),
        Column("country", gettext_lazy("Country")),
        Column("type", gettext_lazy("Type")),
        Column("channel", gettext_lazy("Channel"), sort="channel"),
        Column("description", gettext_lazy("Description")),
        Column(
            "actions",
            gettext_lazy("Actions"),
            css="actions",
            labelled=False,
            hidden_header=True,
            when="can_edit",
        ),
    )
    select_all_label = gettext_lazy("Choose every number on this page")

    def select_label(self, number) -> str:
        return _("Choose %(number)s") % {"number": number.info.international}

    @cached_property
    def urls(self):
        return {
            "number": object_urls(SupportNumber),
            "release": object_urls(SupportNumber, "support_numbers:supportnumber-release"),
            "channel": object_urls(EntryPoint),
        }

    @cached_property
    def page(self):
        """What every row's release dialog repeats: the form's token, where it returns, its words."""
        return {
            "csrf": get_token(self.request),
            "next": self.request.get_full_path(),
            "free": format_html('<span class="badge badge-grey">{}</span>', _("Free")),
            "release": _("Release…"),
            "cancel": _("Cancel"),
            "release_number": _("Release number"),
        }

    def render_number(self, number):
        return format_html(
            '<a class="row-title mono-number" href="{}">{}</a>',
            self.urls["number"](number.pk),
            number.info.international,
        )

    def render_country(self, number):
        info = number.info
        return format_html(
            '<span class="country">{} <span class="country-code">{}</span></span>',
            info.country,
            info.country_code,
        )

    def render_type(self, number):
        return number.info.number_type

    def render_channel(self, number):
        if number.entry_point is None:
            return self.page["free"]
        return link(self.urls["channel"](number.entry_point_id), number.entry_point.name)

    def render_description(self, number):
        if not number.description:
            return ""
        return format_html(
            '<span class="row-sub" title="{}">{}</span>', number.description, number.description
        )

    def render_actions(self, number):
        if number.entry_point is None:
            return ""
        page = self.page
        dialog = f"release-{number.pk}"
        return format_html(
            '<a class="btn btn-small" href="{}?release=1" data-dialog-open="{}" role="button">{}</a>'
            '<dialog id="{}" class="dialog" aria-labelledby="{}-title">'
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="next" value="{}">'
            '<h2 id="{}-title">{}</h2><p>{}</p>'
            '<div class="dialog-actions">'
            '<button type="submit" class="btn" formmethod="dialog" formnovalidate data-dialog-close>{}</button>'
            '<button type="submit" class="btn btn-danger">{}</button>'
            "</div></form></dialog>",
            self.urls["number"](number.pk),
            dialog,
            page["release"],
            dialog,
            dialog,
            self.urls["release"](number.pk),
            page["csrf"],
            page["next"],
            dialog,
            _("Release %(number)s?") % {"number": number.info.international},
            _(
                "Customers who call this number will no longer reach channel “%(channel)s”. The number stays in "
                "your inventory, free to assign again."
            )
            % {"channel": number.entry_point.name},
            page["cancel"],
            page["release_number"],
        )
