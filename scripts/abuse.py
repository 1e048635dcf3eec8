#!/usr/bin/env python3
"""Send crafted, oversized, malformed, racing and guessing requests to a running console.

Uses nothing but the standard library and an administrator's API token:

    python scripts/abuse.py --url http://127.0.0.1:8000 --token cc_...
    CC_API_URL=http://127.0.0.1:8000 CC_API_TOKEN=cc_... python scripts/abuse.py

Optional: `--read-only-token` (or CC_API_READ_ONLY_TOKEN) repeats the oversized body with a
read-only or viewer token; `--username/--password` (or CC_USERNAME/CC_PASSWORD) sign in to the
console, so that the session checks run too (a session write without CSRF, paths with a session);
`--foreign-id` (or CC_FOREIGN_ID) is the id of another organization's object, tried on every
resource and as a reference in bodies. `--max-body-bytes` and `--audio-max-bytes` name the
server's API_MAX_BODY_BYTES and AUDIO_MAX_BYTES (their environment variables, else the defaults).

It sends bodies over the limits, too many multipart fields, malformed JSON (nesting, NUL bytes,
invalid UTF-8, huge numbers, the wrong shape), non-UUID ids and unknown paths with every method,
bad query parameters, bad values in every field of every resource, stale If-Match and version,
a double submit, concurrent creates and concurrent PATCHes with one If-Match, damaged WAV
uploads, and last, wrong passwords and wrong tokens. It prints one row per request (method,
path, what is bad, status, content type, time) and a verdict. On every answer it checks that
there is no 5xx and that every body under /api/ is JSON of the documented shape
(`{"code", "detail"}`, or field errors for a 400). Exact statuses are checked only where the
console guarantees them (413 payload_too_large, 400 parse_error, JSON 404, 403 without CSRF,
412, 409, 429); elsewhere the table shows what happened. It deletes everything it created and
signs its session out. Exit status 0 means every check held; 1 lists the failures. `--quiet`
prints only the failed rows and the verdict.

Some 1,500 requests: with the default API_RATE_LIMIT (600/minute) the script waits for the
budget to refill a few times (Retry-After); a server with a higher limit is done in a minute.

The throttling checks run last, and `--skip-throttle` leaves them out. They have effects that
outlast the run: 12 wrong passwords on /login/ (and one on /admin/login/) for the throwaway
username `abuse-nobody` (`--throttle-username`) pause sign-in for that username from this
address for the cool-off (LOGIN_COOLOFF_MINUTES, 15 minutes by default), and the wrong bearer
tokens pause token authentication from this address, the right token included, for the same
cool-off: nothing run from this machine can use the API with a token until then (restarting a
server that keeps its counts in memory, such as `make run`, lifts both pauses). Never give the
operator's own username as the throttle username (the script refuses to).
"""

import argparse
import http.client
import io
import itertools
import json
import os
import random
import re
import struct
import sys
import threading
import time
import urllib.parse
import uuid
import wave
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

MiB = 1024 * 1024
CHUNK = 64 * 1024
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
RESOURCES = [
    "entry-points",
    "queues",
    "flows",
    "business-hours",
    "holiday-lists",
    "override-lists",
    "support-numbers",
    "audio-files",
]
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ANY_4XX = frozenset(range(400, 500))
# The schema (YAML unless JSON is asked for) and Swagger UI (HTML) are the documented exceptions,
# for their successful answers only.
NOT_JSON_WHEN_FOUND = ("/api/schema/", "/api/docs/")
PAUSE_MESSAGE = b"Sign-in is paused"


class Abort(Exception):
    """The run cannot go on (the token does not work, the set-up was refused)."""


@dataclass
class Answer:
    status: int | None  # None: the server closed the connection without answering
    headers: http.client.HTTPMessage | None = None
    raw: bytes = b""
    error: str = ""
    seconds: float = 0.0
    doc: object = None

    @property
    def content_type(self) -> str:
        value = (self.headers.get("Content-Type") if self.headers else "") or ""
        return value.split(";")[0].strip()

    @property
    def code(self):
        return self.doc.get("code") if isinstance(self.doc, dict) else None


@dataclass
class Row:
    number: int
    method: str
    path: str
    what: str
    answer: Answer
    problems: list[str] = field(default_factory=list)


# -- what the documented error bodies look like ------------------------------------------------


def is_code_detail(doc) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("code"), str) and isinstance(doc.get("detail"), str)


def _messages(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_messages(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _messages(item) for key, item in value.items())
    return False


def is_field_errors(doc) -> bool:
    """`{"<field>": ["message", …]}`; nested rows may report per row (lists or objects of messages)."""
    return (
        isinstance(doc, dict)
        and bool(doc)
        and all(isinstance(key, str) and isinstance(value, list | dict) for key, value in doc.items())
        and _messages(doc)
    )


def judge(method: str, path: str, answer: Answer, expect, code: str | None) -> list[str]:
    """The invariants every answer must keep, and the exact status and code where one is given."""
    if answer.status is None:
        return [f"no answer ({answer.error})"]
    problems = []
    if answer.status >= 500:
        problems.append("server error")
    under_api = path.startswith("/api/")
    has_body = method != "HEAD" and answer.status != 204
    if path.startswith(NOT_JSON_WHEN_FOUND) and 200 <= answer.status < 300:
        has_body = False
    if under_api and has_body:
        if answer.content_type != "application/json":
            problems.append(f"not JSON ({answer.content_type or 'no content type'})")
        else:
            try:
                answer.doc = json.loads(answer.raw)
            except ValueError:
                problems.append("the body does not parse as JSON")
            else:
                if answer.status >= 400:
                    shaped = is_code_detail(answer.doc) or (
                        answer.status == 400 and is_field_errors(answer.doc)
                    )
                    if not shaped:
                        problems.append('the error body is neither {"code", "detail"} nor field errors')
    if expect is not None:
        allowed = {expect} if isinstance(expect, int) else set(expect)
        if answer.status not in allowed:
            any_4xx = allowed >= ANY_4XX
            named = [str(status) for status in sorted(allowed - ANY_4XX if any_4xx else allowed)]
            problems.append("expected " + " or ".join(named + (["a 4xx"] if any_4xx else [])))
    if code is not None and answer.code != code:
        problems.append(f"expected code {code}")
    return problems


# -- bodies -----------------------------------------------------------------------------------


def wav_bytes(seconds: float = 0.2, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"\0\0" * int(rate * seconds))
    return buffer.getvalue()


def patched(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    out = bytearray(data)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def damaged_wavs() -> list[tuple[str, bytes]]:
    """Broken and lying WAV files. Offsets are those of the canonical 44-byte header."""
    good = wav_bytes()
    many_chunks = good[:36] + b"junk\0\0\0\0" * 200_000 + good[36:]
    return [
        ("not a WAV (text)", b"hello, this is not audio"),
        ("empty file", b""),
        ("RIFF header only", b"RIFF\0\0\0\0WAVE"),
        ("truncated inside the fmt chunk", good[:28]),
        ("truncated to 30 bytes", good[:30]),
        ("header only, no samples (lying data size)", good[:44]),
        ("data chunk claims 1 GiB", patched(good, 40, "<I", 2**30)),
        ("data chunk claims 4 GiB", patched(good, 40, "<I", 0xFFFFFFFF)),
        ("RIFF size claims 4 GiB", patched(good, 4, "<I", 0xFFFFFFFF)),
        ("fmt chunk of 8 bytes", patched(good, 16, "<I", 8)),
        ("fmt chunk claims 4 GiB", patched(good, 16, "<I", 0xFFFFFFFF)),
        ("unknown codec 0xFFFF", patched(good, 20, "<H", 0xFFFF)),
        ("zero channels", patched(good, 22, "<H", 0)),
        ("65,535 channels", patched(good, 22, "<H", 0xFFFF)),
        ("sample rate 0", patched(good, 24, "<I", 0)),
        ("sample rate 4,294,967,295", patched(good, 24, "<I", 0xFFFFFFFF)),
        ("byte rate 0", patched(good, 28, "<I", 0)),
        ("block align 0", patched(good, 32, "<H", 0)),
        ("0 bits per sample", patched(good, 34, "<H", 0)),
        ("65,535 bits per sample", patched(good, 34, "<H", 0xFFFF)),
        ("200,000 empty chunks before the data", many_chunks),
        ("MP3 bytes", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 200),
    ]


def multipart(parts: list[tuple[str, bytes | str, str | None]]) -> tuple[bytes, str]:
    """A multipart/form-data body from (name, value, filename or None) parts."""
    boundary = f"abuse{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value, filename in parts:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode())
        if filename is not None:
            out.write(f'; filename="{filename}"\r\nContent-Type: audio/wav'.encode())
        out.write(b"\r\n\r\n")
        out.write(value.encode() if isinstance(value, str) else value)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def nested(levels: int = 12):
    """An object nested deeply, yet within the parser's depth limit: it reaches the field."""
    value = "deep"
    for _ in range(levels):
        value = {"a": [value]}
    return value


# Bodies the JSON parser must refuse with 400 parse_error (main guarantees these).
PARSE_ERRORS = [
    ("[ × 100,000", b"[" * 100_000),
    ('{"a": × 100,000', b'{"a":' * 100_000),
    ("nested 40 levels", b"[" * 40 + b"]" * 40),
    ("raw NUL byte", b'{"name": "a\x00b"}'),
    ("NUL as \\u0000", b'{"name": "a\\u0000b"}'),
    ("NUL in a key", b'{"na\\u0000me": "a"}'),
    ("invalid UTF-8", b'{"name": "\xd9\xff"}'),
    ("overlong UTF-8", b'{"name": "\xc0\xaf"}'),
    ("number of 10,000 digits", b'{"service_level_threshold": ' + b"9" * 10_000 + b"}"),
    ("NaN", b'{"service_level_threshold": NaN}'),
    ("Infinity", b'{"service_level_threshold": Infinity}'),
    ("a JSON array", b"[1, 2]"),
    ("a JSON string", b'"Sales"'),
    ("JSON null", b"null"),
    ("a JSON number", b"42"),
    ("JSON true", b"true"),
    ("truncated JSON", b'{"name": "Sal'),
    ("two documents", b"{} {}"),
]
# Odd bodies whose status is not fixed: only the invariants apply.
ODD_BODIES = [
    ("lone surrogate \\ud800", b'{"name": "a\\ud800b", "description": "\\udfff"}', "application/json"),
    ("byte order mark", b'\xef\xbb\xbf{"name": "Bom"}', "application/json"),
    ("float 1e400 (infinite)", b'{"service_level_threshold": 1e400}', "application/json"),
    ("float -1e400", b'{"max_time_in_queue": -1e400}', "application/json"),
    ("duplicate keys", b'{"name": "A", "name": "B"}', "application/json"),
    ("empty body", b"", "application/json"),
    ("charset=bogus", b'{"name": "x"}', "application/json; charset=bogus"),
    ("charset=utf-16, UTF-8 bytes", b'{"name": "x"}', "application/json; charset=utf-16"),
    (
        "latin-1 body, latin-1 charset",
        '{"name": "Café"}'.encode("latin-1"),
        "application/json; charset=latin-1",
    ),
    ("text/plain", b'{"name": "x"}', "text/plain"),
    ("application/xml", b"<queue><name>x</name></queue>", "application/xml"),
    ("form-encoded", b"name=x&queue_type=inbound", "application/x-www-form-urlencoded"),
    ("multipart to a JSON endpoint", *multipart([("name", "x", None)])),
    ("multipart without a boundary", b"--x\r\n\r\n", "multipart/form-data"),
    ("no content type", b'{"name": "x"}', ""),
]

TEXT = [
    ("10,000 characters", "x" * 10_000),
    ("500,000 characters", "x" * 500_000),
    ("markup, RTL override, control chars", "<script>alert(1)</script>\u202e\x01\x1b[31m"),
    ("emoji and accents", "Café 😀 ünïcode"),
    ("empty", ""),
    ("a number", 12345),
    ("a list", ["a", "b"]),
    ("null", None),
    ("nested objects", nested()),
]
TEXT_MULTIPART = [(what, value) for what, value in TEXT if isinstance(value, str)]
CHOICE = [
    ("unknown choice", "nonsense"),
    ("10,000 characters", "x" * 10_000),
    ("a number", 1),
    ("a list", ["chat"]),
    ("null", None),
    ("nested objects", nested()),
]
INTEGER = [
    ("negative", -1),
    ("zero", 0),
    ("10**30", 10**30),
    ("2**63", 2**63),
    ("1.5", 1.5),
    ("1e308", 1e308),
    ("a word", "thirty"),
    ("a numeric string", "30"),
    ("true", True),
    ("null", None),
    ("nested objects", nested()),
]
BOOLEAN = [("a word", "maybe"), ("2", 2), ("null", None), ("a list", [True]), ("nested objects", nested())]
REFERENCE = [
    ("non-UUID 0.5", "0.5"),
    ("not a UUID", "not-a-uuid"),
    ("unknown UUID", "00000000-0000-4000-8000-000000000000"),
    ("a number", 5),
    ("a list", ["00000000-0000-4000-8000-000000000000"]),
    ("10,000 characters", "x" * 10_000),
    ("nested objects", nested()),
]
REFERENCES = [
    ("a string", "not-a-list"),
    ("non-UUIDs", ["0.5", "x"]),
    ("1,000 unknown UUIDs", [str(uuid.UUID(int=n + 1, version=4)) for n in range(1000)]),
    ("a list of lists", [["0.5"]]),
    ("null", None),
    ("nested objects", nested()),
]
ZONE = [
    ("unknown zone", "Mars/Olympus_Mons"),
    ("a path", "../../../etc/localtime"),
    *TEXT[:1],
    *TEXT[2:],
]
PHONE = [
    ("letters", "+45 ABC DEF GH"),
    ("40 digits", "+45" + "1" * 40),
    ("no country code", "33123456"),
    ("emergency number", "112"),
    ("Arabic-Indic digits", "+٤٥ ٣٣ ١٢ ٣٤ ٥٦"),
    *TEXT,
]
DATE = [
    ("month 13", "2025-13-01"),
    ("30 February", "2026-02-30"),
    ("year 0", "0000-01-01"),
    ("year 99999", "99999-01-01"),
    ("a number", 20251224),
    ("a date-time", "2025-12-24T10:00"),
    ("null", None),
    ("nested objects", nested()),
]
DATETIME = [
    ("hour 25", "2025-12-24T25:00"),
    ("with a zone", "2025-12-24T12:00+05:00"),
    ("end of year 9999", "9999-12-31T23:59"),
    ("year 1", "0001-01-01T00:00"),
    ("a number", 1_700_000_000),
    ("null", None),
    ("nested objects", nested()),
]
WEEKDAYS = [
    ("unknown day", ["funday"]),
    ("a string", "mon"),
    ("numbers", [1, 2]),
    ("10,000 days", ["mon"] * 10_000),
    ("null", None),
    ("a list of lists", [["mon"]]),
]
SHIFT = {
    "name": "Weekdays",
    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
    "start_minute": 540,
    "end_minute": 1020,
}
HOLIDAY = {"name": "Christmas", "start_date": "2025-12-24", "end_date": "2025-12-26", "repeats_yearly": True}
OVERRIDE = {"name": "Storm", "start": "2025-01-10T08:00", "end": "2025-01-10T12:00", "state": "closed"}


def rows_values(row: dict) -> list[tuple[str, object]]:
    return [
        ("not a list", "x"),
        ("an object", dict(row)),
        ("a list of numbers", [1, 2]),
        ("null", None),
        ("2,000 copies of one row", [row] * 2000),
        ("a list of lists", [[row]]),
    ]


# The bad values sent in each field. "rows.field" is a field of the first nested row.
FIELDS = {
    "entry-points": {
        "name": TEXT,
        "description": TEXT,
        "channel_type": CHOICE,
        "social_channel_type": CHOICE,
        "timezone": ZONE,
        "service_level_threshold": INTEGER,
        "flow": REFERENCE,
        "music_on_hold": REFERENCE,
        "outdial_queue": REFERENCE,
        "support_numbers": REFERENCES,
        "active": BOOLEAN,
    },
    "queues": {
        "name": TEXT,
        "description": TEXT,
        "queue_type": CHOICE,
        "channel_type": CHOICE,
        "routing_type": CHOICE,
        "service_level_threshold": INTEGER,
        "max_time_in_queue": INTEGER,
        "music_in_queue": REFERENCE,
        "active": BOOLEAN,
    },
    "flows": {
        "name": TEXT,
        "description": TEXT,
        "kind": CHOICE,
        "business_hours": REFERENCE,
        "queue": REFERENCE,
    },
    "business-hours": {
        "name": TEXT,
        "description": TEXT,
        "holiday_list": REFERENCE,
        "override_list": REFERENCE,
        "shifts": rows_values(SHIFT),
        "shifts.name": TEXT,
        "shifts.weekdays": WEEKDAYS,
        "shifts.start_minute": INTEGER,
        "shifts.end_minute": INTEGER,
    },
    "holiday-lists": {
        "name": TEXT,
        "description": TEXT,
        "holidays": rows_values(HOLIDAY),
        "holidays.name": TEXT,
        "holidays.start_date": DATE,
        "holidays.end_date": DATE,
        "holidays.repeats_yearly": BOOLEAN,
    },
    "override-lists": {
        "name": TEXT,
        "description": TEXT,
        "overrides": rows_values(OVERRIDE),
        "overrides.name": TEXT,
        "overrides.start": DATETIME,
        "overrides.end": DATETIME,
        "overrides.state": CHOICE,
    },
    "support-numbers": {"number": PHONE, "description": TEXT, "entry_point": REFERENCE},
    # Audio files are created with multipart (Abuse.fields sends those apart); a rename is a JSON PATCH.
    "audio-files": {"name": TEXT, "description": TEXT},
}
# Where another organization's id may be given as a reference.
REFERENCE_FIELDS = [
    ("entry-points", "flow"),
    ("entry-points", "music_on_hold"),
    ("entry-points", "support_numbers"),
    ("queues", "music_in_queue"),
    ("flows", "queue"),
    ("flows", "business_hours"),
    ("business-hours", "holiday_list"),
    ("business-hours", "override_list"),
    ("support-numbers", "entry_point"),
]


def with_field(body: dict, name: str, value) -> dict:
    """A copy of the body with one field (or one field of its first nested row) set to the value."""
    out = dict(body)
    if "." in name:
        rows, column = name.split(".")
        row = dict(out[rows][0])
        row[column] = value
        out[rows] = [row]
    else:
        out[name] = value
    return out


def without_field(body: dict, name: str) -> dict:
    return {key: value for key, value in body.items() if key != name}


# -- the HTTP exchange ----------------------------------------------------------------------


class Server:
    """One request per connection with http.client, so a server that answers before it has read
    a large body (as it should) is still heard, and any header or body can be sent as it is."""

    def __init__(self, url: str, timeout: float):
        parts = urllib.parse.urlsplit(url)
        self.https = parts.scheme == "https"
        self.netloc = parts.netloc
        self.prefix = parts.path.rstrip("/")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.timeout = timeout

    def exchange(self, method: str, path: str, body: bytes | None, headers: dict[str, str | bytes]) -> Answer:
        connection_class = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        connection = connection_class(self.netloc, timeout=self.timeout)
        started = time.monotonic()
        try:
            connection.putrequest(method, self.prefix + path, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders()
            try:
                for start in range(0, len(body or b""), CHUNK):
                    connection.send(body[start : start + CHUNK])
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused before it was all read; the answer is waiting
            response = connection.getresponse()
            raw = response.read()
            return Answer(response.status, response.headers, raw, seconds=time.monotonic() - started)
        except (OSError, http.client.HTTPException) as error:
            return Answer(None, error=f"{type(error).__name__}: {error}", seconds=time.monotonic() - started)
        finally:
            connection.close()


class Session:
    """A console session: its cookies, and the CSRF token the console gave it."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def keep(self, answer: Answer) -> None:
        headers = answer.headers.get_all("Set-Cookie") if answer.headers else None
        for header in headers or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    @property
    def signed_in(self) -> bool:
        return "sessionid" in self.cookies


# -- the run ---------------------------------------------------------------------------------


class Abuse:
    def __init__(self, server: Server, args: argparse.Namespace):
        self.server = server
        self.token = args.token
        self.read_only_token = args.read_only_token
        self.username = args.username
        self.password = args.password
        self.foreign_id = args.foreign_id
        self.throttle_username = args.throttle_username
        self.max_body = args.max_body_bytes
        self.audio_max = args.audio_max_bytes
        self.quiet = args.quiet
        self.suffix = f"{random.randint(0, 10**6):06d}"  # noqa: S311 - only to keep names unique
        self.counter = itertools.count(1)
        self.rows: list[Row] = []
        self.made: list[tuple[str, str]] = []  # (resource, id), deleted newest first
        self.base: dict[str, str] = {}  # one valid object of each resource, the target of PATCHes
        self.session = Session()
        self.lock = threading.Lock()
        self.allow_retry = True

    # -- sending ------------------------------------------------------------------------------

    def credentials(self, who: str) -> dict[str, str]:
        if who == "token":
            return {"Authorization": f"Bearer {self.token}"}
        if who == "read-only":
            return {"Authorization": f"Bearer {self.read_only_token}"}
        if who == "anonymous":
            return {}
        if who in ("session", "session+csrf"):
            headers = {"Cookie": self.session.cookie_header} if self.session.cookies else {}
            if who == "session+csrf":
                headers |= {"X-CSRFToken": self.session.csrf, "Referer": self.server.origin + "/"}
            return headers
        raise ValueError(who)

    def send(
        self,
        method: str,
        path: str,
        what: str,
        *,
        who: str = "token",
        json_body=None,
        raw: bytes | None = None,
        content_type: str | None = None,
        headers: dict | None = None,
        expect=None,
        code: str | None = None,
        show: bool = True,
    ) -> Answer:
        """Send one request, judge the answer, add a row to the table; returns the answer."""
        if json_body is not None:
            raw = json.dumps(json_body, ensure_ascii=False).encode()
            content_type = content_type or "application/json"
        all_headers = {"Accept": "application/json", **self.credentials(who), **(headers or {})}
        if content_type:
            all_headers["Content-Type"] = content_type
        if raw is None and method in ("POST", "PUT", "PATCH"):
            raw = b""
        answer = self.server.exchange(method, path, raw, all_headers)
        answer = self._after_rate_limit(answer, method, path, raw, all_headers)
        problems = judge(method, path, answer, expect, code)
        if who.startswith("session"):
            self.session.keep(answer)
        self._track(method, path, answer)
        with self.lock:
            row = Row(len(self.rows) + 1, method, path, what, answer, problems)
            self.rows.append(row)
            if show or problems:
                self._print(row)
        return answer

    def _after_rate_limit(self, answer: Answer, method, path, raw, headers) -> Answer:
        """The API's request budget (API_RATE_LIMIT) is not what is tested: wait it out and resend."""
        for _ in range(3):
            if not (self.allow_retry and answer.status == 429 and path.startswith("/api/")):
                return answer
            try:
                wait = int(answer.headers.get("Retry-After") or 5)
            except ValueError:
                return answer
            if wait > 180:
                return answer
            print(f"  (the API's rate limit is reached; waiting {wait + 1} s)", file=sys.stderr, flush=True)
            time.sleep(wait + 1)
            answer = self.server.exchange(method, path, raw, headers)
        return answer

    def _track(self, method: str, path: str, answer: Answer) -> None:
        """Whatever a POST created is remembered, so it is deleted at the end."""
        match = re.fullmatch(r"/api/v1/([a-z-]+)/", path)
        if method == "POST" and answer.status == 201 and match and match.group(1) in RESOURCES:
            try:
                created = json.loads(answer.raw)["id"]
            except (ValueError, KeyError, TypeError):
                return
            with self.lock:
                self.made.append((match.group(1), created))

    def _print(self, row: Row) -> None:
        if self.quiet and not row.problems:
            return
        answer = row.answer
        shown = UUID_PATTERN.sub("<id>", row.path)
        shown = shown if len(shown) <= 44 else shown[:43] + "…"
        what = row.what if len(row.what) <= 44 else row.what[:43] + "…"
        status = str(answer.status) if answer.status is not None else "---"
        verdict = "ok" if not row.problems else "FAIL: " + "; ".join(row.problems)
        print(
            f"{row.number:5} {row.method:7} {shown:44} {what:44} {status:>4} "
            f"{answer.content_type or '-':17} {answer.seconds * 1000:7.0f} {verdict}",
            flush=True,
        )

    def fail(self, what: str, problem: str) -> None:
        """A check that spans several requests failed: it becomes a row of its own."""
        with self.lock:
            row = Row(len(self.rows) + 1, "-", "-", what, Answer(0), [problem])
            self.rows.append(row)
            print(
                f"{row.number:5} {'-':7} {'-':44} {what:44}    - {'-':17} {'':7} FAIL: {problem}", flush=True
            )

    def section(self, title: str) -> None:
        if not self.quiet:
            print(f"== {title} ==", flush=True)

    def unique(self, stem: str) -> str:
        return f"{stem}_{self.suffix}_{next(self.counter)}"

    # -- the plan -----------------------------------------------------------------------------

    def run(self, *, skip_throttle: bool) -> list[Row]:
        print(
            f"{'#':>5} {'method':7} {'path':44} {'what is bad':44} {'stat':>4} {'content type':17} "
            f"{'ms':>7} verdict"
        )
        try:
            self.check_token()
            self.sign_in()
            self.build()
            self.body_limits()
            self.malformed_bodies()
            self.paths()
            self.csrf()
            self.queries()
            self.fields()
            self.foreign()
            self.versions()
            self.double_submit()
            self.concurrency()
            self.wav_uploads()
            self.routing_and_calendar()
        except Abort as error:
            self.fail("the run stopped", str(error))
        finally:
            self.tear_down()
            self.sign_out()
        if not skip_throttle:
            self.allow_retry = False
            self.login_throttle()
            self.token_throttle()
        return [row for row in self.rows if row.problems]

    def check_token(self) -> None:
        self.section("The token")
        answer = self.send("GET", "/api/v1/queues/?page_size=1", "nothing (the token works)", expect=200)
        if answer.status == 429:
            raise Abort(
                "token authentication from this address is paused (a recent run with the throttling "
                f"checks?); retry in {answer.headers.get('Retry-After')} s"
            )
        if answer.status != 200:
            raise Abort(f"GET /api/v1/queues/ with the token answered {answer.status}: give a working token")
        if self.read_only_token:
            self.send(
                "GET", "/api/v1/queues/?page_size=1", "nothing (read-only token)", who="read-only", expect=200
            )

    def sign_in(self) -> None:
        if not (self.username and self.password):
            if not self.quiet:
                print("   (no --username/--password: the session checks are left out)")
            return
        self.section("Console session")
        page = self.send("GET", "/login/", "nothing (the sign-in page)", who="session", expect=200)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.raw)
        form = urllib.parse.urlencode(
            {
                "username": self.username,
                "password": self.password,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            }
        ).encode()
        answer = self.send(
            "POST",
            "/login/",
            "nothing (sign in)",
            who="session+csrf",
            raw=form,
            content_type="application/x-www-form-urlencoded",
            expect=302,
        )
        if not self.session.signed_in:
            self.fail("signing in to the console", f"no session after POST /login/ ({answer.status})")

    def sign_out(self) -> None:
        if self.session.signed_in:
            self.send(
                "POST",
                "/logout/",
                "nothing (sign out)",
                who="session+csrf",
                raw=b"",
                content_type="application/x-www-form-urlencoded",
                expect=302,
                show=not self.quiet,
            )

    def create(self, resource: str, body: dict) -> str:
        answer = self.send("POST", f"/api/v1/{resource}/", "nothing (set-up)", json_body=body, expect=201)
        if answer.status != 201:
            raise Abort(f"creating the set-up {resource} answered {answer.status}: {answer.raw[:300]!r}")
        return answer.doc["id"]

    def upload(self, what: str, parts, *, expect=None, code: str | None = None) -> Answer:
        raw, content_type = multipart(parts)
        return self.send(
            "POST", "/api/v1/audio-files/", what, raw=raw, content_type=content_type, expect=expect, code=code
        )

    def free_number(self) -> str:
        return f"+45 33 {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}"  # noqa: S311

    def valid_body(self, resource: str) -> dict:
        """A body that creates an object (checked by build()); each call has a name of its own."""
        base = self.base
        if resource == "entry-points":
            return {
                "name": self.unique("Abuse_channel"),
                "channel_type": "inbound_telephony",
                "service_level_threshold": 20,
                "timezone": "Europe/Copenhagen",
                "flow": base["flows"],
                "description": "made by scripts/abuse.py",
            }
        if resource == "queues":
            return {
                "name": self.unique("Abuse_queue"),
                "queue_type": "inbound",
                "channel_type": "telephony",
                "service_level_threshold": 30,
                "max_time_in_queue": 900,
                "routing_type": "longest_available_agent",
                "music_in_queue": base["audio-files"],
                "description": "made by scripts/abuse.py",
            }
        if resource == "flows":
            return {
                "name": self.unique("Abuse_flow"),
                "kind": "flow",
                "business_hours": base["business-hours"],
                "queue": base["queues"],
                "description": "made by scripts/abuse.py",
            }
        if resource == "business-hours":
            return {
                "name": self.unique("Abuse hours"),
                "holiday_list": base["holiday-lists"],
                "override_list": base["override-lists"],
                "shifts": [SHIFT],
                "description": "made by scripts/abuse.py",
            }
        if resource == "holiday-lists":
            return {"name": self.unique("Abuse holidays"), "holidays": [HOLIDAY], "description": "abuse.py"}
        if resource == "override-lists":
            return {
                "name": self.unique("Abuse overrides"),
                "overrides": [OVERRIDE],
                "description": "abuse.py",
            }
        if resource == "support-numbers":
            return {"number": self.free_number(), "description": "made by scripts/abuse.py"}
        if resource == "audio-files":
            return {"name": self.unique("abuse") + ".wav", "description": "made by scripts/abuse.py"}
        raise KeyError(resource)

    def build(self) -> None:
        """One valid object of each resource: the targets of PATCHes and references."""
        self.section("Set-up (valid objects)")
        audio = self.upload(
            "nothing (set-up)",
            [("name", self.unique("abuse") + ".wav", None), ("file", wav_bytes(), "hold.wav")],
            expect=201,
        )
        if audio.status != 201:
            raise Abort(f"uploading a valid WAV answered {audio.status}: {audio.raw[:300]!r}")
        self.base["audio-files"] = audio.doc["id"]
        for resource in ["queues", "holiday-lists", "override-lists", "business-hours", "flows"]:
            self.base[resource] = self.create(resource, self.valid_body(resource))
        for _ in range(20):
            answer = self.send(
                "POST",
                "/api/v1/support-numbers/",
                "nothing (set-up)",
                json_body=self.valid_body("support-numbers"),
            )
            if answer.status == 201:
                self.base["support-numbers"] = answer.doc["id"]
                break
        else:
            raise Abort("no free support number could be registered")
        self.base["entry-points"] = self.create(
            "entry-points",
            self.valid_body("entry-points") | {"support_numbers": [self.base["support-numbers"]]},
        )

    # -- 1. bodies over the limits ------------------------------------------------------------

    def body_limits(self) -> None:
        self.section("Bodies over the limits")
        size = 2 * self.max_body
        label = f"JSON body of {size / MiB:g} MiB"
        body = b'{"description": "' + b"x" * size + b'"}'
        targets = [
            ("POST", "/api/v1/queues/", "token"),
            ("POST", "/api/v1/queues/", "anonymous"),
            ("PATCH", f"/api/v1/queues/{self.base['queues']}/", "token"),
            ("PUT", f"/api/v1/flows/{self.base['flows']}/", "token"),
            ("POST", "/api/v1/routing/resolve/", "token"),
            ("POST", "/api/v1/audio-files/", "token"),  # the upload limit is larger; the JSON one holds
        ]
        if self.read_only_token:
            targets.insert(1, ("POST", "/api/v1/queues/", "read-only"))
        for method, path, who in targets:
            suffix = "" if who == "token" else f", {who}"
            self.send(
                method,
                path,
                label + suffix,
                who=who,
                raw=body,
                content_type="application/json",
                expect=413,
                code="payload_too_large",
            )
        over = self.audio_max + MiB
        self.upload(
            f"upload of {over / MiB:g} MiB (audio limit +1 MiB)",
            [("name", "big.wav", None), ("file", b"RIFF" + b"\0" * (over - 4), "big.wav")],
            expect=413,
        )
        self.upload(
            # More than Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (derived from the row limits, 4,100).
            "20,000 multipart fields",
            [(f"f{index}", "x", None) for index in range(20_000)],
            expect=400,
            code="parse_error",
        )
        self.upload(
            "200 files in one upload",
            [("file", b"x", f"{index}.wav") for index in range(200)],
            expect=400,
            code="parse_error",
        )
        self.send(
            "POST",
            "/api/v1/audio-files/",
            "garbage multipart",
            raw=b"\x00\xff" * 500,
            content_type="multipart/form-data; boundary=zzz",
        )

    # -- 2. malformed bodies ------------------------------------------------------------------

    def malformed_bodies(self) -> None:
        self.section("Malformed JSON bodies")
        targets = [
            ("POST", "/api/v1/queues/"),
            ("POST", "/api/v1/entry-points/"),
            ("POST", "/api/v1/business-hours/"),
            ("PATCH", f"/api/v1/queues/{self.base['queues']}/"),
        ]
        for what, body in PARSE_ERRORS:
            for method, path in targets:
                self.send(
                    method,
                    path,
                    what,
                    raw=body,
                    content_type="application/json",
                    expect=400,
                    code="parse_error",
                )
        for what, body, content_type in ODD_BODIES:
            for method, path in targets[::3]:
                self.send(method, path, what, raw=body, content_type=content_type)

    # -- 3. paths under /api/ -----------------------------------------------------------------

    def paths(self) -> None:
        self.section("Non-UUID ids and unknown paths")
        callers = ["anonymous", "token"] + (["session"] if self.session.signed_in else [])
        for who in callers:
            for method in METHODS:
                self.send(
                    method,
                    "/api/v1/queues/0.5/",
                    f"non-UUID id 0.5, {who}",
                    who=who,
                    **self._empty(method),
                    expect=404,
                    code=None if method == "HEAD" else "not_found",
                )
        odd_ids = [
            ("not-a-uuid", "not a UUID"),
            ("1", "a number"),
            ("%00", "a NUL byte"),
            ("%27%20OR%201%3D1%20--", "SQL in the id"),
            ("x" * 10_000, "10,000 characters"),
            ("00000000-0000-4000-8000-000000000000", "unknown UUID"),
            ("00000000-0000-4000-8000-000000000000/references", "references of an unknown UUID"),
            ("0.5/calendar", "calendar of 0.5"),
        ]
        for resource in ("queues", "entry-points"):
            for odd, what in odd_ids:
                for method in ("GET", "PATCH", "DELETE"):
                    self.send(method, f"/api/v1/{resource}/{odd}/", what, **self._empty(method))
        unknown = ["/api/v1/nothing-here/", "/api/elsewhere", "/api/", "/api/v2/queues/", "/api/v1/queues"]
        unknown.append(f"/api/v1/queues/{self.base['queues']}/nothing/")
        for path in unknown:
            for method in METHODS:
                self.send(
                    method,
                    path,
                    "unknown path",
                    **self._empty(method),
                    expect=404,
                    code=None if method == "HEAD" else "not_found",
                )
            for method in ("TRACE", "BREW"):
                self.send(method, path, "unknown path, odd method")
        self.send(
            "DELETE",
            "/api/v1/queues/0.5/",
            "non-UUID id, no credentials, no body",
            who="anonymous",
            expect=404,
        )
        self.send("GET", "/api/v1/%2e%2e/admin/", "encoded ../ in the path")
        self.send("GET", "/api/v1/" + "a/" * 2000, "2,000 path segments")
        self.send("GET", "/api/schema/?format=nonsense", "unknown schema format")
        for path in NOT_JSON_WHEN_FOUND:
            for method in METHODS:
                self.send(method, path, "the schema and docs, every method", **self._empty(method))

    @staticmethod
    def _empty(method: str) -> dict:
        """An empty JSON body on the methods that carry one, as a careless script would send."""
        return (
            {} if method in ("GET", "HEAD", "OPTIONS") else {"raw": b"{}", "content_type": "application/json"}
        )

    def csrf(self) -> None:
        if not self.session.signed_in:
            return
        self.section("Session writes without CSRF")
        queue = f"/api/v1/queues/{self.base['queues']}/"
        body = self.valid_body("queues")
        self.send("GET", "/api/v1/queues/", "nothing (a session reads)", who="session", expect=200)
        self.send(
            "POST",
            "/api/v1/queues/",
            "session write without CSRF token",
            who="session",
            json_body=body,
            expect=403,
            code="permission_denied",
        )
        self.send(
            "PATCH",
            queue,
            "session write without CSRF token",
            who="session",
            json_body={"description": "no CSRF"},
            expect=403,
            code="permission_denied",
        )
        self.send(
            "DELETE",
            queue,
            "session write without CSRF token",
            who="session",
            expect=403,
            code="permission_denied",
        )
        self.send(
            "POST",
            "/api/v1/queues/",
            "session write with a wrong CSRF token",
            who="session",
            json_body=body,
            headers={"X-CSRFToken": "x" * 32},
            expect=403,
            code="permission_denied",
        )
        self.send(
            "POST",
            "/api/v1/queues/",
            "nothing (session write with CSRF)",
            who="session+csrf",
            json_body=body,
            expect=201,
        )

    # -- query parameters ---------------------------------------------------------------------

    def queries(self) -> None:
        self.section("Query parameters")
        cases = [
            ("page=0", "page 0"),
            ("page=abc", "page not a number"),
            ("page=99999", "page past the end"),
            ("page=" + "9" * 400, "page of 400 digits"),
            ("page_size=0", "page size 0"),
            ("page_size=-1", "negative page size"),
            ("page_size=" + "9" * 30, "page size of 30 digits"),
            ("ordering=nonexistent", "unknown ordering"),
            ("ordering=-", "ordering '-'"),
            ("ordering=" + ",".join(["name"] * 500), "ordering by 500 fields"),
            ("search=%00", "NUL in search"),
            ("search=%FF%FE", "invalid UTF-8 in search"),
            ("search=" + "x" * 5000, "search of 5,000 characters"),
            ("active=maybe", "boolean 'maybe'"),
            ("music_in_queue=0.5", "non-UUID filter"),
            ("unknown=1", "unknown parameter"),
            ("name=", "empty unknown parameter"),
            ("page=1&page=2", "page twice"),
            ("&".join(f"p{n}=1" for n in range(2000)), "2,000 parameters"),
        ]
        for query, what in cases:
            self.send("GET", f"/api/v1/queues/?{query}", what)
        for query, what in [
            ("flow=not-a-uuid", "non-UUID filter"),
            ("channel_type=nonsense", "unknown choice"),
        ]:
            self.send("GET", f"/api/v1/entry-points/?{query}", what)

    # -- 4. bad values in every field -----------------------------------------------------------

    def fields(self) -> None:
        for resource, fields in FIELDS.items():
            self.section(f"Fields of {resource}")
            detail = f"/api/v1/{resource}/{self.base[resource]}/"
            for name, values in fields.items():
                if resource != "audio-files":
                    base = self.valid_body(resource)
                    if "." not in name and name in base:
                        self.send(
                            "POST",
                            f"/api/v1/{resource}/",
                            f"{name}: missing",
                            json_body=without_field(base, name),
                        )
                for what, value in values:
                    label = f"{name}: {what}"
                    if resource != "audio-files":
                        body = with_field(self.valid_body(resource), name, value)
                        self.send("POST", f"/api/v1/{resource}/", label, json_body=body)
                    patch = with_field(self.valid_body(resource), name, value)
                    top = name.split(".")[0]
                    self.send("PATCH", detail, label, json_body={top: patch[top]})
            for what, value in INTEGER:
                self.send(
                    "PATCH", detail, f"version: {what}", json_body={"description": "v", "version": value}
                )
        self.section("Fields of an audio upload (multipart)")
        for name in ("name", "description"):
            for what, value in TEXT_MULTIPART:
                parts = {"name": self.unique("abuse") + ".wav", "description": "abuse.py"} | {name: value}
                self.upload(
                    f"{name}: {what}",
                    [*((k, v, None) for k, v in parts.items()), ("file", wav_bytes(), "a.wav")],
                )
        self.upload("name: missing", [("file", wav_bytes(), "a.wav")])
        self.upload("file: missing", [("name", self.unique("abuse") + ".wav", None)])
        self.upload(
            "file: a text field", [("name", self.unique("abuse") + ".wav", None), ("file", "RIFF", None)]
        )
        self.upload("name: a path", [("name", "../../etc/passwd.wav", None), ("file", wav_bytes(), "a.wav")])
        self.upload(
            "filename: a path",
            [
                ("name", self.unique("abuse") + ".wav", None),
                ("file", wav_bytes(), "../../../../tmp/evil.wav"),
            ],
        )
        self.upload(
            "two files",
            [
                ("name", self.unique("abuse") + ".wav", None),
                ("file", wav_bytes(), "a.wav"),
                ("file", wav_bytes(), "b.wav"),
            ],
        )

    def foreign(self) -> None:
        if not self.foreign_id:
            return
        self.section("Another organization's id")
        for resource in RESOURCES:
            path = f"/api/v1/{resource}/{self.foreign_id}/"
            for method in ("GET", "PUT", "PATCH", "DELETE"):
                self.send(
                    method,
                    path,
                    "another organization's id",
                    **self._empty(method),
                    expect=404,
                    code="not_found",
                )
            self.send("GET", path + "references/", "another organization's id", expect=404, code="not_found")
        for resource, name in REFERENCE_FIELDS:
            value = [self.foreign_id] if name == "support_numbers" else self.foreign_id
            self.send(
                "POST",
                f"/api/v1/{resource}/",
                f"{name}: another organization's id",
                json_body=self.valid_body(resource) | {name: value},
            )
        self.send(
            "POST",
            "/api/v1/routing/resolve/",
            "entry_point: another organization's id",
            json_body={"entry_point": self.foreign_id},
        )

    # -- 5. versions, double submits, races -----------------------------------------------------

    def versions(self) -> None:
        self.section("Stale If-Match and version")
        queue = self.create("queues", self.valid_body("queues"))
        path = f"/api/v1/queues/{queue}/"
        self.send(
            "PATCH",
            path,
            "nothing (If-Match current)",
            json_body={"description": "one"},
            headers={"If-Match": '"1"'},
            expect=200,
        )
        self.send(
            "PATCH",
            path,
            "stale If-Match",
            json_body={"description": "two"},
            headers={"If-Match": '"1"'},
            expect=412,
            code="precondition_failed",
        )
        self.send(
            "DELETE",
            path,
            "stale If-Match",
            headers={"If-Match": '"1"'},
            expect=412,
            code="precondition_failed",
        )
        self.send(
            "PATCH",
            path,
            "stale version in the body",
            json_body={"description": "two", "version": 1},
            expect=409,
            code="version_conflict",
        )
        for value in [
            "garbage",
            '"abc"',
            'W/"2"',
            '"' + "9" * 40 + '"',
            '"-1"',
            '"2", "3"',
            '"' + "x" * 8000 + '"',
        ]:
            self.send(
                "PATCH",
                path,
                f"If-Match: {value[:30]}",
                json_body={"description": "odd"},
                headers={"If-Match": value},
            )

    def double_submit(self) -> None:
        self.section("Double submit")
        for resource in ("queues", "support-numbers"):
            body = self.valid_body(resource)
            first = self.send("POST", f"/api/v1/{resource}/", "nothing (first submit)", json_body=body)
            if first.status == 201:
                self.send("POST", f"/api/v1/{resource}/", "the same create again", json_body=body, expect=400)

    def parallel(self, jobs: list[Callable[[], Answer]]) -> list[Answer]:
        """Run the jobs in threads released at the same moment."""
        start = threading.Barrier(len(jobs))
        answers: list[Answer | None] = [None] * len(jobs)

        def run(index: int) -> None:
            start.wait()
            answers[index] = jobs[index]()

        threads = [threading.Thread(target=run, args=(index,)) for index in range(len(jobs))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers

    def concurrency(self) -> None:
        self.section("Concurrent requests")
        created = set(ANY_4XX) | {201}
        for _ in range(2):
            self.parallel(
                [
                    lambda body=body: self.send(
                        "POST", "/api/v1/queues/", "8 creates at once", json_body=body, expect=created
                    )
                    for body in [self.valid_body("queues") for _ in range(8)]
                ]
            )
        same = self.valid_body("queues")
        answers = self.parallel(
            [
                lambda: self.send(
                    "POST", "/api/v1/queues/", "8 creates of one name at once", json_body=same, expect=created
                )
            ]
            * 8
        )
        if sum(answer.status == 201 for answer in answers) > 1:
            self.fail("8 creates of one name at once", "more than one was created")
        for round_ in range(3):
            queue = self.create("queues", self.valid_body("queues"))
            path = f"/api/v1/queues/{queue}/"
            answers = self.parallel(
                [
                    lambda text=text, path=path: self.send(
                        "PATCH",
                        path,
                        "2 PATCHes with one If-Match at once",
                        json_body={"description": text},
                        headers={"If-Match": '"1"'},
                    )
                    for text in ("from A", "from B")
                ]
            )
            statuses = sorted(answer.status or 0 for answer in answers)
            if statuses != [200, 412]:
                self.fail(
                    f"2 PATCHes with one If-Match at once (round {round_ + 1})",
                    f"got {statuses}, not 200 and 412",
                )
        for _ in range(3):
            queue = self.create("queues", self.valid_body("queues"))
            flow = self.valid_body("flows") | {"queue": queue}
            self.parallel(
                [
                    lambda queue=queue: self.send(
                        "DELETE", f"/api/v1/queues/{queue}/", "delete a queue while a flow takes it"
                    ),
                    lambda flow=flow: self.send(
                        "POST", "/api/v1/flows/", "a flow takes a queue being deleted", json_body=flow
                    ),
                ]
            )

    # -- damaged audio --------------------------------------------------------------------------

    def wav_uploads(self) -> None:
        self.section("Damaged WAV uploads")
        self.upload(
            "nothing (a valid WAV)",
            [("name", self.unique("abuse") + ".wav", None), ("file", wav_bytes(), "a.wav")],
            expect=201,
        )
        for what, data in damaged_wavs():
            self.upload(what, [("name", self.unique("abuse") + ".wav", None), ("file", data, "damaged.wav")])

    def routing_and_calendar(self) -> None:
        self.section("Calendar and Test routing")
        calendar = f"/api/v1/entry-points/{self.base['entry-points']}/calendar/"
        for query, what in [
            ("days=0", "0 days"),
            ("days=32", "32 days"),
            ("days=100000", "100,000 days"),
            ("days=abc", "days not a number"),
            ("start=garbage", "start not a date"),
            ("start=0001-01-01", "start in year 1"),
            ("start=9999-12-31", "start on the last day of 9999"),
            ("start=9999-12-25&days=31", "31 days from 25 Dec 9999"),
            ("start=2026-02-30", "30 February"),
        ]:
            self.send("GET", f"{calendar}?{query}", what)
        channel = self.base["entry-points"]
        for what, body in [
            ("neither number nor channel", {}),
            ("number of 10,000 characters", {"number": "x" * 10_000}),
            ("number as a number", {"number": 4533123456}),
            ("non-UUID channel", {"entry_point": "0.5"}),
            ("both number and channel", {"number": "+45 33 12 34 56", "entry_point": channel}),
            ("local time in year 9999", {"entry_point": channel, "local_time": "9999-12-31T23:59"}),
            ("local time in year 1", {"entry_point": channel, "local_time": "0001-01-01T00:00"}),
            ("local time not a time", {"entry_point": channel, "local_time": "garbage"}),
            ("fold 7", {"entry_point": channel, "fold": 7}),
            ("fold a word", {"entry_point": channel, "fold": "x"}),
        ]:
            self.send("POST", "/api/v1/routing/resolve/", what, json_body=body)

    # -- clean up -------------------------------------------------------------------------------

    def tear_down(self) -> None:
        """Delete what the run made, newest first; a second pass takes what a reference held back."""
        if not self.made:
            return
        self.section("Clean up")
        pending = list(reversed(self.made))
        for _ in range(3):
            left = []
            for resource, object_id in pending:
                path = f"/api/v1/{resource}/{object_id}/"
                if resource == "entry-points":
                    self.send("PATCH", path, "clean up: deactivate", json_body={"active": False}, show=False)
                    path += "?release_numbers=true"
                answer = self.send("DELETE", path, "clean up", show=False)
                if answer.status not in (204, 404):
                    left.append((resource, object_id))
            pending = left
            if not pending:
                break
        for resource, object_id in pending:
            self.fail("clean up", f"{resource} {object_id} could not be deleted")
        if not self.quiet:
            print(
                f"   deleted {len(self.made) - len(pending)} of the {len(self.made)} objects the run created"
            )
        self.made.clear()

    # -- 6. guessing, last ----------------------------------------------------------------------

    def login_throttle(self) -> None:
        self.section(f"12 wrong passwords for {self.throttle_username!r} (sign-in pauses)")
        self.session = Session()
        page = self.send("GET", "/login/", "nothing (the sign-in page)", who="session", expect=200)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.raw)
        csrf = token.group(1).decode() if token else ""
        statuses = []
        for attempt in range(1, 13):
            form = {
                "username": self.throttle_username,
                "password": f"wrong-{attempt}",
                "csrfmiddlewaretoken": csrf,
            }
            answer = self.send(
                "POST",
                "/login/",
                f"wrong password {attempt}/12",
                who="session+csrf",
                raw=urllib.parse.urlencode(form).encode(),
                content_type="application/x-www-form-urlencoded",
                expect=429 if attempt == 12 else None,
            )
            statuses.append(answer.status)
            if answer.status == 429 and PAUSE_MESSAGE not in answer.raw:
                self.fail(f"wrong password {attempt}/12", "a 429 without the pause message")
        if 429 in statuses and any(status != 429 for status in statuses[statuses.index(429) :]):
            self.fail("wrong passwords", f"once paused, an attempt was let through: {statuses}")
        page = self.send("GET", "/admin/login/", "nothing (the admin sign-in page)", who="session")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.raw)
        form = {
            "username": self.throttle_username,
            "password": "wrong-admin",
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "next": "/admin/",
        }
        self.send(
            "POST",
            "/admin/login/",
            "wrong password on /admin/ (paused user)",
            who="session+csrf",
            raw=urllib.parse.urlencode(form).encode(),
            content_type="application/x-www-form-urlencoded",
            expect=429,
        )

    def token_throttle(self) -> None:
        self.section("Wrong bearer tokens (token authentication pauses for this address)")
        malformed = [
            ("Bearer", "'Bearer' alone"),
            ("Bearer a b", "three words"),
            ("Bearer cc_" + "x" * 8000, "token of 8,000 characters"),
            (b"Bearer cc_\xff\xfe", "token with non-ASCII bytes"),
            ("Basic YWJ1c2U6YWJ1c2U=", "Basic credentials"),
        ]
        for header, what in malformed:
            self.send("GET", "/api/v1/queues/", what, who="anonymous", headers={"Authorization": header})
        for attempt in range(1, 61):
            answer = self.send(
                "GET",
                "/api/v1/queues/",
                f"wrong token {attempt}",
                who="anonymous",
                headers={"Authorization": f"Bearer cc_abuse-wrong-{attempt}"},
            )
            if answer.status == 429:
                if answer.code != "throttled":
                    self.fail(f"wrong token {attempt}", f"429 with code {answer.code!r}, not throttled")
                if not (answer.headers.get("Retry-After") or "").isdigit():
                    self.fail(f"wrong token {attempt}", "429 without a Retry-After in seconds")
                break
        else:
            self.fail("wrong tokens", "60 wrong tokens in a row were never paused (429)")
        self.send("GET", "/api/v1/queues/", "the right token, from the paused address")


def summary(rows: list[Row], failures: list[Row]) -> None:
    statuses = Counter(row.answer.status for row in rows if row.method != "-")
    shown = ", ".join(
        f"{status or 'no answer'}: {count}"
        for status, count in sorted(statuses.items(), key=lambda item: item[0] or 0)
    )
    print(f"\n{sum(statuses.values())} requests. Statuses: {shown}.")
    server_errors = [row for row in failures if "server error" in row.problems]
    not_json = [
        row
        for row in failures
        if any(p.startswith(("not JSON", "the body", "the error")) for p in row.problems)
    ]
    print(f"5xx: {len(server_errors)}. Non-JSON or undocumented bodies under /api/: {len(not_json)}.")
    if not failures:
        print("Verdict: every check held (no 5xx, every body under /api/ JSON of the documented shape).")
        return
    print(f"Verdict: {len(failures)} failed:", file=sys.stderr)
    for row in failures:
        if row.method == "-":  # a check over several requests
            print(f"  #{row.number} {row.what}: {'; '.join(row.problems)}", file=sys.stderr)
            continue
        answer = row.answer
        body = answer.raw[:200].decode("utf-8", "replace").replace("\n", " ")
        print(
            f"  #{row.number} {row.method} {row.path[:120]} [{row.what}] -> {answer.status} "
            f"{answer.content_type}: {'; '.join(row.problems)}" + (f" — {body}" if body else ""),
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=env("CC_API_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=env("CC_API_TOKEN"), help="an administrator's API token")
    parser.add_argument("--read-only-token", default=env("CC_API_READ_ONLY_TOKEN"))
    parser.add_argument(
        "--username", default=env("CC_USERNAME"), help="a console user, for the session checks"
    )
    parser.add_argument("--password", default=env("CC_PASSWORD"))
    parser.add_argument(
        "--foreign-id", default=env("CC_FOREIGN_ID"), help="an object id of another organization"
    )
    parser.add_argument(
        "--throttle-username", default="abuse-nobody", help="the throwaway username that gets paused"
    )
    parser.add_argument(
        "--skip-throttle", action="store_true", help="leave out the wrong passwords and tokens"
    )
    parser.add_argument("--max-body-bytes", type=int, default=int(env("API_MAX_BODY_BYTES") or MiB))
    parser.add_argument("--audio-max-bytes", type=int, default=int(env("AUDIO_MAX_BYTES") or 10 * MiB))
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for each answer")
    parser.add_argument("--quiet", action="store_true", help="print only the failed rows and the verdict")
    args = parser.parse_args(argv)
    if not args.url.startswith(("http://", "https://")):
        parser.error("the URL must start with http:// or https://")
    if not args.token:
        parser.error("give an administrator's API token with --token or CC_API_TOKEN")
    if args.foreign_id and not UUID_PATTERN.fullmatch(args.foreign_id.lower()):
        parser.error("--foreign-id must be a UUID")
    if args.username and args.throttle_username.lower() == args.username.lower():
        parser.error("the throttle username must not be the one you sign in with: it would be paused")
    abuse = Abuse(Server(args.url, args.timeout), args)
    failures = abuse.run(skip_throttle=args.skip_throttle)
    summary(abuse.rows, failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
