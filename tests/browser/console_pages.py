"""Every console page, found in the URLconf, with an organization whose values are as long as allowed.

The layout and accessibility tests visit what `console_pages()` lists: every named URL outside
the admin and the API, with an object of the right model for its `<pk>`. A URL that is not a page
(a POST-only action, an htmx fragment, a download) must be named in NOT_PAGES with the reason, so a
new page cannot be forgotten: it is visited, or the test says which URL to place.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contactcenter.choices import Role
from contactcenter.services import organization_update
from contactcenter.tokens import api_token_create
from tests.factories import (
    make_audio,
    make_business_hours,
    make_entry_point,
    make_flow,
    make_holiday_list,
    make_number,
    make_outbound_queue,
    make_override_list,
    make_queue,
    make_user,
)

NAME_MAX = 80
DESCRIPTION_MAX = 255

# Not pages: the reason each is left out. Their GET either redirects to the object's page, is
# refused (405), answers a fragment that htmx inserts into a page, or sends a file.
NOT_PAGES = {
    "home": "redirects to the channels list",
    "logout": "POST only",
    "login": "visited signed out (SIGNED_OUT_PAGES)",
    "api-token-revoke": "POST only",
    "channels:entrypoint-activate": "POST only",
    "channels:entrypoint-deactivate": "POST only",
    "channels:entrypoint-delete": "POST only; its dialog is visited with ?delete=1",
    "queues:queue-delete": "POST only; its dialog is visited with ?delete=1",
    "flows:flow-delete": "POST only; its dialog is visited with ?delete=1",
    "flows:businesshours-delete": "POST only; its dialog is visited with ?delete=1",
    "flows:holidaylist-delete": "POST only; its dialog is visited with ?delete=1",
    "flows:overridelist-delete": "POST only; its dialog is visited with ?delete=1",
    "support_numbers:supportnumber-delete": "POST only; its dialog is visited with ?delete=1",
    "support_numbers:supportnumber-release": "POST only",
    "audio:audiofile-delete": "POST only; its dialog is visited with ?delete=1",
    "audio:audiofile-download": "a WAV file",
    "flows:businesshours-shift-row": "an htmx fragment (one new shift row)",
    "flows:businesshours-shift-overnight": "an htmx fragment (the overnight tag)",
    "flows:holidaylist-holiday-row": "an htmx fragment (one new holiday row)",
    "flows:overridelist-override-row": "an htmx fragment (one new override row)",
    "picker": "an htmx fragment (a picker's matches)",
    "set-language": "POST only (the language switch)",
    "channels:entrypoint-bulk": "POST only (a bulk action's review; tests/browser/test_bulk.py)",
    "support_numbers:supportnumber-bulk-action": "POST only (a bulk action's review)",
    "audit:activity-export": "a CSV file",
    "audit:history": "visited per object below (<object url>history/)",
    "audit:history-restore": "a confirmation of one audit entry (tests/browser/test_history.py)",
    "audit:activity-restore": "a confirmation of one audit entry (tests/browser/test_history.py)",
}
# Prefixes of the URLconf that are not the console: Django's admin and the REST API (its
# Swagger UI is a third-party page).
NOT_CONSOLE = ("admin/", "api/")
SIGNED_OUT_PAGES = ("/login/",)


def long_name(prefix: str, length: int = NAME_MAX, suffix: str = "") -> str:
    """A valid name of exactly `length` characters: letters and underscores, no space to break at."""
    filler = "_Customer_Experience_Northern_Europe_Premium_Support_Line_Weekend_Escalations"
    return (prefix + filler * 3)[: length - len(suffix)] + suffix


def long_description(words: bool = False) -> str:
    """255 characters: a sentence, or (the harder case) one unbroken token such as a pasted URL."""
    if words:
        text = "Handles every premium customer contact from the Nordic countries during the week and routes escalations to the senior team. "
    else:
        text = "https://intranet.example.com/wiki/contact-center/routing/premium-support-escalations-nordics-"
    return (text * 4)[:DESCRIPTION_MAX]


@dataclass
class LongData:
    objects: dict  # model name (as in the URL names: "entrypoint") -> an object with long values
    viewer: object


def make_long_data(org, admin_user) -> LongData:
    """One object of every kind, each name 80 characters and each description 255, all related."""
    desc = long_description()
    organization_update(organization=org, version=None, name=long_name("Organization", length=120))
    holidays = make_holiday_list(
        org,
        name=long_name("Holidays"),
        description=desc,
        holidays=[
            {
                "name": long_name("Holiday"),
                "start_date": datetime.date(2026, 12, 24),
                "end_date": datetime.date(2026, 12, 26),
                "repeats_yearly": True,
            }
        ],
    )
    overrides = make_override_list(
        org,
        name=long_name("Overrides"),
        description=desc,
        overrides=[
            {
                "name": long_name("Override"),
                "start": datetime.datetime(2026, 10, 25, 1, 0),
                "end": datetime.datetime(2026, 10, 25, 5, 0),
                "state": "closed",
            }
        ],
    )
    hours = make_business_hours(
        org,
        name=long_name("Hours"),
        description=desc,
        holiday_list=holidays,
        override_list=overrides,
        shifts=[
            {
                "name": long_name("Shift"),
                "weekdays": ["mon", "tue", "wed"],
                "start_minute": 480,
                "end_minute": 1020,
            },
            {"name": long_name("Night"), "weekdays": ["fri"], "start_minute": 1320, "end_minute": 120},
        ],
    )
    audio = make_audio(org, name=long_name("Music", suffix=".wav"))
    audio.description = desc
    audio.save(update_fields=["description"])
    queue = make_queue(
        org, name=long_name("Queue"), description=desc, channel_type="telephony", music_in_queue=audio
    )
    flow = make_flow(org, name=long_name("Flow"), description=desc, business_hours=hours, queue=queue)
    channel = make_entry_point(
        org,
        channel_type="inbound_telephony",
        name=long_name("Channel"),
        description=desc,
        flow=flow,
    )
    make_entry_point(org, name=long_name("Chat"), description=long_description(words=True), flow=flow)
    make_entry_point(
        org,
        channel_type="outbound_telephony",
        name=long_name("Outdial"),
        description=desc,
        flow=flow,
        music_on_hold=audio,
        outdial_queue=make_outbound_queue(org, name=long_name("Dialer"), description=desc),
    )
    number = make_number(org, description=desc, entry_point=channel)
    make_number(org, description=long_description(words=True))
    api_token_create(user=admin_user, name=long_name("Token"))
    viewer = make_user(org, Role.VIEWER, username=long_name("viewer", length=NAME_MAX).lower())
    objects = {
        "entrypoint": channel,
        "queue": queue,
        "flow": flow,
        "businesshours": hours,
        "holidaylist": holidays,
        "overridelist": overrides,
        "supportnumber": number,
        "audiofile": audio,
    }
    return LongData(objects=objects, viewer=viewer)


def _named_patterns(patterns, namespace: str = "", prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(NOT_CONSOLE):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def console_pages(objects: dict) -> list[str]:
    """The path of every console page (signed in), taken from the URLconf, plus their variants."""
    paths = []
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        if name in NOT_PAGES:
            continue
        converters = set(pattern.pattern.converters)
        if not converters:
            paths.append(reverse(name))
            continue
        assert converters == {"pk"}, f"{name}: add its arguments to console_pages() or NOT_PAGES"
        model = name.split(":")[-1].split("-")[0]
        assert model in objects, f"{name}: add a {model} to make_long_data() or {name} to NOT_PAGES"
        paths.append(reverse(name, kwargs={"pk": objects[model].pk}))
    # Variants that show more of the same pages: every delete dialog open, a routing answer,
    # a list search that finds nothing, and the 404 page.
    paths += [obj.get_absolute_url() + "?delete=1" for obj in objects.values()]
    paths += [obj.get_absolute_url() + "history/" for obj in objects.values()]
    channel = objects["entrypoint"]
    paths.append(f"{reverse('routing-test')}?entry_point={channel.pk}&date=2026-12-01&time=10:00")
    paths.append(f"{reverse('channels:entrypoint-list')}?q={long_name('Nothing')}")
    paths.append(f"/channels/{uuid.uuid4()}/")
    return paths
