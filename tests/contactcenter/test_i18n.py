"""Danish and English: the catalog is complete and compiled, every page speaks Danish, the choice sticks.

The catalog checks read locale/da/LC_MESSAGES/django.po with a small parser (no gettext needed);
the "missing from the catalog" check runs makemessages (GNU gettext) on a copy of the sources.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audio.models import AudioFile
from channels.models import EntryPoint
from contactcenter.models import ApiToken, Membership, Organization
from flows.models import BusinessHours, Flow, HolidayList, OverrideList
from queues.models import Queue
from support_numbers.models import SupportNumber
from tests.factories import make_organization, make_user

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same collection `make messages` runs.
IGNORES = ["--ignore=.venv", "--ignore=tests", "--ignore=staticfiles"]


# --- The catalog -----------------------------------------------------------------------------


def _unquote(token: str) -> str:
    return ast.literal_eval(token)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list) and flags."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or line.startswith("#~"):
            if entry is not None:
                entries.append(entry)
            entry = None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}, "flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
            key = match.group(1)
            value = _unquote(match.group(2))
            if key.startswith("msgstr"):
                entry["msgstr"][key] = value
            else:
                entry[key] = value
        else:
            value = _unquote(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
    return [e for e in entries if e["msgid"]]


def test_every_danish_message_is_translated_and_none_is_fuzzy():
    entries = parse_po(PO)
    assert len(entries) > 900
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"Untranslated in {PO.name}: {untranslated}"
    assert not fuzzy, f"Fuzzy in {PO.name} (check, then remove the flag): {fuzzy}"


def test_plural_messages_have_both_danish_forms():
    header = PO.read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    plurals = [e for e in parse_po(PO) if e["msgid_plural"] is not None]
    assert plurals
    assert all(set(e["msgstr"]) == {"msgstr[0]", "msgstr[1]"} for e in plurals)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|__COUNT__")


def test_translations_keep_the_placeholders():
    wrong = []
    for e in parse_po(PO):
        # A singular form may leave the number out ("Den ene række"); the plural keeps them all.
        source = set(PLACEHOLDER.findall(e["msgid_plural"] or e["msgid"]))
        last = e["msgstr"].get("msgstr[1]", e["msgstr"].get("msgstr"))
        if set(PLACEHOLDER.findall(last)) != source:
            wrong.append(e["msgid"])
    assert not wrong


def test_the_compiled_catalog_matches_the_sources():
    """The committed .mo (what Django reads) says what the .po says: `make messages` was run."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for e in parse_po(PO):
        key = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            expected[key] = e["msgstr"]["msgstr"]
        else:
            for index in range(2):
                expected[(key, index)] = e["msgstr"][f"msgstr[{index}]"]
    compiled = {key: value for key, value in compiled.items() if key != ""}
    stale = {key for key in expected.keys() | compiled.keys() if expected.get(key) != compiled.get(key)}
    assert not stale, f"Run `make messages`: the .mo differs from the .po for {sorted(map(str, stale))[:10]}"


def test_strings_are_marked_with_the_names_makemessages_knows():
    """makemessages finds _(), gettext(), gettext_lazy(), ngettext…, pgettext…: an alias such as
    `gettext_lazy as _lazy` would hide its strings from the catalog (they would stay English)."""
    alias = re.compile(r"from django\.utils\.translation import .*\b(\w*gettext\w*) as (?!_\b)(\w+)")
    found = [
        f"{path.relative_to(BASE)}: {match.group(0)}"
        for path in BASE.rglob("*.py")
        if not path.is_relative_to(BASE / ".venv") and not path.is_relative_to(BASE / "tests")
        for match in alias.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


# Slow (a copy of the sources and a makemessages run, ~1 min on a loaded machine): marked here, not in
# SLOW_PATHS, so that `make test-fast` still runs the quick catalog checks of this file.
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (xgettext)")
def test_every_string_in_the_code_is_in_the_catalog(tmp_path):
    """makemessages on a copy of the sources finds no msgid the committed catalog lacks (or has left over)."""
    copy = tmp_path / "src"
    shutil.copytree(
        BASE,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "tests",
            "staticfiles",
            "node_modules",
            "media",
            "*.sqlite3",
            "__pycache__",
            ".*cache",
        ),
    )
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "da", *IGNORES],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    found = {
        (e["msgctxt"], e["msgid"]) for e in parse_po(copy / "locale" / "da" / "LC_MESSAGES" / "django.po")
    }
    catalog = {(e["msgctxt"], e["msgid"]) for e in parse_po(PO)}
    assert not found - catalog, (
        f"Not in the catalog (run `make messages`, translate): {sorted(found - catalog)}"
    )
    assert not catalog - found, f"Left over in the catalog (run `make messages`): {sorted(catalog - found)}"


# --- Every page in Danish ----------------------------------------------------------------------

# English interface words that a Danish page must not show (whole words, case-sensitive, so
# "Flow", "Chat", "Social", "Status" in data or the product's own Danish loanwords stay out).
ENGLISH_WORDS = {
    "Create", "Save", "Cancel", "Delete", "Edit", "Name", "Description", "Search", "Status", "Active",
    "Inactive", "Add", "Remove", "Back", "Next", "Previous", "Open", "Closed", "Close", "Channel",
    "Channels", "Queue", "Queues", "Holiday", "Holidays", "Override", "Overrides", "Business", "Settings",
    "Support", "Number", "Numbers", "Choose", "Select", "Sign", "Yes", "None", "All", "Any", "Update",
    "Download", "Clear", "Show", "Hide", "Today", "Loading", "Page", "Time", "zone", "Music", "hold",
    "Calendar", "Shift", "Shifts", "Weekdays", "Outbound", "Inbound", "Release", "Used", "Never", "Read",
    "Revoke", "Expires", "Access", "Actions", "Created", "Last", "changed", "Recording", "Duration", "Size",
    "Listen", "Warning", "Outside", "working", "hours", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "ago", "just", "minutes", "hour",
    "the", "and", "or", "of", "with", "your", "this", "not", "has", "are", "was", "is", "you", "can", "be",
    "Username", "Password", "Organization", "Viewer", "Sign", "Skip", "content",
}  # fmt: skip
# Visible to people, though not text nodes (tooltips, labels for screen readers, confirmations).
TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-confirm", "data-none-chosen",
                   "data-all-chosen", "data-some-chosen"}  # fmt: skip
LANGUAGE_NAMES = ("English", "Dansk")  # the switch names each language in itself


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        for name, value in attrs:
            if value and (name in TEXT_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def data_strings(organization) -> list[str]:
    """What the organization typed (names, descriptions, numbers): data, in whatever language."""
    strings = [organization.name, *LANGUAGE_NAMES, "API", "REST", "Bearer", "Authorization"]
    for model in (EntryPoint, Queue, Flow, BusinessHours, HolidayList, OverrideList, AudioFile):
        for name, description in model.objects.filter(organization=organization).values_list(
            "name", "description"
        ):
            strings += [name, description]
    for number, description in SupportNumber.objects.filter(organization=organization).values_list(
        "number", "description"
    ):
        strings += [number, description]
    for business_hours in BusinessHours.objects.filter(organization=organization):
        strings += [shift.name for shift in business_hours.shifts.all()]
    for holiday_list in HolidayList.objects.filter(organization=organization):
        strings += [holiday.name for holiday in holiday_list.holidays.all()]
    for override_list in OverrideList.objects.filter(organization=organization):
        strings += [override.name for override in override_list.overrides.all()]
    strings += list(
        ApiToken.objects.filter(user__membership__organization=organization).values_list("name", flat=True)
    )
    strings += list(
        Membership.objects.filter(organization=organization).values_list("user__username", flat=True)
    )
    return sorted({s for s in strings if s}, key=len, reverse=True)


def english_words(html: str, data: list[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " \n ".join(parser.parts)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", " ", text)  # ids
    for value in data:  # whole values only: a username "support" must not cut "supportnumre" apart
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    words = set(re.findall(r"[A-Za-z]+", text))
    return words & ENGLISH_WORDS


@pytest.fixture
def demo(db, settings, tmp_path, monkeypatch):
    """The demo organization: every kind of object, in use, with Danish holidays."""
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-1")
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    organization = Organization.objects.get(name="Demo Contact Center")
    viewer = Membership.objects.filter(organization=organization, role="viewer").first().user
    admin = Membership.objects.filter(organization=organization, role="admin").first().user
    return organization, admin, viewer


def console_pages(organization) -> list[str]:
    first = {model: model.objects.filter(organization=organization).first() for model in
             (EntryPoint, Queue, Flow, BusinessHours, HolidayList, OverrideList, SupportNumber, AudioFile)}  # fmt: skip
    hotline = EntryPoint.objects.get(organization=organization, channel_type="inbound_telephony")
    outbound = EntryPoint.objects.filter(organization=organization, channel_type="outbound_telephony").first()
    pages = [
        reverse("channels:entrypoint-list"),
        reverse("channels:entrypoint-new"),
        reverse("channels:entrypoint-new") + "?channel_type=outbound_telephony",
        reverse("channels:entrypoint-detail", kwargs={"pk": hotline.pk}),
        reverse("channels:entrypoint-detail", kwargs={"pk": outbound.pk}),
        reverse("channels:entrypoint-calendar", kwargs={"pk": hotline.pk}) + "?start=2026-12-21&days=14",
        reverse("routing-test"),
        reverse("routing-test") + f"?entry_point={hotline.pk}&date=2026-12-24&time=10:00",
        reverse("routing-test") + f"?entry_point={hotline.pk}&date=2026-10-25&time=02:30",
        reverse("queues:queue-list"),
        reverse("queues:queue-new"),
        reverse("flows:flow-list"),
        reverse("flows:flow-new"),
        reverse("flows:businesshours-list"),
        reverse("flows:businesshours-new"),
        reverse("flows:holidaylist-list"),
        reverse("flows:holidaylist-new"),
        reverse("flows:overridelist-list"),
        reverse("flows:overridelist-new"),
        reverse("support_numbers:supportnumber-list"),
        reverse("support_numbers:supportnumber-new"),
        reverse("support_numbers:supportnumber-bulk"),
        reverse("audio:audiofile-list"),
        reverse("audio:audiofile-new"),
        reverse("api-tokens"),
        "/no-such-page/",
    ]
    for model, obj in first.items():
        if model is not EntryPoint:
            pages.append(obj.get_absolute_url())
    return pages


@pytest.mark.slow  # the demo organization and ~35 pages per role
@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_every_console_page_speaks_danish(demo, role):
    organization, admin, viewer = demo
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(admin if role == "admin" else viewer)
    data = data_strings(organization)
    found = {}
    for url in console_pages(organization):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        assert response.headers["Content-Language"] == "da", url
        words = english_words(response.content.decode(), data)
        if words:
            found[url] = sorted(words)
    assert not found, f"English words on Danish pages: {found}"


def test_the_same_pages_speak_english_by_default(demo):
    """The check can fail: an English page is full of the words it looks for."""
    organization, admin, _viewer = demo
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("channels:entrypoint-list"))
    assert response.headers["Content-Language"] == "en"
    assert {"Channels", "Search", "Create"} <= english_words(
        response.content.decode(), data_strings(organization)
    )


def test_the_sign_in_page_and_its_errors_speak_danish(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="da-DK,da;q=0.9,en;q=0.5")
    page = client.get(reverse("login")).content.decode()
    assert "Log på" in page and "Brugernavn" in page and "Adgangskode" in page
    assert not english_words(page, list(LANGUAGE_NAMES))
    refused = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}).content.decode()
    assert not english_words(refused, ["nobody", *LANGUAGE_NAMES])


# --- Choosing the language ---------------------------------------------------------------------


def test_accept_language_decides_until_the_member_chooses(admin_client, admin_user):
    url = reverse("channels:entrypoint-list")
    assert "Kanaler" in admin_client.get(url, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert ">Channels<" in admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Channels<" in admin_client.get(url).content.decode()  # no header: English

    response = admin_client.post(reverse("set-language"), {"language": "da", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    admin_user.membership.refresh_from_db()
    assert admin_user.membership.language == "da"
    # Remembered on the account: a browser asking for English, without the cookie, gets Danish.
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    fresh.force_login(admin_user)
    response = fresh.get(url)
    assert "Kanaler" in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"  # so the sign-in page follows


def test_a_viewer_may_choose_a_language_and_nonsense_is_ignored(viewer_client, viewer_user):
    viewer_client.post(reverse("set-language"), {"language": "da"})
    viewer_user.membership.refresh_from_db()
    assert viewer_user.membership.language == "da"
    viewer_client.post(reverse("set-language"), {"language": "xx"})
    viewer_user.membership.refresh_from_db()
    assert viewer_user.membership.language == "da"
    assert viewer_client.get(reverse("set-language")).status_code == 405


def test_an_anonymous_choice_is_a_cookie_and_an_outside_next_is_not_followed(client):
    response = client.post(reverse("set-language"), {"language": "da", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "da"
    assert "Log på" in client.get(reverse("login")).content.decode()


def test_the_language_switch_is_in_the_user_menu_and_on_the_sign_in_page(admin_client, client):
    for page in (admin_client.get(reverse("channels:entrypoint-list")), client.get(reverse("login"))):
        body = page.content.decode()
        assert f'action="{reverse("set-language")}"' in body
        assert 'name="language" value="da" lang="da"' in body and ">Dansk<" in body and ">English<" in body


# --- The API follows Accept-Language -----------------------------------------------------------


def test_api_messages_follow_accept_language_and_codes_never_change(admin_client, admin_user):
    # A member who chose Danish in the console still gets what each request asks for.
    admin_client.post(reverse("set-language"), {"language": "da"})
    bad = {"name": "has spaces", "channel_type": "chat", "service_level_threshold": 0}
    url = "/api/v1/entry-points/"
    english = admin_client.post(url, bad, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    danish = admin_client.post(url, bad, content_type="application/json", HTTP_ACCEPT_LANGUAGE="da")
    default = Client()
    default.force_login(admin_user)
    unasked = default.post(url, bad, content_type="application/json")
    assert english.status_code == danish.status_code == unasked.status_code == 400
    assert english.json() == unasked.json()
    assert english.headers["Content-Language"] == "en" and danish.headers["Content-Language"] == "da"
    e, d = english.json(), danish.json()
    assert e.get("code") == d.get("code")
    assert set(e.get("errors", e)) == set(d.get("errors", d))  # the same field names
    assert str(e) != str(d)
    assert "mellemrum" in str(d) and "remove space" in str(e)


def test_api_not_found_speaks_danish_when_asked(admin_client):
    response = admin_client.get(
        "/api/v1/entry-points/00000000-0000-0000-0000-000000000000/", HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "fundet" in str(body).lower()


# --- Dates, times and numbers ------------------------------------------------------------------


def test_one_format_per_kind_of_value_in_each_language():
    import datetime

    from django.utils import formats

    from contactcenter.formats import weekday_and_date

    moment = datetime.datetime(2026, 12, 24, 10, 0)
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "Thu 24 Dec 2026 10:00"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "Thu 24 Dec 2026 10:00"
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "24 Dec 2026"
        assert weekday_and_date(moment.date()) == "Thu 24 Dec 2026"
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1,234.5"
    with translation.override("da"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "torsdag 24. dec. 2026 10:00"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "torsdag 24. dec. 2026 10:00"
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "24. dec. 2026"
        assert weekday_and_date(moment.date()) == "torsdag 24. dec. 2026"
        assert formats.time_format(moment, "TIME_FORMAT") == "10:00"
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1.234,5"


def test_weekdays_inside_sentences_come_from_the_same_language(org):
    """An overlap names its weekday in the sentence's language: "… fredag.", never "… on mandag"."""
    from django.core.exceptions import ValidationError

    from tests.factories import make_business_hours

    shifts = [
        {"name": "Morning", "weekdays": ["fri"], "start_minute": 540, "end_minute": 720},
        {"name": "Noon", "weekdays": ["fri"], "start_minute": 660, "end_minute": 840},
    ]
    for language, expected, stray in (("da", "fredag", "Friday"), ("en", "on Friday", "fredag")):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                make_business_hours(org, shifts=shifts)
            message = str(refused.value)
        assert expected in message and stray not in message, message
    assert "overlapper" in str(_danish(lambda: make_business_hours(org, shifts=shifts)))


def _danish(action):
    from django.core.exceptions import ValidationError

    with translation.override("da"):
        try:
            action()
        except ValidationError as error:
            return error
    raise AssertionError("not refused")


def test_relative_times_have_one_wording(org):
    from django.utils import timezone

    from contactcenter.tables import ago

    with translation.override("da"):
        assert ago(timezone.now()) == "lige nu"
        assert (
            ago(timezone.now() - timezone.timedelta(minutes=3)).replace("\xa0", " ") == "for 3 minutter siden"
        )
    for template in (BASE / "templates").rglob("*.html"):
        assert "|timesince" not in template.read_text(), f"{template.name}: use |ago"


def test_a_member_language_must_be_one_of_the_listed(org):
    from django.core.exceptions import ValidationError

    from contactcenter.services import membership_set_language

    membership = make_user(org, "viewer", username="pia").membership
    with pytest.raises(ValidationError):
        membership_set_language(membership=membership, language="fr")
    assert membership_set_language(membership=membership, language="").language == ""
    assert make_organization  # the factories build members without a language: Accept-Language decides


def test_every_console_filter_has_its_own_lazy_label():
    """django-filter would otherwise compute a label once, in the language active at that moment (the
    API schema reads it in English), and every later Danish page would show it in English."""
    import importlib

    import django_filters

    missing = []
    for module in ("channels", "queues", "flows", "support_numbers", "audio", "audit"):
        filtersets = importlib.import_module(f"{module}.filtersets")
        for name in dir(filtersets):
            filterset = getattr(filtersets, name)
            is_console = isinstance(filterset, type) and issubclass(filterset, django_filters.FilterSet)
            if is_console and "Console" in name:
                missing += [
                    f"{name}.{field}" for field, f in filterset.base_filters.items() if f._label is None
                ]
    assert not missing
