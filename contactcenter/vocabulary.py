"""One vocabulary of pages: what every object type's list, create and edit pages say.

The pattern, the same for every object type:

- list page: title and heading "<Plural>" ("Channels"); breadcrumbs "<section> / <Plural>"; the
  button to the create page "Create <object>";
- create page: title, heading and last breadcrumb "Create <object>" ("<section> / <Plural> / Create
  <object>"); primary button "Create <object>", beside it "Cancel";
- edit page: heading the object's name, title "<name> · <Plural>", breadcrumbs "<section> / <Plural> /
  <name>"; primary button "Save changes", beside it "Discard changes";
- delete: a "Delete <object>" panel whose button is "Delete <object>"; when the delete is blocked the
  same button is disabled and the reason stands beside it (`aria-describedby`); the server refuses it
  all the same.

The template tags in `contactcenter.templatetags.console` (`page_title`, `page_heading`,
`page_breadcrumbs`, `create_button`, `form_actions`) draw these from the `vocabulary` the list and edit
views put in the context; `includes/delete_panel.html` draws the delete panel.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CUSTOMER_EXPERIENCE = _("Customer Experience")


@dataclass(frozen=True)
class Vocabulary:
    plural: Promise  # "Channels": the list's title, heading and breadcrumb
    create: Promise  # "Create channel": the create page and the buttons to it and on it
    delete: Promise  # "Delete channel": the delete panel and its button
    url_prefix: str  # "channels:entrypoint": + "-list", "-new"
    section: Promise  # the navigation group the list is in: first in the breadcrumbs
    parents: tuple[tuple[Promise, str], ...] = ()  # (label, url name) between the section and the list
    heading_class: str = ""  # a class for the object's name in the heading (numbers are monospaced)

    @property
    def list_url_name(self) -> str:
        return f"{self.url_prefix}-list"

    @property
    def create_url_name(self) -> str:
        return f"{self.url_prefix}-new"


SAVE_CHANGES = _("Save changes")
DISCARD_CHANGES = _("Discard changes")
CANCEL = _("Cancel")

BUSINESS_HOURS_PARENT = ((_("Business hours"), "flows:businesshours-list"),)

VOCABULARY: dict[str, Vocabulary] = {
    "channels.entrypoint": Vocabulary(
        plural=_("Channels"),
        create=_("Create channel"),
        delete=_("Delete channel"),
        url_prefix="channels:entrypoint",
        section=CUSTOMER_EXPERIENCE,
    ),
    "flows.flow": Vocabulary(
        plural=_("Flows"),
        create=_("Create flow"),
        delete=_("Delete flow"),
        url_prefix="flows:flow",
        section=CUSTOMER_EXPERIENCE,
    ),
    "queues.queue": Vocabulary(
        plural=_("Queues"),
        create=_("Create queue"),
        delete=_("Delete queue"),
        url_prefix="queues:queue",
        section=CUSTOMER_EXPERIENCE,
    ),
    "flows.businesshours": Vocabulary(
        plural=_("Business hours"),
        create=_("Create business hours"),
        delete=_("Delete business hours"),
        url_prefix="flows:businesshours",
        section=CUSTOMER_EXPERIENCE,
    ),
    "flows.holidaylist": Vocabulary(
        plural=_("Holiday lists"),
        create=_("Create holiday list"),
        delete=_("Delete holiday list"),
        url_prefix="flows:holidaylist",
        section=CUSTOMER_EXPERIENCE,
        parents=BUSINESS_HOURS_PARENT,
    ),
    "flows.overridelist": Vocabulary(
        plural=_("Override lists"),
        create=_("Create override list"),
        delete=_("Delete override list"),
        url_prefix="flows:overridelist",
        section=CUSTOMER_EXPERIENCE,
        parents=BUSINESS_HOURS_PARENT,
    ),
    "audio.audiofile": Vocabulary(
        plural=_("Audio files"),
        create=_("Create audio file"),
        delete=_("Delete audio file"),
        url_prefix="audio:audiofile",
        section=_("Media"),
    ),
    "support_numbers.supportnumber": Vocabulary(
        plural=_("Support numbers"),
        create=_("Create support number"),
        delete=_("Delete support number"),
        url_prefix="support_numbers:supportnumber",
        section=_("Numbers"),
        heading_class="mono-number",
    ),
}


def vocabulary_of(model: type[models.Model]) -> Vocabulary | None:
    """The vocabulary of an object type's pages; None for a model without console pages."""
    return VOCABULARY.get(model._meta.label_lower)
