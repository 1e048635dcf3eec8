#!/usr/bin/env python3
"""Build a complete inbound telephony channel through the REST API only, then tear it down.

Uses nothing but the standard library and an API token:

    python scripts/api_demo.py --url http://127.0.0.1:8000 --token cc_...
    CC_API_URL=http://127.0.0.1:8000 CC_API_TOKEN=cc_... python scripts/api_demo.py

It creates a queue, a holiday list, an override list, business hours, a flow, two support
numbers and the channel; then it checks that every guard answers with its documented status and
body (400, 409 channel_active / channel_has_numbers / referenced / system_channel /
version_conflict, 412) and deletes everything it made. Exit status 0 means every check held.
"""

import argparse
import json
import os
import random
import sys
import urllib.error
import urllib.request


class ApiError(AssertionError):
    pass


class Api:
    def __init__(self, base_url: str, token: str, verbose: bool = True):
        self.base = base_url.rstrip("/") + "/api/v1/"
        self.token = token
        self.verbose = verbose

    def call(self, method: str, path: str, body=None, headers=None):
        """Send one request; returns (status, headers, parsed JSON body or None)."""
        url = path if path.startswith("http") else self.base + path.lstrip("/")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - http(s) URL given by the user
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the user names the URL
                status, response_headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, raw = error.code, error.headers, error.read()
        parsed = json.loads(raw) if raw else None
        if self.verbose:
            print(f"{method:6} /api/{url.split('/api/', 1)[-1]:60} -> {status}")
        return status, response_headers, parsed

    def expect(self, status: int, method: str, path: str, body=None, headers=None):
        got, response_headers, parsed = self.call(method, path, body, headers)
        if got != status:
            raise ApiError(f"{method} {path}: expected {status}, got {got}: {parsed}")
        return parsed, response_headers


def check(condition: bool, message: str) -> None:
    if not condition:
        raise ApiError(message)


def register_number(api: Api, description: str) -> dict:
    """Register a free Danish fixed-line number (numbers are unique across the installation)."""
    for _ in range(20):
        number = f"+45 33 {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}"  # noqa: S311
        status, _headers, body = api.call(
            "POST", "support-numbers/", {"number": number, "description": description}
        )
        if status == 201:
            return body
        check(status == 400 and "number" in body, f"registering {number}: {status} {body}")
    raise ApiError("no free number found")


def run(api: Api) -> None:
    suffix = f"{random.randint(0, 10**6):06d}"  # noqa: S311 - only to keep names unique
    made: list[tuple[str, str]] = []  # (resource, id), deleted in reverse order

    try:
        build_and_check(api, suffix, made)
    except BaseException:
        # Best effort, and the first failure stays the one reported.
        tear_down(api, made, strict=False)
        raise
    tear_down(api, made, strict=True)
    print("All checks passed.")


def tear_down(api: Api, made: list[tuple[str, str]], *, strict: bool) -> None:
    """Delete what the run made, newest first; a channel left active or holding numbers included."""
    failures = []
    for resource, object_id in reversed(made):
        path = f"{resource}/{object_id}/"
        if resource == "entry-points":
            api.call("PATCH", path, {"active": False})
            path += "?release_numbers=true"
        status, _headers, body = api.call("DELETE", path)
        if status != 204:
            failures.append(f"{resource} {object_id}: {status} {body}")
    made.clear()
    if failures:
        message = "tear down failed: " + "; ".join(failures)
        if strict:
            raise ApiError(message)
        print(message, file=sys.stderr)


def build_and_check(api: Api, suffix: str, made: list[tuple[str, str]]) -> None:
    print("== Build ==")
    queue, _ = api.expect(
        201,
        "POST",
        "queues/",
        {
            "name": f"Demo_queue_{suffix}",
            "queue_type": "inbound",
            "channel_type": "telephony",
            "service_level_threshold": 30,
            "max_time_in_queue": 900,
            "routing_type": "longest_available_agent",
        },
    )
    made.append(("queues", queue["id"]))
    holidays, _ = api.expect(
        201,
        "POST",
        "holiday-lists/",
        {
            "name": f"Demo holidays {suffix}",
            "holidays": [
                {
                    "name": "Christmas",
                    "start_date": "2025-12-24",
                    "end_date": "2025-12-26",
                    "repeats_yearly": True,
                }
            ],
        },
    )
    made.append(("holiday-lists", holidays["id"]))
    overrides, _ = api.expect(
        201,
        "POST",
        "override-lists/",
        {
            "name": f"Demo overrides {suffix}",
            "overrides": [
                {
                    "name": "Staff party",
                    "start": "2025-06-20T12:00",
                    "end": "2025-06-20T23:59",
                    "state": "closed",
                }
            ],
        },
    )
    made.append(("override-lists", overrides["id"]))
    hours, _ = api.expect(
        201,
        "POST",
        "business-hours/",
        {
            "name": f"Demo hours {suffix}",
            "holiday_list": holidays["id"],
            "override_list": overrides["id"],
            "shifts": [
                {
                    "name": "Weekdays",
                    "weekdays": ["mon", "tue", "wed", "thu", "fri"],
                    "start_minute": 480,
                    "end_minute": 1020,
                }
            ],
        },
    )
    made.append(("business-hours", hours["id"]))
    flow, _ = api.expect(
        201,
        "POST",
        "flows/",
        {
            "name": f"Demo_flow_{suffix}",
            "kind": "flow",
            "business_hours": hours["id"],
            "queue": queue["id"],
        },
    )
    made.append(("flows", flow["id"]))
    check(flow["recommended"] is True, "a flow with business hours is recommended")
    numbers = [register_number(api, "demo") for _ in range(2)]
    made.extend(("support-numbers", number["id"]) for number in numbers)
    channel, headers = api.expect(
        201,
        "POST",
        "entry-points/",
        {
            "name": f"Demo_hotline_{suffix}",
            "channel_type": "inbound_telephony",
            "service_level_threshold": 20,
            "flow": flow["id"],
            "support_numbers": [number["id"] for number in numbers],
            "description": "Built by scripts/api_demo.py",
        },
    )
    made.append(("entry-points", channel["id"]))
    channel_url = f"entry-points/{channel['id']}/"
    check(channel["direction"] == "inbound" and channel["active"] is True, "a new channel is active, inbound")
    check(headers["ETag"] == '"1"', f"ETag of a new channel: {headers['ETag']}")
    listed, _ = api.expect(200, "GET", "entry-points/?channel_type=inbound_telephony&search=Demo_hotline")
    check(channel["id"] in {c["id"] for c in listed["results"]}, "the channel is listed by type")

    print("== Guards ==")
    body, _ = api.expect(
        400,
        "POST",
        "entry-points/",
        {
            "name": "Bad name",
            "channel_type": "chat",
            "service_level_threshold": 30,
            "flow": flow["id"],
        },
    )
    check(body["name"][0].startswith("The name can contain only letters"), f"400 body: {body}")
    body, _ = api.expect(400, "PATCH", channel_url, {"channel_type": "chat"})
    check(
        body == {"channel_type": ["The channel type cannot be changed after the channel is created."]},
        f"400 body: {body}",
    )
    body, _ = api.expect(409, "DELETE", channel_url)
    check(body["code"] == "channel_active", f"409 body: {body}")
    _changed, headers = api.expect(
        200, "PATCH", channel_url, {"description": "Changed once"}, headers={"If-Match": '"1"'}
    )
    check(headers["ETag"] == '"2"', "the ETag follows the version")
    body, _ = api.expect(412, "PATCH", channel_url, {"description": "Stale"}, headers={"If-Match": '"1"'})
    check(body["code"] == "precondition_failed", f"412 body: {body}")
    body, _ = api.expect(409, "PATCH", channel_url, {"description": "Stale", "version": 1})
    check(body["code"] == "version_conflict", f"409 body: {body}")
    off, headers = api.expect(200, "PATCH", channel_url, {"active": False}, headers={"If-Match": '"2"'})
    check(off["active"] is False, "deactivated")
    body, _ = api.expect(409, "DELETE", channel_url, headers={"If-Match": headers["ETag"]})
    check(body["code"] == "channel_has_numbers", f"409 body: {body}")
    check(sorted(body["numbers"]) == sorted(n["number"] for n in numbers), f"numbers listed: {body}")
    body, _ = api.expect(409, "DELETE", f"queues/{queue['id']}/")
    check(body["code"] == "referenced" and body["referrers"][0]["id"] == flow["id"], f"409 body: {body}")
    refs, _ = api.expect(200, "GET", f"flows/{flow['id']}/references/")
    check([r["id"] for r in refs["results"]] == [channel["id"]], f"references: {refs}")
    systems, _ = api.expect(200, "GET", "entry-points/?is_system=true")
    system = systems["results"][0]
    body, _ = api.expect(409, "DELETE", f"entry-points/{system['id']}/")
    check(body["code"] == "system_channel", f"409 body: {body}")

    print("== Tear down ==")
    api.expect(204, "DELETE", channel_url + "?release_numbers=true")
    made.remove(("entry-points", channel["id"]))
    api.expect(404, "GET", channel_url)
    for number in numbers:
        fresh, _ = api.expect(200, "GET", f"support-numbers/{number['id']}/")
        check(fresh["entry_point"] is None, "numbers were released")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("CC_API_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("CC_API_TOKEN"))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not args.url.startswith(("http://", "https://")):
        parser.error("the URL must start with http:// or https://")
    if not args.token:
        parser.error(
            "give an API token with --token or CC_API_TOKEN (create one on the console's API tokens page)"
        )
    try:
        run(Api(args.url, args.token, verbose=not args.quiet))
    except ApiError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
